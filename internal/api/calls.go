package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// maxCallIDLen bounds a call id: Graph's and ACS's are GUIDs.
const maxCallIDLen = 256

// openCall is what every call route does first: read the id and the
// looked-up user, and see the call as the caller may.
func (s *Server) openCall(r *http.Request, rc *reqCtx) (*seenCall, error) {
	id := strings.TrimSpace(r.PathValue("id"))
	if id == "" || len(id) > maxCallIDLen {
		return nil, notFound("call")
	}
	lookup, err := s.callLookup(rc, r.URL.Query())
	if err != nil {
		return nil, err
	}
	return s.seeCall(r.Context(), rc, id, lookup)
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

// callDetail is GET /api/v1/calls/{id}: {"id", "sections", and the
// sections the role may see ("overview", "advanced", "debug"), or the
// one asked for with ?section=}.
func (s *Server) callDetail(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	section, err := param(r.URL.Query(), "section")
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
	seen, err := s.openCall(r, rc)
	if err != nil {
		return err
	}
	want := sectionsOf(role)
	resp := members{{"id", seen.call.ID}, {"sections", want}}
	if section != "" {
		want = []string{section}
	}
	for _, sec := range want {
		switch sec {
		case sectionOverview:
			resp = append(resp, member{sec, seen.overview()})
		case sectionAdvanced:
			resp = append(resp, member{sec, seen.advanced()})
		case sectionDebug:
			// The record itself: encoded straight from the redacted
			// call, never through a copy of its JSON.
			resp = append(resp, member{sec, seen.call})
		}
	}
	return s.sendCallView(w, r, rc, seen, resp)
}

// timelineResponse puts each participant's sessions on the call's time
// axis: a rejoin is a second session of the same participant.
type timelineResponse struct {
	ID            string                    `json:"id"`
	Type          model.Opt[model.CallType] `json:"type,omitzero"`
	StartDateTime model.Opt[time.Time]      `json:"startDateTime,omitzero"`
	EndDateTime   model.Opt[time.Time]      `json:"endDateTime,omitzero"`
	Participants  []timelineParticipant     `json:"participants"`
}

type timelineParticipant struct {
	// Participant numbers the participants of this response (p1, p2…);
	// it identifies nobody outside it.
	Participant string `json:"participant"`
	participantView
	Rejoins      int               `json:"rejoins"`
	SessionSpans []timelineSession `json:"sessionSpans"`
}

type timelineSession struct {
	Index         int                  `json:"index"`
	ID            model.Opt[string]    `json:"id,omitzero"`
	StartDateTime model.Opt[time.Time] `json:"startDateTime,omitzero"`
	EndDateTime   model.Opt[time.Time] `json:"endDateTime,omitzero"`
	// OffsetSeconds is when the session started, from the call's start.
	OffsetSeconds   *float64     `json:"offsetSeconds,omitempty"`
	DurationSeconds *float64     `json:"durationSeconds,omitempty"`
	Rating          model.Rating `json:"rating,omitempty"`
}

// callTimeline is GET /api/v1/calls/{id}/timeline.
func (s *Server) callTimeline(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	seen, err := s.openCall(r, rc)
	if err != nil {
		return err
	}
	c := seen.call
	people := seen.participants()
	resp := timelineResponse{ID: c.ID, Type: c.Type, StartDateTime: c.StartDateTime, EndDateTime: c.EndDateTime,
		Participants: make([]timelineParticipant, 0, len(seen.groups))}
	for gi, g := range seen.groups {
		tp := timelineParticipant{Participant: "p" + itoa(gi+1), Rejoins: max(len(g.sessions)-1, 0)}
		if g.person >= 0 && g.person < len(people) {
			tp.participantView = people[g.person]
		} else {
			tp.participantView = participantView{Kind: "endpoint"}
		}
		tp.Rating, tp.Sessions = seen.rating(g), len(g.sessions)
		for _, i := range g.sessions {
			ss := c.Sessions[i]
			tp.SessionSpans = append(tp.SessionSpans, timelineSession{Index: i, ID: ss.ID,
				StartDateTime: ss.StartDateTime, EndDateTime: ss.EndDateTime,
				OffsetSeconds: seconds(c.StartDateTime, ss.StartDateTime), DurationSeconds: seconds(ss.StartDateTime, ss.EndDateTime),
				Rating: ss.Rating})
		}
		resp.Participants = append(resp.Participants, tp)
	}
	return s.sendCallView(w, r, rc, seen, resp)
}

type participantsResponse struct {
	ID               string            `json:"id"`
	ParticipantCount int               `json:"participantCount"`
	Participants     []participantView `json:"participants"`
}

// callParticipants is GET /api/v1/calls/{id}/participants.
func (s *Server) callParticipants(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	seen, err := s.openCall(r, rc)
	if err != nil {
		return err
	}
	return s.sendCallView(w, r, rc, seen, participantsResponse{
		ID: seen.call.ID, ParticipantCount: len(seen.people), Participants: seen.participants(),
	})
}

type verdictsResponse struct {
	ID       string           `json:"id"`
	Rating   model.Rating     `json:"rating,omitempty"`
	Rules    string           `json:"rules,omitempty"`
	Sessions []sessionVerdict `json:"sessions"`
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
// the sessions, quality and reasons of the streams, and nothing else.
func (s *Server) callVerdicts(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	seen, err := s.openCall(r, rc)
	if err != nil {
		return err
	}
	c := seen.call
	resp := verdictsResponse{ID: c.ID, Rating: c.CallRating(), Rules: c.Rules, Sessions: make([]sessionVerdict, 0, len(c.Sessions))}
	for i, ss := range c.Sessions {
		if ss == nil {
			continue
		}
		sv := sessionVerdict{Index: i, ID: ss.ID, Rating: ss.Rating, Issues: ss.Issues, Streams: []streamVerdict{}}
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
