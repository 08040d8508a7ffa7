package acs

import (
	"bytes"
	"github.com/callscope/callscope/internal/golden"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// goldenCase is one call assembled from fixture records.
type goldenCase struct {
	name  string
	call  string
	files []string
}

var goldenCases = []goldenCase{
	{"p2p-final", p2pCall, []string{"CallSummary.ndjson", "CallDiagnostics.ndjson"}},
	{"group-final", groupCall, []string{"CallSummary.ndjson", "CallDiagnostics.ndjson"}},
	{"p2p-updates", p2pCall, []string{"CallSummaryUpdates.ndjson", "CallDiagnosticsUpdates.ndjson"}},
	{"group-updates", groupCall, []string{"CallSummaryUpdates.ndjson", "CallDiagnosticsUpdates.ndjson"}},
	{"client-only", clientCall, []string{"CallClientOperations.ndjson", "CallClientMediaStatsTimeSeries.ndjson"}},
	{"survey-only", "fcc1234f-ce69-ZZZZ-b73f-b036051test4", []string{"CallSurvey.ndjson"}},
}

func TestAssembleGolden(t *testing.T) {
	t.Parallel()
	for _, gc := range goldenCases {
		t.Run(gc.name, func(t *testing.T) {
			t.Parallel()
			recs := records(t, gc.call, gc.files...)
			if len(recs) == 0 {
				t.Fatal("no records")
			}
			got := canonical(t, assemble(t, recs))
			golden.Check(t, filepath.Join("testdata", "golden", gc.name+".json"), got)
		})
	}
}

func TestAssembleOrderIndependent(t *testing.T) {
	t.Parallel()
	cases := append([]goldenCase{}, goldenCases...)
	cases = append(cases, goldenCase{"group-final+updates", groupCall,
		[]string{"CallSummary.ndjson", "CallDiagnostics.ndjson", "CallSummaryUpdates.ndjson", "CallDiagnosticsUpdates.ndjson"}})
	for _, gc := range cases {
		t.Run(gc.name, func(t *testing.T) {
			t.Parallel()
			recs := records(t, gc.call, gc.files...)
			want := canonical(t, assemble(t, recs))
			check := func(perm []*model.ACSRecord) {
				if got := canonical(t, assemble(t, perm)); !bytes.Equal(got, want) {
					t.Fatalf("order changed the result:\n%s\nwant\n%s", got, want)
				}
			}
			n := 0
			if len(recs) <= 7 {
				permute(append([]*model.ACSRecord(nil), recs...), 0, func(p []*model.ACSRecord) { n++; check(p) })
			} else {
				rng := rand.New(rand.NewPCG(1, uint64(len(recs))))
				p := append([]*model.ACSRecord(nil), recs...)
				for range 500 {
					rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
					n++
					check(p)
				}
			}
			t.Logf("%d records, %d orders", len(recs), n)
		})
	}
}

// permute calls f with every permutation of s.
func permute(s []*model.ACSRecord, k int, f func([]*model.ACSRecord)) {
	if k == len(s) {
		f(s)
		return
	}
	for i := k; i < len(s); i++ {
		s[k], s[i] = s[i], s[k]
		permute(s, k+1, f)
		s[k], s[i] = s[i], s[k]
	}
}

func TestAssembleUpdatesSupersedeFinal(t *testing.T) {
	t.Parallel()
	both := records(t, groupCall, "CallSummary.ndjson", "CallDiagnostics.ndjson", "CallSummaryUpdates.ndjson", "CallDiagnosticsUpdates.ndjson")
	updates := records(t, groupCall, "CallSummaryUpdates.ndjson", "CallDiagnosticsUpdates.ndjson")
	if got, want := canonical(t, assemble(t, both)), canonical(t, assemble(t, updates)); !bytes.Equal(got, want) {
		t.Errorf("final + updates differs from updates alone:\n%s\nwant\n%s", got, want)
	}
	c := assemble(t, both)
	if c.Version != 2 {
		t.Errorf("version %d, want 2", c.Version)
	}
	if c.ACS.Records[model.ACSCallSummary] != 0 || c.ACS.Records[model.ACSCallSummaryUpdates] != 5 {
		t.Errorf("records %v", c.ACS.Records)
	}
}

func TestAssembleVersion(t *testing.T) {
	t.Parallel()
	final := records(t, groupCall, "CallSummary.ndjson")
	if v := assemble(t, final).Version; v != 1 {
		t.Errorf("final snapshots only: version %d, want 1", v)
	}
	r := mustDecode(t, `{"correlationId":"`+groupCall+`","category":"CallDiagnostics","properties":{"participantId":"x","callUpdatesVersion":9}}`, "")
	if v := assemble(t, append(final, r)).Version; v != 9 {
		t.Errorf("version %d, want 9", v)
	}
}

// streamsOf lists a session's streams as "label streamId direction".
func streamsOf(s *model.Session) []string {
	var out []string
	for _, seg := range s.Segments {
		for _, m := range seg.Media {
			for _, st := range m.Streams {
				out = append(out, m.Label.Value()+" "+st.StreamID.Value()+" "+string(st.StreamDirection.Value()))
			}
		}
	}
	return out
}

func callerID(s *model.Session) string {
	if id := s.Caller.PrimaryIdentity(); id != nil {
		return id.ID.Value()
	}
	return ""
}

func TestAssembleP2P(t *testing.T) {
	t.Parallel()
	// The two VoIP endpoints of the P2P sample: summary lines 1–2 and the
	// three diagnostics rows.
	recs := []*model.ACSRecord{
		line(t, "CallSummary.ndjson", 1), line(t, "CallSummary.ndjson", 2),
		line(t, "CallDiagnostics.ndjson", 1), line(t, "CallDiagnostics.ndjson", 2), line(t, "CallDiagnostics.ndjson", 3),
	}
	c := assemble(t, recs)
	if c.Type.Value() != model.CallTypePeerToPeer {
		t.Errorf("type %v", c.Type)
	}
	if len(c.Sessions) != 1 {
		t.Fatalf("%d sessions, want 1", len(c.Sessions))
	}
	s := c.Sessions[0]
	if s.ID.Value() != p2pCall {
		t.Errorf("session id %v", s.ID)
	}
	// Endpoint 570ea078 started the call first (17:54:05.113 vs .335).
	if got := callerID(s); !strings.HasPrefix(got, "acs:61fddbe3") {
		t.Errorf("caller %q", got)
	}
	if got := s.Callee.PrimaryIdentity().ID.Value(); !strings.HasPrefix(got, "acs:7af14122") {
		t.Errorf("callee %q", got)
	}
	if s.Caller.Kind() != model.EndpointParticipant || s.Callee.Kind() != model.EndpointParticipant {
		t.Errorf("endpoint kinds %s / %s", s.Caller.Kind(), s.Callee.Kind())
	}
	want := []string{"main-audio 1000 callerToCallee", "main-audio 1363841599 calleeToCaller", "main-video 2804 callerToCallee"}
	if got := streamsOf(s); strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("streams %q, want %q", got, want)
	}
	if s.ACS == nil || s.ACS.EndpointID.Value() != "570ea078-74e9-4430-9c67-464ba1fa5859" {
		t.Errorf("session ACS %+v", s.ACS)
	}
	if callee := s.CalleeACS; callee == nil || callee.EndpointID.Value() != "a5bd82f9-ac38-4f4a-a0fa-bb3467cdcc64" {
		t.Errorf("callee facts %+v", callee)
	}
	if got, want := s.StartDateTime.String(), "2021-07-19T17:54:06.335Z"; got != want {
		t.Errorf("session start %s, want %s", got, want)
	}
	if got, want := s.EndDateTime.String(), "2021-07-19T17:54:11.758Z"; got != want {
		t.Errorf("session end %s, want %s", got, want)
	}
	if got, want := c.StartDateTime.String(), "2021-07-19T17:54:05.113Z"; got != want {
		t.Errorf("call start %s, want %s", got, want)
	}
	if got, want := c.EndDateTime.String(), "2021-07-19T17:54:11.758Z"; got != want {
		t.Errorf("call end %s, want %s", got, want)
	}
	if got := c.Modalities; len(got) != 2 || got[0] != model.ModalityAudio || got[1] != model.ModalityVideo {
		t.Errorf("modalities %v", got)
	}
	// Metrics: the video row's RTT, jitter, loss.
	v := s.Segments[0].Media[1].Streams[0]
	if v.AverageRoundTripTime.Value().Milliseconds() != 103 || v.MaxJitter.Value().Milliseconds() != 4 ||
		v.AveragePacketLossRate.Value() != 3.146336e-05 || s.Segments[0].Media[1].CallerNetwork.NetworkTransportProtocol.Value() != model.TransportUDP {
		t.Errorf("video stream %+v", v)
	}

	// Swapping the start times swaps caller and callee and the directions.
	swapped := []*model.ACSRecord{
		mustDecode(t, `{"correlationId":"c","category":"CallSummary","properties":{"callType":"P2P","callStartTime":"2024-01-01T10:00:01Z","endpointId":"e1","identifier":"acs:one","participantId":"null"}}`, ""),
		mustDecode(t, `{"correlationId":"c","category":"CallSummary","properties":{"callType":"P2P","callStartTime":"2024-01-01T10:00:00Z","endpointId":"e2","identifier":"acs:two","participantId":"null"}}`, ""),
		mustDecode(t, `{"correlationId":"c","category":"CallDiagnostics","properties":{"endpointId":"e1","mediaType":"Audio","streamId":"1","participantId":"null"}}`, ""),
		mustDecode(t, `{"correlationId":"c","category":"CallDiagnostics","properties":{"endpointId":"e2","mediaType":"Audio","streamId":"2","participantId":"null"}}`, ""),
	}
	s = assemble(t, swapped).Sessions[0]
	if callerID(s) != "acs:two" {
		t.Errorf("caller %q, want acs:two", callerID(s))
	}
	if got := strings.Join(streamsOf(s), "; "); got != "main-audio 2 callerToCallee; main-audio 1 calleeToCaller" {
		t.Errorf("streams %q", got)
	}
}

