package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// testCallIDPrefix: a call is found by the start of its id, without
// regard to case, within its tenant; the characters LIKE would take as
// wildcards are only characters; an ambiguous prefix lists its calls.
func testCallIDPrefix(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	for _, id := range []string{"abc-1", "abc-2", "abd", "a%c", "a_c"} {
		put(t, st, outcomes(model.Inserted), simpleCall("tenant-a", id, 1, t0, 1, 1))
	}
	put(t, st, outcomes(model.Inserted), simpleCall("tenant-b", "abz", 1, t0, 1, 1))
	if f, ok := st.(store.CallPrefixFinder); ok {
		g := func(prefix string, limit int, want ...string) {
			t.Helper()
			got, err := f.CallIDsWithPrefix(ctx, "tenant-a", prefix, limit)
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("CallIDsWithPrefix(tenant-a, %q, %d) = %q, %v; want %q", prefix, limit, got, err, want)
			}
		}
		g("ab", 10, "abc-1", "abc-2", "abd")
		g("ABC", 10, "abc-1", "abc-2")
		g("ab", 1, "abc-1")
		g("a%", 10, "a%c")
		g("a_", 10, "a_c")
		g("x", 10)
		_, err := f.CallIDsWithPrefix(ctx, "", "ab", 10)
		wantErr(t, "CallIDsWithPrefix without a tenant", err, store.ErrInvalid)
	}
	r := func(tenant, prefix, want string, wantErr func(error) bool) {
		t.Helper()
		got, err := store.ResolveCallID(ctx, st, tenant, prefix)
		if got != want || (err != nil) != (wantErr != nil) || (err != nil && !wantErr(err)) {
			t.Errorf("ResolveCallID(%s, %q) = %q, %v; want %q", tenant, prefix, got, err, want)
		}
	}
	notFound := func(err error) bool { return errors.Is(err, store.ErrNotFound) }
	r("tenant-a", "abd", "abd", nil)
	r("tenant-a", "abc-2", "abc-2", nil)
	r("tenant-a", "AbC-2", "abc-2", nil)
	r("tenant-a", "abc", "", store.IsAmbiguous)
	r("tenant-a", "abz", "", notFound)
	r("tenant-b", "ab", "abz", nil)
	r("tenant-a", "zz", "", notFound)
}
