package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// testListBefore: Before keeps calls that started before it; a call
// without a start time is never old enough.
func testListBefore(t *testing.T, s *suite) {
	st := s.open(t)
	listFixture(t, st)
	f := func(flt store.CallFilter, want ...string) {
		t.Helper()
		flt.Tenant = "tenant-a"
		wantIDs(t, "ListCalls", ids(list(t, st, flt)), want)
		var scanned []string
		err := st.ScanCalls(context.Background(), flt, func(c *model.Call) error {
			scanned = append(scanned, c.ID)
			return nil
		})
		if err != nil {
			t.Fatalf("ScanCalls: %v", err)
		}
		if len(scanned) != len(want) {
			t.Fatalf("ScanCalls(%+v) visited %v, want %v in any order", flt, scanned, want)
		}
	}
	f(store.CallFilter{}, "c3", "c2", "c2b", "c1", "c0")
	f(store.CallFilter{Before: t0}, "c2", "c2b", "c1")
	f(store.CallFilter{Before: t0.Add(time.Microsecond)}, "c3", "c2", "c2b", "c1")
	f(store.CallFilter{Before: t0.Add(-time.Hour)}, "c1")
	f(store.CallFilter{Before: t0.Add(-time.Hour + time.Microsecond)}, "c2", "c2b", "c1")
	f(store.CallFilter{Before: t0.Add(-48 * time.Hour)})
	f(store.CallFilter{Since: t0.Add(-24 * time.Hour), Before: t0}, "c2", "c2b")
	f(store.CallFilter{User: aliceID, Before: t0}, "c2")
	f(store.CallFilter{Before: t0, Limit: 1, Offset: 1}, "c2b")
}

// retentionFixture stores, for tenant-a, old calls with ACS records
// (corr-old, 2 sessions; older), a call without a start time, a new call
// and records of no stored call; and for tenant-b, a copy of corr-old
// with its own records, and a call with older's id that is new. Carol is
// only in corr-old.
func retentionFixture(t *testing.T, st store.Store) {
	t.Helper()
	ctx := context.Background()
	old := simpleCall("tenant-a", "corr-old", 1, t0.Add(-40*24*time.Hour), 2, 3)
	old.Sessions[1].Callee = carol()
	older := simpleCall("tenant-a", "older", 1, t0.Add(-50*24*time.Hour), 1, 1)
	noStart := simpleCall("tenant-a", "no-start", 1, t0, 1, 2)
	noStart.StartDateTime = model.Opt[time.Time]{}
	recent := simpleCall("tenant-a", "recent", 1, t0, 1, 4)
	put(t, st, outcomes(model.Inserted, model.Inserted, model.Inserted, model.Inserted), old, older, noStart, recent)
	put(t, st, outcomes(model.Inserted, model.Inserted),
		simpleCall("tenant-b", "corr-old", 1, t0.Add(-40*24*time.Hour), 1, 1), simpleCall("tenant-b", "older", 1, t0, 1, 1))

	recs := func(tenant, corr string, keys ...string) {
		t.Helper()
		var rs []store.ACSRecord
		for _, k := range keys {
			rs = append(rs, store.ACSRecord{Key: k, CorrelationID: corr, Version: 1, Record: acsRecord(corr, k, 1)})
		}
		if _, err := st.PutACSRecords(ctx, tenant, rs); err != nil {
			t.Fatalf("PutACSRecords: %v", err)
		}
	}
	recs("tenant-a", "corr-old", "diag/1", "diag/2")
	recs("tenant-a", "recent", "diag/1")
	recs("tenant-a", "corr-unassembled", "diag/1")
	recs("tenant-b", "corr-old", "diag/1")
	recs("tenant-b", "older", "diag/1")
	if _, err := st.PutUsageRows(ctx, "tenant-a", []*model.UsageRow{usageRow("u1", 60)}); err != nil {
		t.Fatalf("PutUsageRows: %v", err)
	}
}