func TestAssembleMessyP2P(t *testing.T) {
	t.Parallel()
	// The P2P sample correlationId holds three P2P endpoint rows and one
	// Group PSTN row: the call is a group call, the PSTN participant a
	// session against the server, and each P2P endpoint a session against
	// an unknown peer; every diagnostics row is kept.
	c := assemble(t, records(t, p2pCall, "CallSummary.ndjson", "CallDiagnostics.ndjson"))
	if c.Type.Value() != model.CallTypeGroupCall || c.ACS.CallType != "Group" {
		t.Errorf("type %v / %q", c.Type, c.ACS.CallType)
	}
	var ids, streams []string
	for _, s := range c.Sessions {
		ids = append(ids, s.ID.Value())
		streams = append(streams, streamsOf(s)...)
	}
	// Endpoints are numbered by callStartTime; sessions are ordered by
	// their own (participant) start, which puts endpoint 2 first.
	want := []string{p2pCall + "/endpoint-2", p2pCall + "/endpoint-1", "b25cf111-73df-4e0a-a888-640000abe34d", p2pCall + "/endpoint-3"}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("sessions %q, want %q", ids, want)
	}
	if len(streams) != 3 {
		t.Errorf("streams %q, want all 3 rows", streams)
	}
	pstn := c.Sessions[2]
	if pstn.Callee.Kind() != model.EndpointService || pstn.ACS.EndpointType != "PSTN" {
		t.Errorf("PSTN session %+v", pstn)
	}
	for _, i := range []int{0, 1, 3} {
		if c.Sessions[i].Callee.PrimaryIdentity() != nil || c.Sessions[i].Callee.Kind() != model.EndpointParticipant {
			t.Errorf("session %d callee %+v, want an unknown peer", i, c.Sessions[i].Callee)
		}
	}
	if len(c.ParticipantsV2) != 4 {
		t.Errorf("%d participants, want 4", len(c.ParticipantsV2))
	}
}

