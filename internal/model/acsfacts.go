package model

import "time"

// ACSParticipantFact is one participant of an ACS call as the ACS
// insights report counts it (Azure's Voice and Video Insights workbook):
// a group call's participant, or one of the two endpoints of a
// peer-to-peer call, with what the CallSummary log said of its end and
// client, how its leg's streams went, and the end-of-call surveys it
// submitted. The media server is not a participant. Like stream facts,
// participant facts carry no personal data: no identifier, endpoint id or
// tenant of the person, and no survey text beyond the fixed issue names.
type ACSParticipantFact struct {
	Tenant string
	CallID string
	// CallStart is the call's start, UTC; zero when unknown.
	CallStart time.Time
	// CallType is ACS's: "P2P" or "Group" ("" when unknown).
	CallType string
	// Interop: the call is a Teams meeting (it has a Teams thread id),
	// rather than a call between ACS users only.
	Interop bool
	// SurveyOnly marks the row that holds the surveys of the call that
	// name none of its participants (a P2P call's have no participant id
	// to match): it counts surveys, never a participant.
	SurveyOnly bool

	// ParticipantID is the participant's connection id ("" in P2P).
	ParticipantID   string
	ParticipantType string
	EndpointType    string
	// SDKVersion and OS are the client's, "Redacted" when Microsoft
	// withheld them (another tenant's participant); OS is the system and
	// its version without the device details some clients add.
	SDKVersion string
	OS         string
	// Platform is the client's platform read from its OS (Windows,
	// macOS, iOS, Android, Linux), "Redacted" with a withheld OS, or
	// the endpoint type of an endpoint that runs no SDK (PSTN, Bot,
	// Voicemail); "" when neither says.
	Platform string
	// EndCode and EndSubCode are participantEndReason and
	// ParticipantEndSubCode as written; ResultCategory the category
	// the log states, else the one the published end-code table gives
	// the pair, else "".
	EndCode, EndSubCode, ResultCategory string
	// Seconds is the participant's connected time; nil when unknown.
	Seconds *float64
	// Streams and PoorStreams count the streams of the participant's
	// leg, and those judged poor.
	Streams, PoorStreams int
	// Surveys counts the end-of-call surveys submitted; Ratings sums
	// their scores by kind (ACSRatingKinds).
	Surveys int
	Ratings [ACSRatingKindCount]ACSRatingSum
	// Issues are the issues the surveys named, each "kind:Issue"
	// (audio:NoRemoteAudio), once per survey that named it.
	Issues []string
	// First marks the participant that stands for its call among those
	// of the same value: the first of the call, the first of its SDK
	// version… so that distinct calls add up by summing marks.
	First ACSFirst
}

// ACSFirst says of which values a participant is its call's first (in
// session order): of all (Call), of its SDK version, OS, platform,
// participant type, endpoint type, and end (code, subcode and result
// category together). Counting the marked participants of a group of
// one such value counts its distinct calls, without comparing call ids.
type ACSFirst struct {
	Call, SDKVersion, OS, Platform, ParticipantType, EndpointType, End bool
}

// ACSRatingKind is what an end-of-call survey rates.
type ACSRatingKind int

// The rating kinds, in the order ACSParticipantFact.Ratings holds them.
const (
	RatingOverall ACSRatingKind = iota
	RatingAudio
	RatingVideo
	RatingScreenshare
	ACSRatingKindCount
)

// ACSRatingKinds names the kinds, as survey issues are prefixed.
var ACSRatingKinds = [ACSRatingKindCount]string{"overall", "audio", "video", "screenshare"}

// ACSRatingSum adds up ratings of one kind: how many, the sum of their
// scores, and how many were poor (at or below their low-score
// threshold, as the Calling SDK judges them).
type ACSRatingSum struct {
	N    int
	Sum  float64
	Poor int
}

// Day is the UTC date of the call's start, zero when unknown.
func (f *ACSParticipantFact) Day() time.Time {
	if f.CallStart.IsZero() {
		return time.Time{}
	}
	return f.CallStart.UTC().Truncate(24 * time.Hour)
}
