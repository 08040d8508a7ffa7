package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// maxCallIDLen bounds a call id: Graph's and ACS's are GUIDs.
const maxCallIDLen = 256

// openCall is what every call route does first: read the id and the
// looked-up user, and see the call as the caller may, the part of it
// that pick chooses.
func (s *Server) openCall(r *http.Request, rc *reqCtx, pick func(*seenCall) callView) (*seenCall, error) {
	id := strings.TrimSpace(r.PathValue("id"))
	if id == "" || len(id) > maxCallIDLen {
		return nil, notFound("call")
	}
	lookup, err := s.callLookup(rc, r.URL.Query())
	if err != nil {
		return nil, err
	}
	return s.seeCall(r.Context(), rc, id, lookup, pick)
}

// sendCallView records the view in the audit log and sends it: the view
// leaves the server only once its record is written. v is encoded as
// encoding/json does, or member by member when it is a members list.
func (s *Server) sendCallView(w http.ResponseWriter, r *http.Request, rc *reqCtx, seen *seenCall, v any) error {
	enc := getBuffer()
	defer putBuffer(enc)
	if err := encodeJSON(enc, v); err != nil {
		return fmt.Errorf("encode call %s: %w", seen.call.ID, err)
	}
	out := getBuffer()
	defer putBuffer(out)
	out.Grow(enc.Len() + enc.Len()/8)
	b, err := appendWithheld(out.AvailableBuffer(), enc.Bytes())
	if err != nil {
		return fmt.Errorf("encode call %s: %w", seen.call.ID, err)
	}
	if err := s.recordAudit(r, rc, actionViewCall, seen.call.ID, seen.lookup); err != nil {
		return err
	}
	return writeRaw(w, http.StatusOK, b)
}

// callDetail is GET /api/v1/calls/{id}: {"id", "sections",
// "sessionCount", "sessionOffset", "next" while more sessions follow,
// and the sections the role may see ("overview", "advanced", "debug"),
// or the one asked for with ?section=}, each with one page of the
// call's sessions (?limit=, ?cursor=).
func (s *Server) callDetail(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	q := r.URL.Query()
	section, err := param(q, "section")
	if err != nil {
		return err
	}
	role := rc.principal.Role
	if section != "" {
		perm, ok := sectionPerm[section]
		if !ok {
			return badParam("section", "%q: want overview, advanced or debug", section)
		}
		if perm != "" && !role.Can(perm) {
			return forbidden("the " + string(role) + " role may not see the " + section + " section")
		}
	}
	page, err := windowParam(q, sessionsDefaultLimit, sessionsMaxLimit)
	if err != nil {
		return err
	}
	want := sectionsOf(role)
	shown := want
	if section != "" {
		shown = []string{section}
	}
	seen, err := s.openCall(r, rc, func(seen *seenCall) callView {
		return callView{sessions: page.indexes(seen.sessionCount), record: slices.Contains(shown, sectionDebug)}
	})
	if err != nil {
		return err
	}
	from, _ := page.bounds(seen.sessionCount)
	resp := members{{"id", seen.call.ID}, {"sections", want}, {"sessionCount", seen.sessionCount}, {"sessionOffset", from}}
	if next := page.next(r, seen.sessionCount); next != "" {
		resp = append(resp, member{"next", next})
	}
	for _, sec := range shown {
		switch sec {
		case sectionOverview:
			more := ""
			if seen.participantTotal() > overviewParticipants {
				more = participantsLink(r, seen.call.ID, overviewParticipants)
			}
			resp = append(resp, member{sec, seen.overview(more)})
		case sectionAdvanced:
			rows, _, err := s.cfg.Store.Buildings(r.Context(), rc.tenant)
			if err != nil {
				return fmt.Errorf("building file for call %s: %w", seen.call.ID, err)
			}
			resp = append(resp, member{sec, seen.advanced(rows)})
		case sectionDebug:
			// The record itself: encoded straight from the redacted
			// call, never through a copy of its JSON.
			resp = append(resp, member{sec, seen.call})
		}
	}
	return s.sendCallView(w, r, rc, seen, resp)
}

// The timeline and the participant list are package wire's.
type (
	timelineResponse     = wire.CallTimeline
	timelineParticipant  = wire.TimelineParticipant
	timelineSession      = wire.TimelineSession
	participantsResponse = wire.CallParticipants
)

// callTimeline is GET /api/v1/calls/{id}/timeline: a page of the
// participants (?limit=, ?cursor=), each with all their sessions.
func (s *Server) callTimeline(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	page, err := windowParam(r.URL.Query(), participantsDefaultLimit, participantsMaxLimit)
	if err != nil {
		return err
	}
	seen, err := s.openCall(r, rc, func(seen *seenCall) callView {
		from, to := page.bounds(len(seen.groups))
		var sessions []int
		for _, g := range seen.groups[from:to] {
			sessions = append(sessions, g.sessions...)
		}
		// A peer-to-peer session is both its people's.
		slices.Sort(sessions)
		return callView{sessions: slices.Compact(sessions), spans: true}
	})
	if err != nil {
		return err
	}
	c := seen.call
	from, to := page.bounds(len(seen.groups))
	resp := timelineResponse{ID: c.ID, Type: c.Type, StartDateTime: c.StartDateTime, EndDateTime: c.EndDateTime,
		ParticipantCount: len(seen.groups), ParticipantOffset: from, Participants: make([]timelineParticipant, 0, to-from),
		Next: page.next(r, len(seen.groups))}
	for gi := from; gi < to; gi++ {
		g := seen.groups[gi]
		tp := timelineParticipant{Participant: "p" + itoa(gi+1), Rejoins: max(len(g.sessions)-1, 0)}
		if g.person >= 0 && g.person < len(seen.people) {
			tp.CallParticipant = seen.participant(g.person)
		} else {
			tp.CallParticipant = participantView{Kind: "endpoint"}
		}
		tp.Rating, tp.Sessions = g.rating, len(g.sessions)
		for _, i := range g.sessions {
			at, ok := slices.BinarySearch(seen.sessions, i)
			if !ok {
				return fmt.Errorf("timeline of call %s: session %d was not seen", c.ID, i)
			}
			ss := c.Sessions[at]
			tp.SessionSpans = append(tp.SessionSpans, timelineSession{Index: i, ID: ss.ID,
				StartDateTime: ss.StartDateTime, EndDateTime: ss.EndDateTime,
				OffsetSeconds: seconds(c.StartDateTime, ss.StartDateTime), DurationSeconds: seconds(ss.StartDateTime, ss.EndDateTime),
				Rating: ss.Rating})
		}
		resp.Participants = append(resp.Participants, tp)
	}
	return s.sendCallView(w, r, rc, seen, resp)
}