func TestAssembleGroup(t *testing.T) {
	t.Parallel()
	c := assemble(t, records(t, groupCall, "CallSummary.ndjson", "CallDiagnostics.ndjson"))
	if c.Type.Value() != model.CallTypeGroupCall {
		t.Errorf("type %v", c.Type)
	}
	if len(c.Sessions) != 5 {
		t.Fatalf("%d sessions, want 5 (one per participant)", len(c.Sessions))
	}
	byID := map[string]*model.Session{}
	for _, s := range c.Sessions {
		byID[s.ID.Value()] = s
		if s.Callee.Kind() != model.EndpointService || s.Caller.Kind() != model.EndpointParticipant {
			t.Errorf("session %v: caller %s callee %s", s.ID, s.Caller.Kind(), s.Callee.Kind())
		}
		if len(s.Segments) != 1 || !s.Segments[0].StartDateTime.Valid() || s.Segments[0].StartDateTime != s.StartDateTime {
			t.Errorf("session %v segments %+v", s.ID, s.Segments)
		}
	}
	f := func(pid string, want ...string) {
		t.Helper()
		s := byID[pid]
		if s == nil {
			t.Fatalf("no session %s", pid)
		}
		if got := strings.Join(streamsOf(s), "; "); got != strings.Join(want, "; ") {
			t.Errorf("%s streams %q, want %q", pid, got, want)
		}
	}
	// Server rows are the participant's inbound streams.
	f("04cc26f5-a86d-481c-b9f9-7a40be4d6fba", "main-audio 14884 callerToCallee", "main-audio 2001 calleeToCaller")
	f("1a9cb3d1-7898-4063-b3d2-26c1630ecf03", "main-audio 13783 callerToCallee", "main-audio 1000 calleeToCaller")
	f("515650f7-8204-4079-ac9d-d8f4bf07b04c")

	pstn := byID["515650f7-8204-4079-ac9d-d8f4bf07b04c"]
	if pstn.Caller.PrimaryIdentity() != nil || !pstn.ACS.Identifier.IsNull() {
		t.Errorf("PSTN caller %+v / %+v", pstn.Caller, pstn.ACS)
	}
	bot := byID["66e9d9a7-a434-4663-d91d-fb1ea73ff31e"]
	if bot.Caller.AssociatedIdentity.ODataType != odataApplication || bot.Caller.UserAgent.ApplicationVersion.Value() != "Redacted" {
		t.Errorf("bot caller %+v", bot.Caller)
	}
	android := byID["1a9cb3d1-7898-4063-b3d2-26c1630ecf03"].Caller.UserAgent
	if android.Platform.Value() != "android" || android.ApplicationVersion.Value() != "1.0.0.3" {
		t.Errorf("user agent %+v", android)
	}
	cross := byID["aa1dd7da-5922-4bb1-a4fa-e350a111fd9c"].Caller.AssociatedIdentity
	if cross.TenantID.Value() != "02cbdb3c-155a-4b95-b829-6d56a45787ca" {
		t.Errorf("cross-tenant identity %+v", cross)
	}
	if got, want := c.ACS.TeamsThreadID, "19:meeting_MjZiOTAyN2YtZWU1Yi00ZTZiLT77777OOOOO99999jgxOTkw@thread.v2"; got != want {
		t.Errorf("thread %q, want the most common %q", got, want)
	}
	// PSTN without identifier: the participant is its endpointId.
	found := false
	for _, p := range c.ParticipantsV2 {
		if p.ID.Value() == "46387150-692a-47be-8c9d-1237efe6c48b" && p.Identity == nil {
			found = true
		}
	}
	if !found {
		t.Errorf("PSTN participant missing: %+v", c.ParticipantsV2)
	}
	if c.OrganizerV2 != nil || c.Organizer != nil {
		t.Error("organizer set; ACS does not know it")
	}
}

