package storetest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// t0 is the start of the suite's calls; whole microseconds, as stores
// may keep summary times to the microsecond.
var t0 = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

var some = model.Some[string]

// user is a Teams user's client endpoint.
func user(id, upn, name string) *model.Endpoint {
	return &model.Endpoint{
		ODataType: "#microsoft.graph.callRecords.participantEndpoint",
		AssociatedIdentity: &model.Identity{
			ID: some(id), UserPrincipalName: some(upn), DisplayName: some(name),
			TenantID: some("00000000-0000-0000-0000-00000000000a"),
		},
		UserAgent: &model.UserAgent{
			ODataType:     "#microsoft.graph.callRecords.clientUserAgent",
			HeaderValue:   some("RTCC/7.0.0.0 UCWA/7.0.0.0"),
			Platform:      model.Some(model.ClientPlatform("windows")),
			ProductFamily: model.Some(model.ProductFamily("teams")),
		},
	}
}

// phone is a PSTN caller's endpoint.
func phone(number string) *model.Endpoint {
	return &model.Endpoint{
		ODataType: "#microsoft.graph.callRecords.participantEndpoint",
		Identity:  &model.IdentitySet{Phone: &model.Identity{ID: some(number)}},
	}
}

// server is a conference server endpoint.
func server() *model.Endpoint {
	return &model.Endpoint{
		ODataType: "#microsoft.graph.callRecords.serviceEndpoint",
		UserAgent: &model.UserAgent{
			ODataType: "#microsoft.graph.callRecords.serviceUserAgent",
			Role:      model.Some(model.ServiceRole("conferencingServer")),
		},
	}
}

// session is one session with one segment carrying main-audio with the
// given number of streams, alternating direction. The streams hold every
// kind of value: present, null, absent, and properties the model does not
// know, so that a round trip shows whether any is lost.
func session(id string, start time.Time, caller, callee *model.Endpoint, streams int) *model.Session {
	media := &model.Media{
		Label: some("main-audio"),
		CallerNetwork: &model.NetworkInfo{
			ConnectionType: model.Some(model.ConnectionWifi),
			Subnet:         some("10.1.2.0"),
			BSSID:          some("00:11:22:33:44:55"),
			WifiBand:       model.Some(model.WifiBand50GHz),
		},
		CalleeNetwork: &model.NetworkInfo{ConnectionType: model.Some(model.ConnectionWired), IPAddress: model.NullOf[string]()},
		CallerDevice:  &model.DeviceInfo{CaptureDeviceName: some("Headset Microphone"), MicGlitchRate: model.Some(0.25)},
	}
	for i := range streams {
		dir := model.CallerToCallee
		if i%2 == 1 {
			dir = model.CalleeToCaller
		}
		media.Streams = append(media.Streams, &model.Stream{
			StreamID:              some(fmt.Sprintf("%d", 1000+i)),
			StreamDirection:       model.Some(dir),
			StartDateTime:         model.Some(start.Add(time.Second)),
			AudioCodec:            some("SILKWide"),
			AverageJitter:         model.Some(model.Duration(time.Duration(10+i) * time.Millisecond)),
			MaxJitter:             model.NullOf[model.Duration](),
			AveragePacketLossRate: model.Some(0.01 * float64(i)),
			AverageRoundTripTime:  model.Some(model.Duration(42500 * time.Microsecond)),
			PacketUtilization:     model.Some(int64(1500 + i)),
			WasMediaBypassed:      model.Some(false),
			Extra:                 model.Extra{"futureMetric": json.RawMessage(`{"value":[1,2.5,"x"]}`)},
		})
	}
	end := start.Add(10 * time.Minute)
	return &model.Session{
		ID:     some(id),
		Caller: caller, Callee: callee,
		Modalities:    []model.Modality{model.ModalityAudio},
		StartDateTime: model.Some(start), EndDateTime: model.Some(end),
		IsTest: model.Some(false),
		Segments: []*model.Segment{{
			ID:     some(id),
			Caller: caller, Callee: callee,
			StartDateTime: model.Some(start), EndDateTime: model.Some(end),
			Media: []*model.Media{media},
		}},
	}
}

