package wire

import (
	"encoding/json"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// The call views of the API (GET /api/v1/calls/{id} and its
// /participants and /timeline) as they travel, shared by the server that
// writes them (package api) and the pages and clients that read them, so
// that the two cannot drift apart. The server writes withheld values as
// "<name>Withheld": true in place of the member (see package api);
// Decode reads them back as model.Opt nulls.

// CallDetail is GET /api/v1/calls/{id}: the sections the role may see,
// each with one page of the call's sessions. The server writes it member
// by member; clients read it whole. Debug is the redacted record, as
// stored.
type CallDetail struct {
	ID            string          `json:"id"`
	Sections      []string        `json:"sections"`
	SessionCount  int             `json:"sessionCount"`
	SessionOffset int             `json:"sessionOffset"`
	Next          string          `json:"next,omitempty"`
	Overview      *CallOverview   `json:"overview,omitempty"`
	Advanced      *CallAdvanced   `json:"advanced,omitempty"`
	Debug         json.RawMessage `json:"debug,omitempty"`
}

// CallOverview is the call at a glance: header, rating, participants,
// sessions with their ratings and issues, streams with their quality,
// reasons and key metrics.
type CallOverview struct {
	ID              string                    `json:"id"`
	Version         int64                     `json:"version"`
	Source          model.Source              `json:"source,omitempty"`
	Type            model.Opt[model.CallType] `json:"type,omitzero"`
	Modalities      []model.Modality          `json:"modalities"`
	StartDateTime   model.Opt[time.Time]      `json:"startDateTime,omitzero"`
	EndDateTime     model.Opt[time.Time]      `json:"endDateTime,omitzero"`
	DurationSeconds *float64                  `json:"durationSeconds,omitempty"`
	Rating          model.Rating              `json:"rating,omitempty"`
	Rules           string                    `json:"rules,omitempty"`
	Partial         bool                      `json:"partial,omitempty"`
	// ParticipantCount is the call's people, EndpointCount its
	// endpoints without identity that joined sessions: the participant
	// list has both, people first. Participants is its first
	// entries (100 in this version); ParticipantsNext, when it has more,
	// links to the participants route's page that follows.
	ParticipantCount int               `json:"participantCount"`
	EndpointCount    int               `json:"endpointCount"`
	Participants     []CallParticipant `json:"participants"`
	ParticipantsNext string            `json:"participantsNext,omitempty"`
	// Sessions are the page's sessions, each with its call-wide index.
	Sessions []SessionOverview `json:"sessions"`
}

// CallParticipant is one person of a call, redacted, with their rating
// when they joined any session.
type CallParticipant struct {
	// Kind is "person", or "endpoint" for a client without identity.
	Kind        string       `json:"kind"`
	DisplayName string       `json:"displayName"`
	ID          string       `json:"id,omitempty"`
	UPN         string       `json:"userPrincipalName,omitempty"`
	Phone       string       `json:"phone,omitempty"`
	TenantID    string       `json:"tenantId,omitempty"`
	Organizer   bool         `json:"organizer,omitempty"`
	Rating      model.Rating `json:"rating,omitempty"`
	Sessions    int          `json:"sessions"`
	// External says the person is not of the organization that observed
	// the call (another tenant, a phone number, an anonymous guest):
	// whose name is then the other organization's to give or withhold.
	External bool `json:"external,omitempty"`
	// Tag is short and the same for the person wherever this call shows
	// them, derived by the server from who they are: it tells two people
	// of one name (or two "Internal User"s) apart, and says nothing
	// outside the call.
	Tag string `json:"tag,omitempty"`
	// Joins are the person's sessions, in order of joining: when, from
	// what and over what. Only the participants route lists them.
	Joins []ParticipantJoin `json:"joins,omitempty"`
}

// ParticipantJoin is one session of a participant: when they joined and
// left, the client they used and how it was connected (the first media
// that says).
type ParticipantJoin struct {
	Index          int                             `json:"index"`
	StartDateTime  model.Opt[time.Time]            `json:"startDateTime,omitzero"`
	EndDateTime    model.Opt[time.Time]            `json:"endDateTime,omitzero"`
	Platform       model.Opt[model.ClientPlatform] `json:"platform,omitzero"`
	ProductFamily  model.Opt[model.ProductFamily]  `json:"productFamily,omitzero"`
	ConnectionType model.Opt[model.ConnectionType] `json:"connectionType,omitzero"`
	Rating         model.Rating                    `json:"rating,omitempty"`
}

// SessionOverview is one session: its two ends, rating, issues and
// failure, and its segments' streams.
type SessionOverview struct {
	Index         int                  `json:"index"`
	ID            model.Opt[string]    `json:"id,omitzero"`
	StartDateTime model.Opt[time.Time] `json:"startDateTime,omitzero"`
	EndDateTime   model.Opt[time.Time] `json:"endDateTime,omitzero"`
	Modalities    []model.Modality     `json:"modalities,omitempty"`
	IsTest        model.Opt[bool]      `json:"isTest,omitzero"`
	Rating        model.Rating         `json:"rating,omitempty"`
	Issues        []model.Issue        `json:"issues"`
	Caller        *EndpointOverview    `json:"caller,omitempty"`
	Callee        *EndpointOverview    `json:"callee,omitempty"`
	Failure       *Failure             `json:"failureInfo,omitempty"`
	Segments      []SegmentOverview    `json:"segments"`
}

// EndpointOverview is one end of a session as the overview names it.
type EndpointOverview struct {
	Kind               model.EndpointKind              `json:"kind"`
	DisplayName        *model.Opt[string]              `json:"displayName,omitempty"`
	ID                 *model.Opt[string]              `json:"id,omitempty"`
	Platform           model.Opt[model.ClientPlatform] `json:"platform,omitzero"`
	ProductFamily      model.Opt[model.ProductFamily]  `json:"productFamily,omitzero"`
	ApplicationVersion model.Opt[string]               `json:"applicationVersion,omitzero"`
	ServiceRole        model.Opt[model.ServiceRole]    `json:"serviceRole,omitzero"`
	Feedback           *Feedback                       `json:"feedback,omitempty"`
	ACS                *ACSParticipant                 `json:"acs,omitempty"`
	// Tag is the person's tag on this call (CallParticipant.Tag), so that
	// two ends named alike, or both "External User", are told apart.
	Tag string `json:"tag,omitempty"`
}

// Feedback is the rating a participant gave the call.
type Feedback struct {
	Rating model.Opt[model.FeedbackRating] `json:"rating,omitzero"`
	Text   model.Opt[string]               `json:"text,omitzero"`
	Tokens map[string]model.Opt[bool]      `json:"tokens,omitempty"`
}

// ACSParticipant is what ACS says of how a participant's session
// ended, which Tier 1 needs to tell a dropped call from a hang-up.
type ACSParticipant struct {
	ParticipantType model.Opt[string] `json:"participantType,omitzero"`
	EndReason       model.Opt[string] `json:"participantEndReason,omitzero"`
	EndSubCode      model.Opt[string] `json:"participantEndSubCode,omitzero"`
	ResultCategory  model.Opt[string] `json:"resultCategory,omitzero"`
	SDKVersion      model.Opt[string] `json:"sdkVersion,omitzero"`
}

// Failure is why a session or segment failed, and at which stage.
type Failure struct {
	Reason model.Opt[string]             `json:"reason,omitzero"`
	Stage  model.Opt[model.FailureStage] `json:"stage,omitzero"`
}

// SegmentOverview is one leg of a session and its media.
type SegmentOverview struct {
	Index         int                  `json:"index"`
	ID            model.Opt[string]    `json:"id,omitzero"`
	StartDateTime model.Opt[time.Time] `json:"startDateTime,omitzero"`
	EndDateTime   model.Opt[time.Time] `json:"endDateTime,omitzero"`
	Failure       *Failure             `json:"failureInfo,omitempty"`
	Media         []MediaOverview      `json:"media"`
}

// MediaOverview is one media of a segment (label: main-audio…).
type MediaOverview struct {
	Label   model.Opt[string] `json:"label,omitzero"`
	Streams []StreamOverview  `json:"streams"`
}

// StreamOverview is a stream's verdict and the metrics verdicts are
// made of; the debug section has every metric.
type StreamOverview struct {
	StreamID                  model.Opt[string]                `json:"streamId,omitzero"`
	StreamDirection           model.Opt[model.StreamDirection] `json:"streamDirection,omitzero"`
	Quality                   model.StreamQuality              `json:"quality,omitempty"`
	Reasons                   []model.Reason                   `json:"reasons"`
	AudioCodec                model.Opt[string]                `json:"audioCodec,omitzero"`
	VideoCodec                model.Opt[string]                `json:"videoCodec,omitzero"`
	AverageJitter             model.Opt[model.Duration]        `json:"averageJitter,omitzero"`
	MaxJitter                 model.Opt[model.Duration]        `json:"maxJitter,omitzero"`
	AverageAudioNetworkJitter model.Opt[model.Duration]        `json:"averageAudioNetworkJitter,omitzero"`
	AveragePacketLossRate     model.Opt[float64]               `json:"averagePacketLossRate,omitzero"`
	MaxPacketLossRate         model.Opt[float64]               `json:"maxPacketLossRate,omitzero"`
	AverageRoundTripTime      model.Opt[model.Duration]        `json:"averageRoundTripTime,omitzero"`
	MaxRoundTripTime          model.Opt[model.Duration]        `json:"maxRoundTripTime,omitzero"`
	AverageRatioOfConcealed   model.Opt[float64]               `json:"averageRatioOfConcealedSamples,omitzero"`
	AverageAudioDegradation   model.Opt[float64]               `json:"averageAudioDegradation,omitzero"`
	PostFECPacketLossRate     model.Opt[float64]               `json:"postForwardErrorCorrectionPacketLossRate,omitzero"`
	AverageVideoFrameRate     model.Opt[float64]               `json:"averageVideoFrameRate,omitzero"`
	AverageReceivedFrameRate  model.Opt[float64]               `json:"averageReceivedFrameRate,omitzero"`
	AverageVideoFrameLossPct  model.Opt[float64]               `json:"averageVideoFrameLossPercentage,omitzero"`
	AverageVideoPacketLoss    model.Opt[float64]               `json:"averageVideoPacketLossRate,omitzero"`
	LowFrameRateRatio         model.Opt[float64]               `json:"lowFrameRateRatio,omitzero"`
	AverageFreezeDuration     model.Opt[model.Duration]        `json:"averageFreezeDuration,omitzero"`
	AverageBandwidthEstimate  model.Opt[int64]                 `json:"averageBandwidthEstimate,omitzero"`
	WasMediaBypassed          model.Opt[bool]                  `json:"wasMediaBypassed,omitzero"`
}