// testDeleteCalls: retention deletes a tenant's old calls with their
// facts, people and ACS records, and nothing of other tenants or newer.
func testDeleteCalls(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	retentionFixture(t, st)
	otherBefore := snapshot(t, st, "tenant-b")
	del := func(tenant string, before time.Time, want int) {
		t.Helper()
		n, err := st.DeleteCalls(ctx, tenant, before)
		if err != nil {
			t.Fatalf("DeleteCalls(%q, %v): %v", tenant, before, err)
		}
		if n != want {
			t.Fatalf("DeleteCalls(%q, %v) = %d, want %d", tenant, before, n, want)
		}
	}
	wantStats := func(tenant string, want store.Stats) {
		t.Helper()
		if got := mustStats(t, st, tenant); got != want {
			t.Fatalf("Stats(%q) = %+v, want %+v", tenant, got, want)
		}
	}
	wantStats("tenant-a", store.Stats{Calls: 4, Sessions: 5, Streams: 13, People: 9, ACSRecords: 4, UsageRows: 1})

	// Every tenant's: only tenant-a's older is due, not tenant-b's newer
	// call of the same id.
	del("", t0.Add(-45*24*time.Hour), 1)
	// tenant-a's: not tenant-b's copy of corr-old, due as it is.
	del("tenant-a", t0.Add(-30*24*time.Hour), 1)
	wantStats("tenant-a", store.Stats{Calls: 2, Sessions: 2, Streams: 6, People: 4, ACSRecords: 2, UsageRows: 1})
	wantIDs(t, "tenant-a's calls", ids(list(t, st, store.CallFilter{Tenant: "tenant-a"})), []string{"recent", "no-start"})
	_, err := st.Call(ctx, "tenant-a", "corr-old")
	wantErr(t, "Call of a deleted call", err, store.ErrNotFound)
	recs, err := st.ACSRecords(ctx, "tenant-a", "corr-old")
	if err != nil || len(recs) != 0 {
		t.Errorf("ACS records of a deleted call: %d, %v", len(recs), err)
	}
	for _, corr := range []string{"recent", "corr-unassembled"} {
		if recs, err := st.ACSRecords(ctx, "tenant-a", corr); err != nil || len(recs) != 1 {
			t.Errorf("ACS records of %s: %d, %v; want the one kept", corr, len(recs), err)
		}
	}
	// Carol was only in the deleted call: she is gone from lookups.
	wantIDs(t, "calls of carol", ids(list(t, st, store.CallFilter{Tenant: "tenant-a", User: carolID})), nil)
	if got := search(t, st, store.PeopleQuery{Tenant: "tenant-a", Text: "carol"}); len(got) != 0 {
		t.Errorf("SearchPeople finds carol after her call was deleted: %+v", got)
	}
	if after := snapshot(t, st, "tenant-b"); after != otherBefore {
		t.Errorf("deleting tenant-a's calls changed tenant-b's:\nbefore %s\nafter  %s", otherBefore, after)
	}
	for _, corr := range []string{"corr-old", "older"} {
		if recs, err := st.ACSRecords(ctx, "tenant-b", corr); err != nil || len(recs) != 1 {
			t.Errorf("tenant-b's ACS records of its own %s: %d, %v", corr, len(recs), err)
		}
	}

	// Every tenant; a call without a start time is never due.
	del("", t0.Add(time.Hour), 3)
	wantStats("", store.Stats{Calls: 1, Sessions: 1, Streams: 2, People: 2, ACSRecords: 1, UsageRows: 1})
	wantIDs(t, "tenant-a's calls", ids(list(t, st, store.CallFilter{Tenant: "tenant-a"})), []string{"no-start"})
	del("", t0.Add(time.Hour), 0)

	_, err = st.DeleteCalls(ctx, "tenant-a", time.Time{})
	wantErr(t, "DeleteCalls before no time", err, store.ErrInvalid)
	if got := mustStats(t, st, "").Calls; got != 1 {
		t.Errorf("a refused DeleteCalls deleted calls: %d left", got)
	}
}