func TestAssembleRejoin(t *testing.T) {
	t.Parallel()
	rec := func(props string) *model.ACSRecord {
		return mustDecode(t, `{"correlationId":"call-r","category":"CallSummary","properties":{`+props+`}}`, "")
	}
	recs := []*model.ACSRecord{
		rec(`"callType":"Group","identifier":"acs:user-1","endpointId":"ep-1","endpointType":"VoIP","participantId":"p-1","participantStartTime":"2024-01-01T10:00:00Z","participantDuration":60,"participantEndReason":"410","ParticipantEndSubCode":"3101"`),
		rec(`"callType":"Group","identifier":"acs:user-1","endpointId":"ep-1","endpointType":"VoIP","participantId":"p-2","participantStartTime":"2024-01-01T10:01:10Z","participantDuration":120,"participantEndReason":"0"`),
		rec(`"callType":"Group","identifier":"acs:user-2","endpointId":"ep-2","endpointType":"VOIP","participantId":"p-3","participantStartTime":"2024-01-01T10:00:05Z","participantDuration":200`),
	}
	c := assemble(t, recs)
	var ids []string
	for _, s := range c.Sessions {
		ids = append(ids, s.ID.Value()+"="+callerID(s))
	}
	if got, want := strings.Join(ids, " "), "p-1=acs:user-1 p-3=acs:user-2 p-2=acs:user-1"; got != want {
		t.Errorf("sessions %s, want %s", got, want)
	}
	if c.Sessions[0].ACS.EndReason.Value() != "410" || c.Sessions[0].ACS.EndSubCode.Value() != "3101" || c.Sessions[2].ACS.EndReason.Value() != "0" {
		t.Errorf("end codes not kept as given: %+v / %+v", c.Sessions[0].ACS, c.Sessions[2].ACS)
	}
	if len(c.ParticipantsV2) != 2 {
		t.Errorf("%d participants, want 2 (one per identity)", len(c.ParticipantsV2))
	}
	if got, want := c.EndDateTime.String(), "2024-01-01T10:03:25Z"; got != want {
		t.Errorf("end %s, want %s", got, want)
	}
}

