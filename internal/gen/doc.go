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
//	dir/acs/insights-logs-callsummary/resourceId=/SUBSCRIPTIONS/…/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json
//	dir/acs/insights-logs-calldiagnostics/…/PT1H.json
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
// Options.Bytes ends a run once about that many bytes of Graph JSON are
// written (whole calls; the ACS calls end at the same time), so that a
// benchmark gets the data set's first part of a given size.
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
// 11 % Calling Plan calls out and 9 % direct-routing calls in.
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
// media is re-established, several segments each); Calling Plan calls out
// (the user against the mediationServer, a second segment to the
// carrier's gateway, the phone number as a participant) and
// direct-routing calls in through the organization's SBC (gateway role;
// media bypass or through the mediation server; the caller's number as
// organizer). One phone call in eight lasts one to five hours and is put
// on hold and resumed, a new pair of segments for every leg.
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
// documented end codes. Values are messy the way real exports are:
// numbers as strings, null as "null", VoIP/VOIP, a stray space before an
// id, small loss rates in scientific notation, PascalCase for the newer
// properties.
//
// Result counts calls, sessions and streams as ingest stores them. Note
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
//     (participantEndReason 410, subcodes 3100/301004/3112) about one time
//     in four.
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
