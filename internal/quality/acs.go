package quality

import (
	"github.com/callscope/callscope/internal/model"
)

// ACS streams are judged by the thresholds ACS publishes (acs-logs §4),
// not by CQD: the Insights dashboard calls a stream poor when its RTT,
// jitter or packet loss is unhealthy, and that is what an ACS developer
// compares callscope with.
const (
	ruleACSStream = "acs-stream"
	ruleACSDiag   = "acs-diagnostics"
	acsVersion    = "acs-2025"
)

// The Insights thresholds are CQD's, on the same Graph fields the
// assembler fills from roundTripTimeAvg, jitterAvg and packetLossRateAvg.
var acsStreamChecks = []*check{&audioRTT, &audioJitter, &audioLoss}

// classifyACS applies the Insights dashboard's stream rule. A stream that
// carried no packets at all is unclassified: the schema says media may
// not have been flowing, and zeros would otherwise read as perfect.
func classifyACS(s *model.Stream) outcome {
	if s == nil {
		return unclassified(ruleACSStream, acsVersion, "no stream")
	}
	if pu, ok := count(s.PacketUtilization); ok && pu == 0 {
		return unclassified(ruleACSStream, acsVersion, "no media flowing: packetUtilization 0")
	}
	return anyOf(s, acsStreamChecks, ruleACSStream, acsVersion)
}

// The other thresholds of the CallDiagnostics schema become issues, not
// stream verdicts: the Insights dashboard does not count them. Which are
// red and which yellow is ours; see the package documentation.
var (
	acsJitterBufferAvg = check{
		metric: "jitterBufferSizeAvg", label: "jitter buffer", unit: unitMS, op: gt, limit: 200,
		family: "jitterBuffer", area: areaNetwork,
		get: func(s *model.Stream) (float64, bool) {
			return acsMetric(s, func(a *model.ACSStream) model.Opt[float64] { return a.JitterBufferSizeAvg })
		},
	}
	acsJitterBufferMax = check{
		metric: "jitterBufferSizeMax", label: "maximum jitter buffer", unit: unitMS, op: gt, limit: 200,
		family: "jitterBuffer", area: areaNetwork,
		get: func(s *model.Stream) (float64, bool) {
			return acsMetric(s, func(a *model.ACSStream) model.Opt[float64] { return a.JitterBufferSizeMax })
		},
	}
	acsHealedAvg = check{
		metric: "healedDataRatioAvg", label: "healed data ratio", unit: unitRatio, op: gt, limit: 0.1,
		family: "healed", area: areaNetwork,
		get: func(s *model.Stream) (float64, bool) {
			return acsMetric(s, func(a *model.ACSStream) model.Opt[float64] { return a.HealedDataRatioAvg })
		},
	}
	acsHealedMax = check{
		metric: "healedDataRatioMax", label: "maximum healed data ratio", unit: unitRatio, op: gt, limit: 0.1,
		family: "healed", area: areaNetwork,
		get: func(s *model.Stream) (float64, bool) {
			return acsMetric(s, func(a *model.ACSStream) model.Opt[float64] { return a.HealedDataRatioMax })
		},
	}
	acsVideoFrameRate = check{
		metric: "averageVideoFrameRate", label: "frame rate", unit: unitFPS, op: lt, limit: 7,
		family: "frameRate", area: areaMedia,
		get: func(s *model.Stream) (float64, bool) { return num(s.AverageVideoFrameRate) },
	}
	acsScreenFrameRate = check{
		metric: "averageVideoFrameRate", label: "frame rate", unit: unitFPS, op: lt, limit: 1,
		family: "frameRate", area: areaMedia,
		get: func(s *model.Stream) (float64, bool) { return num(s.AverageVideoFrameRate) },
	}
	acsVideoHeight = check{
		metric: "recvResolutionHeight", label: "received height", unit: unitPixels, op: lt, limit: 240,
		family: "resolution", area: areaMedia,
		get: func(s *model.Stream) (float64, bool) {
			return acsMetric(s, func(a *model.ACSStream) model.Opt[float64] { return a.RecvResolutionHeight })
		},
	}
	acsScreenHeight = check{
		metric: "recvResolutionHeight", label: "received height", unit: unitPixels, op: lt, limit: 768,
		family: "resolution", area: areaMedia,
		get: func(s *model.Stream) (float64, bool) {
			return acsMetric(s, func(a *model.ACSStream) model.Opt[float64] { return a.RecvResolutionHeight })
		},
	}
	acsVideoFreeze = check{
		metric: "recvFreezeDurationPerMinuteInMs", label: "freezes", unit: unitMSPerM, op: gt, limit: 6000,
		family: "freeze", area: areaMedia,
		get: func(s *model.Stream) (float64, bool) {
			return acsMetric(s, func(a *model.ACSStream) model.Opt[float64] { return a.RecvFreezeDurationPerMinuteInMs })
		},
	}
	acsScreenFreeze = check{
		metric: "recvFreezeDurationPerMinuteInMs", label: "freezes", unit: unitMSPerM, op: gt, limit: 25000,
		family: "freeze", area: areaMedia,
		get: func(s *model.Stream) (float64, bool) {
			return acsMetric(s, func(a *model.ACSStream) model.Opt[float64] { return a.RecvFreezeDurationPerMinuteInMs })
		},
	}
)

// acsBands are the CallDiagnostics thresholds for a media kind, in the
// order their issues are listed; within a family the first that fires
// wins.
func acsBands(kind model.MediaKind) []band {
	switch kind {
	case model.MediaAudio:
		return acsAudioBands
	case model.MediaVideo:
		return acsVideoBands
	case model.MediaVBSS:
		return acsScreenBands
	}
	return nil
}

var (
	acsAudioBands = []band{
		{&acsHealedAvg, model.SeverityRed},
		{&acsHealedMax, model.SeverityYellow},
		{&acsJitterBufferAvg, model.SeverityYellow},
		{&acsJitterBufferMax, model.SeverityYellow},
	}
	acsVideoBands = []band{
		{&acsVideoFrameRate, model.SeverityRed},
		{&acsVideoFreeze, model.SeverityRed},
		{&acsVideoHeight, model.SeverityYellow},
		{&acsJitterBufferAvg, model.SeverityYellow},
		{&acsJitterBufferMax, model.SeverityYellow},
	}
	acsScreenBands = []band{
		{&acsScreenFrameRate, model.SeverityRed},
		{&acsScreenFreeze, model.SeverityRed},
		{&acsScreenHeight, model.SeverityYellow},
		{&acsJitterBufferAvg, model.SeverityYellow},
		{&acsJitterBufferMax, model.SeverityYellow},
	}
)
