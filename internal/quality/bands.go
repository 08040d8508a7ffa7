package quality

import "github.com/callscope/callscope/internal/model"

// band is a check with the severity it raises.
type band struct {
	*check
	severity model.Severity
}

// Yellow bands: callscope's own warning lines below the red ones. The
// sources publish only what is poor; every line here is chosen in the
// package documentation (table "Yellow and red"), and its basis is written
// into the issue text so that nobody mistakes it for a Microsoft rule.
const (
	ruleYellow = "callscope-yellow"
	// caVersion is the revision of callscope's session rules: yellow
	// bands, drop handling, side attribution. Rules() carries it.
	caVersion = "ca-1"
)

const (
	basisUnjudged = "CQD poor line, on a stream CQD did not judge poor"
	basisPeak     = "CQD poor line, at peak"
	basisRTA      = "Real-Time Analytics: good below"
	basisLync     = "Lync 2013 poor line"
	basis2021     = "2021 CQD poor line, dropped in 2024"
	basisShare    = "callscope: 5 % of the call"
)

// unjudged turns a published poor threshold into a yellow line for
// streams it did not make poor (unclassified, or judged on another step).
func unjudged(k check) *check {
	k.basis = basisUnjudged
	return &k
}

// peak holds a maximum against an average's poor threshold.
func peak(k check, metric, label string, get func(*model.Stream) (float64, bool)) *check {
	k.metric, k.label, k.get, k.basis = metric, label, get, basisPeak
	return &k
}

var (
	yellowJitter      = unjudged(audioJitter)
	yellowMaxJitter   = peak(audioJitter, "maxJitter", "maximum jitter", func(s *model.Stream) (float64, bool) { return millis(s.MaxJitter) })
	yellowLoss        = unjudged(audioLoss)
	yellowLossRTA     = &check{metric: "averagePacketLossRate", label: "packet loss", unit: unitRatio, op: ge, limit: 0.05, family: "loss", area: areaNetwork, basis: basisRTA + " 5 %", get: audioLoss.get}
	yellowMaxLoss     = peak(audioLoss, "maxPacketLossRate", "maximum packet loss", func(s *model.Stream) (float64, bool) { return num(s.MaxPacketLossRate) })
	yellowRTT         = unjudged(audioRTT)
	yellowMaxRTT      = peak(audioRTT, "maxRoundTripTime", "maximum round trip", func(s *model.Stream) (float64, bool) { return millis(s.MaxRoundTripTime) })
	yellowConcealed   = &check{metric: "averageRatioOfConcealedSamples", label: "concealed ratio", unit: unitRatio, op: ge, limit: 0.07, family: "concealed", area: areaNetwork, basis: basisRTA + " 0.07 (healed ratio)", get: audioConcealed.get}
	yellowMaxConceal  = peak(audioConcealed, "maxRatioOfConcealedSamples", "maximum concealed ratio", func(s *model.Stream) (float64, bool) { return num(s.MaxRatioOfConcealed) })
	yellowDegradation = func() *check { k := audioDegradation; k.basis = basis2021; return &k }()

	yellowFrameLoss     = unjudged(videoFrameLoss)
	yellowFrameLossLync = &check{metric: "averageVideoFrameLossPercentage", label: "frame loss", unit: unitPercent, op: gt, limit: 10, family: "frameLoss", area: areaMedia, basis: basisLync, get: videoFrameLoss.get}
	yellowFrameRate     = unjudged(videoFrameRate)
	yellowPostFEC       = unjudged(videoPostFEC)
	yellowPostFECLync   = &check{metric: "postForwardErrorCorrectionPacketLossRate", label: "post-FEC packet loss", unit: unitRatio, op: gt, limit: 0.1, family: "postFEC", area: areaNetwork, basis: basisLync, get: videoPostFEC.get}
	yellowVideoLoss     = &check{metric: "averageVideoPacketLossRate", label: "video packet loss", unit: unitRatio, op: gt, limit: 0.1, family: "videoLoss", area: areaNetwork, basis: basisLync, get: func(s *model.Stream) (float64, bool) { return num(s.AverageVideoPacketLoss) }}
	yellowLowFrameRate  = &check{metric: "lowFrameRateRatio", label: "low frame rate share", unit: unitRatio, op: gt, limit: 0.1, family: "lowFrameRate", area: areaMedia, basis: basisLync, get: func(s *model.Stream) (float64, bool) { return num(s.LowFrameRateRatio) }}
	yellowLowProcessing = &check{metric: "lowVideoProcessingCapabilityRatio", label: "low video processing share", unit: unitRatio, op: gt, limit: 0.1, family: "lowProcessing", area: areaDevice, basis: basisLync, get: func(s *model.Stream) (float64, bool) { return num(s.LowVideoProcessingRatio) }}

	yellowVBSSFrameRate2024 = unjudged(vbssFrameRate2024)
	yellowVBSSFrameRate2021 = unjudged(vbssFrameRate2021)
)

