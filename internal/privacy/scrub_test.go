package privacy

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // reads the store file directly, as an attacker with the disk would

	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

const examples = "../../examples"

// personalValues collects every personal value stored for tenant, from
// calls, ACS records and usage rows, through the model's pii tags.
func personalValues(t *testing.T, st store.Store, tenant string) map[string]model.PIIKind {
	t.Helper()
	out := map[string]model.PIIKind{}
	add := func(v any) {
		model.WalkPII(v, func(f model.PIIField) {
			if o, ok := f.Value.Interface().(model.Opt[string]); ok && o.Valid() && len(o.Value()) >= 4 {
				out[o.Value()] = f.Kind
			}
		})
	}
	eachStored(t, st, tenant, add)
	return out
}

// eachStored calls fn with every call, ACS record and usage row stored
// for tenant.
func eachStored(t *testing.T, st store.Store, tenant string, fn func(any)) {
	t.Helper()
	ctx := context.Background()
	err := st.ScanCalls(ctx, store.CallFilter{Tenant: tenant}, func(c *model.Call) error {
		fn(c)
		recs, err := st.ACSRecords(ctx, tenant, c.ID)
		for _, r := range recs {
			fn(r)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ScanUsageRows(ctx, tenant, time.Time{}, func(r store.UsageRecord) error { fn(r.Row); return nil }); err != nil {
		t.Fatal(err)
	}
}

// dumpFile reads every table of a closed store file as text.
func dumpFile(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("duckdb", path+"?access_mode=READ_ONLY")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, table := range tables {
		r, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for r.Next() {
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				fmt.Fprintf(&b, "%v\t", v)
			}
			b.WriteByte('\n')
		}
		r.Close()
	}
	return b.String()
}

func TestScrubLeavesNoPersonalValue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	// Stored in 2024, so that calls without a start time are old too.
	stored := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	st, err := duckdb.Open(ctx, path, duckdb.WithClock(func() time.Time { return stored }))
	if err != nil {
		t.Fatal(err)
	}
	engine, _ := quality.New(quality.Options{})
	if _, err := ingest.Run(ctx, st, []string{examples}, ingest.Options{Tenant: "contoso", Prepare: engine.Judge}); err != nil {
		t.Fatal(err)
	}
	before := personalValues(t, st, "contoso")
	if len(before) < 20 {
		t.Fatalf("only %d personal values found in the examples: the test would prove little", len(before))
	}
	verdicts, _ := st.ListCalls(ctx, store.CallFilter{Tenant: "contoso"})

	// The examples are from 2019-2024: a clock in 2026 makes every call old
	// enough to clear, none old enough to delete.
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	s := &Scrubber{Store: st, Policy: Policy{EUIIAfter: 28 * Day}, Now: func() time.Time { return now }}
	res, err := s.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.CallsCleared == 0 || res.ACSRecordsCleared == 0 || res.UsageRowsCleared == 0 || res.CallsDeleted != 0 {
		t.Errorf("result %+v", res)
	}
	after, _ := st.ListCalls(ctx, store.CallFilter{Tenant: "contoso"})
	if len(after) != len(verdicts) {
		t.Fatalf("%d calls after clearing, %d before: clearing must not delete", len(after), len(verdicts))
	}
	for i := range after {
		if after[i].Rating != verdicts[i].Rating || after[i].Streams != verdicts[i].Streams {
			t.Errorf("call %s: rating %s/%d streams before, %s/%d after", after[i].ID, verdicts[i].Rating, verdicts[i].Streams, after[i].Rating, after[i].Streams)
		}
	}
	legacy, _ := st.Call(ctx, "contoso", "e523d2ed-2966-4b6b-925b-754a88034cc5")
	m := legacy.Sessions[0].Segments[0].Media[0]
	if m.CallerNetwork.Subnet.Value() != "10.150.0.0" || m.Streams[0].AverageJitter.Value().Std() != 16*time.Millisecond {
		t.Errorf("metrics or subnet lost: %v %v", m.CallerNetwork.Subnet, m.Streams[0].AverageJitter)
	}
	again, err := s.Run(ctx)
	if err != nil || again.CallsCleared+again.ACSRecordsCleared+again.UsageRowsCleared != 0 {
		t.Errorf("second run: %+v, %v (nothing left to clear)", again, err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	dump := dumpFile(t, path)
	for v, kind := range before {
		if strings.Contains(dump, v) {
			t.Errorf("%s value %q is still in the store file", kind, v)
		}
	}
}

func TestScrubKeepsRecentAndDeletesOld(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := ingest.Run(ctx, st, []string{filepath.Join(examples, "graph")}, ingest.Options{Tenant: "contoso"}); err != nil {
		t.Fatal(err)
	}
	st.Audit(ctx, store.AuditEntry{Time: time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC), Actor: "a", Action: "view-call", Tenant: "contoso"})
	st.Audit(ctx, store.AuditEntry{Time: time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC), Actor: "a", Action: "view-call", Tenant: "contoso"})
	// 10 days after the 2023-09-25 calls: those keep their personal data;
	// the 2020 call is past a year and goes.
	now := time.Date(2023, 10, 5, 0, 0, 0, 0, time.UTC)
	s := &Scrubber{Store: st, Policy: DefaultPolicy(), Now: func() time.Time { return now }}
	res, err := s.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.CallsDeleted != 1 || res.AuditEntriesPurged != 1 {
		t.Errorf("result %+v, want the 2020 call deleted and the 2022 audit entry purged", res)
	}
	c, err := st.Call(ctx, "contoso", "3cf3bbc8-b21d-4f2e-bfd0-b13603ae6c65")
	if err != nil {
		t.Fatal(err)
	}
	if c.OrganizerV2.Identity.User.DisplayName.Value() != "Abbie Wilkins" {
		t.Errorf("a 10-day-old call lost its personal data")
	}
	if calls, _ := st.ListCalls(ctx, store.CallFilter{Tenant: "contoso", User: "821809f5-0000-0000-0000-3b5136c0e777"}); len(calls) != 2 {
		t.Errorf("the organizer still finds %d calls, want 2", len(calls))
	}
}

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	f := func(p Policy, ok bool) {
		t.Helper()
		if err := p.Validate(); (err == nil) != ok {
			t.Errorf("%+v: %v", p, err)
		}
	}
	f(DefaultPolicy(), true)
	f(Policy{EUIIAfter: Day}, true)
	f(Policy{}, false)
	f(Policy{EUIIAfter: 28 * Day, KeepCalls: 7 * Day}, false)
	f(Policy{EUIIAfter: Day, KeepAudit: -1}, false)
}

// TestScrubTenantWithoutCalls: a tenant that has only usage rows (a PSTN
// log ingested or collected on its own) has its phone numbers cleared
// too.
func TestScrubTenantWithoutCalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := ingest.Run(ctx, st, []string{filepath.Join(examples, "graph", "pstn-calls.json")}, ingest.Options{Tenant: "fabrikam"}); err != nil {
		t.Fatal(err)
	}
	if len(personalValues(t, st, "fabrikam")) == 0 {
		t.Fatal("the PSTN example holds no personal value: the test would prove nothing")
	}
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	s := &Scrubber{Store: st, Policy: Policy{EUIIAfter: 28 * Day}, Now: func() time.Time { return now }}
	res, err := s.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.UsageRowsCleared == 0 {
		t.Errorf("no usage row cleared for a tenant without calls: %+v", res)
	}
	if left := personalValues(t, st, "fabrikam"); len(left) != 0 {
		t.Errorf("personal values left: %v", left)
	}
}
