package acs

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// party is what the records say about one side of a session: a group
// participant (by participantId) or a P2P endpoint (by endpointId).
type party struct {
	id      string // participantId, or p2pKey for P2P endpoints
	summary *model.ACSRecord
	own     []entry // the party's own (non-server) diagnostics rows
	server  []entry // server rows: the stream the server sends the party
}

// first returns the party's first own diagnostics row, which stands in for
// the summary while it is missing.
func (p *party) first() *model.ACSDiagnostics {
	if len(p.own) > 0 {
		return p.own[0].rec.Diagnostics
	}
	return nil
}

// plan is one session to build.
type plan struct {
	id        string
	caller    func() *model.Endpoint
	callee    func() *model.Endpoint
	acs       *model.ACSParticipant
	calleeACS *model.ACSParticipant
	times     []*model.ACSSummary
	streams   []streamIn
}

// streamIn is one diagnostics row placed in a session.
type streamIn struct {
	entry
	dir model.StreamDirection
}

// sessions builds the call's sessions: one per group participant, and for
// rows without a participantId either one P2P session or, when the records
// do not show exactly two endpoints, one session per endpoint against an
// unknown peer.
func (a *assembler) sessions() []*model.Session {
	groups := map[string]*party{}
	p2p := map[string]*party{}
	orphans := map[string][]entry{}
	get := func(m map[string]*party, id string) *party {
		if m[id] == nil {
			m[id] = &party{id: id}
		}
		return m[id]
	}
	for _, e := range a.summary {
		s := e.rec.Summary
		if isServer(s.EndpointType) {
			continue // call-level only
		}
		if pid := idOf(s.ParticipantID); pid != "" {
			get(groups, pid).summary = e.rec
		} else {
			get(p2p, p2pKey(s.EndpointID, s.Identifier, e.key)).summary = e.rec
		}
	}
	for _, e := range a.diag {
		d := e.rec.Diagnostics
		pid := idOf(d.ParticipantID)
		switch {
		case pid != "" && isServer(d.EndpointType):
			p := get(groups, pid)
			p.server = append(p.server, e)
		case pid != "":
			p := get(groups, pid)
			p.own = append(p.own, e)
		case isServer(d.EndpointType):
			eid := idOf(d.EndpointID)
			orphans[eid] = append(orphans[eid], e)
		default:
			p := get(p2p, p2pKey(d.EndpointID, d.Identifier, e.key))
			p.own = append(p.own, e)
		}
	}

	var plans []plan
	for _, p := range sortedParties(groups) {
		plans = append(plans, a.groupPlan(p))
	}
	plans = append(plans, a.p2pPlans(sortedParties(p2p))...)
	for i, eid := range sortedKeys(orphans) {
		plans = append(plans, a.orphanPlan(i+1, orphans[eid]))
	}

	out := make([]*model.Session, 0, len(plans))
	for _, pl := range plans {
		out = append(out, pl.build())
	}
	sort.SliceStable(out, func(i, j int) bool {
		ti, oki := out[i].StartDateTime.Get()
		tj, okj := out[j].StartDateTime.Get()
		if oki != okj {
			return oki
		}
		if !ti.Equal(tj) {
			return ti.Before(tj)
		}
		return out[i].ID.Value() < out[j].ID.Value()
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

// p2pKey names the endpoint of a row without a participantId: its
// endpointId, else its identifier, else the row alone (so that rows which
// name nobody are never merged into one endpoint by accident).
func p2pKey(endpointID, identifier model.Opt[string], recordKey string) string {
	if id := idOf(endpointID); id != "" {
		return "endpoint:" + id
	}
	if id := idOf(identifier); id != "" {
		return "identifier:" + id
	}
	return "record:" + recordKey
}

// groupPlan is a group participant's session: the participant against the
// ACS server. Its own rows are its outbound streams, the server's rows its
// inbound ones.
func (a *assembler) groupPlan(p *party) plan {
	pl := plan{id: p.id, callee: serviceEndpoint}
	pl.caller = func() *model.Endpoint { return p.endpoint() }
	pl.acs = p.participant()
	if p.summary != nil {
		pl.times = []*model.ACSSummary{p.summary.Summary}
	}
	for _, e := range p.own {
		pl.streams = append(pl.streams, streamIn{e, outbound(e, model.CallerToCallee)})
	}
	for _, e := range p.server {
		pl.streams = append(pl.streams, streamIn{e, model.CalleeToCaller})
	}
	return pl
}

// p2pPlans maps the rows without a participantId. Exactly two endpoints
// make one session, id correlationId, whose caller is the endpoint that
// started first; each row is an outbound stream of its endpoint. Any other
// number (messy or partial data) gives one session per endpoint against an
// unknown peer, ids "<callId>/endpoint-<n>" in caller order, so that every
// row is kept and nothing is paired by guess.
func (a *assembler) p2pPlans(ps []*party) []plan {
	sort.SliceStable(ps, func(i, j int) bool { return startsBefore(ps[i], ps[j]) })
	if len(ps) == 2 {
		caller, callee := ps[0], ps[1]
		pl := plan{id: a.callID}
		pl.caller = func() *model.Endpoint { return caller.endpoint() }
		pl.callee = func() *model.Endpoint { return callee.endpoint() }
		pl.acs, pl.calleeACS = caller.participant(), callee.participant()
		for _, p := range ps {
			if p.summary != nil {
				pl.times = append(pl.times, p.summary.Summary)
			}
		}
		for _, e := range caller.own {
			pl.streams = append(pl.streams, streamIn{e, outbound(e, model.CallerToCallee)})
		}
		for _, e := range callee.own {
			pl.streams = append(pl.streams, streamIn{e, outbound(e, model.CalleeToCaller)})
		}
		return []plan{pl}
	}
	var out []plan
	for i, p := range ps {
		pl := plan{id: fmt.Sprintf("%s/endpoint-%d", a.callID, i+1), callee: unknownPeer}
		pl.caller = func() *model.Endpoint { return p.endpoint() }
		pl.acs = p.participant()
		if p.summary != nil {
			pl.times = []*model.ACSSummary{p.summary.Summary}
		}
		for _, e := range p.own {
			pl.streams = append(pl.streams, streamIn{e, outbound(e, model.CallerToCallee)})
		}
		out = append(out, pl)
	}
	return out
}

// orphanPlan keeps server rows that name no participant: the server
// sending to a participant nobody identified.
func (a *assembler) orphanPlan(n int, rows []entry) plan {
	pl := plan{id: fmt.Sprintf("%s/server-%d", a.callID, n), caller: serviceEndpoint, callee: unknownPeer}
	for _, e := range rows {
		pl.streams = append(pl.streams, streamIn{e, model.CallerToCallee})
	}
	return pl
}

// outbound is the direction of a row its endpoint sent: dir, unless the row
// itself says it is Inbound (newer logs carry StreamDirection).
func outbound(e entry, dir model.StreamDirection) model.StreamDirection {
	if !strings.EqualFold(idOf(e.rec.Diagnostics.StreamDirection), "inbound") {
		return dir
	}
	if dir == model.CallerToCallee {
		return model.CalleeToCaller
	}
	return model.CallerToCallee
}

// startsBefore orders P2P endpoints: earlier callStartTime, then earlier
// participantStartTime (an endpoint that states a time before one that
// does not), then endpointId.
func startsBefore(a, b *party) bool {
	var as, bs *model.ACSSummary
	if a.summary != nil {
		as = a.summary.Summary
	}
	if b.summary != nil {
		bs = b.summary.Summary
	}
	for _, pick := range []func(*model.ACSSummary) model.Opt[time.Time]{
		func(s *model.ACSSummary) model.Opt[time.Time] { return s.CallStartTime },
		func(s *model.ACSSummary) model.Opt[time.Time] { return s.ParticipantStartTime },
	} {
		var ta, tb model.Opt[time.Time]
		if as != nil {
			ta = pick(as)
		}
		if bs != nil {
			tb = pick(bs)
		}
		va, oka := ta.Get()
		vb, okb := tb.Get()
		if oka != okb {
			return oka
		}
		if oka && !va.Equal(vb) {
			return va.Before(vb)
		}
	}
	return a.id < b.id
}

// build turns a plan into a session with one segment of the same ends.
func (pl plan) build() *model.Session {
	start, end := sessionSpan(pl.times)
	media, kinds := buildMedia(pl.streams)
	s := &model.Session{
		ID:            model.Some(pl.id),
		Caller:        pl.caller(),
		Callee:        pl.callee(),
		StartDateTime: start,
		EndDateTime:   end,
		Modalities:    modalitiesOf(kinds),
		ACS:           pl.acs,
		Segments: []*model.Segment{{
			ID:            model.Some(pl.id),
			Caller:        pl.caller(),
			Callee:        pl.callee(),
			StartDateTime: start,
			EndDateTime:   end,
			Media:         media,
		}},
	}
	s.CalleeACS = pl.calleeACS
	return s
}

// sessionSpan is the earliest participantStartTime (else callStartTime) and
// the latest participantStartTime+participantDuration (else
// callStartTime+callDuration) of the session's summaries.
func sessionSpan(ss []*model.ACSSummary) (model.Opt[time.Time], model.Opt[time.Time]) {
	var start, end time.Time
	for _, s := range ss {
		if t, ok := s.ParticipantStartTime.Get(); ok {
			start = earliest(start, t)
		} else if t, ok := s.CallStartTime.Get(); ok {
			start = earliest(start, t)
		}
		if t := endOf(s.ParticipantStartTime, s.ParticipantDuration); !t.IsZero() {
			end = latest(end, t)
		} else {
			end = latest(end, endOf(s.CallStartTime, s.CallDuration))
		}
	}
	return optTime(start), optTime(end)
}

func sortedParties(m map[string]*party) []*party {
	out := make([]*party, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
