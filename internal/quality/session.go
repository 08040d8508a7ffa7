package quality

import (
	"slices"

	"github.com/callscope/callscope/internal/model"
)

// finding is an issue and whether it rates the session poor. Only the
// published Call Analytics causes do (setup failure, poor audio stream,
// device not functioning); other red issues name a likely cause without
// changing the rating, so that callscope's poor rate stays Microsoft's.
type finding struct {
	model.Issue
	rates bool
}

// sessionJudge gathers one session's findings.
type sessionJudge struct {
	e         *Engine
	acs       bool
	findings  []finding
	audioData bool
	// done remembers device and network lines already reported per
	// segment and side: every media of a segment repeats them.
	done map[doneKey]bool
}

type doneKey struct {
	segment      int
	side, family string
}

func (e *Engine) judgeSession(s *model.Session, acs bool) {
	s.Rating, s.Issues = "", nil
	j := sessionJudge{e: e, acs: acs}
	j.failures(s)
	if f, ok := endFinding(s.ACS, sideCaller); ok {
		j.findings = append(j.findings, f)
	}
	if f, ok := endFinding(s.CalleeACS, sideCallee); ok {
		j.findings = append(j.findings, f)
	}
	for gi, g := range s.Segments {
		if g == nil {
			continue
		}
		caller, callee := ends(s, g)
		for _, m := range g.Media {
			if m == nil {
				continue
			}
			kind := model.KindOfLabel(m.Label.Value())
			for _, st := range m.Streams {
				if st != nil {
					j.stream(gi, kind, st, caller, callee)
				}
			}
			j.device(gi, sideCaller, m.CallerDevice)
			j.device(gi, sideCallee, m.CalleeDevice)
			j.network(gi, sideCaller, m.CallerNetwork)
			j.network(gi, sideCallee, m.CalleeNetwork)
		}
	}
	s.Rating = j.rating()
	s.Issues = j.issues()
}

// rating is Call Analytics' session rating (quality-definitions §2.3):
// poor on a rating cause; otherwise good when some audio stream was
// classified, unavailable when none was (no QoE, often a dropped call).
func (j *sessionJudge) rating() model.Rating {
	for _, f := range j.findings {
		if f.rates {
			return model.RatingPoor
		}
	}
	if j.audioData {
		return model.RatingGood
	}
	return model.RatingUnavailable
}

// issues lists the findings, red before yellow, otherwise in the order
// found: session-level first, then by segment, media and stream.
func (j *sessionJudge) issues() []model.Issue {
	if len(j.findings) == 0 {
		return nil
	}
	out := make([]model.Issue, 0, len(j.findings))
	for _, sev := range []model.Severity{model.SeverityRed, model.SeverityYellow} {
		for _, f := range j.findings {
			if f.Severity == sev {
				out = append(out, f.Issue)
			}
		}
	}
	return out
}

// stream judges one stream and adds its issues: one red per poor reason,
// then the ACS diagnostics lines, then the yellow bands, at most one per
// family of metrics.
func (j *sessionJudge) stream(seg int, kind model.MediaKind, st *model.Stream, caller, callee *model.Endpoint) {
	isACS := j.acs && st.ACS != nil
	var o outcome
	if isACS {
		o = classifyACS(st)
	} else {
		o = classify(kind, st, j.e.version, inbound(caller, callee, st.StreamDirection))
	}
	st.Quality, st.Reasons = o.quality, o.reasons
	if kind == model.MediaAudio && (o.quality == model.QualityGood || o.quality == model.QualityPoor) {
		j.audioData = true
	}

	at := where{side: blame(caller, callee, st.StreamDirection), segment: seg, streamID: st.StreamID.Value()}
	var families []string
	for i, k := range o.fired {
		r := o.reasons[i]
		f := at.finding(k, *r.Value, model.SeverityRed, r.Rule, r.RuleVersion)
		f.rates = kind == model.MediaAudio
		j.findings = append(j.findings, f)
		families = append(families, k.family)
	}
	version := j.e.version
	if isACS {
		for _, b := range acsBands(kind) {
			families = j.band(at, b.check, b.severity, ruleACSDiag, acsVersion, st, families)
		}
		version = cqd2024 // ACS verdicts do not depend on the CQD option
	}
	for _, k := range yellowBands(kind, st, version) {
		families = j.band(at, k, model.SeverityYellow, ruleYellow, caVersion, st, families)
	}
}

