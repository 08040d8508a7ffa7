package model

import (
	"encoding/json"
	"time"
)

// Source names where a call's telemetry came from.
type Source string

const (
	// SourceGraph: a Microsoft Graph callRecord.
	SourceGraph Source = "graph"
	// SourceACS: Azure Communication Services CallSummary / CallDiagnostics logs.
	SourceACS Source = "acs"
)

// Extra holds properties the decoder did not recognise, exactly as they
// arrived, so that nothing Microsoft adds is lost or becomes a reason to
// reject a record. Debug views show them.
type Extra map[string]json.RawMessage

// Call is one call or meeting as observed by one tenant: Graph's callRecord,
// or the sessions assembled from the ACS logs of one correlationId.
//
// A call is identified by (Tenant, ID): the same meeting seen by two tenants
// is two calls that never share data.
type Call struct {
	// Tenant is the observing tenant: the one whose telemetry this is. A Graph
	// record does not carry it; ingest supplies it.
	Tenant string `json:"tenant,omitempty"`
	Source Source `json:"source,omitempty"`

	ID                   string             `json:"id"`
	Version              int64              `json:"version"`
	Type                 Opt[CallType]      `json:"type,omitzero"`
	Modalities           []Modality         `json:"modalities,omitempty"`
	LastModifiedDateTime Opt[time.Time]     `json:"lastModifiedDateTime,omitzero"`
	StartDateTime        Opt[time.Time]     `json:"startDateTime,omitzero"`
	EndDateTime          Opt[time.Time]     `json:"endDateTime,omitzero"`
	JoinWebURL           Opt[string]        `json:"joinWebUrl,omitzero" pii:"id"` // carries the organizer's object id
	Organizer            *IdentitySet       `json:"organizer,omitempty"`
	Participants         []*IdentitySet     `json:"participants,omitempty"`
	OrganizerV2          *CallParticipant   `json:"organizer_v2,omitempty"`
	ParticipantsV2       []*CallParticipant `json:"participants_v2,omitempty"`
	Sessions             []*Session         `json:"sessions,omitempty"`

	// SessionsNextLink and ParticipantsNextLink are set when Graph paged the
	// record and the pages after the first were not part of the input.
	SessionsNextLink     string `json:"sessions@odata.nextLink,omitempty"`
	ParticipantsNextLink string `json:"participants_v2@odata.nextLink,omitempty"`

	// Partial marks a call known only from a page of its sessions or
	// participants (a sessions list), not from the record itself; its
	// Version is 0 until the record arrives.
	Partial bool `json:"partial,omitempty"`

	// ACS holds what only ACS logs report about the call.
	ACS *ACSCall `json:"acs,omitempty"`

	// Rules names the rule set that judged the call's sessions and
	// streams (see package quality); empty when not yet judged.
	Rules string `json:"rules,omitempty"`

	Extra Extra `json:"@unknown,omitempty"`
}

// CallParticipant is Graph's participant / organizer entity
// (participants_v2, organizer_v2).
type CallParticipant struct {
	ID                      Opt[string]               `json:"id,omitzero" pii:"id"`
	Identity                *IdentitySet              `json:"identity,omitempty"`
	AdministrativeUnitInfos []*AdministrativeUnitInfo `json:"administrativeUnitInfos,omitempty"`
	Extra                   Extra                     `json:"@unknown,omitempty"`
}

// AdministrativeUnitInfo names an administrative unit of a participant.
type AdministrativeUnitInfo struct {
	ID    Opt[string] `json:"id,omitzero"`
	Extra Extra       `json:"@unknown,omitempty"`
}

// Session is one user↔user or user↔service communication; in meetings one
// participant's time connected to the conference server. Session ids can
// repeat within a record (auto attendant → call queue), so a session is
// identified by its position, not its id.
type Session struct {
	ID            Opt[string]    `json:"id,omitzero"`
	Caller        *Endpoint      `json:"caller,omitempty"`
	Callee        *Endpoint      `json:"callee,omitempty"`
	FailureInfo   *FailureInfo   `json:"failureInfo,omitempty"`
	IsTest        Opt[bool]      `json:"isTest,omitzero"`
	Modalities    []Modality     `json:"modalities,omitempty"`
	StartDateTime Opt[time.Time] `json:"startDateTime,omitzero"`
	EndDateTime   Opt[time.Time] `json:"endDateTime,omitzero"`
	Segments      []*Segment     `json:"segments,omitempty"`

	// ACS holds the participant's CallSummary facts for ACS calls: the
	// caller's, and in a peer-to-peer call the callee's in CalleeACS.
	ACS       *ACSParticipant `json:"acs,omitempty"`
	CalleeACS *ACSParticipant `json:"calleeAcs,omitempty"`

	// Rating and Issues are the session's verdict (package quality).
	Rating Rating  `json:"rating,omitempty"`
	Issues []Issue `json:"issues,omitempty"`

	Extra Extra `json:"@unknown,omitempty"`
}

// Segment is one media leg of a session between two endpoints.
type Segment struct {
	ID            Opt[string]    `json:"id,omitzero"`
	Caller        *Endpoint      `json:"caller,omitempty"`
	Callee        *Endpoint      `json:"callee,omitempty"`
	FailureInfo   *FailureInfo   `json:"failureInfo,omitempty"`
	StartDateTime Opt[time.Time] `json:"startDateTime,omitzero"`
	EndDateTime   Opt[time.Time] `json:"endDateTime,omitzero"`
	Media         []*Media       `json:"media,omitempty"`
	Extra         Extra          `json:"@unknown,omitempty"`
}

// FailureInfo says why a session or segment failed.
type FailureInfo struct {
	Reason Opt[string]       `json:"reason,omitzero"`
	Stage  Opt[FailureStage] `json:"stage,omitzero"`
	Extra  Extra             `json:"@unknown,omitempty"`
}
