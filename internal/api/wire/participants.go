package wire

import (
	"time"

	"github.com/callscope/callscope/internal/model"
)

// CallTimeline puts each participant's sessions on the call's time
// axis: a rejoin is a second session of the same participant. It lists
// a page of the participants who joined sessions, in order of first
// join; ParticipantCount counts them all, ParticipantOffset is the
// position of the page's first in that order.
type CallTimeline struct {
	ID                string                    `json:"id"`
	Type              model.Opt[model.CallType] `json:"type,omitzero"`
	StartDateTime     model.Opt[time.Time]      `json:"startDateTime,omitzero"`
	EndDateTime       model.Opt[time.Time]      `json:"endDateTime,omitzero"`
	ParticipantCount  int                       `json:"participantCount"`
	ParticipantOffset int                       `json:"participantOffset"`
	Participants      []TimelineParticipant     `json:"participants"`
	Next              string                    `json:"next,omitempty"`
}

// TimelineParticipant is one participant and their sessions' spans.
type TimelineParticipant struct {
	// Participant numbers the participants of the call's timeline (p1,
	// p2…, the same on every page); it identifies nobody outside it.
	Participant string `json:"participant"`
	CallParticipant
	Rejoins      int               `json:"rejoins"`
	SessionSpans []TimelineSession `json:"sessionSpans"`
}

// TimelineSession is one session on the time axis.
type TimelineSession struct {
	Index         int                  `json:"index"`
	ID            model.Opt[string]    `json:"id,omitzero"`
	StartDateTime model.Opt[time.Time] `json:"startDateTime,omitzero"`
	EndDateTime   model.Opt[time.Time] `json:"endDateTime,omitzero"`
	// OffsetSeconds is when the session started, from the call's start.
	OffsetSeconds   *float64     `json:"offsetSeconds,omitempty"`
	DurationSeconds *float64     `json:"durationSeconds,omitempty"`
	Rating          model.Rating `json:"rating,omitempty"`
}

// CallParticipants is GET /api/v1/calls/{id}/participants: a page of
// the call's participant list, sorted by name, then by first join.
type CallParticipants struct {
	ID string `json:"id"`
	// ParticipantCount is the call's people, EndpointCount its
	// endpoints without identity that joined sessions; the list has
	// both, people first (by name, then first join), endpoints by first
	// join, a page at a time. ParticipantOffset is the
	// position of the page's first entry in the list.
	ParticipantCount  int               `json:"participantCount"`
	EndpointCount     int               `json:"endpointCount"`
	ParticipantOffset int               `json:"participantOffset"`
	Participants      []CallParticipant `json:"participants"`
	Next              string            `json:"next,omitempty"`
}
