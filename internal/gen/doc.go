// Package gen generates realistic synthetic telemetry for demos, tests and
// benchmarks (`callscope gen`): a month of Microsoft Teams call records
// and Azure Communication Services logs of one organization, with a few
// problems planted where a network engineer or a helpdesk should find
// them. The same Options give byte-identical files; the data comes from a
// seeded PCG source and nothing else (no map order, no clock when End is
// set). Calls are generated and written one at a time, so memory does not
// grow with their number: the largest record, a town hall of a few
// megabytes, is built in memory once and let go.
//
// # What is written
//
//	dir/buildings.csv                          CQD building file (quality-definitions §3.6)
//	dir/graph/callrecords-0001.jsonl.gz …      Graph callRecords, gzip JSON lines (.jsonl with Options.Plain)
//	dir/usage/getPstnCalls-0001.json …         Graph PSTN usage log, a page of 1,000 rows a file
//	dir/usage/getDirectRoutingCalls-0001.json …  Graph direct-routing usage log, likewise
//	dir/acs/insights-logs-callsummary/resourceId=/SUBSCRIPTIONS/…/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json
//	dir/acs/insights-logs-calldiagnostics/…/PT1H.json
//	dir/acs/insights-logs-callsurvey/…/PT1H.json
//	dir/acs/insights-logs-callclientmediastatstimeseries/…/PT1H.json
//
// A Graph file holds one record a line, as GET
// /communications/callRecords/{id}?$expand=sessions($expand=segments),participants_v2
// returns it, every session inline. A meeting of more than 130
// participants has the first 130 inline, then
// participants_v2@odata.nextLink, and the rest on the lines right after
// the record: one participants_v2 page a line, each a list response
// ({"@odata.context": "…$metadata#communications/callRecords('<id>')/participants_v2",
// "@odata.nextLink" unless it is the last, "value": […]}), as
// GET …/callRecords/{id}/participants_v2 returns it.
//
// A usage file is one page of the beta getPstnCalls or
// getDirectRoutingCalls response, as a collector saves it: one line of
// {"@odata.context": "…$metadata#Collection(microsoft.graph.callRecords.pstnCallLogRow)",
// "@odata.count", "value": […], "@odata.nextLink" unless it is the last}.
// Only the page being filled is in memory.
//
// Options.Bytes ends a run once about that many bytes of Graph JSON are
// written (whole calls; the usage rows and the ACS calls end at the same
// time), so that a benchmark gets the data set's first part of a given
// size.
//
// # The shape of the data
//
// Record sizes follow a real tenant's: most records are 1:1 calls, PSTN
// calls and small meetings of a few to some tens of kilobytes; about one
// in ten is large: meetings of 50 to 300 participants (hundreds of
// sessions, a few megabytes, several participants_v2 pages) and phone
// calls of hours with many segments. For the default organization's
// month (a gigabyte of Graph JSON), records are about 10 KB at the
// median, 75 KB at the 90th percentile, 1.5 to 2 MB at the 99th and 3 MB
// at most; sessions 1, 10, about 200 and about 350. ACS calls write 6 log
// records at the median and a few hundred for a class. Result reports
// these percentiles for every run.
//
// The organization (Options.Domain, Options.TenantID) has people in six
// buildings in five cities, three regions and four countries (Seattle ×2,
// New York, London, Berlin, Sydney; UTC offsets fixed, summer time
// ignored) and some working from home. Every person has a name (some with
// accents), a UPN, an object id, two in five a direct phone number (from
// ranges reserved for fiction: US 555-01xx, Ofcom 020 7946 0xxx, Berlin
// 030 23125 xxx, Sydney 02 5550 xxxx; shown as the phone identity of
// their participants_v2 entry on PSTN and direct-routing calls), a laptop (Windows, macOS or the web client,
// with a CPU and a machine name), an audio device (headsets, speakerphones,
// laptop microphones; fictitious brands) and often a phone (iOS, Android).
// Each building has a Teams Rooms device. Every tenth person also staffs
// "Virtual Visits", the organization's ACS app.
//
// Networks: the buildings' wired /24s (published in the building file as
// one /22 supernet for SEA-B1, NYC-HUDSON and BER-MITTE, as /24s
// elsewhere), Wi-Fi subnets with 2.4 and 5 GHz access points (BSSIDs,
// channels, signal strength, drivers), Teams Rooms subnets, a guest SSID
// at SEA-B1 (published with InsideCorp 0), two VPN pools (VPN 1) reached
// from home, home networks (192.168.1.0, 192.168.0.0, 10.0.0.0… — Outside,
// not in the file) and cellular networks. Public addresses are from the
// documentation ranges (RFC 5737); relay and server addresses from
// Microsoft's media ranges. ExpressRoute is 1 for SEA-*, LON-*.
//
// Volume follows each site's working hours (a morning ramp, a lunch dip,
// an afternoon peak, evenings quiet) and weekdays (a weekend day sees 5 %
// of a weekday): about 2.4 Teams calls and meetings started per person per
// working day and four Virtual Visits calls per member of its staff. Of
// the Teams calls, 44 % are 1:1, 28 % small meetings, 8 % large meetings,
// 11 % Calling Plan calls and 9 % direct-routing calls.
//
// Graph (Teams): 1:1 calls (peerToPeer, one session between two
// participantEndpoints, sometimes with a federated user of another tenant
// whose display name is null and whose network Graph does not show);
// meetings (groupCall, one session per participant and connection against
// the conference server's serviceEndpoint; late joins, muted listeners
// whose outbound audio has too few packets to classify, cameras, screen
// sharing as applicationsharing-video, anonymous guests with
// teamsvisitor ids and null names, Teams Rooms, failed joins retried and
// drops rejoined as second sessions of the same participant); large
// meetings of 50 to 130 people and town halls and webinars of 140 to 300
// (people from every site, rooms, guests and the partner tenant's users;
// presenters sharing, most others muted with their camera off; people
// stepping out and back, two or three sessions each; long sessions whose
// media is re-established, several segments each); Calling Plan calls
// (the user against the mediationServer, a second segment between it and
// the carrier's gateway, the phone number as a participant; 40 % of them
// in, the number then the caller and organizer) and direct-routing calls
// through one of the organization's three SBCs (gateway role, named in
// its user agent: sbc1-us and sbc2-us share the Americas' and
// Asia-Pacific's calls, sbc1-eu carries EMEA's; media bypass or through
// the mediation server; 55 % of them in). One phone call in eight lasts
// one to five hours and is put on hold and resumed, a new pair of
// segments for every leg.
//
// Every Calling Plan call that connected has a pstnCallLogRow, every
// direct-routing call a directRoutingLogRow, with the call record's id as
// correlationId (and the PSTN row's callId), its user, start, end and
// duration, and its numbers in E.164: the user's direct number as the
// record shows it, or the site's main number for people without one.
// PSTN rows: user_in or user_out, the user's country and currency,
// Domestic or International with the other country's name, the
// licence (MCOPSTN2 for one user in three, with international minutes;
// MCOPSTN1 otherwise, whose international minutes are charged), operator
// Microsoft. Direct-routing rows: ByotIn or ByotOut, the SBC's FQDN,
// media bypass, the signalling and media datacenters near the user
// (USWE, USEA, EUWE, EUNO, AUEA, AUSE), the final SIP code with
// Microsoft's response code (0 BYE with 540000 in and 560000 out; SBC
// responses as 540xxx in and 560xxx out, the last three digits the SIP
// code; the calling platform's 10004, 10037, 10057 when the Teams side
// failed to set the call up; 511404, 510403). Before a direct-routing
// call, the caller may have tried and failed (404, 480, 486, 487, 403,
// now and then 503): each failed attempt is a row of its own, with a
// correlation id no call record has, successfulCall false, its
// inviteDateTime and failureDateTime, and no end. Calls that fail to set
// up are about 4 % of attempts.
// Streams carry every metric the quality rules read (jitter, packet loss,
// RTT with their peaks, concealed ratio, degradation, packet utilization,
// bandwidth, frame rate and loss, post-FEC loss, freezes), devices their
// not-functioning and other event ratios, networks their event ratios.
// One call in 25 is published in two or three versions (same id, higher
// version, more detail), written together, a quarter of them the newer
// first. A user in 25 leaves feedback, worse after worse calls.
//
// ACS (Virtual Visits): staff (Microsoft 365 users, by object id) call
// customers (ACS identities, browser or native SDK, at home or on
// cellular) one to one (P2P: two CallSummary records, each endpoint's
// outbound streams in CallDiagnostics), or meet in group calls (a
// CallSummary per participant connection, rejoins with a new
// participantId, now and then the server's own summary; the participant's
// outbound streams and the server's rows for its inbound ones), some of
// them Teams interop meetings with a partner's clinician whose SDK and OS
// are "Redacted"; 6 % are classes of 20 to 80 customers with a few
// staff, with hundreds of CallDiagnostics rows. Unanswered calls, setup failures and drops carry the
// documented end codes (acs-logs §5): most connections end 0/0; a
// caller gives up (487/0, the callee 487/10004), a callee declines
// (603/0), has no app open (480/10037, and no summary of its own) or
// loses it while answering (408/10057); people close the tab (0/4521),
// the host ends a group call for everyone (0/4097), removes someone from
// a class (0/5000); connections fail to set up (410/3100, 410/301004,
// 410/3112, 490/4502, 410/3111, 495/4507, 408/4506) or are dropped
// (410/3101, 410/301005, 496/7, 490/4502), each with its resultCategory.
//
// One Web SDK participant in twelve answers the end-of-call survey
// (CallSurvey, logged as EndOfCallSurvey by the newest build and
// CallSurvey by older ones; the record's correlationId is the
// participant's id, CallId the call's): an overall score and, often,
// audio, video and screen-sharing scores on the app's scale of 0 to 10
// (threshold 5, both bounds given), with issues (CallCannotJoin,
// CallEndedUnexpectedly, HadToRejoin, DistortedSpeech,
// AudioInterruption, NoRemoteAudio, Freezes, LowQuality, LargeDelay…)
// that follow what went wrong: scores near the top after good media,
// near the bottom after poor media or a failed connection.
//
// In one 1:1 or small group call in fifteen the staff's browser logs media
// statistics (CallClientMediaStatsTimeSeries): for each of its
// connections, media and directions, a record per statistic per ten
// seconds (Count, Sum, Average, Minimum, Maximum): Bitrate and RttInMs
// sending audio, PacketsPerSecond, PacketsLostPerSecond and JitterInMs
// receiving it; Bitrate and FrameRateSent sending video,
// PacketsPerSecond, PacketsLostPerSecond and FrameRateReceived receiving
// it; FrameRateSent or FrameRateReceived for screen sharing. The series
// average what CallDiagnostics says of the stream, with noise; a poor
// stream's loss, jitter and round trip are bad for a spell of a tenth to
// a third of the call (a minute at least) and better the rest of it.
// A 12-minute video call writes about 700 such records, half a megabyte.
//
// Values are messy the way real exports are:
// numbers as strings, null as "null", VoIP/VOIP, a stray space before an
// id, small loss rates in scientific notation, PascalCase for the newer
// properties.
//
// Result counts calls, sessions and streams as ingest stores them, the
// usage rows, surveys and media statistics records apart. Note
// that ingest counts a call again for every batch of 256 call records its
// versions appear in, and counts ACS calls again when more than 4096 of
// them await assembly; below those sizes the two agree exactly. Result
// also gives the bytes written and the percentiles of bytes and sessions
// per Graph record and of log records per ACS call.
//
// # Planted problems
//
// These stand out by a wide margin in every data set of ten users or more,
// so that dashboards and tests can assert that they are found:
//
//   - PoorWifiBuilding: every Wi-Fi session in the building has low
//     signal (12–48 %), heavy loss (5–28 %) and jitter; most of its people
//     are on Wi-Fi. Poor % by building stands out.
//   - BadSwitchSubnet: the wired /24 behind a congested switch in SEA-B1
//     adds 38–95 ms of jitter and some loss. Poor % by subnet stands out
//     (its /22 supernet dilutes it by building).
//   - DroppingBSSID: the access point of NYC-HUDSON's open-plan floor
//     (every other desk) drops two sessions in five (failureInfo stage
//     midcall) and loses 6–22 % of packets. Drops and poor % by BSSID
//     stand out.
//   - FaultyCaptureDevice: a headset model, one person in 25 has it, whose
//     microphone stops in most sessions (captureNotFunctioningEventRatio
//     0.006–0.2, over Call Analytics' 0.005), rating those sessions poor.
//   - FailingClientVersion: a Teams desktop build, one person in 12 runs
//     it, whose sessions fail setup (failureInfo stage callSetup) about
//     one time in four.
//   - FailingSDKVersion: an ACS web SDK build whose connections fail setup
//     (participantEndReason 410, subcodes 3100/301004/3112, 490/4502…)
//     about one time in four, and whose connected calls end in the
//     client's own errors (410/3101, 490/4502, 410/301005) one time in
//     ten: its participants end with UnexpectedClientError about ten
//     times as often as the others'.
//   - DegradingSBC: one of the two US SBCs, whose direct-routing attempts
//     fail more and more over the last SBCDegradationDays of the window
//     (503, 500, 408, 504 as 540xxx / 560xxx), from about 4 % of attempts
//     to about 60 % at the end, while the other SBCs go on as before.
//
// Everything else has the background a real organization has: a poor
// stream now and then (transient loss, home congestion, cellular
// networks, the VPN's long way round), rare drops and setup failures.
package gen

// The planted problems; see the package documentation.
const (
	// PoorWifiBuilding is the building (BuildingName) with poor Wi-Fi.
	PoorWifiBuilding = "LON-PADDINGTON"
	// BadSwitchSubnet is the subnet (networkInfo.subnet) behind a bad switch.
	BadSwitchSubnet = "10.10.2.0"
	// DroppingBSSID is the access point (basicServiceSetIdentifier) that drops calls.
	DroppingBSSID = "94:b4:0f:12:03:50"
	// FaultyCaptureDevice is the captureDeviceName of the faulty headset.
	FaultyCaptureDevice = "Microphone (Tailspin Tune 30 USB)"
	// FailingClientVersion is the Teams applicationVersion that fails setup.
	FailingClientVersion = "24277.3502.3161.3000"
	// FailingSDKVersion is the ACS sdkVersion that fails setup.
	FailingSDKVersion = "1.28.4"
)