func TestAssembleSummaryMissing(t *testing.T) {
	t.Parallel()
	c := assemble(t, records(t, groupCall, "CallDiagnostics.ndjson"))
	if c.Type.Value() != model.CallTypeGroupCall || c.ACS.CallType != "" {
		t.Errorf("type %v / %q", c.Type, c.ACS.CallType)
	}
	if len(c.Sessions) != 2 {
		t.Fatalf("%d sessions, want 2", len(c.Sessions))
	}
	for _, s := range c.Sessions {
		if s.ACS == nil || !s.ACS.SummaryMissing || s.ACS.ParticipantID != s.ID.Value() {
			t.Errorf("session %v ACS %+v", s.ID, s.ACS)
		}
		if !strings.HasPrefix(callerID(s), "acs:1797dbb3") {
			t.Errorf("caller %q not taken from the diagnostics row", callerID(s))
		}
		if s.StartDateTime.Valid() {
			t.Errorf("session start %v invented", s.StartDateTime)
		}
		if len(streamsOf(s)) != 2 {
			t.Errorf("streams %q", streamsOf(s))
		}
	}
	// Only the server row of a participant: still its session.
	only := assemble(t, []*model.ACSRecord{line(t, "CallDiagnostics.ndjson", 7)})
	if len(only.Sessions) != 1 || !only.Sessions[0].ACS.SummaryMissing || streamsOf(only.Sessions[0])[0] != "main-audio 1000 calleeToCaller" {
		t.Errorf("server-only session %+v", only.Sessions)
	}
}

func TestAssembleOrphanServerRow(t *testing.T) {
	t.Parallel()
	r := mustDecode(t, `{"correlationId":"c","category":"CallDiagnostics","properties":{"endpointType":"Server","mediaType":"VBSS","streamId":"5","participantId":null,"CodecName":"H264S","transportType":"TCP"}}`, "")
	c := assemble(t, []*model.ACSRecord{r})
	if len(c.Sessions) != 1 || c.Sessions[0].ID.Value() != "c/server-1" || c.Sessions[0].Caller.Kind() != model.EndpointService {
		t.Fatalf("sessions %+v", c.Sessions)
	}
	m := c.Sessions[0].Segments[0].Media[0]
	if m.Label.Value() != "applicationsharing-video" || m.Streams[0].VideoCodec.Value() != "h264s" ||
		m.CallerNetwork.NetworkTransportProtocol.Value() != model.TransportTCP {
		t.Errorf("media %+v", m)
	}
	if got := c.Modalities; len(got) != 1 || got[0] != model.ModalityVideoBasedScreenSharing {
		t.Errorf("modalities %v", got)
	}
}

