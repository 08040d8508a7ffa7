package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

func testACSRecords(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	putRecs := func(tenant string, want []model.Outcome, recs ...store.ACSRecord) {
		t.Helper()
		got, err := st.PutACSRecords(ctx, tenant, recs)
		if err != nil {
			t.Fatalf("PutACSRecords: %v", err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("PutACSRecords outcomes = %v, want %v", got, want)
		}
	}
	jitters := func(tenant, corr string) []float64 {
		t.Helper()
		recs, err := st.ACSRecords(ctx, tenant, corr)
		if err != nil {
			t.Fatalf("ACSRecords: %v", err)
		}
		var out []float64
		for _, r := range recs {
			out = append(out, r.Diagnostics.JitterAvg.Value())
		}
		return out
	}
	rec := func(key string, version int64, jitter float64) store.ACSRecord {
		return store.ACSRecord{Key: key, CorrelationID: "corr-1", Version: version, Record: acsRecord("corr-1", key, jitter)}
	}

	// Keys arrive out of order; reads come back ordered by key.
	putRecs("tenant-a", outcomes(model.Inserted, model.Inserted, model.Inserted),
		rec("diag/3", 1, 30), rec("diag/1", 1, 10), rec("diag/2", 1, 20))
	if got := jitters("tenant-a", "corr-1"); !slices.Equal(got, []float64{10, 20, 30}) {
		t.Fatalf("ACSRecords jitters = %v, want ordered by key [10 20 30]", got)
	}
	putRecs("tenant-a", outcomes(model.Unchanged), rec("diag/1", 1, 10))
	putRecs("tenant-a", outcomes(model.Replaced), rec("diag/1", 2, 11))
	putRecs("tenant-a", outcomes(model.Older), rec("diag/1", 1, 10))
	putRecs("tenant-a", outcomes(model.Replaced, model.Older, model.Unchanged), rec("diag/2", 5, 25), rec("diag/2", 4, 24), rec("diag/2", 5, 25))
	// The same version with other content: the fuller copy wins, and a
	// thinner one arriving later changes nothing.
	putRecs("tenant-a", outcomes(model.Replaced), rec("diag/3", 1, 30.5))
	putRecs("tenant-a", outcomes(model.Unchanged), rec("diag/3", 1, 30))
	if got := jitters("tenant-a", "corr-1"); !slices.Equal(got, []float64{11, 25, 30.5}) {
		t.Fatalf("after updates: jitters = %v, want [11 25 30.5]", got)
	}

	// The record's own correlation id is used when none is given, and the
	// stored record round-trips exactly.
	r := acsRecord("corr-2", "9", 9)
	putRecs("tenant-a", outcomes(model.Inserted), store.ACSRecord{Key: "diag/9", Record: r})
	recs, err := st.ACSRecords(ctx, "tenant-a", "corr-2")
	if err != nil || len(recs) != 1 {
		t.Fatalf("ACSRecords(corr-2) = %d, %v", len(recs), err)
	}
	if g, w := canonical(t, recs[0]), canonical(t, r); g != w {
		t.Fatalf("stored record differs:\n got %s\nwant %s", g, w)
	}

	// Another tenant's records of the same correlation id are its own.
	putRecs("tenant-b", outcomes(model.Inserted), rec("diag/1", 1, 99))
	if got := jitters("tenant-b", "corr-1"); !slices.Equal(got, []float64{99}) {
		t.Fatalf("tenant-b jitters = %v", got)
	}
	if got := jitters("tenant-a", "corr-1"); !slices.Equal(got, []float64{11, 25, 30.5}) {
		t.Fatalf("tenant-b's record changed tenant-a's: %v", got)
	}
	if got := jitters("tenant-a", "corr-none"); len(got) != 0 {
		t.Fatalf("ACSRecords of an unknown call = %v", got)
	}
	if got := mustStats(t, st, "tenant-a").ACSRecords; got != 4 {
		t.Errorf("Stats(tenant-a).ACSRecords = %d, want 4", got)
	}
	if got := mustStats(t, st, "").ACSRecords; got != 5 {
		t.Errorf("Stats(all).ACSRecords = %d, want 5", got)
	}
}

func testUsageRows(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	putRows := func(tenant string, want []model.Outcome, rows ...*model.UsageRow) {
		t.Helper()
		got, err := st.PutUsageRows(ctx, tenant, rows)
		if err != nil {
			t.Fatalf("PutUsageRows: %v", err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("PutUsageRows outcomes = %v, want %v", got, want)
		}
	}
	noID := usageRow("", 30)
	putRows("tenant-a", outcomes(model.Inserted, model.Inserted, model.Inserted), usageRow("u1", 60), usageRow("u2", 90), noID)
	putRows("tenant-a", outcomes(model.Unchanged, model.Unchanged, model.Unchanged), usageRow("u1", 60), usageRow("u2", 90), usageRow("", 30))
	putRows("tenant-a", outcomes(model.Replaced, model.Unchanged), usageRow("u1", 61), usageRow("u1", 61))
	// Without an id, other content is another row.
	putRows("tenant-a", outcomes(model.Inserted), usageRow("", 31))
	// The same id under another kind is another row.
	dr := usageRow("u1", 60)
	dr.Kind = model.UsageDirectRouting
	putRows("tenant-a", outcomes(model.Inserted), dr)
	putRows("tenant-b", outcomes(model.Inserted), usageRow("u1", 60))
	if got := mustStats(t, st, "tenant-a").UsageRows; got != 5 {
		t.Errorf("Stats(tenant-a).UsageRows = %d, want 5", got)
	}
	if got := mustStats(t, st, "").UsageRows; got != 6 {
		t.Errorf("Stats(all).UsageRows = %d, want 6", got)
	}
}

// testACSRecordsOf: the batch read returns what the single reads return,
// per call, and nothing of other tenants or of calls without records.
func testACSRecordsOf(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	recs := []store.ACSRecord{
		{Key: "b", Record: acsRecord("corr-1", "2", 20)}, {Key: "a", Record: acsRecord("corr-1", "1", 10)},
		{Key: "a", Record: acsRecord("corr-2", "1", 30)},
	}
	if _, err := st.PutACSRecords(ctx, "tenant-a", recs); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutACSRecords(ctx, "tenant-b", []store.ACSRecord{{Key: "a", Record: acsRecord("corr-1", "9", 99)}}); err != nil {
		t.Fatal(err)
	}
	got, err := st.ACSRecordsOf(ctx, "tenant-a", []string{"corr-1", "corr-2", "corr-none"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got["corr-1"]) != 2 || len(got["corr-2"]) != 1 {
		t.Fatalf("ACSRecordsOf = %d calls (%d, %d records), want 2 calls (2, 1)", len(got), len(got["corr-1"]), len(got["corr-2"]))
	}
	for _, id := range []string{"corr-1", "corr-2"} {
		one, err := st.ACSRecords(ctx, "tenant-a", id)
		if err != nil {
			t.Fatal(err)
		}
		if canonical(t, one) != canonical(t, got[id]) {
			t.Errorf("%s: batch and single reads differ", id)
		}
	}
}
