package access

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/golden"
	"github.com/callscope/callscope/internal/model"
)

// Hand-written calls (testdata/calls) cover what the published examples
// lack. Their people:
const (
	alice     = "a11ce000-0000-4000-8000-00000000a11c" // organizer, home tenant
	bobUPN    = "Bob.Brennan@contoso.com"              // home tenant
	phone     = "+15551234567"                         // PSTN participant
	guest     = "9e5700e5-0000-4000-8000-0000009e5700" // guest, null displayName
	frank     = "f4a4c000-0000-4000-8000-00000f4a4c00" // another tenant
	fabrikam  = "22222222-bbbb-4bbb-8bbb-222222222222"
	acsPSTN   = "4:+15557654321"
	acsCaller = "8:acs:61fddbe3-0003-4066-97bc-6aaf143bbb84_0000000b-4fee-66cf-ac00-343a0d003158"
)

// loadCall reads a hand-written call, written in the model's canonical JSON.
func loadCall(t testing.TB, name string) *model.Call {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "calls", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	c := new(model.Call)
	if err := json.Unmarshal(b, c); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return c
}

// TestGolden redacts each hand-written call for each role and compares
// the result with testdata/golden/<call>.<role>.json, so that a reviewer
// sees exactly what each role gets. After a deliberate change, refresh
// with go test ./internal/access -update and read the diff.
func TestGolden(t *testing.T) {
	t.Parallel()
	expected := map[string]bool{}
	for _, tc := range []struct{ call, lookup string }{
		{"meeting-mixed", alice},
		{"acs-pstn", acsCaller},
	} {
		c := loadCall(t, tc.call)
		for _, role := range Roles() {
			name := tc.call + "." + string(role)
			expected[name+".json"] = true
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				out := checkRedaction(t, Policy{}, c, role, tc.lookup)
				got, err := json.MarshalIndent(out, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				golden.Check(t, filepath.Join("testdata", "golden", name+".json"), append(got, '\n'))
			})
		}
	}
	golden.Stale(t, filepath.Join("testdata", "golden"), expected)
}

// name returns the display name of the identity found by pick, as JSON
// would show it: the value, "null" or "absent".
func name(c *model.Call, pick func(*model.Call) *model.Identity) string {
	id := pick(c)
	if id == nil {
		return "no identity"
	}
	return id.DisplayName.String()
}

func participant(i int) func(*model.Call) *model.Identity {
	return func(c *model.Call) *model.Identity { return c.ParticipantsV2[i].Identity.Primary() }
}

func sessionCaller(i int) func(*model.Call) *model.Identity {
	return func(c *model.Call) *model.Identity { return c.Sessions[i].Caller.PrimaryIdentity() }
}

func sessionCallee(i int) func(*model.Call) *model.Identity {
	return func(c *model.Call) *model.Identity { return c.Sessions[i].Callee.PrimaryIdentity() }
}

// TestNames checks, person by person, the name each role sees in the
// mixed meeting for each kind of lookup.
func TestNames(t *testing.T) {
	t.Parallel()
	c := loadCall(t, "meeting-mixed")
	var (
		pAlice, pBob, pPhone, pGuest, pFrank, pRedacted, pAA = participant(0), participant(1), participant(2), participant(3), participant(4), participant(5), participant(6)
	)
	f := func(policy Policy, role Role, lookup string, who func(*model.Call) *model.Identity, want string) {
		t.Helper()
		out := checkRedaction(t, policy, c, role, lookup)
		if got := name(out, who); got != want {
			t.Errorf("%s looking up %q: name %q, want %q", role, lookup, got, want)
		}
	}
	p := Policy{}
	// Engineers and admins see every name; phone numbers masked.
	for _, role := range []Role{Admin, Engineer} {
		f(p, role, "", pAlice, "Alice Anders")
		f(p, role, "", pFrank, "Frank Fabrikam")
		f(p, role, "", pPhone, "+1 555 123 4***")
		f(p, role, "", sessionCaller(1), "+15551234***")
		f(p, role, "", pGuest, "null")
		f(p, role, "", pRedacted, "Redacted")
	}
	// Tier 1 looking up nobody sees no name at all.
	f(p, Specialist, "", pAlice, InternalUser)
	f(p, Specialist, "", pBob, InternalUser)
	f(p, Specialist, "", pAA, InternalUser)
	f(p, Specialist, "", pFrank, ExternalUser)
	f(p, Specialist, "", pPhone, ExternalUser)
	f(p, Specialist, "", pGuest, "null")
	f(p, Specialist, "", pRedacted, "Redacted")
	// By object id: the organizer's name, everywhere it appears.
	f(p, Specialist, alice, pAlice, "Alice Anders")
	f(p, Specialist, alice, sessionCaller(0), "Alice Anders")
	f(p, Specialist, strings.ToUpper(alice), func(c *model.Call) *model.Identity { return c.OrganizerV2.Identity.User }, "Alice Anders")
	f(p, Specialist, alice, pBob, InternalUser)
	f(p, Specialist, alice, pFrank, ExternalUser)
	// By UPN in another case: found in identities that carry only the id.
	f(p, Specialist, strings.ToLower(bobUPN), pBob, "Bob Brennan")
	f(p, Specialist, strings.ToUpper(bobUPN), sessionCallee(1), "Bob Brennan")
	f(p, Specialist, strings.ToUpper(bobUPN), pAlice, InternalUser)
	// By phone number, however written: the name is the number, masked.
	f(p, Specialist, "+1 (555) 123-4567", pPhone, "+1 555 123 4***")
	f(p, Specialist, "tel:+15551234567", sessionCaller(1), "+15551234***")
	f(p, Specialist, "+1 (555) 123-4567", pBob, InternalUser)
	// A looked-up user whose name Microsoft withheld stays withheld.
	f(p, Specialist, guest, pGuest, "null")
	f(p, Specialist, guest, sessionCaller(3), "null")
	// Another tenant's user, looked up, is shown as delivered.
	f(p, Specialist, frank, pFrank, "Frank Fabrikam")
	// The configured home tenant decides who is internal.
	home := Policy{HomeTenantIDs: []string{strings.ToUpper(fabrikam)}}
	f(home, Specialist, "", pFrank, InternalUser)
	f(home, Specialist, "", pBob, ExternalUser)
}

