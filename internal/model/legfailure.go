package model

import "strings"

// ACS end reasons carry no failureInfo: package quality judges each
// participant's participantEndReason and subcode against the published
// tables and writes a red issue of this rule, whose reason starts with one
// of these prefixes when the leg failed to set up or dropped. Facts read
// the stage from it, so that ACS failures count in the reliability
// report as Graph's do.
const (
	ACSEndReasonRule  = "acs-end-reason"
	SetupFailedPrefix = "call setup failed: "
	DroppedPrefix     = "call dropped: "
)

// Failure stages, as Graph's failureInfo names them.
const (
	StageCallSetup = "callSetup"
	StageMidcall   = "midcall"
)

// legFailure is how the segment's leg failed, stage "" when it did not:
// Graph's failureInfo of the segment, else of the session; for an ACS
// session, its red end-reason verdict, whose reason explains the code and
// subcode ("unexpected network problem on the client (410/3100,
// UnexpectedClientError)").
func (s *Session) legFailure(g *Segment) (stage, reason string) {
	for _, fi := range []*FailureInfo{g.FailureInfo, s.FailureInfo} {
		if fi != nil && fi.Stage.Value() != "" {
			return string(fi.Stage.Value()), strings.TrimSpace(fi.Reason.Value())
		}
	}
	if s.ACS == nil && s.CalleeACS == nil {
		return "", ""
	}
	for _, is := range s.Issues {
		if is.Rule != ACSEndReasonRule || is.Severity != SeverityRed {
			continue
		}
		if r, ok := strings.CutPrefix(is.Reason, SetupFailedPrefix); ok {
			return StageCallSetup, r
		}
		if r, ok := strings.CutPrefix(is.Reason, DroppedPrefix); ok {
			return StageMidcall, r
		}
	}
	return "", ""
}
