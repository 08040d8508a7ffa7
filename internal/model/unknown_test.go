package model

import (
	"encoding/json"
	"testing"
)

// decodeWithUnknown decodes raw into v the way the decoders do.
func decodeWithUnknown(t *testing.T, raw string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	CollectUnknown([]byte(raw), v)
}

func extraIs(t *testing.T, what string, got Extra, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: extra %v, want %v", what, got, want)
		return
	}
	for k, v := range want {
		if string(got[k]) != v {
			t.Errorf("%s: extra[%q] = %s, want %s", what, k, got[k], v)
		}
	}
}

func TestCollectUnknown(t *testing.T) {
	t.Parallel()
	var c Call
	decodeWithUnknown(t, `{
		"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#communications/callRecords/$entity",
		"id": "x", "version": 1, "newTopLevel": {"a": [1, 2]},
		"sessions@odata.context": "ignored",
		"sessions@odata.nextLink": "https://next",
		"sessions": [
			{"id": "s0"},
			{"id": "s1", "sessionFlavor": "beta",
			 "caller": {"@odata.type": "#microsoft.graph.callRecords.participantEndpoint", "beamStrength": 9,
			            "userAgent": {"platform": "quantumPhone", "newAgentField": true},
			            "feedback": {"tokens": {"Noisy": true}, "stars": 5}},
			 "segments": [{"media": [{"label": "main-audio", "mediaSecret": "x",
			                "callerNetwork": {"wifiSsid": "Guest", "traceRouteHops": [{"hopCount": 1, "asn": 8075}]},
			                "streams": [{"streamId": "1", "jitterBufferMagic": {"depth": 3}}]}]}]}
		],
		"organizer_v2": {"id": "o", "identity": {"user": {"id": "u", "nickname": "Al"}, "hologramUser": {"id": "h"}},
		                 "administrativeUnitInfos": [{"id": "au", "membershipType": "dynamic"}]}
	}`, &c)

	extraIs(t, "call", c.Extra, map[string]string{"newTopLevel": `{"a": [1, 2]}`})
	if c.SessionsNextLink != "https://next" {
		t.Errorf("nextLink = %q: annotations that a field takes are kept", c.SessionsNextLink)
	}
	extraIs(t, "session 0", c.Sessions[0].Extra, nil)
	s := c.Sessions[1]
	extraIs(t, "session 1", s.Extra, map[string]string{"sessionFlavor": `"beta"`})
	extraIs(t, "endpoint", s.Caller.Extra, map[string]string{"beamStrength": "9"})
	extraIs(t, "user agent", s.Caller.UserAgent.Extra, map[string]string{"newAgentField": "true"})
	extraIs(t, "feedback", s.Caller.Feedback.Extra, map[string]string{"stars": "5"})
	m := s.Segments[0].Media[0]
	extraIs(t, "media", m.Extra, map[string]string{"mediaSecret": `"x"`})
	extraIs(t, "network", m.CallerNetwork.Extra, map[string]string{"wifiSsid": `"Guest"`})
	extraIs(t, "trace route hop", m.CallerNetwork.TraceRouteHops[0].Extra, map[string]string{"asn": "8075"})
	extraIs(t, "stream", m.Streams[0].Extra, map[string]string{"jitterBufferMagic": `{"depth": 3}`})
	extraIs(t, "identity set", c.OrganizerV2.Identity.Extra, map[string]string{"hologramUser": `{"id": "h"}`})
	extraIs(t, "identity", c.OrganizerV2.Identity.User.Extra, map[string]string{"nickname": `"Al"`})
	extraIs(t, "administrative unit", c.OrganizerV2.AdministrativeUnitInfos[0].Extra, map[string]string{"membershipType": `"dynamic"`})
}

func TestCollectUnknownMatchesLikeEncodingJSON(t *testing.T) {
	t.Parallel()
	// encoding/json matches names without regard to case; so must the
	// collector, or a property would be both decoded and "unknown".
	var st Stream
	decodeWithUnknown(t, `{"STREAMID": "1", "AverageJitter": "PT0.016S", "odd": 1}`, &st)
	extraIs(t, "stream", st.Extra, map[string]string{"odd": "1"})
	if st.StreamID.Value() != "1" {
		t.Errorf("streamId = %v", st.StreamID)
	}
}

func TestCollectUnknownUsageRow(t *testing.T) {
	t.Parallel()
	var r UsageRow
	decodeWithUnknown(t, `{"id": "x", "callId": "c", "newColumn": 1}`, &r)
	extraIs(t, "usage row", r.Extra, map[string]string{"newColumn": "1"})
}

func TestCollectUnknownSurvivesOddInput(t *testing.T) {
	t.Parallel()
	f := func(raw string, v any) {
		t.Helper()
		CollectUnknown([]byte(raw), v) // must not panic
	}
	var c Call
	f(`{"sessions": 5}`, &c)
	f(`[1, 2]`, &c)
	f(`not json`, &c)
	f(``, &c)
	f(`{"id": "x"}`, c)            // not a pointer
	f(`{"id": "x"}`, (*Call)(nil)) // nil pointer
	f(`{"id": "x"}`, nil)
	c.Sessions = []*Session{nil, {}}
	f(`{"sessions": [{"a": 1}, {"b": 2}, {"c": 3}]}`, &c)
	if string(c.Sessions[1].Extra["b"]) != "2" {
		t.Errorf("second session extra = %v", c.Sessions[1].Extra)
	}
}
