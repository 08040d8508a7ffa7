package access

import (
	"testing"

	"github.com/callscope/callscope/internal/model"
)

func TestMatches(t *testing.T) {
	t.Parallel()
	alice := model.Person{ID: "A11CE000-0000-4000-8000-00000000A11C", UPN: "Alice.Anders@contoso.com", DisplayName: "Alice Anders"}
	pstn := model.Person{Phone: "+15551234567", DisplayName: "+15551234567"}
	masked := model.Person{Phone: "+15551234***"}
	f := func(p model.Person, lookup string, want bool) {
		t.Helper()
		if got := Matches(p, lookup); got != want {
			t.Errorf("Matches(%+v, %q) = %v, want %v", p, lookup, got, want)
		}
	}
	f(alice, "a11ce000-0000-4000-8000-00000000a11c", true)
	f(alice, " A11CE000-0000-4000-8000-00000000A11C ", true)
	f(alice, "alice.anders@CONTOSO.com", true)
	f(alice, "sip:alice.anders@contoso.com", true)
	f(alice, "Alice Anders", false)
	f(alice, "alice", false)
	f(alice, "", false)
	f(pstn, "+15551234567", true)
	f(pstn, "+1 (555) 123-4567", true)
	f(pstn, "15551234567", true)
	f(pstn, "tel:+15551234567", true)
	f(pstn, "5551234567", false)
	f(pstn, "+15551234", false)
	f(masked, "+15551234567", false)
	f(masked, "+15551234", false)
	f(model.Person{}, "", false)
	f(model.Person{}, "x", false)
}
