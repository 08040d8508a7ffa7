package web

import (
	"encoding/json"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// The shapes below are the parts of the API's call answers the pages
// read (GET /api/v1/calls/{id}, /participants and /timeline). Values the
// API marked withheld arrive as "<name>Withheld": true instead of the
// value; the pages say "withheld" there, never an empty string. Each
// answer holds one page of the call's sessions or participants; Next is
// the API's link to the following page, "" on the last.

type callDetail struct {
	ID            string          `json:"id"`
	Sections      []string        `json:"sections"`
	SessionCount  int             `json:"sessionCount"`
	SessionOffset int             `json:"sessionOffset"`
	Next          string          `json:"next"`
	Overview      *overviewView   `json:"overview"`
	Advanced      json.RawMessage `json:"advanced"`
	Debug         json.RawMessage `json:"debug"`
}

type overviewView struct {
	ID               string        `json:"id"`
	Version          int64         `json:"version"`
	Source           string        `json:"source"`
	Type             string        `json:"type"`
	Modalities       []string      `json:"modalities"`
	StartDateTime    *time.Time    `json:"startDateTime"`
	EndDateTime      *time.Time    `json:"endDateTime"`
	DurationSeconds  *float64      `json:"durationSeconds"`
	Rating           string        `json:"rating"`
	Rules            string        `json:"rules"`
	Partial          bool          `json:"partial"`
	ParticipantCount int           `json:"participantCount"`
	EndpointCount    int           `json:"endpointCount"`
	Sessions         []sessionView `json:"sessions"`
}

// participantsView is a page of GET /api/v1/calls/{id}/participants: the
// call's people, then its endpoints without identity.
type participantsView struct {
	ParticipantCount  int               `json:"participantCount"`
	EndpointCount     int               `json:"endpointCount"`
	ParticipantOffset int               `json:"participantOffset"`
	Participants      []participantView `json:"participants"`
	Next              string            `json:"next"`
}

type participantView struct {
	Participant         string `json:"participant"`
	Kind                string `json:"kind"`
	DisplayName         string `json:"displayName"`
	DisplayNameWithheld bool   `json:"displayNameWithheld"`
	ID                  string `json:"id"`
	UPN                 string `json:"userPrincipalName"`
	Phone               string `json:"phone"`
	TenantID            string `json:"tenantId"`
	Organizer           bool   `json:"organizer"`
	Rating              string `json:"rating"`
	Sessions            int    `json:"sessions"`
}

// Name is how the participant is named on a page.
func (p participantView) Name() string {
	switch {
	case p.Kind == "endpoint":
		return "Endpoint without identity"
	case p.DisplayName == "" || p.DisplayNameWithheld:
		return "Name withheld"
	}
	return p.DisplayName
}

type sessionView struct {
	Index         int           `json:"index"`
	ID            string        `json:"id"`
	StartDateTime *time.Time    `json:"startDateTime"`
	EndDateTime   *time.Time    `json:"endDateTime"`
	Modalities    []string      `json:"modalities"`
	Rating        string        `json:"rating"`
	Issues        []model.Issue `json:"issues"`
	Caller        *endpointView `json:"caller"`
	Callee        *endpointView `json:"callee"`
	Failure       *failureView  `json:"failureInfo"`
	Segments      []segmentView `json:"segments"`
}

type failureView struct {
	Reason string `json:"reason"`
	Stage  string `json:"stage"`
}

type endpointView struct {
	Kind                string `json:"kind"`
	DisplayName         string `json:"displayName"`
	DisplayNameWithheld bool   `json:"displayNameWithheld"`
	Platform            string `json:"platform"`
	ProductFamily       string `json:"productFamily"`
	ApplicationVersion  string `json:"applicationVersion"`
	ServiceRole         string `json:"serviceRole"`
	Feedback            *struct {
		Rating string `json:"rating"`
		Text   string `json:"text"`
	} `json:"feedback"`
	ACS *struct {
		ParticipantType string `json:"participantType"`
		EndReason       string `json:"participantEndReason"`
		EndSubCode      string `json:"participantEndSubCode"`
		ResultCategory  string `json:"resultCategory"`
	} `json:"acs"`
}

// Name is how the endpoint is named on a page.
func (e *endpointView) Name() string {
	switch {
	case e == nil:
		return "unknown"
	case e.Kind == "service":
		if e.ServiceRole != "" {
			return "Service (" + humanize(e.ServiceRole) + ")"
		}
		return "Service"
	case e.DisplayNameWithheld || e.DisplayName == "":
		return "Name withheld"
	}
	return e.DisplayName
}

type segmentView struct {
	Index         int          `json:"index"`
	ID            string       `json:"id"`
	StartDateTime *time.Time   `json:"startDateTime"`
	EndDateTime   *time.Time   `json:"endDateTime"`
	Failure       *failureView `json:"failureInfo"`
	Media         []struct {
		Label string `json:"label"`
		// Streams are kept as the API sent them: the tables show the
		// members they know (streamMetrics), in their order.
		Streams []map[string]any `json:"streams"`
	} `json:"media"`
}

type timelineView struct {
	ID                string     `json:"id"`
	Type              string     `json:"type"`
	StartDateTime     *time.Time `json:"startDateTime"`
	EndDateTime       *time.Time `json:"endDateTime"`
	ParticipantCount  int        `json:"participantCount"`
	ParticipantOffset int        `json:"participantOffset"`
	Next              string     `json:"next"`
	Participants      []struct {
		participantView
		Rejoins      int `json:"rejoins"`
		SessionSpans []struct {
			Index           int        `json:"index"`
			StartDateTime   *time.Time `json:"startDateTime"`
			EndDateTime     *time.Time `json:"endDateTime"`
			OffsetSeconds   *float64   `json:"offsetSeconds"`
			DurationSeconds *float64   `json:"durationSeconds"`
			Rating          string     `json:"rating"`
		} `json:"sessionSpans"`
	} `json:"participants"`
}
