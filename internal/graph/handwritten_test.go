package graph_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

// The records in testdata/records cover what no documentation example
// shows (SOURCES.md, "Not available as fixtures").

func TestGroupCallWithServiceEndpoints(t *testing.T) {
	t.Parallel()
	c := callOf(t, "group-call-service-endpoint.json", 0)
	present(t, "type", c.Type, model.CallTypeGroupCall)
	eq(t, "modalities", len(c.Modalities), 3)
	eq(t, "organizer_v2 administrative unit", c.OrganizerV2.AdministrativeUnitInfos[0].ID.Value(), "au-emea-0001")
	eq(t, "participant administrative units", len(c.ParticipantsV2[0].AdministrativeUnitInfos), 2)
	present(t, "participant administrative unit 2", c.ParticipantsV2[0].AdministrativeUnitInfos[1].ID, "au-sales-0002")
	acs := c.ParticipantsV2[1].Identity
	present(t, "acsUser slot", acs.ACSUser.ID, "8:acs:5f1e7c2a-0000-0000-0000-000000000002")
	present(t, "Redacted is a value, kept", acs.ACSUser.DisplayName, "Redacted")
	present(t, "endpointType", acs.EndpointType, "default")
	eq(t, "primary identity of an ACS user", acs.Primary(), acs.ACSUser)

	s := c.Sessions[0]
	eq(t, "callee kind", s.Callee.Kind(), model.EndpointService)
	eq(t, "callee user agent is a service", s.Callee.UserAgent.IsService(), true)
	present(t, "callee role", s.Callee.UserAgent.Role, "skypeForBusinessAudioVideoMcu")
	eq(t, "role is known", s.Callee.UserAgent.Role.Value().Known(), true)
	eq(t, "caller user agent is a client", s.Caller.UserAgent.IsService(), false)

	media := s.Segments[0].Media
	eq(t, "media", len(media), 3)
	hops := media[0].CallerNetwork.TraceRouteHops
	eq(t, "traceRouteHops", len(hops), 2)
	present(t, "hop 2 count", hops[1].HopCount, 2)
	present(t, "hop 2 ip", hops[1].IPAddress, "52.112.0.1")
	present(t, "hop 2 rtt", hops[1].RoundTripTime, ms(12))
	present(t, "audio stream 2 jitter (just over 30 ms)", media[0].Streams[1].AverageJitter, ms(31))
	present(t, "audio stream 2 loss (exactly 0.1)", media[0].Streams[1].AveragePacketLossRate, 0.1)
	present(t, "audio stream 2 rtt (exactly 500 ms)", media[0].Streams[1].AverageRoundTripTime, ms(500))

	video := media[1]
	present(t, "video label", video.Label, "main-video")
	v := video.Streams[0]
	present(t, "video codec", v.VideoCodec, "h264")
	present(t, "video frame rate", v.AverageVideoFrameRate, 29.97)
	present(t, "video received frame rate", v.AverageReceivedFrameRate, 28.5)
	present(t, "video frame loss", v.AverageVideoFrameLossPct, 0.5)
	present(t, "video post-FEC loss", v.PostFECPacketLossRate, 0.002)
	present(t, "video packet loss", v.AverageVideoPacketLoss, 0.01)
	present(t, "video low frame rate ratio", v.LowFrameRateRatio, 0.02)
	present(t, "video low processing ratio", v.LowVideoProcessingRatio, 0)
	present(t, "video freeze", v.AverageFreezeDuration, ms(200))
	present(t, "video rms freeze", v.RMSFreezeDuration, ms(350))
	presence(t, "video has no audio codec", v.AudioCodec, model.Absent)

	vbss := media[2]
	present(t, "VBSS label", vbss.Label, "applicationsharing-video")
	present(t, "VBSS codec", vbss.Streams[0].VideoCodec, "h264s")
	present(t, "VBSS frame rate", vbss.Streams[0].AverageVideoFrameRate, 1.5)

	failed := c.Sessions[1]
	present(t, "failure stage", failed.FailureInfo.Stage, model.FailureStageCallSetup)
	present(t, "failure reason", failed.FailureInfo.Reason, "Gateway did not answer the INVITE")
	present(t, "segment failure stage", failed.Segments[0].FailureInfo.Stage, model.FailureStageCallSetup)
	eq(t, "segment with empty media", len(failed.Segments[0].Media), 0)
	present(t, "gateway role", failed.Callee.UserAgent.Role, "gateway")
	presence(t, "PSTN caller display name", failed.Caller.AssociatedIdentity.DisplayName, model.Null)
}