// band adds the issue of one stream line unless its family was reported.
func (j *sessionJudge) band(at where, k *check, sev model.Severity, rule, version string, st *model.Stream, families []string) []string {
	if slices.Contains(families, k.family) {
		return families
	}
	v, ok := k.get(st)
	if !ok || !k.op.fires(v, k.limit) {
		return families
	}
	j.findings = append(j.findings, at.finding(k, v, sev, rule, version))
	return append(families, k.family)
}

// device applies the device lines to one side's device facts.
func (j *sessionJudge) device(seg int, side string, d *model.DeviceInfo) {
	if d == nil {
		return
	}
	at := where{side: side, segment: seg}
	for _, b := range deviceBands {
		if j.reported(seg, side, b.family) {
			continue
		}
		v, ok := b.dev(d)
		if !ok || !b.op.fires(v, b.limit) {
			continue
		}
		f := at.finding(b.check, v, b.severity, ruleYellow, caVersion)
		if b.severity == model.SeverityRed {
			f.Rule, f.RuleVersion, f.rates = ruleDevice, caPublished, true
		}
		j.findings = append(j.findings, f)
		j.mark(seg, side, b.family)
	}
}

// network applies the network lines to one side's network facts, and
// warns of media carried over TCP, which Real-Time Analytics flags
// because UDP is what real-time media wants.
func (j *sessionJudge) network(seg int, side string, n *model.NetworkInfo) {
	if n == nil {
		return
	}
	at := where{side: side, segment: seg}
	for _, b := range networkBands {
		if j.reported(seg, side, b.family) {
			continue
		}
		v, ok := b.net(n)
		if !ok || !b.op.fires(v, b.limit) {
			continue
		}
		j.findings = append(j.findings, at.finding(b.check, v, b.severity, ruleYellow, caVersion))
		j.mark(seg, side, b.family)
	}
	if n.NetworkTransportProtocol.Value() == model.TransportTCP && !j.reported(seg, side, "transport") {
		j.findings = append(j.findings, finding{Issue: model.Issue{
			Severity: model.SeverityYellow, Area: areaNetwork, Metric: "networkTransportProtocol",
			Reason: "media over TCP (Real-Time Analytics: UDP preferred)",
			Side:   side, SegmentIndex: ptrInt(seg), Rule: ruleYellow, RuleVersion: caVersion,
		}})
		j.mark(seg, side, "transport")
	}
}

func (j *sessionJudge) reported(seg int, side, family string) bool {
	return j.done[doneKey{seg, side, family}]
}

func (j *sessionJudge) mark(seg int, side, family string) {
	if j.done == nil {
		j.done = map[doneKey]bool{}
	}
	j.done[doneKey{seg, side, family}] = true
}

// where is the place an issue was seen.
type where struct {
	side     string
	segment  int
	streamID string
}

func (w where) finding(k *check, v float64, sev model.Severity, rule, version string) finding {
	return finding{Issue: model.Issue{
		Severity:     sev,
		Area:         k.area,
		Metric:       k.metric,
		Value:        ptr(v),
		Threshold:    ptr(k.limit),
		Op:           string(k.op),
		Unit:         k.unit,
		Reason:       k.text(v),
		Side:         w.side,
		SegmentIndex: ptrInt(w.segment),
		StreamID:     w.streamID,
		Rule:         rule,
		RuleVersion:  version,
	}}
}

func ptrInt(v int) *int { return &v }
