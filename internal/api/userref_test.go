package api

import (
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
)

func isWithheldText(s string) bool { return access.Withheld(model.Some(s)) }

func TestUserRefs(t *testing.T) {
	t.Parallel()
	key := make([]byte, refKeySize)
	refs, err := newUserRefs(key)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := refs.seal("tenant-a", "alice@contoso.com")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ref, refPrefix) || strings.Contains(ref, "alice") {
		t.Fatalf("ref %q", ref)
	}
	if got, err := refs.open("tenant-a", ref); err != nil || got != "alice@contoso.com" {
		t.Fatalf("open = %q, %v", got, err)
	}
	// A person's ref stays the same, so that the address of their calls
	// can be bookmarked; refs are made only where the name is shown.
	if again, _ := refs.seal("tenant-a", "alice@contoso.com"); again != ref {
		t.Errorf("a person's ref changed: %q, then %q", ref, again)
	}
	for _, other := range [][2]string{{"tenant-a", "bob@contoso.com"}, {"tenant-b", "alice@contoso.com"}} {
		if r, _ := refs.seal(other[0], other[1]); r == ref {
			t.Errorf("%s of %s has alice's ref", other[1], other[0])
		}
	}
	for name, bad := range map[string]string{
		"other tenant": "", "tampered": ref[:len(ref)-2] + "AA", "truncated": ref[:10], "not base64": refPrefix + "!!!",
		"empty": refPrefix,
	} {
		tenant := "tenant-a"
		if name == "other tenant" {
			tenant, bad = "tenant-b", ref
		}
		if _, err := refs.open(tenant, bad); err == nil {
			t.Errorf("%s ref opened", name)
		}
	}
	key2 := make([]byte, refKeySize)
	key2[0] = 1
	refs2, _ := newUserRefs(key2)
	if _, err := refs2.open("tenant-a", ref); err == nil {
		t.Error("a ref opened under another key")
	}
	if _, err := newUserRefs(make([]byte, 16)); err == nil {
		t.Error("a 16-byte key was accepted")
	}
}

func TestScrub(t *testing.T) {
	t.Parallel()
	f := func(in, want string) {
		t.Helper()
		if got := scrub(in); got != want {
			t.Errorf("scrub(%q) = %q, want %q", in, got, want)
		}
	}
	f("", "")
	f("call 1234 of tenant", "call 1234 of tenant")
	f("phone +15551234567 here", "phone +15######### here")
	f("+1 555 123 4567", "+1 5## ### ####")
	f("line 12345", "line 12###")
	f("a-1234-b", "a-1234-b")
}
