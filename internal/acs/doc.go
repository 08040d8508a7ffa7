// Package acs decodes Azure Communication Services (ACS) call logs, one
// record at a time, and assembles the records of one call into callscope's
// Graph-shaped model.Call.
//
// Reading containers (files, gzip, JSON lines and arrays, Event Hubs
// bodies) is not done here: a reader hands DecodeRecord the bytes of one
// record and, when the record came from a storage export, the category
// named by its path (CategoryFromPath). Records are stored as decoded;
// Assemble is run again over all current records of a call whenever more
// arrive.
//
// # Decoding
//
// Records arrive in two shapes that map onto the same model types: the
// Azure Monitor envelope (time, resourceId, correlationId, operationName,
// operationVersion, category, properties) and Log Analytics rows
// (TimeGenerated, _ResourceId, CorrelationId or CallId, Type "ACSCallSummary"…),
// either flat or wrapped in "properties" as the docs print them.
//
// The category is, in order: the path hint; the category text; the Log
// Analytics table (Type ACSCallSurvey → CallSurvey); the operationName (with
// EndOfCallSurvey → CallSurvey). A record carrying callUpdatesVersion is a
// CallSummaryUpdates / CallDiagnosticsUpdates record whatever it says. A
// category text that disagrees with the result (the Updates samples say
// CallSummary) is kept in Extra under "category". Categories callscope has
// no type for keep their properties in ACSRecord.Other.
//
// Values are read leniently, as real exports demand: property names in any
// casing; numbers as numbers or strings, in scientific notation too; null
// and the string "null" both as null; ids trimmed; Log Analytics dynamic
// columns (DiagnosticOptions, OperationPayload) as text even when they
// arrive as objects. endpointType is given one spelling per value (Server,
// VoIP, PSTN, Bot, Voicemail, Anonymous, Unknown; others as given).
// "Redacted" is kept as a value: it says Microsoft withheld the value, which
// later layers must show as such. Unknown properties are kept in
// ACSRecord.Extra under their names (a properties key whose name the top
// level already uses as "properties.<name>"). The survey thresholds spelt
// "…RatingScoreThreshold" in the samples fill the model's "…RatingThreshold"
// fields; the scale bounds have no model field and stay in Extra.
//
// Rejected are only: input that is not one JSON object (ErrNotObject), a
// record whose category cannot be determined, a summary, diagnostics,
// client-operation, media-statistics or survey record that names no call,
// and a value that is not of its field's type (*FieldError naming the
// field, e.g. "properties.jitterAvg: expected a number, got \"abc\"").
//
// # Calls and versions
//
// CallID is the correlationId for summaries and diagnostics and the CallId
// column for the client-side categories (the survey's CorrelationId holds
// the participant id). RecordKey identifies a record within its call; the
// version of a record is its UpdatesVersion, 0 for the final snapshots.
// Assemble keeps the highest version of each key. The call's Version is the
// highest UpdatesVersion among its records, at least 1.
//
// # Assembly
//
// correlationId → Call (Source acs, Tenant the observing tenant, Call.ACS
// with resource, callType, Teams thread, record counts per category, client
// operations, media statistics and surveys). Where summaries disagree
// (several Teams thread ids, resource ids) the most common value wins, the
// smallest on a tie. Type: any summary saying Group makes a group call,
// else P2P a peer-to-peer call; without a summary, a server diagnostics
// row or a participantId makes a group call (the schema's definition),
// other diagnostics a peer-to-peer call, and without either the type stays
// absent. Start is the earliest callStartTime (else participantStartTime,
// else the earliest event time: the client timestamp of client operations
// and media statistics, the record time of others); End the latest of
// callStartTime+callDuration and participantStartTime+participantDuration;
// LastModifiedDateTime the newest record time. Modalities come from the
// media types seen: Audio → audio, Video → video, VBSS →
// videoBasedScreenSharing, AppSharing (the data channel) → data; unknown
// media types add none.
//
// Group calls (rows with a participantId): one session per participantId of
// a non-server endpoint, id = participantId. The caller is the
// participant's participantEndpoint; the callee the ACS server, a
// serviceEndpoint. Session.ACS holds the summary's facts as given (end
// reason, subcode, result category…), or SummaryMissing while only
// diagnostics have arrived (the caller then comes from the first
// diagnostics row). A rejoin (same endpointId, new participantId) is two
// sessions with the same caller identity. Server summary rows are
// call-level only: they set the call's times and type and are kept in
// ACSCall.Servers, but make no session.
//
// P2P (rows without a participantId): exactly two endpoints (by
// endpointId, else identifier) make one session, id = correlationId, whose
// caller is the endpoint with the earlier callStartTime (then
// participantStartTime, then endpointId); the caller's summary is
// Session.ACS, the callee's Session.CalleeACS. Any other number of endpoints (the sample correlationId has
// three P2P rows and one Group row) gives one session per endpoint, in that
// order, ids "<callId>/endpoint-<n>", against an unknown peer (a
// participantEndpoint without identity): nothing is paired by guess and no
// row is dropped. Server rows without a participantId go to sessions
// "<callId>/server-<n>" from the server to an unknown peer.
//
// Each session has one segment with the same ends and times (session start
// = earliest participantStartTime, else callStartTime; end = latest
// participantStartTime+participantDuration, else callStartTime+callDuration;
// absent when no summary arrived) and one media per mediaType, labelled
// main-audio, main-video, applicationsharing-video (VBSS) or main-data
// (AppSharing); unknown types keep their own text as label.
//
// Streams: in group calls a server row is the participant's inbound stream
// (calleeToCaller) and every other row its outbound stream
// (callerToCallee); in P2P each row is its endpoint's outbound stream
// (caller's rows callerToCallee, callee's calleeToCaller). A row that says
// StreamDirection Inbound is turned the other way. Metrics map onto Graph:
// roundTripTime and jitter (ms) → averageRoundTripTime / maxRoundTripTime /
// averageJitter / maxJitter durations, packetLossRate → average / max
// packet loss rate (ratios, as ACS reports them), PacketUtilization,
// VideoFrameRateAvg → averageVideoFrameRate, CodecName → audioCodec or
// videoCodec in Graph's spelling where one matches (OPUS → opus, H264S →
// h264s), else as given. transportType becomes the sending side's
// networkTransportProtocol (udp, tcp, Unrecognized → unknown) when all that
// side's streams of the media agree. Everything else, and the values as
// ACS named them, stays in Stream.ACS.
//
// Identities: "acs:…" identifiers are ACS users
// (azureCommunicationServicesUserIdentity), GUIDs Entra / Teams users
// (userIdentity), Bot endpoints applications, "8:teamsvisitor:…" guests;
// participantTenantId is the identity's tenantId. The user agent is a
// clientUserAgent with applicationVersion = sdkVersion and headerValue =
// osVersion, and a platform where the OS text names one unambiguously
// (Windows, Android, iOS, macOS; "Darwin Kernel" names none).
// ParticipantsV2 has one participant per distinct identifier (for PSTN and
// other endpoints without one, per endpointId, without identity); the
// organizer is not known to ACS and stays nil. Failures are not judged
// here: the end codes stay on Session.ACS as given.
package acs