func TestLenientValues(t *testing.T) {
	t.Parallel()
	c := callOf(t, "lenient-values.json", 0)
	eq(t, "id is trimmed", c.ID, "7e0c6a1e-0000-4000-8000-00000000b002")
	eq(t, "version written as a string", c.Version, 2)
	eq(t, "unknown modality kept verbatim", c.Modalities[1], model.Modality("holographic"))
	eq(t, "unknown modality is not known", c.Modalities[1].Known(), false)
	presence(t, "0001-01-01 is null", c.LastModifiedDateTime, model.Null)
	present(t, "7 fractional digits and +00:00", c.StartDateTime, time.Date(2024, 5, 2, 9, 0, 0, 123456700, time.UTC))
	present(t, "+02:00 offset", c.EndDateTime, time.Date(2024, 5, 2, 9, 1, 2, 500_000_000, time.UTC))
	presence(t, `"null" string`, c.JoinWebURL, model.Null)

	// callscope's own facts cannot be set by a Graph record: the keys are
	// kept as unknown properties instead.
	eq(t, "tenant", c.Tenant, "")
	eq(t, "source", c.Source, model.SourceGraph)
	eq(t, "partial", c.Partial, false)
	eq(t, "acs", c.ACS == nil, true)
	for _, k := range []string{"tenant", "source", "partial", "acs", "callFlavor"} {
		if _, ok := c.Extra[k]; !ok {
			t.Errorf("call extra lacks %q: %v", k, c.Extra)
		}
	}
	if _, ok := c.Extra["forged"]; ok {
		t.Errorf("an input @unknown key filled Extra: %v", c.Extra)
	}

	eq(t, "null session dropped", len(c.Sessions), 1)
	s := c.Sessions[0]
	present(t, "session id trimmed", s.ID, "c1000000-0000-4000-8000-000000000001")
	present(t, `isTest "1"`, s.IsTest, true)
	eq(t, "session acs", s.ACS == nil, true)
	eq(t, "session extra", string(s.Extra["sessionTag"]), `{"a": 1}`)
	eq(t, "session extra acs", string(s.Extra["acs"]), `{"participantId": "forged"}`)

	caller := s.Caller
	present(t, `cpuCoresCount " 5 "`, caller.CPUCoresCount, 5)
	presence(t, `cpuProcessorSpeedInMhz "null"`, caller.CPUProcessorSpeed, model.Null)
	present(t, "unknown platform kept verbatim", caller.UserAgent.Platform, "quantumPhone")
	eq(t, "unknown platform is not known", caller.UserAgent.Platform.Value().Known(), false)
	present(t, "productFamily", caller.UserAgent.ProductFamily, "unknownFutureValue")
	eq(t, "user agent extra", string(caller.UserAgent.Extra["newAgentField"]), "7")
	eq(t, "identity extra", string(caller.AssociatedIdentity.Extra["nickname"]), `"Al"`)
	present(t, "Redacted display name kept", caller.AssociatedIdentity.DisplayName, "Redacted")
	present(t, "empty UPN is a value", caller.AssociatedIdentity.UserPrincipalName, "")
	presence(t, `feedback text "null"`, caller.Feedback.Text, model.Null)
	present(t, `token "false"`, caller.Feedback.Tokens["NoSound"], false)
	present(t, `token "1"`, caller.Feedback.Tokens["Echo"], true)
	present(t, "new token", caller.Feedback.Tokens["BrandNewToken"], true)
	presence(t, "null token", caller.Feedback.Tokens["Stopped"], model.Null)

	eq(t, "unknown endpoint subtype kept", s.Callee.ODataType, "#microsoft.graph.callRecords.teleportEndpoint")
	eq(t, "unknown endpoint kind", s.Callee.Kind(), model.EndpointUnknown)
	eq(t, "unknown endpoint properties", string(s.Callee.Extra["beamStrength"]), "9")

	m := s.Segments[0].Media[0]
	eq(t, "media extra", string(m.Extra["mediaSecret"]), `"x"`)
	present(t, "unknown connection type kept", m.CallerNetwork.ConnectionType, "satellite")
	present(t, `wifiBatteryCharge "87"`, m.CallerNetwork.WifiBatteryCharge, 87)
	present(t, `linkSpeed "1e9"`, m.CallerNetwork.LinkSpeed, 1_000_000_000)
	eq(t, "network extra", string(m.CallerNetwork.Extra["wifiSsid"]), `"Contoso-Guest"`)
	eq(t, "empty traceRouteHops", len(m.CallerNetwork.TraceRouteHops), 0)

	eq(t, "null stream dropped", len(m.Streams), 1)
	st := m.Streams[0]
	present(t, "numeric streamId", st.StreamID, "42")
	present(t, `packetUtilization "709"`, st.PacketUtilization, 709)
	presence(t, `averageAudioDegradation "null"`, st.AverageAudioDegradation, model.Null)
	present(t, `averagePacketLossRate "3.146336E-05"`, st.AveragePacketLossRate, 3.146336e-05)
	present(t, "PT1M2.5S", st.AverageJitter, model.Duration(62500*time.Millisecond))
	present(t, "P0DT0H0M0.008S", st.AverageRoundTripTime, ms(8))
	presence(t, `maxJitter ""`, st.MaxJitter, model.Null)
	present(t, `wasMediaBypassed "true"`, st.WasMediaBypassed, true)
	presence(t, "isAudioForwardErrorCorrectionUsed null", st.IsAudioFECUsed, model.Null)
	present(t, "unknown codec kept", st.AudioCodec, "lyra")
	eq(t, "stream acs", st.ACS == nil, true)
	eq(t, "stream extra acs", string(st.Extra["acs"]), `{"x": 1}`)
	eq(t, "stream extra", string(st.Extra["jitterBufferMagic"]), `{"depth": 3}`)
}

