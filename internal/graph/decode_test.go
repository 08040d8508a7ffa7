package graph_test

import (
	"testing"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

// TestFixturesDecode: every Graph documentation example that holds call
// records, sessions, participants or usage rows decodes, element by
// element, and its result marshals.
func TestFixturesDecode(t *testing.T) {
	t.Parallel()
	n := 0
	for _, o := range objects(t) {
		if !decodable(o.kind) {
			continue
		}
		n++
		if _, err := decodeAs(o.kind, o.usage, o.raw); err != nil {
			t.Errorf("%s: %v", o.name, err)
		}
	}
	if n < 20 {
		t.Errorf("decoded only %d objects: are the fixtures in testdata/?", n)
	}
}

func TestLegacyExpandedRecord(t *testing.T) {
	t.Parallel()
	c := callOf(t, "callrecord-get-expanded-legacy.json", 0)
	eq(t, "id", c.ID, "e523d2ed-2966-4b6b-925b-754a88034cc5")
	eq(t, "version", c.Version, 1)
	eq(t, "source", c.Source, model.SourceGraph)
	present(t, "type", c.Type, model.CallTypePeerToPeer)
	present(t, "startDateTime", c.StartDateTime, ts(t, "2020-02-25T18:52:21.2169889Z"))
	eq(t, "sessions@odata.nextLink", c.SessionsNextLink,
		"https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('e523d2ed-2966-4b6b-925b-754a88034cc5')/sessions?$expand=segments&$skiptoken=abc")
	eq(t, "extra (annotations are not properties)", len(c.Extra), 0)

	// Deprecated shapes are kept as they are.
	eq(t, "organizer.user.displayName", c.Organizer.User.DisplayName.Value(), "Abbie Wilkins")
	eq(t, "participants", len(c.Participants), 2)
	eq(t, "participants[1].user.id", c.Participants[1].User.ID.Value(), "f69e2c00-0000-0000-0000-185e5f5f5d8a")

	eq(t, "sessions", len(c.Sessions), 1)
	s := c.Sessions[0]
	eq(t, "caller identity @odata.type", s.Caller.Identity.ODataType, "#microsoft.graph.identitySet")
	eq(t, "caller kind", s.Caller.Kind(), model.EndpointParticipant)
	present(t, "caller platform", s.Caller.UserAgent.Platform, "android")
	// With no associatedIdentity, readers fall back to the deprecated identity.
	eq(t, "callee primary identity", s.Callee.PrimaryIdentity().DisplayName.Value(), "Owen Franklin")
	present(t, "callee feedback rating", s.Callee.Feedback.Rating, "poor")
	present(t, "feedback token Noisy", s.Callee.Feedback.Tokens["Noisy"], true)
	present(t, "feedback token NoSound", s.Callee.Feedback.Tokens["NoSound"], false)
	eq(t, "feedback tokens", len(s.Callee.Feedback.Tokens), 8)

	m := s.Segments[0].Media[0]
	present(t, "label", m.Label, "main-audio")
	present(t, "caller network connection", m.CallerNetwork.ConnectionType, model.ConnectionWifi)
	present(t, "caller network subnet", m.CallerNetwork.Subnet, "10.150.0.0")
	present(t, "caller network linkSpeed", m.CallerNetwork.LinkSpeed, 54000000)
	present(t, "caller network relayPort", m.CallerNetwork.RelayPort, 53889)
	present(t, "caller network receivedQualityEventRatio", m.CallerNetwork.ReceivedQualityEventRatio, 0.27)
	presence(t, "caller network dnsSuffix", m.CallerNetwork.DNSSuffix, model.Null)
	present(t, "callee network connection", m.CalleeNetwork.ConnectionType, model.ConnectionWired)
	present(t, "callee network linkSpeed (uint32 max)", m.CalleeNetwork.LinkSpeed, 4294967295)
	present(t, "callee network macAddress", m.CalleeNetwork.MACAddress, "00-00-00-00-00-00-00-00")
	present(t, "caller device speakerGlitchRate", m.CallerDevice.SpeakerGlitchRate, 3830)
	present(t, "callee device initialSignalLevelRootMeanSquare", m.CalleeDevice.InitialSignalLevelRMS, 146.7885)
	present(t, "callee device receivedNoiseLevel", m.CalleeDevice.ReceivedNoiseLevel, -86)

	eq(t, "streams", len(m.Streams), 2)
	first, second := m.Streams[0], m.Streams[1]
	present(t, "stream 0 id", first.StreamID, "1504545584")
	present(t, "stream 0 direction", first.StreamDirection, model.CallerToCallee)
	present(t, "stream 0 averageJitter", first.AverageJitter, ms(16))
	if j := first.AverageJitter.Value(); j.Std().Nanoseconds() != 16_000_000 {
		t.Errorf("averageJitter = %d ns, want exactly 16000000", j.Std().Nanoseconds())
	}
	eq(t, "stream 0 averageAudioDegradation is null", first.AverageAudioDegradation.IsNull(), true)
	presence(t, "stream 0 averageRatioOfConcealedSamples", first.AverageRatioOfConcealed, model.Null)
	present(t, "stream 0 averagePacketLossRate (zero, not null)", first.AveragePacketLossRate, 0)
	present(t, "stream 0 packetUtilization", first.PacketUtilization, 67)
	present(t, "stream 0 wasMediaBypassed", first.WasMediaBypassed, false)
	presence(t, "stream 0 isAudioForwardErrorCorrectionUsed", first.IsAudioFECUsed, model.Absent)
	present(t, "stream 1 averageAudioDegradation", second.AverageAudioDegradation, 1.160898)
	present(t, "stream 1 averageAudioNetworkJitter", second.AverageAudioNetworkJitter, ms(266))
	present(t, "stream 1 maxRoundTripTime", second.MaxRoundTripTime, ms(106))
	present(t, "stream 1 packetUtilization", second.PacketUtilization, 709)
	present(t, "stream 1 averageBandwidthEstimate", second.AverageBandwidthEstimate, 15644878)
}

func TestExpandedRecord(t *testing.T) {
	t.Parallel()
	c := callOf(t, "callrecord-get-expanded.json", 0)
	eq(t, "organizer_v2.id", c.OrganizerV2.ID.Value(), "821809f5-0000-0000-0000-3b5136c0e777")
	// The docs' placeholder nextLink is kept verbatim.
	eq(t, "sessions@odata.nextLink", c.SessionsNextLink,
		"https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('e523d2ed-2966-4b6b-925b-754a88034cc5')/sessions?$expand=segments&$skiptoken=abc")
	s := c.Sessions[0]
	present(t, "isTest", s.IsTest, false)
	present(t, "caller name", s.Caller.Name, "machineName_2")
	caller := s.Caller.PrimaryIdentity()
	present(t, "caller associatedIdentity upn", caller.UserPrincipalName, "abbie.wilkins@contoso.com")
	eq(t, "caller has no deprecated identity", s.Caller.Identity == nil, true)
	present(t, "callee feedback", s.Callee.Feedback.Rating, "poor")
	eq(t, "callee feedback tokens", s.Callee.Feedback.Tokens == nil, true)
	g := s.Segments[0]
	eq(t, "segment caller (shortened by the docs)", g.Caller == nil, true)
	st := g.Media[0].Streams[0]
	present(t, "averageJitter", st.AverageJitter, ms(16))
	eq(t, "averageAudioDegradation is null", st.AverageAudioDegradation.IsNull(), true)
	presence(t, "maxJitter", st.MaxJitter, model.Absent)
	present(t, "callerDevice receivedSignalLevel", g.Media[0].CallerDevice.ReceivedSignalLevel, -10)
}

func TestBasicRecord(t *testing.T) {
	t.Parallel()
	c := callOf(t, "callrecord-get-basic.json", 0)
	eq(t, "sessions", len(c.Sessions), 0)
	eq(t, "participants_v2", len(c.ParticipantsV2), 0)
	eq(t, "participants_v2@odata.nextLink", c.ParticipantsNextLink, "")
	eq(t, "extra", len(c.Extra), 0)
	present(t, "lastModifiedDateTime", c.LastModifiedDateTime, ts(t, "2020-02-25T19:00:24.582757Z"))
	presence(t, "joinWebUrl (absent on P2P)", c.JoinWebURL, model.Absent)
	present(t, "organizer_v2 user tenant", c.OrganizerV2.Identity.User.TenantID, "dc368399-474c-4d40-900c-6265431fd81f")
}

func TestParticipantsExpandedRecord(t *testing.T) {
	t.Parallel()
	c := callOf(t, "callrecord-get-participants-v2-expanded.json", 0)
	eq(t, "participants_v2", len(c.ParticipantsV2), 2)
	// The docs repeat a participant id for two people: both are kept.
	eq(t, "participant ids repeat", c.ParticipantsV2[0].ID.Value(), c.ParticipantsV2[1].ID.Value())
	eq(t, "second participant user", c.ParticipantsV2[1].Identity.User.ID.Value(), "f69e2c00-0000-0000-0000-185e5f5f5d8a")
	eq(t, "participants_v2@odata.nextLink", c.ParticipantsNextLink,
		"https://graph.microsoft.com/v1.0/$metadata#communications/callRecords('e523d2ed-2966-4b6b-925b-754a88034cc5')/participants_v2?$skiptoken=abc")
}

func TestCallRecordsList(t *testing.T) {
	t.Parallel()
	first := callOf(t, "callrecords-list.json", 0)
	present(t, "type", first.Type, model.CallTypeUnknown)
	eq(t, "type is a known member", first.Type.Value().Known(), true)
	present(t, "endDateTime", first.EndDateTime, ts(t, "2023-09-25T09:28:41Z"))

	c := callOf(t, "callrecords-list.json", 1)
	eq(t, "id", c.ID, "c3ad8c4b-4a87-4ab1-bef0-284d2f40ed9f")
	eq(t, "organizer_v2.id is a phone number", c.OrganizerV2.ID.Value(), "+5564981205182")
	id := c.OrganizerV2.Identity
	eq(t, "organizer_v2 identity.user is null", id.User == nil, true)
	eq(t, "acsUser (null) is no identity", id.ACSUser == nil, true)
	eq(t, "spoolUser (null) is no identity", id.SpoolUser == nil, true)
	eq(t, "null slots are known properties, not extra", len(id.Extra), 0)
	present(t, "phone id", id.Phone.ID, "+5564981205182")
	presence(t, "phone displayName", id.Phone.DisplayName, model.Null)
	eq(t, "primary identity is the phone", id.Primary(), id.Phone)
	// The deprecated organizer disagrees; it is kept as it is.
	eq(t, "deprecated organizer", c.Organizer.User.DisplayName.Value(), "Abbie Wilkins")
}

func TestFilteredListsDecode(t *testing.T) {
	t.Parallel()
	a := callOf(t, "callrecords-list-filter-participant.json", 0)
	b := callOf(t, "callrecords-list-filter-startdatetime.json", 0)
	eq(t, "same record", a.ID, b.ID)
	eq(t, "version", a.Version, 2)
}

func TestSessionsList(t *testing.T) {
	t.Parallel()
	s := sessionOf(t, "sessions-list.json", 0)
	present(t, "id", s.ID, "e523d2ed-2966-4b6b-925b-754a88034cc5")
	present(t, "isTest", s.IsTest, false)
	eq(t, "modalities", len(s.Modalities), 1)
	present(t, "caller cpuName", s.Caller.CPUName, "AMD EPYC 7452 32-Core Processor")
	present(t, "caller cpuCoresCount", s.Caller.CPUCoresCount, 8)
	present(t, "caller cpuProcessorSpeedInMhz", s.Caller.CPUProcessorSpeed, 2346)
	present(t, "caller name", s.Caller.Name, "machineName_1")
	eq(t, "caller identity @odata.type", s.Caller.Identity.ODataType, "#microsoft.graph.identitySet")
	eq(t, "callee identity @odata.type", s.Callee.Identity.ODataType, "")
	present(t, "callee token Noisy", s.Callee.Feedback.Tokens["Noisy"], true)
	eq(t, "segments (not expanded)", len(s.Segments), 0)
}

func TestSessionsListExpandedSegments(t *testing.T) {
	t.Parallel()
	s := sessionOf(t, "sessions-list-expanded-segments.json", 0)
	g := s.Segments[0]
	// The segment callee has "@odata.type" twice; the last one wins.
	eq(t, "segment callee @odata.type", g.Callee.ODataType, "#microsoft.graph.callRecords.participantEndpoint")
	eq(t, "segment callee kind", g.Callee.Kind(), model.EndpointParticipant)
	presence(t, "segment callee cpuProcessorSpeedInMhz", g.Callee.CPUProcessorSpeed, model.Absent)
	present(t, "session callee cpuProcessorSpeedInMhz", s.Callee.CPUProcessorSpeed, 2594)
	st := g.Media[0].Streams
	presence(t, "rmsFreezeDuration", st[0].RMSFreezeDuration, model.Null)
	presence(t, "averageFreezeDuration", st[0].AverageFreezeDuration, model.Null)
	present(t, "stream 0 isAudioForwardErrorCorrectionUsed", st[0].IsAudioFECUsed, true)
	present(t, "stream 1 isAudioForwardErrorCorrectionUsed", st[1].IsAudioFECUsed, false)
	present(t, "stream 0 averageJitter", st[0].AverageJitter, ms(16))
	present(t, "stream 1 averageAudioDegradation", st[1].AverageAudioDegradation, 1.160898)
}

func TestParticipantsList(t *testing.T) {
	t.Parallel()
	for n, want := range []string{"anette.thomsen@contoso.com", "daichi.maruyama@contoso.com"} {
		p, err := graph.DecodeParticipant(element(t, "participants-v2-list.json", n))
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "id equals the user id", p.ID.Value(), p.Identity.User.ID.Value())
		present(t, "upn", p.Identity.User.UserPrincipalName, want)
		eq(t, "user @odata.type", p.Identity.User.ODataType, "#microsoft.graph.userIdentity")
		// acsUser, spoolUser, acsApplicationInstance, spoolApplicationInstance
		// arrive as null: they have slots in the model and stay empty.
		eq(t, "acsUser", p.Identity.ACSUser == nil, true)
		eq(t, "spoolApplicationInstance", p.Identity.SpoolApplicationInstance == nil, true)
		eq(t, "extra", len(p.Identity.Extra), 0)
		eq(t, "slots", len(p.Identity.Slots()), 1)
	}
}
