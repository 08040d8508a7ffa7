package model

import (
	"encoding/json"
	"time"
)

// ACSCategory is an ACS diagnostic-settings log category.
type ACSCategory string

const (
	ACSCallSummary                     ACSCategory = "CallSummary"
	ACSCallSummaryUpdates              ACSCategory = "CallSummaryUpdates"
	ACSCallDiagnostics                 ACSCategory = "CallDiagnostics"
	ACSCallDiagnosticsUpdates          ACSCategory = "CallDiagnosticsUpdates"
	ACSCallClientOperations            ACSCategory = "CallClientOperations"
	ACSCallClientMediaStatsTimeSeries  ACSCategory = "CallClientMediaStatsTimeSeries"
	ACSCallClientServiceRequestOutcome ACSCategory = "CallClientServiceRequestAndOutcome"
	ACSCallSurvey                      ACSCategory = "CallSurvey"
	ACSCallingMetrics                  ACSCategory = "CallingMetrics"
	ACSCallClientMediaStatsCompressed  ACSCategory = "CallClientMediaStatsCompressedTimeSeries"
)

// ACSRecord is one ACS log record, normalised: trimmed ids, numbers parsed,
// "null" strings read as null. Exactly one of the category payloads is set.
// Records are kept as they arrived so that a call can be assembled again,
// in any order, whenever more of its records arrive.
type ACSRecord struct {
	Category ACSCategory `json:"category"`
	// CorrelationID is the record's correlation id as written. Group
	// records into calls with acs.CallID: surveys and client logs name
	// the call elsewhere.
	Time          Opt[time.Time] `json:"time,omitzero"`
	ResourceID    Opt[string]    `json:"resourceId,omitzero"`
	CorrelationID string         `json:"correlationId"`
	OperationName Opt[string]    `json:"operationName,omitzero"`
	OperationVer  Opt[string]    `json:"operationVersion,omitzero"`
	// UpdatesVersion is CallUpdatesVersion of the *Updates categories; 0
	// for the final CallSummary / CallDiagnostics snapshots.
	UpdatesVersion int64 `json:"callUpdatesVersion,omitempty"`

	Summary     *ACSSummary         `json:"summary,omitempty"`
	Diagnostics *ACSDiagnostics     `json:"diagnostics,omitempty"`
	ClientOp    *ACSClientOperation `json:"clientOperation,omitempty"`
	MediaStats  *ACSMediaStats      `json:"mediaStats,omitempty"`
	Survey      *ACSSurvey          `json:"survey,omitempty"`
	// Other holds the properties of categories without a typed payload
	// (CallingMetrics, CallClientServiceRequestAndOutcome…).
	Other map[string]json.RawMessage `json:"other,omitempty"`

	Extra Extra `json:"@unknown,omitempty"`
}

// ACSSummary is the properties of a CallSummary(Updates) record: one
// participant (group) or endpoint (P2P).
type ACSSummary struct {
	Identifier              Opt[string]     `json:"identifier,omitzero" pii:"id"`
	CallStartTime           Opt[time.Time]  `json:"callStartTime,omitzero"`
	CallDuration            Opt[int64]      `json:"callDuration,omitzero"`
	CallType                Opt[string]     `json:"callType,omitzero"`
	TeamsThreadID           Opt[string]     `json:"teamsThreadId,omitzero"`
	ParticipantID           Opt[string]     `json:"participantId,omitzero"`
	ParticipantStartTime    Opt[time.Time]  `json:"participantStartTime,omitzero"`
	ParticipantDuration     Opt[int64]      `json:"participantDuration,omitzero"`
	ParticipantEndReason    Opt[string]     `json:"participantEndReason,omitzero"`
	ParticipantEndSubCode   Opt[string]     `json:"participantEndSubCode,omitzero"`
	ResultCategory          Opt[string]     `json:"resultCategory,omitzero"`
	EndpointID              Opt[string]     `json:"endpointId,omitzero" pii:"id"`
	EndpointType            Opt[string]     `json:"endpointType,omitzero"`
	SDKVersion              Opt[string]     `json:"sdkVersion,omitzero"`
	OSVersion               Opt[string]     `json:"osVersion,omitzero"`
	ParticipantTenantID     Opt[string]     `json:"participantTenantId,omitzero"`
	ParticipantType         Opt[string]     `json:"participantType,omitzero"`
	PSTNParticipantCallType Opt[string]     `json:"pstnParticipantCallType,omitzero"`
	DiagnosticOptions       Opt[string]     `json:"diagnosticOptions,omitzero"`
	CallDebuggingInfo       json.RawMessage `json:"callDebuggingInfo,omitempty"`
	TPE                     Opt[string]     `json:"tpe,omitzero"`
}

