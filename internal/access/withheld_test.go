package access

import (
	"testing"

	"github.com/callscope/callscope/internal/model"
)

func TestWithheld(t *testing.T) {
	t.Parallel()
	f := func(o model.Opt[string], want bool) {
		t.Helper()
		if got := Withheld(o); got != want {
			t.Errorf("Withheld(%v) = %v, want %v", o, got, want)
		}
	}
	f(model.Opt[string]{}, true)
	f(model.NullOf[string](), true)
	f(model.Some(""), true)
	f(model.Some("  "), true)
	f(model.Some("Redacted"), true)
	f(model.Some("REDACTED"), true)
	f(model.Some("null"), true)
	f(model.Some("Alice"), false)
	f(model.Some("Redacted Person"), false)
	f(model.Some(InternalUser), false)
}