// TestRepeatedSessionIDs: a call through an auto attendant to a call
// queue repeats the session id, one session per service identity; both
// are kept, in order.
func TestRepeatedSessionIDs(t *testing.T) {
	t.Parallel()
	c := callOf(t, "repeated-session-ids.json", 0)
	eq(t, "sessions", len(c.Sessions), 2)
	eq(t, "same id", c.Sessions[0].ID.Value(), c.Sessions[1].ID.Value())
	present(t, "first: auto attendant", c.Sessions[0].Callee.UserAgent.Role, "skypeForBusinessAutoAttendant")
	present(t, "second: call queue", c.Sessions[1].Callee.UserAgent.Role, "skypeForBusinessCallQueues")
	present(t, "second starts when the first ends", c.Sessions[1].StartDateTime, c.Sessions[0].EndDateTime.Value())
	eq(t, "caller identity is the phone", c.Sessions[0].Caller.PrimaryIdentity().ID.Value(), "+14255550100")
}

func TestFailedSession(t *testing.T) {
	t.Parallel()
	s := sessionOf(t, "session-failed-midcall.json", 0)
	present(t, "isTest", s.IsTest, true)
	present(t, "stage", s.FailureInfo.Stage, model.FailureStageMidcall)
	present(t, "segment stage", s.Segments[0].FailureInfo.Stage, model.FailureStageMidcall)
	present(t, "service role", s.Callee.UserAgent.Role, "mediaController")
	present(t, "platform", s.Caller.UserAgent.Platform, "iOS")
}

func TestParticipantSlotsAndUnits(t *testing.T) {
	t.Parallel()
	p, err := graph.DecodeParticipant(element(t, "participant-admin-units.json", 0))
	if err != nil {
		t.Fatal(err)
	}
	present(t, "acsUser slot", p.Identity.ACSUser.DisplayName, "Kiosk 3")
	eq(t, "unknown slot kept in extra", string(p.Identity.Extra["hologramUser"]), `{"id": "h-1"}`)
	eq(t, "null unit dropped", len(p.AdministrativeUnitInfos), 2)
	eq(t, "unit extra", string(p.AdministrativeUnitInfos[1].Extra["membershipType"]), `"dynamic"`)
	eq(t, "slot order: user first", p.Identity.Slots()[0].Slot, "user")
}