func TestAssembleStreamMapping(t *testing.T) {
	t.Parallel()
	f := func(props string, check func(t *testing.T, m *model.Media, s *model.Stream)) {
		t.Helper()
		r := mustDecode(t, `{"correlationId":"c","category":"CallDiagnostics","properties":{"participantId":"p","endpointType":"VoIP",`+props+`}}`, "")
		c := assemble(t, []*model.ACSRecord{r})
		m := c.Sessions[0].Segments[0].Media[0]
		check(t, m, m.Streams[0])
	}
	f(`"mediaType":"Audio","CodecName":"OPUS","JitterBufferSizeAvg":"20","HealedDataRatioMax":"0.2","PacketUtilization":"0","jitterAvg":"30"`,
		func(t *testing.T, m *model.Media, s *model.Stream) {
			if m.Label.Value() != "main-audio" || s.AudioCodec.Value() != "opus" || s.ACS.CodecName.Value() != "OPUS" ||
				s.ACS.JitterBufferSizeAvg.Value() != 20 || s.ACS.HealedDataRatioMax.Value() != 0.2 ||
				!s.PacketUtilization.Valid() || s.PacketUtilization.Value() != 0 || s.AverageJitter.Value().Milliseconds() != 30 {
				t.Errorf("audio stream %+v / %+v", s, s.ACS)
			}
		})
	f(`"mediaType":"audio","CodecName":"SATINFULLBAND"`, func(t *testing.T, m *model.Media, s *model.Stream) {
		if s.AudioCodec.Value() != "satinFullband" {
			t.Errorf("codec %v", s.AudioCodec)
		}
	})
	f(`"mediaType":"Video","CodecName":"VP8","VideoFrameRateAvg":"6.5","RecvResolutionHeight":"180","StreamDirection":"Inbound"`,
		func(t *testing.T, m *model.Media, s *model.Stream) {
			if m.Label.Value() != "main-video" || s.VideoCodec.Value() != "VP8" || s.AverageVideoFrameRate.Value() != 6.5 ||
				s.ACS.RecvResolutionHeight.Value() != 180 || s.StreamDirection.Value() != model.CalleeToCaller || s.ACS.Direction != "Inbound" {
				t.Errorf("video stream %+v / %+v", s, s.ACS)
			}
		})
	f(`"mediaType":"AppSharing","transportType":"Unrecognized"`, func(t *testing.T, m *model.Media, s *model.Stream) {
		if m.Label.Value() != "main-data" || m.CallerNetwork.NetworkTransportProtocol.Value() != model.TransportUnknown {
			t.Errorf("data media %+v", m)
		}
	})
	f(`"mediaType":"Hologram","CodecName":"G722"`, func(t *testing.T, m *model.Media, s *model.Stream) {
		if m.Label.Value() != "Hologram" || s.AudioCodec.Value() != "g722" {
			t.Errorf("unknown media %+v / %+v", m, s)
		}
	})
	f(`"mediaType":"Audio","jitterAvg":null,"roundTripTimeAvg":"null"`, func(t *testing.T, m *model.Media, s *model.Stream) {
		if !s.AverageJitter.IsNull() || !s.AverageRoundTripTime.IsNull() || s.MaxJitter.Presence() != model.Absent {
			t.Errorf("null/absent not kept apart: %+v", s)
		}
	})
}