// TestSpecialistDetails checks what Tier 1 loses beyond names, and that
// nothing is lost to engineers.
func TestSpecialistDetails(t *testing.T) {
	t.Parallel()
	c := loadCall(t, "meeting-mixed")
	tier1 := checkRedaction(t, Policy{}, c, Specialist, alice)
	tier2 := checkRedaction(t, Policy{}, c, Engineer, alice)

	caller := tier1.Sessions[0].Caller
	if id := caller.AssociatedIdentity; !id.ID.IsNull() || !id.UserPrincipalName.IsNull() {
		t.Errorf("looked-up user's object id and UPN kept for Tier 1: %v %v", id.ID, id.UserPrincipalName)
	}
	if id := tier1.ParticipantsV2[5].Identity.User; id.ID.Value() != "Redacted" || id.UserPrincipalName.Value() != "Redacted" {
		t.Errorf("withheld values changed: %v %v", id.ID, id.UserPrincipalName)
	}
	if !caller.Name.IsNull() || !caller.Feedback.Text.IsNull() || caller.CPUName.Presence() != model.Absent {
		t.Errorf("device name %v, feedback %v, CPU %v kept for Tier 1", caller.Name, caller.Feedback.Text, caller.CPUName)
	}
	if caller.Feedback.Rating.Value() != "poor" || !caller.Feedback.Tokens["Echo"].Value() {
		t.Errorf("feedback rating and tokens are quality data, lost: %+v", caller.Feedback)
	}
	if !tier1.JoinWebURL.IsNull() || !strings.Contains(tier2.JoinWebURL.Value(), alice) {
		t.Errorf("join URL: Tier 1 %v, Tier 2 %v", tier1.JoinWebURL, tier2.JoinWebURL)
	}
	m1, m2 := tier1.Sessions[0].Segments[0].Media[0], tier2.Sessions[0].Segments[0].Media[0]
	if n := m1.CallerNetwork; n.Subnet.Valid() || n.DNSSuffix.Valid() || n.TraceRouteHops != nil || n.RelayPort.Valid() || !n.IPAddress.IsNull() {
		t.Errorf("Tier 1 network details: %+v", n)
	}
	if n := m1.CallerNetwork; n.ConnectionType.Value() != model.ConnectionWifi || n.WifiSignalStrength.Value() != 62 || n.ReceivedQualityEventRatio.Value() != 0.31 {
		t.Errorf("Tier 1 lost network quality data: %+v", n)
	}
	if d := m1.CallerDevice; d.CaptureDeviceName.Valid() || d.CaptureNotFunctioningEventRatio.Value() != 0.006 {
		t.Errorf("Tier 1 device: %+v", d)
	}
	if m2.CallerNetwork.Subnet.Value() != "10.20.30.0" || m2.CallerDevice.CaptureDeviceName.Value() == "" || len(m2.CallerNetwork.TraceRouteHops) != 2 {
		t.Errorf("Tier 2 lost advanced or debug detail")
	}
	if got := tier2.Sessions[0].Caller.Feedback.Text.Value(); got != "Call me back on +1 425 555 0***, audio kept dropping" {
		t.Errorf("phone number in feedback text: %q", got)
	}
	if got := string(tier2.Sessions[0].Segments[0].Media[0].Streams[0].Extra["callbackNumber"]); got != `"+14255550***"` {
		t.Errorf("phone number in an unknown property: %s", got)
	}
	if tier1.Sessions[0].Segments[0].Media[0].Streams[0].Extra != nil {
		t.Errorf("unknown properties kept for Tier 1")
	}
}

