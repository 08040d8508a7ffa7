package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// canonical is a value's canonical JSON, the form in which the contract
// compares calls.
func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	return string(b)
}

// put stores calls and checks the outcomes.
func put(t *testing.T, s store.Store, want []model.Outcome, calls ...*model.Call) {
	t.Helper()
	got, err := s.PutCalls(context.Background(), calls)
	if err != nil {
		t.Fatalf("PutCalls: %v", err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("PutCalls outcomes = %v, want %v", got, want)
	}
}

// outcomes is shorthand for a list of outcomes.
func outcomes(o ...model.Outcome) []model.Outcome { return o }

// mustCall reads a call that must be there.
func mustCall(t *testing.T, s store.Store, tenant, id string) *model.Call {
	t.Helper()
	c, err := s.Call(context.Background(), tenant, id)
	if err != nil {
		t.Fatalf("Call(%s, %s): %v", tenant, id, err)
	}
	return c
}

// wantCall checks that the stored call equals want in canonical JSON.
func wantCall(t *testing.T, s store.Store, want *model.Call) {
	t.Helper()
	got := mustCall(t, s, want.Tenant, want.ID)
	if g, w := canonical(t, got), canonical(t, want); g != w {
		t.Fatalf("stored call %s differs:\n got %s\nwant %s", want.ID, g, w)
	}
}

func mustStats(t *testing.T, s store.Store, tenant string) store.Stats {
	t.Helper()
	st, err := s.Stats(context.Background(), tenant)
	if err != nil {
		t.Fatalf("Stats(%q): %v", tenant, err)
	}
	return st
}

func list(t *testing.T, s store.Store, f store.CallFilter) []store.CallSummary {
	t.Helper()
	got, err := s.ListCalls(context.Background(), f)
	if err != nil {
		t.Fatalf("ListCalls(%+v): %v", f, err)
	}
	return got
}

// ids lists the summaries' ids in order.
func ids(sums []store.CallSummary) []string {
	out := make([]string, 0, len(sums))
	for _, s := range sums {
		out = append(out, s.ID)
	}
	return out
}

func wantIDs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

// snapshot renders everything a tenant's reads return, so that a test can
// tell that a write changed nothing at all.
func snapshot(t *testing.T, s store.Store, tenant string) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	fmt.Fprintf(&b, "stats %+v\n", mustStats(t, s, tenant))
	for _, sum := range list(t, s, store.CallFilter{Tenant: tenant}) {
		fmt.Fprintf(&b, "summary %+v\n", sum)
	}
	err := s.ScanCalls(ctx, store.CallFilter{Tenant: tenant}, func(c *model.Call) error {
		fmt.Fprintf(&b, "call %s\n", canonical(t, c))
		return nil
	})
	if err != nil {
		t.Fatalf("ScanCalls: %v", err)
	}
	return b.String()
}

// wantErr checks that err wraps target.
func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: error %v, want one wrapping %v", what, err, target)
	}
}

// clone returns a deep copy of c made through its canonical JSON, so that
// a test can store equal content under a different pointer.
func clone(t *testing.T, c *model.Call) *model.Call {
	t.Helper()
	var out model.Call
	if err := json.Unmarshal([]byte(canonical(t, c)), &out); err != nil {
		t.Fatalf("clone call: %v", err)
	}
	return &out
}
