package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store"
)

func audit(t *testing.T, st store.Store, entries ...store.AuditEntry) {
	t.Helper()
	for _, e := range entries {
		if err := st.Audit(context.Background(), e); err != nil {
			t.Fatalf("Audit(%+v): %v", e, err)
		}
	}
}

func auditLog(t *testing.T, st store.Store, f store.AuditFilter) []store.AuditEntry {
	t.Helper()
	got, err := st.AuditLog(context.Background(), f)
	if err != nil {
		t.Fatalf("AuditLog(%+v): %v", f, err)
	}
	return got
}

// subjects lists the entries' subjects in order, which the audit tests
// make unique.
func subjects(es []store.AuditEntry) []string {
	out := make([]string, 0, len(es))
	for _, e := range es {
		out = append(out, e.Subject)
	}
	return out
}

// entry is a view of subject's calls in tenant by actor at at.
func entry(at time.Time, actor, tenant, subject string) store.AuditEntry {
	return store.AuditEntry{
		Time: at, Actor: actor, TokenID: "tok_" + actor, Role: "specialist", Tenant: tenant,
		Action: "view-user-calls", Subject: subject, Detail: "days=30",
	}
}

// auditFixture writes entries out of time order, two of them at one
// instant; by subject, newest first: e5, e4b, e4a, e3, e2, e1.
func auditFixture(t *testing.T, st store.Store) {
	t.Helper()
	audit(t, st,
		entry(t0.Add(3*time.Minute), "helpdesk-1", "tenant-a", "e3"),
		entry(t0.Add(1*time.Minute), "helpdesk-1", "tenant-a", "e1"),
		entry(t0.Add(4*time.Minute), "helpdesk-2", "tenant-a", "e4a"),
		entry(t0.Add(4*time.Minute), "helpdesk-1", "tenant-b", "e4b"),
		entry(t0.Add(2*time.Minute), "helpdesk-2", "tenant-b", "e2"),
		entry(t0.Add(5*time.Minute), "admin", "", "e5"),
	)
}

// testAuditOrder: entries come back whole, newest first, and entries of
// one instant in reverse order of writing.
func testAuditOrder(t *testing.T, s *suite) {
	st := s.open(t)
	if got := auditLog(t, st, store.AuditFilter{}); len(got) != 0 {
		t.Fatalf("AuditLog of an empty store = %+v", got)
	}
	auditFixture(t, st)
	got := auditLog(t, st, store.AuditFilter{})
	wantIDs(t, "AuditLog", subjects(got), []string{"e5", "e4b", "e4a", "e3", "e2", "e1"})
	want := entry(t0.Add(4*time.Minute), "helpdesk-1", "tenant-b", "e4b")
	if g := got[1]; !g.Time.Equal(want.Time) || g.Time.Location() != time.UTC {
		t.Errorf("entry time = %v, want %v in UTC", g.Time, want.Time)
	}
	got[1].Time = want.Time
	if !reflect.DeepEqual(got[1], want) {
		t.Errorf("entry = %+v, want %+v", got[1], want)
	}

	// A time left out is the store's.
	audit(t, st, store.AuditEntry{Actor: "cli", Action: "token-create", Subject: "now"})
	if got := auditLog(t, st, store.AuditFilter{Actor: "cli"}); len(got) != 1 || got[0].Time.IsZero() {
		t.Errorf("entry written without a time: %+v", got)
	}
	wantErr(t, "Audit without an action", st.Audit(context.Background(), store.AuditEntry{Actor: "x", Subject: "y"}), store.ErrInvalid)
}

// testAuditFilters: each filter alone and together; a tenant's read never
// shows another tenant's entries.
func testAuditFilters(t *testing.T, s *suite) {
	st := s.open(t)
	auditFixture(t, st)
	f := func(flt store.AuditFilter, want ...string) {
		t.Helper()
		wantIDs(t, fmt.Sprintf("AuditLog(%+v)", flt), subjects(auditLog(t, st, flt)), want)
	}
	f(store.AuditFilter{Tenant: "tenant-a"}, "e4a", "e3", "e1")
	f(store.AuditFilter{Tenant: "tenant-b"}, "e4b", "e2")
	f(store.AuditFilter{Tenant: "tenant-c"})
	f(store.AuditFilter{Since: t0.Add(3 * time.Minute)}, "e5", "e4b", "e4a", "e3")
	f(store.AuditFilter{Until: t0.Add(3 * time.Minute)}, "e2", "e1")
	f(store.AuditFilter{Since: t0.Add(2 * time.Minute), Until: t0.Add(4 * time.Minute)}, "e3", "e2")
	f(store.AuditFilter{Since: t0.Add(4*time.Minute + time.Microsecond)}, "e5")
	f(store.AuditFilter{Actor: "helpdesk-1"}, "e4b", "e3", "e1")
	f(store.AuditFilter{Actor: "HELPDESK-1"})
	f(store.AuditFilter{Tenant: "tenant-a", Actor: "helpdesk-1", Since: t0.Add(2 * time.Minute)}, "e3")
	f(store.AuditFilter{Limit: 2}, "e5", "e4b")
	f(store.AuditFilter{Limit: 2, Offset: 2}, "e4a", "e3")
	f(store.AuditFilter{Offset: 5}, "e1")
	f(store.AuditFilter{Offset: 6})
	f(store.AuditFilter{Tenant: "tenant-a", Limit: 1, Offset: 1}, "e3")

	_, err := st.AuditLog(context.Background(), store.AuditFilter{Limit: -1})
	wantErr(t, "AuditLog with a negative limit", err, store.ErrInvalid)
	_, err = st.AuditLog(context.Background(), store.AuditFilter{Offset: -1})
	wantErr(t, "AuditLog with a negative offset", err, store.ErrInvalid)
}

// testAuditPurge: retention deletes what is older, of every tenant, and
// nothing else.
func testAuditPurge(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	auditFixture(t, st)
	purge := func(before time.Time, want int) {
		t.Helper()
		n, err := st.PurgeAudit(ctx, before)
		if err != nil {
			t.Fatalf("PurgeAudit(%v): %v", before, err)
		}
		if n != want {
			t.Fatalf("PurgeAudit(%v) = %d, want %d", before, n, want)
		}
	}
	purge(t0, 0)
	purge(t0.Add(3*time.Minute), 2)
	wantIDs(t, "AuditLog after purging", subjects(auditLog(t, st, store.AuditFilter{})), []string{"e5", "e4b", "e4a", "e3"})
	purge(t0.Add(3*time.Minute), 0)
	_, err := st.PurgeAudit(ctx, time.Time{})
	wantErr(t, "PurgeAudit before no time", err, store.ErrInvalid)
	if got := auditLog(t, st, store.AuditFilter{}); len(got) != 4 {
		t.Errorf("a refused purge deleted entries: %d left", len(got))
	}
	purge(t0.Add(time.Hour), 4)
}
