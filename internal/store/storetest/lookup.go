package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// testCallIDsVerbatim: a call id is data, never SQL, whatever it holds —
// quotes, backslashes, placeholders, comments — and a lookup finds
// exactly the call stored under it, of the tenant asked for.
func testCallIDsVerbatim(t *testing.T, s *suite) {
	st := s.open(t)
	ids := []string{
		"it's", "''", `back\slash`, `\'`, "q?", "$1", "-- c", "/* c */", "x' OR '1'='1",
		"ünïcødé", "tab\tid", "e523d2ed-2966-4b6b-925b-754a88034cc5",
	}
	for _, id := range ids {
		put(t, st, outcomes(model.Inserted), simpleCall("tenant-a", id, 1, t0, 1, 1))
	}
	// The same id in another tenant, with other content.
	other := simpleCall("tenant-b", "it's", 1, t0, 2, 1)
	put(t, st, outcomes(model.Inserted), other)
	for _, id := range ids {
		if got := mustCall(t, st, "tenant-a", id); got.ID != id || got.Tenant != "tenant-a" || len(got.Sessions) != 1 {
			t.Errorf("Call(tenant-a, %q) = call %q of %q with %d sessions", id, got.ID, got.Tenant, len(got.Sessions))
		}
	}
	if got := mustCall(t, st, "tenant-b", "it's"); len(got.Sessions) != 2 {
		t.Errorf("Call(tenant-b, it's) has %d sessions, want tenant-b's 2", len(got.Sessions))
	}
	for _, id := range []string{"it", "x", "'", "%", "it_s", "IT'S"} {
		_, err := st.Call(context.Background(), "tenant-a", id)
		wantErr(t, "Call(tenant-a, "+id+")", err, store.ErrNotFound)
	}
	_, err := st.Call(context.Background(), "tenant-c", "it's")
	wantErr(t, "Call of a tenant without it", err, store.ErrNotFound)
	// Not valid UTF-8, and a NUL byte: still just not found.
	for _, id := range []string{"bad\xff", "nul\x00"} {
		_, err := st.Call(context.Background(), "tenant-a", id)
		if !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Call(tenant-a, %q) = %v, want ErrNotFound or ErrInvalid", id, err)
		}
	}
}

// testListIssueCounts: a call list counts each call's red and yellow
// issues, and follows a rewrite that judges the call again.
func testListIssueCounts(t *testing.T, s *suite) {
	st := s.open(t)
	judged := simpleCall("tenant-a", "judged", 1, t0, 3, 1)
	judged.Rules = "test-rules"
	judged.Sessions[0].Rating = model.RatingPoor
	judged.Sessions[0].Issues = []model.Issue{
		{Severity: model.SeverityRed, Area: "network", Reason: "r1"},
		{Severity: model.SeverityYellow, Area: "network", Reason: "y1"},
	}
	judged.Sessions[2].Rating = model.RatingPoor
	judged.Sessions[2].Issues = []model.Issue{
		{Severity: model.SeverityRed, Area: "device", Reason: "r2"},
		{Severity: model.SeverityYellow, Area: "network", Reason: "y2"},
		{Severity: model.SeverityYellow, Area: "network", Reason: "y3"},
	}
	plain := simpleCall("tenant-a", "plain", 1, t0.Add(-time.Hour), 1, 1)
	put(t, st, outcomes(model.Inserted, model.Inserted), judged, plain)
	f := func(what string, want map[string][2]int) {
		t.Helper()
		for _, sum := range list(t, st, store.CallFilter{Tenant: "tenant-a"}) {
			w := want[sum.ID]
			if sum.RedIssues != w[0] || sum.YellowIssues != w[1] {
				t.Errorf("%s: call %s has %d red and %d yellow issues, want %d and %d", what, sum.ID, sum.RedIssues, sum.YellowIssues, w[0], w[1])
			}
		}
	}
	f("stored", map[string][2]int{"judged": {2, 3}, "plain": {0, 0}})
	judged.Sessions[2].Issues = nil
	judged.Sessions[2].Rating = model.RatingGood
	if err := st.RewriteCalls(context.Background(), []*model.Call{judged}); err != nil {
		t.Fatal(err)
	}
	f("rewritten", map[string][2]int{"judged": {1, 1}, "plain": {0, 0}})
}

// testAuditBatch: a store that batches audit entries keeps their order
// and writes all of a batch or none of it.
func testAuditBatch(t *testing.T, s *suite) {
	st := s.open(t)
	b, ok := st.(store.AuditBatcher)
	if !ok {
		t.Skip("backend does not batch audit entries")
	}
	ctx := context.Background()
	if err := b.AuditBatch(ctx, nil); err != nil {
		t.Fatalf("AuditBatch(nil): %v", err)
	}
	var batch []store.AuditEntry
	for i := range 150 {
		batch = append(batch, entry(t0.Add(time.Duration(i%3)*time.Minute), "helpdesk-1", "tenant-a", "b"+string(rune('0'+i%10))+string(rune('a'+i/10))))
	}
	if err := b.AuditBatch(ctx, batch); err != nil {
		t.Fatalf("AuditBatch: %v", err)
	}
	got := auditLog(t, st, store.AuditFilter{})
	if len(got) != len(batch) {
		t.Fatalf("AuditLog after a batch of %d has %d entries", len(batch), len(got))
	}
	// Newest first; within one instant, the later-given first.
	var want []string
	for m := 2; m >= 0; m-- {
		for i := len(batch) - 1; i >= 0; i-- {
			if i%3 == m {
				want = append(want, batch[i].Subject)
			}
		}
	}
	wantIDs(t, "AuditLog after AuditBatch", subjects(got), want)

	bad := []store.AuditEntry{entry(t0, "a", "tenant-a", "x1"), {Actor: "a"}, entry(t0, "a", "tenant-a", "x2")}
	wantErr(t, "AuditBatch with an entry without action", b.AuditBatch(ctx, bad), store.ErrInvalid)
	if got := auditLog(t, st, store.AuditFilter{}); len(got) != len(batch) {
		t.Errorf("a failed batch left %d entries, want %d", len(got), len(batch))
	}
}