// Yellow lists per media kind and rule version, in the order issues are
// listed; within a family the first that fires wins, so the stronger line
// comes first.
var (
	audioYellow      = []*check{yellowJitter, yellowMaxJitter, yellowLoss, yellowLossRTA, yellowMaxLoss, yellowRTT, yellowMaxRTT, yellowConcealed, yellowMaxConceal, yellowDegradation}
	audioYellowSATIN = []*check{yellowJitter, yellowMaxJitter, yellowLoss, yellowLossRTA, yellowMaxLoss, yellowRTT, yellowMaxRTT}
	videoYellow      = []*check{yellowFrameLoss, yellowFrameLossLync, yellowFrameRate, yellowPostFEC, yellowPostFECLync, yellowVideoLoss, yellowLowFrameRate, yellowLowProcessing}
	vbssYellow2024   = []*check{yellowFrameLoss, yellowVBSSFrameRate2024}
	vbssYellow2021   = []*check{yellowFrameLoss, yellowVBSSFrameRate2021, yellowPostFEC}
)

// yellowBands returns the yellow lines for a stream.
func yellowBands(kind model.MediaKind, s *model.Stream, version string) []*check {
	switch kind {
	case model.MediaAudio:
		if isSATIN(s) {
			return audioYellowSATIN
		}
		return audioYellow
	case model.MediaVideo:
		return videoYellow
	case model.MediaVBSS:
		if version == cqd2021 {
			return vbssYellow2021
		}
		return vbssYellow2024
	}
	return nil
}

// Call Analytics' device rule (quality-definitions §2.3): a capture or
// render device not functioning for at least 0.5 % of the call makes the
// session poor.
const (
	ruleDevice  = "ca-device"
	ruleSetup   = "ca-setup"
	caPublished = "ca-2024"
)

func deviceRatio(metric, label, family string, pick func(*model.DeviceInfo) model.Opt[float64]) check {
	return check{metric: metric, label: label, unit: unitRatio, family: family, area: areaDevice,
		dev: func(d *model.DeviceInfo) (float64, bool) { return num(pick(d)) }}
}

func deviceShare(metric, label string, pick func(*model.DeviceInfo) model.Opt[float64]) band {
	k := deviceRatio(metric, label, metric, pick)
	k.op, k.limit, k.basis = ge, 0.05, basisShare
	return band{&k, model.SeverityYellow}
}

var (
	captureRed  = deviceNotFunctioning("captureNotFunctioningEventRatio", "capture device not functioning", func(d *model.DeviceInfo) model.Opt[float64] { return d.CaptureNotFunctioningEventRatio })
	renderRed   = deviceNotFunctioning("renderNotFunctioningEventRatio", "render device not functioning", func(d *model.DeviceInfo) model.Opt[float64] { return d.RenderNotFunctioningEventRatio })
	captureWarn = deviceAnyTime(captureRed)
	renderWarn  = deviceAnyTime(renderRed)
)

func deviceNotFunctioning(metric, label string, pick func(*model.DeviceInfo) model.Opt[float64]) *check {
	k := deviceRatio(metric, label, metric, pick)
	k.op, k.limit = ge, 0.005
	return &k
}