// call is a peer-to-peer call of alice and bob, observed by tenant,
// holding the given sessions.
func call(tenant, id string, version int64, start time.Time, sessions ...*model.Session) *model.Call {
	return &model.Call{
		Tenant: tenant, Source: model.SourceGraph,
		ID: id, Version: version,
		Type:                 model.Some(model.CallTypePeerToPeer),
		Modalities:           []model.Modality{model.ModalityAudio, model.ModalityVideo},
		StartDateTime:        model.Some(start),
		EndDateTime:          model.Some(start.Add(10 * time.Minute)),
		LastModifiedDateTime: model.Some(start.Add(time.Hour)),
		JoinWebURL:           model.NullOf[string](),
		Organizer:            &model.IdentitySet{User: alice().AssociatedIdentity},
		Participants:         []*model.IdentitySet{{User: alice().AssociatedIdentity}, {User: bob().AssociatedIdentity}},
		Sessions:             sessions,
		Extra:                model.Extra{"callChainId": json.RawMessage(`"chain-1"`)},
	}
}

// simpleCall is call with n sessions between alice and bob, each with
// streams streams.
func simpleCall(tenant, id string, version int64, start time.Time, n, streams int) *model.Call {
	var ss []*model.Session
	for i := range n {
		ss = append(ss, session(fmt.Sprintf("%s-s%d", id, i), start.Add(time.Duration(i)*time.Second), alice(), bob(), streams))
	}
	return call(tenant, id, version, start, ss...)
}

const (
	aliceID  = "11111111-1111-1111-1111-111111111111"
	aliceUPN = "Alice@Contoso.com"
	bobID    = "22222222-2222-2222-2222-222222222222"
	carolID  = "33333333-3333-3333-3333-333333333333"
	pstnNum  = "+14255550100"
)

func alice() *model.Endpoint { return user(aliceID, aliceUPN, "Alice Example") }
func bob() *model.Endpoint   { return user(bobID, "bob@contoso.com", "Bob Example") }
func carol() *model.Endpoint { return user(carolID, "carol@fabrikam.com", "Carol Example") }

// acsCall is a call assembled from ACS logs.
func acsCall(tenant, id string, streams int, endReason string) *model.Call {
	c := simpleCall(tenant, id, 0, t0, 1, streams)
	c.Source = model.SourceACS
	c.Sessions[0].ACS = &model.ACSParticipant{ParticipantID: "p1", EndReason: some(endReason)}
	c.ACS = &model.ACSCall{CorrelationID: id, Records: map[model.ACSCategory]int{model.ACSCallSummary: 1, model.ACSCallDiagnostics: streams}}
	return c
}

// acsRecord is a CallDiagnostics record of one stream.
func acsRecord(corr, streamID string, jitter float64) *model.ACSRecord {
	return &model.ACSRecord{
		Category:      model.ACSCallDiagnostics,
		Time:          model.Some(t0),
		CorrelationID: corr,
		Diagnostics: &model.ACSDiagnostics{
			ParticipantID: some("p1"), StreamID: some(streamID), MediaType: some("Audio"),
			JitterAvg: model.Some(jitter), PacketLossRateAvg: model.NullOf[float64](),
		},
	}
}

// usageRow is a PSTN usage row.
func usageRow(id string, duration int64) *model.UsageRow {
	return &model.UsageRow{
		Kind: model.UsagePSTN, ID: id,
		CallID:        some("call-" + id),
		StartDateTime: model.Some(t0), Duration: model.Some(duration),
		CalleeNumber: some(pstnNum), Charge: model.Some(0.5), Currency: some("USD"),
	}
}
