package model

import "testing"

func TestEndpointPSTN(t *testing.T) {
	t.Parallel()
	service := func(role ServiceRole) *Endpoint {
		return &Endpoint{ODataType: "#microsoft.graph.callRecords.serviceEndpoint", UserAgent: &UserAgent{Role: Some(role)}}
	}
	user := func(id string) *Endpoint {
		return &Endpoint{ODataType: "#microsoft.graph.callRecords.participantEndpoint", AssociatedIdentity: &Identity{ID: Some(id)}}
	}
	for _, c := range []struct {
		name string
		e    *Endpoint
		want bool
	}{
		{"nil", nil, false},
		{"mediation server", service("mediationServer"), true},
		{"cloud connector", service("mediationServerCloudConnectorEdition"), true},
		{"gateway (carrier or SBC)", service("gateway"), true},
		{"conference server", service("skypeForBusinessAudioVideoMcu"), false},
		{"voicemail", service("voicemail"), false},
		{"Teams user", user("dc368399-474c-4d40-900c-6265431fd81f"), false},
		{"ACS phone number", user("4:+14255550123"), true},
		{"phone identity", &Endpoint{Identity: &IdentitySet{Phone: &Identity{ID: Some("+14255550123")}}}, true},
		{"user identity set", &Endpoint{Identity: &IdentitySet{User: &Identity{ID: Some("u1")}}}, false},
	} {
		if got := c.e.PSTN(); got != c.want {
			t.Errorf("%s: PSTN() = %v, want %v", c.name, got, c.want)
		}
	}
}
