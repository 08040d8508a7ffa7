package access

import (
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

func TestRedactPerson(t *testing.T) {
	t.Parallel()
	alice := model.Person{ID: alice, DisplayName: "Alice Anders", UPN: "alice.anders@contoso.com", TenantID: "t1", Organizer: true}
	pstn := model.Person{Phone: "+15551234567", DisplayName: "+15551234567"}
	nameless := model.Person{ID: guest}
	f := func(p model.Person, role Role, lookup string, internal bool, want model.Person) {
		t.Helper()
		if got := (Policy{}).RedactPerson(p, role, lookup, internal); got != want {
			t.Errorf("RedactPerson(%+v, %s, %q, %v)\n got %+v\nwant %+v", p, role, lookup, internal, got, want)
		}
	}
	for _, role := range []Role{Admin, Engineer} {
		f(alice, role, "", true, alice)
		f(pstn, role, "", false, model.Person{Phone: "+15551234***", DisplayName: "+15551234***"})
	}
	f(alice, Specialist, "ALICE.ANDERS@contoso.com", true, model.Person{DisplayName: "Alice Anders", TenantID: "t1", Organizer: true})
	f(alice, Specialist, "", true, model.Person{DisplayName: InternalUser, TenantID: "t1", Organizer: true})
	f(alice, Specialist, "", false, model.Person{DisplayName: ExternalUser, TenantID: "t1", Organizer: true})
	f(pstn, Specialist, "+1 555 123 4567", false, model.Person{Phone: "+15551234***", DisplayName: "+15551234***"})
	f(pstn, Specialist, "", false, model.Person{Phone: "+15551234***", DisplayName: ExternalUser})
	f(nameless, Specialist, "", false, model.Person{})
	f(nameless, Specialist, guest, false, model.Person{})
}

func TestRedactPeople(t *testing.T) {
	t.Parallel()
	c := loadCall(t, "meeting-mixed")
	before := mustJSON(t, c)
	people := Policy{}.RedactPeople(c, Specialist, strings.ToUpper(bobUPN))
	if mustJSON(t, c) != before {
		t.Fatal("RedactPeople modified the call")
	}
	names := map[string]int{}
	for _, p := range people {
		if !WithheldText(p.ID) || !WithheldText(p.UPN) {
			t.Errorf("Tier 1 sees id %q, UPN %q", p.ID, p.UPN)
		}
		if strings.Contains(p.Phone, "4567") {
			t.Errorf("phone %q not masked", p.Phone)
		}
		names[p.DisplayName]++
	}
	if names["Bob Brennan"] != 1 || names["Alice Anders"] != 0 || names[ExternalUser] == 0 || names[InternalUser] == 0 {
		t.Errorf("names seen by Tier 1 looking up Bob: %v", names)
	}
	all := Policy{}.RedactPeople(c, Engineer, "")
	if len(all) != len(people) {
		t.Fatalf("%d people for engineers, %d for Tier 1", len(all), len(people))
	}
	for _, p := range all {
		if p.DisplayName == InternalUser || p.DisplayName == ExternalUser {
			t.Errorf("engineer sees a label: %+v", p)
		}
	}
}
