package model

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

// piiCall fills every personal field the design's EUII list names.
func piiCall() *Call {
	user := func(id, name, upn string) *Identity {
		return &Identity{ID: Some(id), DisplayName: Some(name), UserPrincipalName: Some(upn), TenantID: Some("tenant-1")}
	}
	net := &NetworkInfo{IPAddress: Some("10.1.2.3"), ReflexiveIPAddress: Some("203.0.113.9"), MACAddress: Some("aa-bb-cc-dd-ee-ff"),
		BSSID: Some("11:22:33:44:55:66"), Subnet: Some("10.1.2.0"), TraceRouteHops: []*TraceRouteHop{{IPAddress: Some("192.0.2.1")}}}
	return &Call{
		ID: "call", Version: 1,
		OrganizerV2: &CallParticipant{ID: Some("org-oid"), Identity: &IdentitySet{User: user("org-oid", "Olga Organizer", "olga@contoso.com")}},
		Organizer:   &IdentitySet{User: user("org-oid", "Olga Organizer", "olga@contoso.com")},
		ParticipantsV2: []*CallParticipant{{ID: Some("+15551234567"), Identity: &IdentitySet{Phone: &Identity{ID: Some("+15551234567"), DisplayName: Some("Pat Phone")}}},
			{ID: Some("aa-oid"), Identity: &IdentitySet{ApplicationInstance: user("aa-oid", "Main Auto Attendant", "aa@contoso.com")}}},
		Sessions: []*Session{{
			Caller: &Endpoint{AssociatedIdentity: user("alice-oid", "Alice Example", "alice@contoso.com"), Name: Some("ALICE-LAPTOP"),
				Feedback: &UserFeedback{Text: Some("my call sounded terrible"), Rating: Some(FeedbackRating("poor"))}},
			Callee: &Endpoint{Extra: Extra{"newPersonalThing": json.RawMessage(`"secret-person"`)}, Identity: &IdentitySet{User: user("bob-oid", "Bob Example", "bob@contoso.com"), Guest: &Identity{Email: Some("guest@fabrikam.com")}}},
			Segments: []*Segment{{Media: []*Media{{Label: Some("main-audio"), CallerNetwork: net, CalleeNetwork: net,
				Streams: []*Stream{{StreamID: Some("1"), AveragePacketLossRate: Some(0.01)}}}}}},
		}},
	}
}

var personalValues = []string{"org-oid", "Olga Organizer", "olga@contoso.com", "+15551234567", "Pat Phone", "aa-oid", "Main Auto Attendant",
	"alice-oid", "Alice Example", "alice@contoso.com", "ALICE-LAPTOP", "my call sounded terrible", "bob-oid", "Bob Example",
	"bob@contoso.com", "guest@fabrikam.com", "10.1.2.3", "203.0.113.9", "aa-bb-cc-dd-ee-ff", "11:22:33:44:55:66", "192.0.2.1", "secret-person"}

func TestWalkPIIFindsEveryKind(t *testing.T) {
	t.Parallel()
	kinds := map[PIIKind]bool{}
	var phonePaths []string
	WalkPII(piiCall(), func(f PIIField) {
		kinds[f.Kind] = true
		if f.Kind == PIIPhone {
			phonePaths = append(phonePaths, f.Path)
		}
	})
	for _, k := range []PIIKind{PIIName, PIIID, PIIUPN, PIIPhone, PIIIP, PIIMAC, PIIBSSID, PIIDevice, PIIText} {
		if !kinds[k] {
			t.Errorf("no field of kind %s found", k)
		}
	}
	sort.Strings(phonePaths)
	if strings.Join(phonePaths, ",") != "participants_v2.identity.phone.id" {
		t.Errorf("phone fields %v: the phone slot's id must be a phone number", phonePaths)
	}
}

func TestClearPIILeavesNoPersonalValue(t *testing.T) {
	t.Parallel()
	c := piiCall()
	ClearPII(c)
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range personalValues {
		if strings.Contains(string(b), v) {
			t.Errorf("%q still present after ClearPII", v)
		}
	}
	for _, keep := range []string{`"subnet":"10.1.2.0"`, `"averagePacketLossRate":0.01`, `"rating":"poor"`, `"tenantId":"tenant-1"`} {
		if !strings.Contains(string(b), keep) {
			t.Errorf("%s lost by ClearPII", keep)
		}
	}
	if c.OrganizerV2.Identity.User.DisplayName.Presence() != Null {
		t.Errorf("cleared name should read as null, not absent or empty")
	}
}
