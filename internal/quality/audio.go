package quality

import (
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// The CQD audio thresholds (quality-definitions §1.1). RTT and jitter are
// held in milliseconds, loss, concealment as fractions, degradation in MOS.
var (
	audioRTT = check{
		metric: "averageRoundTripTime", label: "round trip", unit: unitMS, op: gt, limit: 500,
		family: "rtt", area: areaNetwork,
		get: func(s *model.Stream) (float64, bool) { return millis(s.AverageRoundTripTime) },
	}
	audioLoss = check{
		metric: "averagePacketLossRate", label: "packet loss", unit: unitRatio, op: gt, limit: 0.1,
		family: "loss", area: areaNetwork,
		get: func(s *model.Stream) (float64, bool) { return num(s.AveragePacketLossRate) },
	}
	audioJitter = check{
		metric: "averageJitter", label: "jitter", unit: unitMS, op: gt, limit: 30,
		family: "jitter", area: areaNetwork,
		get: func(s *model.Stream) (float64, bool) { return millis(s.AverageJitter) },
	}
	audioDegradation = check{
		metric: "averageAudioDegradation", label: "audio degradation", unit: unitMOS, op: gt, limit: 1.0,
		family: "degradation", area: areaNetwork,
		get: func(s *model.Stream) (float64, bool) { return num(s.AverageAudioDegradation) },
	}
	audioConcealed = check{
		metric: "averageRatioOfConcealedSamples", label: "concealed ratio", unit: unitRatio, op: gt, limit: 0.07,
		family: "concealed", area: areaNetwork,
		get: func(s *model.Stream) (float64, bool) { return num(s.AverageRatioOfConcealed) },
	}
	// packetFloor is the 2024 precondition: a stream is judged only when
	// it carried more than 500 packets.
	packetFloor = 500.0
)

// Rule names and versions of the published CQD rules.
const (
	ruleAudio      = "cqd-audio"
	ruleVideo      = "cqd-video"
	ruleVBSS       = "cqd-vbss"
	ruleAppSharing = "cqd-appsharing"
	ruleCQD        = "cqd"
	cqd2024        = "2024"
	cqd2021        = "2021"
)

var (
	audio2024 = []*check{&audioRTT, &audioLoss, &audioJitter}
	audio2021 = []*check{&audioDegradation, &audioRTT, &audioLoss, &audioJitter, &audioConcealed}
	// audio2021SATIN drops degradation and concealment, which the 2021
	// rule did not apply to the SATIN codec.
	audio2021SATIN = []*check{&audioRTT, &audioLoss, &audioJitter}
)

// classifyAudio applies CQD's audio rule of the given version.
func classifyAudio(s *model.Stream, version string) outcome {
	if version == cqd2021 {
		checks := audio2021
		if isSATIN(s) {
			checks = audio2021SATIN
		}
		return anyOf(s, checks, ruleAudio, version)
	}
	if o, ok := packetPrecondition(s, audio2024, ruleAudio, version); !ok {
		return o
	}
	return anyOf(s, audio2024, ruleAudio, version)
}

// packetPrecondition applies the 2024 "Packet Utilization > 500" condition
// and says whether the stream may be judged. A stream that reports no
// packet count cannot be shown to meet it and stays unclassified; one
// that reports nothing at all says so instead.
func packetPrecondition(s *model.Stream, checks []*check, rule, version string) (outcome, bool) {
	pu, ok := count(s.PacketUtilization)
	switch {
	case !ok && !anyReported(s, checks):
		return unclassified(rule, version, textNoMetrics), false
	case !ok:
		return unclassified(rule, version, "packet utilization not reported: the "+version+" rule judges only streams of more than 500 packets"), false
	case pu <= packetFloor:
		return unclassified(rule, version, "too few packets: packetUtilization "+formatValue(pu, unitCount)+" ≤ 500"), false
	}
	return outcome{}, true
}

// isSATIN reports whether the stream's codec is SATIN (satin,
// satinFullband), whose degradation and concealment the 2021 rule ignored.
func isSATIN(s *model.Stream) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(s.AudioCodec.Value())), "satin")
}