// deviceAnyTime warns of any not-functioning time below the red line.
func deviceAnyTime(red *check) *check {
	k := *red
	k.op, k.limit, k.basis = gt, 0, "callscope: any time not functioning"
	return &k
}

// deviceBands are the device lines in listing order; the red device
// lines are the only ones that rate a session.
var deviceBands = []band{
	{captureRed, model.SeverityRed},
	{captureWarn, model.SeverityYellow},
	{renderRed, model.SeverityRed},
	{renderWarn, model.SeverityYellow},
	deviceShare("cpuInsufficentEventRatio", "insufficient CPU", func(d *model.DeviceInfo) model.Opt[float64] { return d.CPUInsufficentEventRatio }),
	deviceShare("deviceGlitchEventRatio", "device glitches", func(d *model.DeviceInfo) model.Opt[float64] { return d.DeviceGlitchEventRatio }),
	deviceShare("deviceClippingEventRatio", "clipping", func(d *model.DeviceInfo) model.Opt[float64] { return d.DeviceClippingEventRatio }),
	deviceShare("lowSpeechLevelEventRatio", "low speech level", func(d *model.DeviceInfo) model.Opt[float64] { return d.LowSpeechLevelEventRatio }),
	deviceShare("lowSpeechToNoiseEventRatio", "low speech-to-noise", func(d *model.DeviceInfo) model.Opt[float64] { return d.LowSpeechToNoiseEventRatio }),
	deviceShare("renderMuteEventRatio", "speaker muted", func(d *model.DeviceInfo) model.Opt[float64] { return d.RenderMuteEventRatio }),
	deviceShare("renderZeroVolumeEventRatio", "speaker volume zero", func(d *model.DeviceInfo) model.Opt[float64] { return d.RenderZeroVolumeEventRatio }),
	{&check{metric: "howlingEventCount", label: "howling events", unit: unitCount, op: gt, limit: 0, family: "howlingEventCount", area: areaDevice,
		basis: "callscope: any howling", dev: func(d *model.DeviceInfo) (float64, bool) { return count(d.HowlingEventCount) }}, model.SeverityYellow},
}

func networkShare(metric, label string, pick func(*model.NetworkInfo) model.Opt[float64]) band {
	return band{&check{metric: metric, label: label, unit: unitRatio, op: ge, limit: 0.05, family: metric, area: areaNetwork, basis: basisShare,
		net: func(n *model.NetworkInfo) (float64, bool) { return num(pick(n)) }}, model.SeverityYellow}
}

// wifiPoorPercent is Real-Time Analytics' "poor" Wi-Fi signal (≤ −65 dBm)
// in Graph's percent scale, by Windows' linear mapping of −100 dBm → 0 %
// and −50 dBm → 100 %.
const wifiPoorPercent = 70

// networkBands are the network lines of one side, in listing order.
var networkBands = []band{
	networkShare("sentQualityEventRatio", "poor sent audio (network)", func(n *model.NetworkInfo) model.Opt[float64] { return n.SentQualityEventRatio }),
	networkShare("receivedQualityEventRatio", "poor received audio (network)", func(n *model.NetworkInfo) model.Opt[float64] { return n.ReceivedQualityEventRatio }),
	networkShare("delayEventRatio", "network delay", func(n *model.NetworkInfo) model.Opt[float64] { return n.DelayEventRatio }),
	networkShare("bandwidthLowEventRatio", "low bandwidth", func(n *model.NetworkInfo) model.Opt[float64] { return n.BandwidthLowEventRatio }),
	{&check{metric: "wifiSignalStrength", label: "Wi-Fi signal", unit: unitPercent, op: le, limit: wifiPoorPercent, family: "wifiSignalStrength", area: areaNetwork,
		basis: "Real-Time Analytics: poor at −65 dBm or weaker", net: wifiSignal}, model.SeverityYellow},
}

// wifiSignal reads the signal strength of a Wi-Fi connection; a strength
// reported for another connection type is not a Wi-Fi problem.
func wifiSignal(n *model.NetworkInfo) (float64, bool) {
	if t, ok := n.ConnectionType.Get(); ok && t != model.ConnectionWifi {
		return 0, false
	}
	return count(n.WifiSignalStrength)
}