// TestDecodeKeepsCanonicalForm: the canonical JSON of a decoded record
// reads back into the model and writes out the same, byte for byte;
// absent, null and zero survive the trip.
func TestDecodeKeepsCanonicalForm(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"lenient-values.json", "callrecord-get-expanded-legacy.json", "group-call-service-endpoint.json"} {
		c := callOf(t, file, 0)
		first, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var back model.Call
		if err := json.Unmarshal(first, &back); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		second, err := json.Marshal(&back)
		if err != nil {
			t.Fatal(err)
		}
		if string(first) != string(second) {
			t.Errorf("%s: canonical form changed on the way back\n%s\n%s", file, first, second)
		}
	}
}

// TestSpecialValues covers single values in a minimal record, one row
// each.
func TestSpecialValues(t *testing.T) {
	t.Parallel()
	stream := func(t *testing.T, props string) *model.Stream {
		t.Helper()
		raw := `{"id":"r","version":1,"sessions":[{"id":"s","segments":[{"media":[{"streams":[{` + props + `}]}]}]}]}`
		c, err := graph.DecodeCallRecord([]byte(raw))
		if err != nil {
			t.Fatalf("%s: %v", props, err)
		}
		return c.Sessions[0].Segments[0].Media[0].Streams[0]
	}
	f := func(props string, check func(t *testing.T, s *model.Stream)) {
		t.Helper()
		check(t, stream(t, props))
	}
	f(`"averageJitter":"PT0.030S"`, func(t *testing.T, s *model.Stream) { present(t, "30 ms exactly", s.AverageJitter, ms(30)) })
	f(`"averageJitter":"PT0S"`, func(t *testing.T, s *model.Stream) { present(t, "zero", s.AverageJitter, 0) })
	f(`"averageJitter":null`, func(t *testing.T, s *model.Stream) { presence(t, "null", s.AverageJitter, model.Null) })
	f(``, func(t *testing.T, s *model.Stream) { presence(t, "absent", s.AverageJitter, model.Absent) })
	f(`"averageRoundTripTime":"PT0.5S"`, func(t *testing.T, s *model.Stream) { present(t, "500 ms", s.AverageRoundTripTime, ms(500)) })
	f(`"averagePacketLossRate":0.1`, func(t *testing.T, s *model.Stream) { present(t, "0.1", s.AveragePacketLossRate, 0.1) })
	f(`"averagePacketLossRate":"0.1"`, func(t *testing.T, s *model.Stream) { present(t, `"0.1"`, s.AveragePacketLossRate, 0.1) })
	f(`"averagePacketLossRate":0`, func(t *testing.T, s *model.Stream) { present(t, "zero is a value", s.AveragePacketLossRate, 0) })
	f(`"packetUtilization":"709"`, func(t *testing.T, s *model.Stream) { present(t, `"709"`, s.PacketUtilization, 709) })
	f(`"packetUtilization":709.0`, func(t *testing.T, s *model.Stream) { present(t, "709.0", s.PacketUtilization, 709) })
	f(`"packetUtilization":"null"`, func(t *testing.T, s *model.Stream) { presence(t, `"null"`, s.PacketUtilization, model.Null) })
	f(`"packetUtilization":"NULL"`, func(t *testing.T, s *model.Stream) { presence(t, `"NULL"`, s.PacketUtilization, model.Null) })
	f(`"averageBandwidthEstimate":9007199254740993`, func(t *testing.T, s *model.Stream) {
		present(t, "above 2^53 stays exact", s.AverageBandwidthEstimate, 9007199254740993)
	})
	f(`"wasMediaBypassed":"0"`, func(t *testing.T, s *model.Stream) { present(t, `"0"`, s.WasMediaBypassed, false) })
	f(`"streamDirection":"sideways"`, func(t *testing.T, s *model.Stream) {
		present(t, "unknown direction kept", s.StreamDirection, "sideways")
	})
	f(`"startDateTime":"0001-01-01T00:00:00Z"`, func(t *testing.T, s *model.Stream) { presence(t, "zero time", s.StartDateTime, model.Null) })
	f(`"startDateTime":"2024-01-01T00:00:00.1234567Z","startDateTime":"2024-01-02T00:00:00Z"`, func(t *testing.T, s *model.Stream) {
		present(t, "duplicate key: last wins", s.StartDateTime, time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC))
	})
}