func TestRecordKey(t *testing.T) {
	t.Parallel()
	pairs := [][2]string{
		{"CallSummary.ndjson", "CallSummaryUpdates.ndjson"},
		{"CallDiagnostics.ndjson", "CallDiagnosticsUpdates.ndjson"},
	}
	for _, p := range pairs {
		final, upd := lines(t, p[0]), lines(t, p[1])
		seen := map[string]int{}
		for i := range final {
			a, b := line(t, p[0], i+1), line(t, p[1], i+1)
			ka, kb := RecordKey(a), RecordKey(b)
			if ka != kb {
				t.Errorf("%s:%d and %s:%d: keys differ:\n%s\n%s", p[0], i+1, p[1], i+1, ka, kb)
			}
			if j, dup := seen[ka]; dup {
				t.Errorf("%s lines %d and %d share key %s", p[0], j, i+1, ka)
			}
			seen[ka] = i + 1
		}
		if len(final) != len(upd) {
			t.Errorf("%s and %s differ in length", p[0], p[1])
		}
	}
	// Server rows and participant rows of one participantId are apart.
	s1 := mustDecode(t, `{"correlationId":"c","category":"CallSummary","properties":{"participantId":"p","endpointType":"Server"}}`, "")
	s2 := mustDecode(t, `{"correlationId":"c","category":"CallSummary","properties":{"participantId":"p","endpointType":"VoIP"}}`, "")
	if RecordKey(s1) == RecordKey(s2) {
		t.Error("server and participant summary share a key")
	}
	// Keys of different calls differ.
	o := mustDecode(t, `{"correlationId":"d","category":"CallSummary","properties":{"participantId":"p","endpointType":"VoIP"}}`, "")
	if RecordKey(o) == RecordKey(s2) {
		t.Error("records of two calls share a key")
	}
	// Identical content-keyed records share a key; different ones do not.
	m1 := line(t, "CallingMetrics.ndjson", 1)
	m2 := line(t, "CallingMetrics.ndjson", 2)
	if RecordKey(m1) != RecordKey(m2) {
		t.Error("identical metrics records have different keys")
	}
	if RecordKey(nil) != "" || CallID(nil) != "" {
		t.Error("nil record")
	}
}

func TestAssembleErrors(t *testing.T) {
	t.Parallel()
	a := line(t, "CallSummary.ndjson", 1)
	b := line(t, "CallSummary.ndjson", 5)
	m := line(t, "CallingMetrics.ndjson", 1)
	f := func(name string, recs []*model.ACSRecord, want string) {
		t.Helper()
		_, err := Assemble("t", recs)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, want)
		}
	}
	f("none", nil, "no records")
	f("nil", []*model.ACSRecord{a, nil}, "nil record")
	f("two calls", []*model.ACSRecord{a, b}, "records of 2 calls")
	f("no call", []*model.ACSRecord{m}, "belongs to no call")
}

func TestAssembleLeavesRecordsAlone(t *testing.T) {
	t.Parallel()
	recs := records(t, groupCall, "CallSummary.ndjson", "CallDiagnostics.ndjson", "CallSummaryUpdates.ndjson")
	before := canonical(t, recs)
	c := assemble(t, recs)
	c.Sessions[0].ACS.EndReason = model.Some("mutated")
	if after := canonical(t, recs); !bytes.Equal(before, after) {
		t.Error("Assemble or its result changed the records")
	}
}

func TestAssembleKeepsRowsThatNameNobody(t *testing.T) {
	t.Parallel()
	// Two P2P summaries without endpointId are told apart by identifier;
	// two diagnostics rows without any id stay two streams.
	recs := []*model.ACSRecord{
		mustDecode(t, `{"correlationId":"c","category":"CallSummary","properties":{"callType":"P2P","identifier":"acs:a","endpointId":null,"callStartTime":"2024-01-01T10:00:00Z"}}`, ""),
		mustDecode(t, `{"correlationId":"c","category":"CallSummary","properties":{"callType":"P2P","identifier":"acs:b","endpointId":null,"callStartTime":"2024-01-01T10:00:01Z"}}`, ""),
		mustDecode(t, `{"correlationId":"c","category":"CallDiagnostics","properties":{"mediaType":"Audio","streamId":"1","jitterAvg":"1"}}`, ""),
		mustDecode(t, `{"correlationId":"c","category":"CallDiagnostics","properties":{"mediaType":"Audio","streamId":"1","jitterAvg":"2"}}`, ""),
	}
	c := assemble(t, recs)
	var sessions, streams []string
	for _, s := range c.Sessions {
		sessions = append(sessions, s.ID.Value()+"="+callerID(s))
		streams = append(streams, streamsOf(s)...)
	}
	if len(sessions) != 4 || len(streams) != 2 || len(c.ParticipantsV2) != 2 {
		t.Errorf("sessions %q streams %q participants %d", sessions, streams, len(c.ParticipantsV2))
	}
	if c.ACS.Records[model.ACSCallDiagnostics] != 2 {
		t.Errorf("records %v", c.ACS.Records)
	}
}