// TestPhoneNumbers checks phone numbers outside fields tagged as such:
// participant ids, ACS identifiers, debugging blobs, payloads.
func TestPhoneNumbers(t *testing.T) {
	t.Parallel()
	mixed, acsCall := loadCall(t, "meeting-mixed"), loadCall(t, "acs-pstn")
	for _, role := range Roles() {
		out := checkRedaction(t, Policy{}, mixed, role, "")
		if got := out.ParticipantsV2[2].ID.Value(); got != "+15551234***" {
			t.Errorf("%s: phone participant id %q", role, got)
		}
		if got := out.ParticipantsV2[2].Identity.Phone.ID.Value(); got != "+15551234***" {
			t.Errorf("%s: phone slot id %q", role, got)
		}
		out = checkRedaction(t, Policy{}, acsCall, role, "")
		if got := out.Sessions[1].ACS.Identifier.Value(); got != "4:+15557654***" {
			t.Errorf("%s: ACS phone identifier %q", role, got)
		}
		if got := out.ParticipantsV2[1].ID.Value(); got != "4:+15557654***" {
			t.Errorf("%s: ACS phone participant %q", role, got)
		}
		four := checkRedaction(t, Policy{PhoneDigitsMasked: 4}, acsCall, role, "")
		if got := four.Sessions[1].Caller.AssociatedIdentity.ID.Value(); got != "4:+1555765****" {
			t.Errorf("%s, four digits: %q", role, got)
		}
	}
	// A phone organizer, as in Graph's list example: organizer_v2.id is
	// the number, the phone slot carries no name.
	phoneOrganizer := &model.Call{ID: "c", Version: 1, OrganizerV2: &model.CallParticipant{
		ID:       model.Some("+5564981205182"),
		Identity: &model.IdentitySet{Phone: &model.Identity{ID: model.Some("+5564981205182"), DisplayName: model.NullOf[string](), TenantID: model.NullOf[string]()}},
	}}
	for _, role := range Roles() {
		for _, lookup := range []string{"", "+55 64 98120 5182"} {
			o := checkRedaction(t, Policy{}, phoneOrganizer, role, lookup).OrganizerV2
			if o.ID.Value() != "+5564981205***" || o.Identity.Phone.ID.Value() != "+5564981205***" || !o.Identity.Phone.DisplayName.IsNull() {
				t.Errorf("%s looking up %q: phone organizer %s", role, lookup, mustJSON(t, o))
			}
		}
	}
	tier2 := checkRedaction(t, Policy{}, acsCall, Engineer, "")
	if got := string(tier2.Sessions[0].ACS.CallDebuggingInfo); !strings.Contains(got, `"+15557654***"`) {
		t.Errorf("debugging info %s", got)
	}
	if got := tier2.ACS.ClientOperations[0].OperationPayload.Value(); got != `{"callee":"+15557654***"}` {
		t.Errorf("operation payload %s", got)
	}
	tier1 := checkRedaction(t, Policy{}, acsCall, Specialist, acsPSTN)
	if tier1.ACS.ClientOperations != nil || tier1.ACS.MediaStats != nil || tier1.Sessions[0].ACS.CallDebuggingInfo != nil {
		t.Errorf("ACS debug data kept for Tier 1")
	}
	if len(tier1.ACS.Surveys) != 1 || tier1.Sessions[0].ACS.SDKVersion.Value() != "1.3.1.0" || tier1.Sessions[0].ACS.OSVersion.Valid() {
		t.Errorf("Tier 1 ACS overview: surveys %d, sdk %v, os %v", len(tier1.ACS.Surveys), tier1.Sessions[0].ACS.SDKVersion, tier1.Sessions[0].ACS.OSVersion)
	}
}

// TestRedactNil: nothing in, nothing out.
func TestRedactNil(t *testing.T) {
	t.Parallel()
	var p Policy
	if p.RedactCall(nil, Admin, "") != nil || p.RedactUsage(nil, Admin, "") != nil || p.RedactPeople(nil, Admin, "") != nil {
		t.Error("nil input gave a value")
	}
}

// TestUnknownRoleIsSpecialist: a role that is none of the three (an empty
// one from a broken token) sees what Tier 1 sees, no more.
func TestUnknownRoleIsSpecialist(t *testing.T) {
	t.Parallel()
	c := loadCall(t, "meeting-mixed")
	want := mustJSON(t, Policy{}.RedactCall(c, Specialist, alice))
	for _, r := range []Role{"", "Admin", "superuser"} {
		if got := mustJSON(t, Policy{}.RedactCall(c, r, alice)); got != want {
			t.Errorf("role %q sees more than a specialist", r)
		}
	}
}
