package quality

import (
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// ruleDrop is callscope's reading of a mid-call failure: Call Analytics
// publishes no drop rule for sessions, only CQD's drop-failure rate.
const ruleDrop = "callscope-drop"

// failures turns the session's and its segments' failureInfo into
// issues. A segment that repeats the session's failure adds nothing.
func (j *sessionJudge) failures(s *model.Session) {
	sessionKey, ok := failureKey(s.FailureInfo)
	if ok {
		j.findings = append(j.findings, failureFinding(s.FailureInfo, nil))
	}
	for gi, g := range s.Segments {
		if g == nil {
			continue
		}
		k, ok := failureKey(g.FailureInfo)
		if !ok || k == sessionKey {
			continue
		}
		j.findings = append(j.findings, failureFinding(g.FailureInfo, ptrInt(gi)))
	}
}

// failureKey identifies a failure by stage and reason; false when there
// is none to report.
func failureKey(fi *model.FailureInfo) (string, bool) {
	if fi == nil {
		return "", false
	}
	stage, reason := string(fi.Stage.Value()), strings.TrimSpace(fi.Reason.Value())
	if stage == "" && reason == "" {
		return "", false
	}
	return stage + "\x00" + reason, true
}

// failureFinding judges one failureInfo: a call-setup failure is Call
// Analytics' red setup issue and rates the session poor; a mid-call
// failure is a drop, red but not by itself a rating cause (the session's
// audio, if any was measured, says how the call went until then); any
// other stage is a yellow, since it is not known what failed.
func failureFinding(fi *model.FailureInfo, seg *int) finding {
	f := finding{Issue: model.Issue{Metric: "failureInfo.stage", SegmentIndex: seg}}
	reason := strings.TrimSpace(fi.Reason.Value())
	suffix := ""
	if reason != "" {
		suffix = ": " + reason
	}
	switch fi.Stage.Value() {
	case model.FailureStageCallSetup:
		f.Severity, f.Area, f.rates = model.SeverityRed, areaSetup, true
		f.Rule, f.RuleVersion = ruleSetup, caPublished
		f.Reason = "call setup failed" + suffix
	case model.FailureStageMidcall:
		f.Severity, f.Area = model.SeverityRed, areaReliability
		f.Rule, f.RuleVersion = ruleDrop, caVersion
		f.Reason = "call dropped mid-call" + suffix
	default:
		f.Severity, f.Area = model.SeverityYellow, areaReliability
		f.Rule, f.RuleVersion = ruleDrop, caVersion
		stage := string(fi.Stage.Value())
		if stage == "" {
			stage = "unreported"
		}
		f.Reason = "failure at " + stage + " stage" + suffix
	}
	return f
}
