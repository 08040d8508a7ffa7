package quality

import (
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// The CQD video and VBSS thresholds (quality-definitions §1.3, §1.4).
//
// averageVideoFrameLossPercentage is read as a percentage (0–100), as its
// name, CQD's "> 50 %" and the model's convention say; see the package
// documentation for why values of at most 1 are not read as fractions.
var (
	videoFrameLoss = check{
		metric: "averageVideoFrameLossPercentage", label: "frame loss", unit: unitPercent, op: gt, limit: 50,
		family: "frameLoss", area: areaMedia,
		get: func(s *model.Stream) (float64, bool) { return num(s.AverageVideoFrameLossPct) },
	}
	videoFrameRate = check{
		metric: "averageVideoFrameRate", label: "frame rate", unit: unitFPS, op: lt, limit: 7,
		family: "frameRate", area: areaMedia,
		get: func(s *model.Stream) (float64, bool) { return num(s.AverageVideoFrameRate) },
	}
	videoPostFEC = check{
		metric: "postForwardErrorCorrectionPacketLossRate", label: "post-FEC packet loss", unit: unitRatio, op: gt, limit: 0.15,
		family: "postFEC", area: areaNetwork,
		get: func(s *model.Stream) (float64, bool) { return num(s.PostFECPacketLossRate) },
	}
	vbssFrameRate2024 = check{
		metric: "averageVideoFrameRate", label: "frame rate", unit: unitFPS, op: lt, limit: 1,
		family: "frameRate", area: areaMedia,
		get: func(s *model.Stream) (float64, bool) { return num(s.AverageVideoFrameRate) },
	}
	vbssFrameRate2021 = check{
		metric: "averageVideoFrameRate", label: "frame rate", unit: unitFPS, op: lt, limit: 2,
		family: "frameRate", area: areaMedia,
		get: func(s *model.Stream) (float64, bool) { return num(s.AverageVideoFrameRate) },
	}
)

var (
	videoChain     = []*check{&videoFrameLoss, &videoFrameRate, &videoPostFEC}
	vbssChain2021  = []*check{&videoFrameLoss, &vbssFrameRate2021, &videoPostFEC}
	vbssInbound24  = []*check{&videoFrameLoss}
	vbssOutbound24 = []*check{&vbssFrameRate2024}
)

const textNoVideoMetrics = "no metrics reported: none of frame loss, frame rate, post-FEC packet loss"

// classifyVideo applies CQD's main-video rule: under 2024 only to streams
// of more than 500 packets, then the first reported of frame loss, frame
// rate and post-FEC packet loss decides.
func classifyVideo(s *model.Stream, version string) outcome {
	if version != cqd2021 {
		if o, ok := packetPrecondition(s, videoChain, ruleVideo, version); !ok {
			return o
		}
	}
	return firstAvailable(s, videoChain, ruleVideo, version, textNoVideoMetrics)
}

// classifyVBSS applies CQD's screen-sharing rule. Under 2024 an inbound
// stream not coded H264S is judged on frame loss alone, every other stream
// on frame rate < 1 alone; under 2021 the video chain applies with frame
// rate < 2.
func classifyVBSS(s *model.Stream, version string, inbound bool) outcome {
	if version == cqd2021 {
		return firstAvailable(s, vbssChain2021, ruleVBSS, version, textNoVideoMetrics)
	}
	if inbound && !isH264S(s) {
		return firstAvailable(s, vbssInbound24, ruleVBSS, version,
			"frame loss not reported: the 2024 rule judges inbound non-H264S screen sharing on frame loss alone")
	}
	return firstAvailable(s, vbssOutbound24, ruleVBSS, version,
		"frame rate not reported: the 2024 rule judges outbound and H264S screen sharing on frame rate alone")
}

func isH264S(s *model.Stream) bool {
	return strings.EqualFold(strings.TrimSpace(s.VideoCodec.Value()), "h264s")
}
