package quality

import (
	"fmt"

	"github.com/callscope/callscope/internal/model"
)

// Options chooses among the published rule versions. The zero value is
// the current rules.
type Options struct {
	// CQDRules is the CQD stream-classification version: "2024" (the
	// 10/2024 text, the default) or "2021" (the older rule many tenants'
	// historical reports were built on). Empty means "2024".
	CQDRules string
}

// cqdRuleSets names each CQD version's part of Rules(). A change to how
// this package reads a published version must rename it (cqd-2024.2…), so
// that calls judged before the change can be found and judged again.
var cqdRuleSets = map[string]string{
	cqd2024: "cqd-2024",
	cqd2021: "cqd-2021",
}

// acsRuleSet is the revision of the ACS rules: stream thresholds,
// diagnostics lines, end-code tables.
const acsRuleSet = "acs-1"

// Engine judges calls by one fixed set of rules. It holds no mutable
// state, so one Engine may judge any number of calls concurrently.
type Engine struct {
	version string
	rules   string
}

// New returns an engine for the chosen rules. An unknown CQD version is an
// error rather than a fallback: a silently different rule set would make
// poor rates incomparable.
func New(opts Options) (*Engine, error) {
	v := opts.CQDRules
	if v == "" {
		v = cqd2024
	}
	set, ok := cqdRuleSets[v]
	if !ok {
		return nil, fmt.Errorf("quality: unknown CQD rules %q: choose %q (the default) or %q", opts.CQDRules, cqd2024, cqd2021)
	}
	return &Engine{version: v, rules: set + "/" + caVersion + "/" + acsRuleSet}, nil
}

// Rules names the rule set, e.g. "cqd-2024/ca-1/acs-1": the CQD version,
// the revision of the session rules (Call Analytics rating, yellow bands,
// drops, side attribution) and the revision of the ACS rules. Judge writes
// it into Call.Rules, so a store can find the calls judged by other rules
// and judge them again; it changes whenever any verdict could.
func (e *Engine) Rules() string { return e.rules }

// Judge writes the verdicts of a call in place: every stream's Quality
// and Reasons, every session's Rating and Issues, and c.Rules. Earlier
// verdicts are replaced, never merged, so judging twice gives the same
// call. Judge accepts any call, however incomplete: nil sessions,
// segments, media, streams and endpoints are skipped or read as unknown,
// absent metrics as not reported. Call ratings come from
// model.(*Call).CallRating and ParticipantRatings over the sessions.
func (e *Engine) Judge(c *model.Call) {
	if c == nil {
		return
	}
	c.Rules = e.rules
	acs := c.Source == model.SourceACS
	for _, s := range c.Sessions {
		if s != nil {
			e.judgeSession(s, acs)
		}
	}
}

// ClassifyStream is the CQD classifier alone: the stream's quality and
// reasons under the engine's CQD version, without touching the stream. It
// sees no segment, so a VBSS stream is judged as its receiver sees it
// (inbound), unless it is an ACS row that says Outbound; Judge knows the
// endpoints and decides the direction from them. ACS streams are
// classified by CQD here; Judge applies the ACS rule to them.
func (e *Engine) ClassifyStream(kind model.MediaKind, s *model.Stream) (model.StreamQuality, []model.Reason) {
	o := classify(kind, s, e.version, inboundAlone(s))
	return o.quality, o.reasons
}
