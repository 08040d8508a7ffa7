package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// testRewriteACSRecords: retention replaces records under their keys,
// whatever their version; an unknown key refuses the whole batch.
func testRewriteACSRecords(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	a, b := acsRecord("corr-1", "1", 10), acsRecord("corr-1", "2", 20)
	if _, err := st.PutACSRecords(ctx, "tenant-a", []store.ACSRecord{{Key: "k1", Version: 3, Record: a}, {Key: "k2", Record: b}}); err != nil {
		t.Fatal(err)
	}
	cleared := acsRecord("corr-1", "1", 10)
	cleared.Diagnostics.ParticipantID.Clear()
	if err := st.RewriteACSRecords(ctx, "tenant-a", []store.ACSRecord{{Key: "k1", Version: 3, Record: cleared}}); err != nil {
		t.Fatalf("RewriteACSRecords: %v", err)
	}
	recs, err := st.ACSRecords(ctx, "tenant-a", "corr-1")
	if err != nil || len(recs) != 2 {
		t.Fatalf("ACSRecords: %d, %v", len(recs), err)
	}
	if !recs[0].Diagnostics.ParticipantID.IsNull() || recs[1].Diagnostics.ParticipantID.Value() != "p1" {
		t.Errorf("after rewrite: %v / %v", recs[0].Diagnostics.ParticipantID, recs[1].Diagnostics.ParticipantID)
	}
	// The version stays what it was: telemetry of version 3 is not newer.
	out, _ := st.PutACSRecords(ctx, "tenant-a", []store.ACSRecord{{Key: "k1", Version: 2, Record: a}})
	if len(out) != 1 || out[0] != model.Older {
		t.Errorf("an older record after a rewrite: %v, want older", out)
	}
	err = st.RewriteACSRecords(ctx, "tenant-a", []store.ACSRecord{{Key: "k2", Record: cleared}, {Key: "nope", Record: cleared}})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rewriting an unknown record: %v, want ErrNotFound", err)
	}
	if err := st.RewriteACSRecords(ctx, "tenant-b", []store.ACSRecord{{Key: "k1", Record: cleared}}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rewriting another tenant's record: %v, want ErrNotFound", err)
	}
	recs, _ = st.ACSRecords(ctx, "tenant-a", "corr-1")
	if recs[1].Diagnostics.ParticipantID.Value() != "p1" {
		t.Errorf("a refused batch changed a record")
	}
}

// testUsageRowsScanRewrite: rows are scanned with the key they are kept
// under, so that a row stored by the hash of its content can be rewritten.
func testUsageRowsScanRewrite(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	old, recent, noID := usageRow("u-old", 10), usageRow("u-new", 20), usageRow("", 30)
	recent.StartDateTime = model.Some(t0.Add(48 * time.Hour))
	if _, err := st.PutUsageRows(ctx, "tenant-a", []*model.UsageRow{old, recent, noID}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutUsageRows(ctx, "tenant-b", []*model.UsageRow{usageRow("u-old", 99)}); err != nil {
		t.Fatal(err)
	}
	var seen []store.UsageRecord
	err := st.ScanUsageRows(ctx, "tenant-a", t0.Add(time.Hour), func(r store.UsageRecord) error {
		seen = append(seen, r)
		return nil
	})
	if err != nil || len(seen) != 2 {
		t.Fatalf("ScanUsageRows before t0+1h: %d rows, %v; want the two old ones", len(seen), err)
	}
	for _, r := range seen {
		r.Row.CalleeNumber.Clear()
	}
	if err := st.RewriteUsageRows(ctx, "tenant-a", seen); err != nil {
		t.Fatalf("RewriteUsageRows: %v", err)
	}
	var after []store.UsageRecord
	st.ScanUsageRows(ctx, "tenant-a", time.Time{}, func(r store.UsageRecord) error {
		after = append(after, r)
		return nil
	})
	if len(after) != 3 {
		t.Fatalf("%d rows after rewrite, want 3 (keys kept)", len(after))
	}
	cleared := 0
	for _, r := range after {
		if r.Row.CalleeNumber.IsNull() {
			cleared++
		}
	}
	if cleared != 2 {
		t.Errorf("%d rows cleared, want 2", cleared)
	}
	if got := mustStats(t, st, "tenant-a"); got.UsageRows != 3 {
		t.Errorf("stats %+v", got)
	}
	err = st.RewriteUsageRows(ctx, "tenant-a", []store.UsageRecord{{Key: "missing", Row: usageRow("missing", 1)}})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rewriting an unknown row: %v", err)
	}
	var other []store.UsageRecord
	st.ScanUsageRows(ctx, "tenant-b", time.Time{}, func(r store.UsageRecord) error { other = append(other, r); return nil })
	if len(other) != 1 || other[0].Row.CalleeNumber.IsNull() {
		t.Errorf("tenant-b's row changed: %+v", other)
	}
}