// callParticipants is GET /api/v1/calls/{id}/participants: a page of
// the participant list (?limit=, ?cursor=), each entry with its joins.
// It redacts the sessions of the page's entries only.
func (s *Server) callParticipants(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	page, err := windowParam(r.URL.Query(), participantsDefaultLimit, participantsMaxLimit)
	if err != nil {
		return err
	}
	// The page's people need their sessions (when, from what, over
	// what), and no others.
	seen, err := s.openCall(r, rc, func(seen *seenCall) callView {
		from, to := page.bounds(seen.participantTotal())
		return callView{sessions: seen.sessionsOf(seen.participantOrder()[from:to])}
	})
	if err != nil {
		return err
	}
	total := seen.participantTotal()
	from, to := page.bounds(total)
	list := make([]participantView, 0, to-from)
	for _, i := range seen.participantOrder()[from:to] {
		pv := seen.participant(i)
		if pv.Joins, err = seen.joinsOf(i); err != nil {
			return err
		}
		list = append(list, pv)
	}
	return s.sendCallView(w, r, rc, seen, participantsResponse{
		ID: seen.call.ID, ParticipantCount: len(seen.people), EndpointCount: len(seen.endpoints), ParticipantOffset: from,
		Participants: list, Next: page.next(r, total),
	})
}

// verdictsResponse has the call's rating and one page of its sessions'
// verdicts; SessionCount counts the call's sessions, SessionOffset is
// the index of the page's first.
type verdictsResponse struct {
	ID            string           `json:"id"`
	Rating        model.Rating     `json:"rating,omitempty"`
	Rules         string           `json:"rules,omitempty"`
	SessionCount  int              `json:"sessionCount"`
	SessionOffset int              `json:"sessionOffset"`
	Sessions      []sessionVerdict `json:"sessions"`
	Next          string           `json:"next,omitempty"`
}

type sessionVerdict struct {
	Index   int               `json:"index"`
	ID      model.Opt[string] `json:"id,omitzero"`
	Rating  model.Rating      `json:"rating,omitempty"`
	Issues  []model.Issue     `json:"issues"`
	Streams []streamVerdict   `json:"streams"`
}

type streamVerdict struct {
	Segment         int                              `json:"segment"`
	Media           int                              `json:"media"`
	Label           model.Opt[string]                `json:"label,omitzero"`
	StreamID        model.Opt[string]                `json:"streamId,omitzero"`
	StreamDirection model.Opt[model.StreamDirection] `json:"streamDirection,omitzero"`
	Quality         model.StreamQuality              `json:"quality,omitempty"`
	Reasons         []model.Reason                   `json:"reasons"`
}

// callVerdicts is GET /api/v1/calls/{id}/verdicts: ratings and issues of
// the sessions, quality and reasons of the streams, and nothing else, a
// page of sessions at a time (?limit=, ?cursor=).
func (s *Server) callVerdicts(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	page, err := windowParam(r.URL.Query(), sessionsDefaultLimit, sessionsMaxLimit)
	if err != nil {
		return err
	}
	seen, err := s.openCall(r, rc, func(seen *seenCall) callView {
		return callView{sessions: page.indexes(seen.sessionCount)}
	})
	if err != nil {
		return err
	}
	c := seen.call
	from, _ := page.bounds(seen.sessionCount)
	resp := verdictsResponse{ID: c.ID, Rating: seen.rating, Rules: c.Rules, SessionCount: seen.sessionCount, SessionOffset: from,
		Sessions: make([]sessionVerdict, 0, len(c.Sessions)), Next: page.next(r, seen.sessionCount)}
	for i, ss := range c.Sessions {
		if ss == nil {
			continue
		}
		sv := sessionVerdict{Index: seen.sessions[i], ID: ss.ID, Rating: ss.Rating, Issues: ss.Issues, Streams: []streamVerdict{}}
		if sv.Issues == nil {
			sv.Issues = []model.Issue{}
		}
		for j, g := range ss.Segments {
			if g == nil {
				continue
			}
			for k, m := range g.Media {
				if m == nil {
					continue
				}
				for _, x := range m.Streams {
					if x == nil {
						continue
					}
					v := streamVerdict{Segment: j, Media: k, Label: m.Label, StreamID: x.StreamID,
						StreamDirection: x.StreamDirection, Quality: x.Quality, Reasons: x.Reasons}
					if v.Reasons == nil {
						v.Reasons = []model.Reason{}
					}
					sv.Streams = append(sv.Streams, v)
				}
			}
		}
		resp.Sessions = append(resp.Sessions, sv)
	}
	return s.sendCallView(w, r, rc, seen, resp)
}