// ACSDiagnostics is the properties of a CallDiagnostics(Updates) record:
// one media stream of one endpoint (the server included).
type ACSDiagnostics struct {
	Identifier                      Opt[string]  `json:"identifier,omitzero" pii:"id"`
	ParticipantID                   Opt[string]  `json:"participantId,omitzero"`
	EndpointID                      Opt[string]  `json:"endpointId,omitzero" pii:"id"`
	EndpointType                    Opt[string]  `json:"endpointType,omitzero"`
	MediaType                       Opt[string]  `json:"mediaType,omitzero"`
	StreamID                        Opt[string]  `json:"streamId,omitzero"`
	TransportType                   Opt[string]  `json:"transportType,omitzero"`
	RoundTripTimeAvg                Opt[float64] `json:"roundTripTimeAvg,omitzero"`
	RoundTripTimeMax                Opt[float64] `json:"roundTripTimeMax,omitzero"`
	JitterAvg                       Opt[float64] `json:"jitterAvg,omitzero"`
	JitterMax                       Opt[float64] `json:"jitterMax,omitzero"`
	PacketLossRateAvg               Opt[float64] `json:"packetLossRateAvg,omitzero"`
	PacketLossRateMax               Opt[float64] `json:"packetLossRateMax,omitzero"`
	JitterBufferSizeAvg             Opt[float64] `json:"jitterBufferSizeAvg,omitzero"`
	JitterBufferSizeMax             Opt[float64] `json:"jitterBufferSizeMax,omitzero"`
	HealedDataRatioAvg              Opt[float64] `json:"healedDataRatioAvg,omitzero"`
	HealedDataRatioMax              Opt[float64] `json:"healedDataRatioMax,omitzero"`
	VideoFrameRateAvg               Opt[float64] `json:"videoFrameRateAvg,omitzero"`
	RecvResolutionHeight            Opt[float64] `json:"recvResolutionHeight,omitzero"`
	RecvFreezeDurationPerMinuteInMs Opt[float64] `json:"recvFreezeDurationPerMinuteInMs,omitzero"`
	PacketUtilization               Opt[int64]   `json:"packetUtilization,omitzero"`
	VideoBitRateAvg                 Opt[float64] `json:"videoBitRateAvg,omitzero"`
	VideoBitRateMax                 Opt[float64] `json:"videoBitRateMax,omitzero"`
	StreamDirection                 Opt[string]  `json:"streamDirection,omitzero"`
	CodecName                       Opt[string]  `json:"codecName,omitzero"`
}

// ACSClientOperation is one Calling SDK operation (CallClientOperations).
type ACSClientOperation struct {
	CallClientTimeStamp Opt[time.Time] `json:"callClientTimeStamp,omitzero"`
	OperationName       Opt[string]    `json:"operationName,omitzero"`
	CallID              Opt[string]    `json:"callId,omitzero"`
	ParticipantID       Opt[string]    `json:"participantId,omitzero"`
	OperationType       Opt[string]    `json:"operationType,omitzero"`
	OperationID         Opt[string]    `json:"operationId,omitzero"`
	DurationMs          Opt[int64]     `json:"durationMs,omitzero"`
	ResultType          Opt[string]    `json:"resultType,omitzero"`
	ResultSignature     Opt[int64]     `json:"resultSignature,omitzero"`
	SDKVersion          Opt[string]    `json:"sdkVersion,omitzero"`
	UserAgent           Opt[string]    `json:"userAgent,omitzero"`
	ClientInstanceID    Opt[string]    `json:"clientInstanceId,omitzero"`
	EndpointID          Opt[string]    `json:"endpointId,omitzero" pii:"id"`
	OperationPayload    Opt[string]    `json:"operationPayload,omitzero"`
}

// ACSMediaStats is one 10-second aggregate of one client media metric
// (CallClientMediaStatsTimeSeries).
type ACSMediaStats struct {
	CallClientTimeStamp        Opt[time.Time] `json:"callClientTimeStamp,omitzero"`
	CallID                     Opt[string]    `json:"callId,omitzero"`
	MetricName                 Opt[string]    `json:"metricName,omitzero"`
	Count                      Opt[int64]     `json:"count,omitzero"`
	Sum                        Opt[float64]   `json:"sum,omitzero"`
	Average                    Opt[float64]   `json:"average,omitzero"`
	Minimum                    Opt[float64]   `json:"minimum,omitzero"`
	Maximum                    Opt[float64]   `json:"maximum,omitzero"`
	MediaStreamDirection       Opt[string]    `json:"mediaStreamDirection,omitzero"`
	MediaStreamType            Opt[string]    `json:"mediaStreamType,omitzero"`
	MediaStreamCodec           Opt[string]    `json:"mediaStreamCodec,omitzero"`
	ParticipantID              Opt[string]    `json:"participantId,omitzero"`
	ClientInstanceID           Opt[string]    `json:"clientInstanceId,omitzero"`
	EndpointID                 Opt[string]    `json:"endpointId,omitzero" pii:"id"`
	RemoteParticipantID        Opt[string]    `json:"remoteParticipantId,omitzero"`
	RemoteEndpointID           Opt[string]    `json:"remoteEndpointId,omitzero" pii:"id"`
	MediaStreamID              Opt[string]    `json:"mediaStreamId,omitzero"`
	AggregationIntervalSeconds Opt[int64]     `json:"aggregationIntervalSeconds,omitzero"`
}

