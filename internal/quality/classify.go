package quality

import "github.com/callscope/callscope/internal/model"

// outcome is a stream verdict with the checks behind its reasons (parallel
// to reasons; none for an unclassified stream), so that session issues can
// be built from the same facts.
type outcome struct {
	quality model.StreamQuality
	reasons []model.Reason
	fired   []*check
}

const textNoMetrics = "no metrics reported"

func unclassified(rule, version, text string) outcome {
	return outcome{quality: model.QualityUnclassified, reasons: why(rule, version, text)}
}

// judgedGood is the verdict of a good stream: no reasons.
var judgedGood = outcome{quality: model.QualityGood}

// anyOf is an "any one of" rule: poor when any reported metric crosses
// its threshold (every crossing is a reason), good when none does,
// unclassified when none is reported.
func anyOf(s *model.Stream, checks []*check, rule, version string) outcome {
	var o outcome
	reported := false
	for _, k := range checks {
		v, ok := k.get(s)
		if !ok {
			continue
		}
		reported = true
		if k.op.fires(v, k.limit) {
			o.reasons = append(o.reasons, k.reason(v, rule, version))
			o.fired = append(o.fired, k)
		}
	}
	switch {
	case len(o.reasons) > 0:
		o.quality = model.QualityPoor
		return o
	case reported:
		return judgedGood
	}
	return unclassified(rule, version, textNoMetrics)
}

// firstAvailable is CQD's ordered video rule: the first reported metric
// decides, poor when it crosses its threshold, good otherwise; when none
// is reported the stream is unclassified.
func firstAvailable(s *model.Stream, steps []*check, rule, version, missing string) outcome {
	for _, k := range steps {
		v, ok := k.get(s)
		if !ok {
			continue
		}
		if k.op.fires(v, k.limit) {
			return outcome{quality: model.QualityPoor, reasons: []model.Reason{k.reason(v, rule, version)}, fired: []*check{k}}
		}
		return judgedGood
	}
	return unclassified(rule, version, missing)
}

// anyReported reports whether the stream carries any of the checks'
// metrics.
func anyReported(s *model.Stream, checks []*check) bool {
	for _, k := range checks {
		if _, ok := k.get(s); ok {
			return true
		}
	}
	return false
}

// classify applies the CQD rule of the stream's media kind. inbound says
// whether the stream is received by a client (VBSS needs it).
func classify(kind model.MediaKind, s *model.Stream, version string, inbound bool) outcome {
	if s == nil {
		return unclassified(ruleCQD, version, "no stream")
	}
	switch kind {
	case model.MediaAudio:
		return classifyAudio(s, version)
	case model.MediaVideo:
		return classifyVideo(s, version)
	case model.MediaVBSS:
		return classifyVBSS(s, version, inbound)
	case model.MediaAppSharing:
		return unclassified(ruleAppSharing, version, "app-sharing metrics (spoiled tiles, RDP tile latency, relative one-way delay) are not reported")
	case model.MediaData:
		return unclassified(ruleCQD, version, "CQD does not classify data streams")
	}
	return unclassified(ruleCQD, version, "media kind unknown: CQD classifies audio, video, VBSS and app sharing")
}
