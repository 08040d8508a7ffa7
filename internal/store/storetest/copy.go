package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// FillForCopy stores in st something of everything a store keeps: a
// generated organization (calls, ACS records, building file), usage
// rows, API tokens, audit entries, settings and pending fetches.
func FillForCopy(t testing.TB, st store.Store) {
	t.Helper()
	ctx := context.Background()
	LoadDashboard(t, st)
	if _, err := st.PutUsageRows(ctx, DashboardTenant, []*model.UsageRow{usageRow("pstn-1", 60), usageRow("pstn-2", 120), usageRow("", 30)}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 4, 1, 12, 0, 0, 0, time.UTC)
	for i, tok := range []store.Token{
		{ID: "tok-a", Name: "loader", Role: "admin", Tenants: []string{DashboardTenant}, CreatedAt: now, LastUsedAt: now.Add(time.Hour)},
		{ID: "tok-b", Name: "desk", Role: "specialist", Tenants: []string{DashboardTenant, "fabrikam"}, CreatedAt: now, RevokedAt: now.Add(2 * time.Hour)},
	} {
		tok.Hash = make([]byte, store.TokenHashSize)
		tok.Hash[0] = byte(i + 1)
		if err := st.CreateToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 5 {
		e := store.AuditEntry{Time: now.Add(time.Duration(i/2) * time.Minute), Actor: "desk", TokenID: "tok-b", Role: "specialist",
			Tenant: DashboardTenant, Action: "view-call", Subject: string(rune('a' + i))}
		if err := st.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range map[string]string{"default-tenant": DashboardTenant, "webhook-client-state": "s3cret"} {
		if err := st.SetSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.NoteFetches(ctx, []store.FetchNote{{Tenant: DashboardTenant, RecordID: "rec-1", Noted: now, Due: now.Add(time.Minute)}}); err != nil {
		t.Fatal(err)
	}
}

// CheckCopy copies from into to (empty) with store.Copy and fails t
// unless the copy reads as the source does: every call, ACS record and
// usage row, the dashboard, tokens, audit log, settings, building file
// and pending fetches. A second copy into the same target is refused.
func CheckCopy(t *testing.T, from, to store.Store) {
	t.Helper()
	ctx := context.Background()
	res, err := store.Copy(ctx, from, to, nil)
	if err != nil {
		t.Fatalf("Copy: %v", err)
	}
	if res.Calls == 0 || res.ACSRecords == 0 || res.UsageRows == 0 || res.Tokens == 0 || res.AuditEntries == 0 || res.BuildingFiles == 0 || res.PendingFetches == 0 {
		t.Fatalf("Copy copied %+v: the source lacks something to copy", res)
	}
	if _, err := store.Copy(ctx, from, to, nil); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a second copy into the same store: %v, want ErrConflict", err)
	}

	same := func(what string, read func(store.Store) (any, error)) {
		t.Helper()
		a, errA := read(from)
		b, errB := read(to)
		if err := errors.Join(errA, errB); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if ca, cb := canonical(t, a), canonical(t, b); ca != cb {
			t.Errorf("%s differ:\nsource %.300s\ncopy   %.300s", what, ca, cb)
		}
	}
	same("calls", func(s store.Store) (any, error) {
		var calls []*model.Call
		err := s.ScanCalls(ctx, store.CallFilter{Tenant: DashboardTenant}, func(c *model.Call) error {
			calls = append(calls, c)
			return nil
		})
		return calls, err
	})
	same("call list", func(s store.Store) (any, error) {
		return s.ListCalls(ctx, store.CallFilter{Tenant: DashboardTenant, Limit: 50})
	})
	same("ACS records", func(s store.Store) (any, error) {
		var recs []store.ACSRecord
		err := s.ScanACSRecords(ctx, DashboardTenant, func(r store.ACSRecord) error {
			recs = append(recs, r)
			return nil
		})
		return recs, err
	})
	same("usage rows", func(s store.Store) (any, error) {
		var rows []store.UsageRecord
		err := s.ScanUsageRows(ctx, DashboardTenant, time.Time{}, func(r store.UsageRecord) error {
			rows = append(rows, r)
			return nil
		})
		slices.SortFunc(rows, func(a, b store.UsageRecord) int { return strings.Compare(a.Key, b.Key) })
		return rows, err
	})
	// Sums may come out in another order, so to a millionth.
	for _, q := range []cqd.Query{
		{Tenant: DashboardTenant, GroupBy: []cqd.Dimension{cqd.Building, cqd.Day}, Measures: cqd.Measures()},
		{Tenant: DashboardTenant, GroupBy: []cqd.Dimension{cqd.Subnet}},
	} {
		a, errA := from.Aggregate(ctx, q)
		b, errB := to.Aggregate(ctx, q)
		if err := errors.Join(errA, errB); err != nil {
			t.Fatalf("dashboard: %v", err)
		}
		CheckRows(t, "(the copy against the source)", q, b.Rows, a.Rows)
	}
	same("tokens", func(s store.Store) (any, error) { return s.Tokens(ctx) })
	same("audit log", func(s store.Store) (any, error) { return s.AuditLog(ctx, store.AuditFilter{}) })
	same("settings", func(s store.Store) (any, error) { return s.Settings(ctx) })
	same("building file", func(s store.Store) (any, error) {
		rows, at, err := s.Buildings(ctx, DashboardTenant)
		return []any{rows, at}, err
	})
	same("pending fetches", func(s store.Store) (any, error) {
		p, err := s.DueFetches(ctx, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), 100)
		for i := range p {
			p[i].Seq, p[i].LastNoted = 0, time.Time{} // a copy is noted once
		}
		return p, err
	})
}