// ACSSurvey is one end-of-call survey (CallSurvey).
type ACSSurvey struct {
	CallID            Opt[string]  `json:"callId,omitzero"`
	ParticipantID     Opt[string]  `json:"participantId,omitzero"`
	SurveyID          Opt[string]  `json:"surveyId,omitzero"`
	OverallCallIssues Opt[string]  `json:"overallCallIssues,omitzero"`
	AudioIssues       Opt[string]  `json:"audioIssues,omitzero"`
	VideoIssues       Opt[string]  `json:"videoIssues,omitzero"`
	ScreenshareIssues Opt[string]  `json:"screenshareIssues,omitzero"`
	OverallScore      Opt[float64] `json:"overallRatingScore,omitzero"`
	OverallThreshold  Opt[float64] `json:"overallRatingThreshold,omitzero"`
	AudioScore        Opt[float64] `json:"audioRatingScore,omitzero"`
	AudioThreshold    Opt[float64] `json:"audioRatingThreshold,omitzero"`
	VideoScore        Opt[float64] `json:"videoRatingScore,omitzero"`
	VideoThreshold    Opt[float64] `json:"videoRatingThreshold,omitzero"`
	ScreenshareScore  Opt[float64] `json:"screenshareRatingScore,omitzero"`
	ScreenshareThresh Opt[float64] `json:"screenshareRatingThreshold,omitzero"`
}

// ACSCall holds what ACS reports about a call beyond the Graph-shaped tree.
type ACSCall struct {
	CorrelationID    string                `json:"correlationId"`
	ResourceID       string                `json:"resourceId,omitempty"`
	CallType         string                `json:"callType,omitempty"`
	TeamsThreadID    string                `json:"teamsThreadId,omitempty"`
	ClientOperations []*ACSClientOperation `json:"clientOperations,omitempty"`
	MediaStats       []*ACSMediaStats      `json:"mediaStats,omitempty"`
	Surveys          []*ACSSurvey          `json:"surveys,omitempty"`
	// Servers holds the CallSummary facts of the ACS media server: they
	// belong to the call, not to a participant's session.
	Servers []*ACSParticipant `json:"servers,omitempty"`
	// Records counts the log records the call was assembled from, by category.
	Records map[ACSCategory]int `json:"records,omitempty"`
}

// ACSParticipant is one CallSummary record's view of a session.
type ACSParticipant struct {
	ParticipantID           string          `json:"participantId,omitempty"`
	EndpointID              Opt[string]     `json:"endpointId,omitzero" pii:"id"`
	EndpointType            string          `json:"endpointType,omitempty"`
	Identifier              Opt[string]     `json:"identifier,omitzero" pii:"id"`
	ParticipantTenantID     Opt[string]     `json:"participantTenantId,omitzero"`
	ParticipantType         Opt[string]     `json:"participantType,omitzero"`
	PSTNParticipantCallType Opt[string]     `json:"pstnParticipantCallType,omitzero"`
	SDKVersion              Opt[string]     `json:"sdkVersion,omitzero"`
	OSVersion               Opt[string]     `json:"osVersion,omitzero"`
	EndReason               Opt[string]     `json:"participantEndReason,omitzero"`
	EndSubCode              Opt[string]     `json:"participantEndSubCode,omitzero"`
	ResultCategory          Opt[string]     `json:"resultCategory,omitzero"`
	DiagnosticOptions       Opt[string]     `json:"diagnosticOptions,omitzero"`
	CallDebuggingInfo       json.RawMessage `json:"callDebuggingInfo,omitempty"`
	// SummaryMissing is set while only CallDiagnostics records of the
	// participant have arrived.
	SummaryMissing bool `json:"summaryMissing,omitempty"`
}

// ACSStream holds the CallDiagnostics metrics that have no Graph
// counterpart, and the values as ACS named them.
type ACSStream struct {
	MediaType                       string       `json:"mediaType,omitempty"`
	EndpointType                    string       `json:"endpointType,omitempty"`
	Direction                       string       `json:"streamDirection,omitempty"`
	TransportType                   Opt[string]  `json:"transportType,omitzero"`
	CodecName                       Opt[string]  `json:"codecName,omitzero"`
	JitterBufferSizeAvg             Opt[float64] `json:"jitterBufferSizeAvg,omitzero"`
	JitterBufferSizeMax             Opt[float64] `json:"jitterBufferSizeMax,omitzero"`
	HealedDataRatioAvg              Opt[float64] `json:"healedDataRatioAvg,omitzero"`
	HealedDataRatioMax              Opt[float64] `json:"healedDataRatioMax,omitzero"`
	RecvResolutionHeight            Opt[float64] `json:"recvResolutionHeight,omitzero"`
	RecvFreezeDurationPerMinuteInMs Opt[float64] `json:"recvFreezeDurationPerMinuteInMs,omitzero"`
	VideoBitRateAvg                 Opt[float64] `json:"videoBitRateAvg,omitzero"`
	VideoBitRateMax                 Opt[float64] `json:"videoBitRateMax,omitzero"`
}
