package api

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/report"
)

// reliabilityEnd is the end of the generated data of the reliability
// tests.
var reliabilityEnd = time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)

// withGenerated fills the fixture's tenant-a with a small generated
// organization (Teams and ACS), whose setup failures, drops and the
// client build that fails more the report must find.
func withGenerated(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := gen.Generate(ctx, dir, gen.Options{Seed: 4, Users: 30, Days: 10, End: reliabilityEnd, Plain: true}); err != nil {
		t.Fatal(err)
	}
	engine, err := quality.New(quality.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(ctx, f.st, []string{filepath.Join(dir, "graph"), filepath.Join(dir, "acs")},
		ingest.Options{Tenant: "tenant-a", Prepare: engine.Judge}); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(reliabilityEnd)
}

// TestReliabilityReport: the report's totals are the dashboard's, its
// reasons explain the failures and lead to calls that failed for them,
// its breakdowns rank the worst first and find the planted client
// build; Tier 1 gets nothing.
func TestReliabilityReport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	withGenerated(t, f)
	r := f.get("/api/v1/reports/reliability?days=10", "engineer")
	var rep report.Reliability
	if err := json.Unmarshal([]byte(r.body), &rep); err != nil || r.status != 200 {
		t.Fatalf("report: %d %s", r.status, r.body)
	}
	// The last 10 days are today and the 9 whole days before, as the
	// dashboard counts them; the window before is 10 whole days too.
	since := reliabilityEnd.Add(-9 * 24 * time.Hour)
	want, err := f.st.Aggregate(context.Background(), cqd.Query{Tenant: "tenant-a", Since: since,
		Until: reliabilityEnd, Measures: report.ReliabilityMeasures})
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Totals; got.Streams != *want.Rows[0].Values[0] || got.SetupFailures != *want.Rows[0].Values[1] ||
		got.Drops != *want.Rows[0].Values[3] || got.SetupFailures == 0 || got.Drops == 0 {
		t.Fatalf("totals %+v, want the dashboard's %v with failures of both kinds", got, want.Rows[0].Values)
	}
	if !rep.Since.Equal(since) || !rep.PreviousSince.Equal(since.Add(-10*24*time.Hour)) || len(rep.Days) != 9 {
		t.Errorf("window from %v, previous from %v, %d days", rep.Since, rep.PreviousSince, len(rep.Days))
	}
	if len(rep.Reasons) == 0 {
		t.Fatal("no failure reasons")
	}
	var share float64
	acs := false
	for i, x := range rep.Reasons {
		share += x.Share
		if i > 0 && x.Failures > rep.Reasons[i-1].Failures {
			t.Errorf("reason %d (%v failures) after one of %v", i, x.Failures, rep.Reasons[i-1].Failures)
		}
		if x.Reason != nil && strings.Contains(*x.Reason, "/") && strings.Contains(*x.Reason, "Error") {
			acs = true // an ACS code/subcode explained, with its result category
		}
	}
	if share > 100.0001 {
		t.Errorf("the reasons' shares add up to %.2f %%", share)
	}
	if !acs {
		t.Errorf("no ACS end code among the reasons: %+v", rep.Reasons)
	}
	// The top reason's link lists calls that failed for that reason.
	top := rep.Reasons[0]
	calls := f.get(top.FailedCalls, "engineer")
	var list failedCallsResponse
	if err := json.Unmarshal([]byte(calls.body), &list); err != nil || calls.status != 200 || len(list.Calls) == 0 {
		t.Fatalf("failed calls of the top reason %s: %d %s", top.FailedCalls, calls.status, calls.body)
	}
	for _, c := range list.Calls {
		if !slices.ContainsFunc(c.Reasons, func(r string) bool { return top.Reason == nil || strings.HasSuffix(r, *top.Reason) }) {
			t.Errorf("call %s failed for %q, not the reason it is listed under (%v)", c.ID, c.Reasons, *top.Reason)
		}
	}
	if d := f.get(list.Calls[0].Detail, "engineer"); d.status != 200 {
		t.Errorf("detail link: %d", d.status)
	}
	// Breakdowns: worst first; the build that fails more leads its own.
	for _, b := range rep.Breakdowns {
		for i := 1; i < len(b.Rows); i++ {
			if b.Rows[i].FailedPct() > b.Rows[i-1].FailedPct() {
				t.Errorf("by %s: row %d fails more than row %d", b.By, i, i-1)
			}
		}
		if b.By != cqd.ClientVersion {
			continue
		}
		// The two planted builds, the Teams one and the ACS SDK, fail
		// setup more often than any other (drops follow networks).
		rows := slices.Clone(b.Rows)
		slices.SortFunc(rows, func(a, b report.Row) int { return cmp.Compare(*b.SetupFailurePct, *a.SetupFailurePct) })
		var worst []string
		for _, r := range rows[:min(2, len(rows))] {
			worst = append(worst, *r.Value)
		}
		if slices.Sort(worst); !slices.Equal(worst, []string{gen.FailingSDKVersion, gen.FailingClientVersion}) {
			t.Errorf("by client version: the worst are %q, want the planted %s and %s", worst, gen.FailingClientVersion, gen.FailingSDKVersion)
		}
	}
	// One breakdown, every value, and as a file.
	one := f.get("/api/v1/reports/reliability?days=10&by=clientVersion&minStreams=0", "admin")
	var b report.Breakdown
	if err := json.Unmarshal([]byte(one.body), &b); err != nil || one.status != 200 || b.By != cqd.ClientVersion || len(b.Rows) != b.Ranked {
		t.Errorf("by clientVersion: %d %s", one.status, one.body[:min(len(one.body), 300)])
	}
	csv := f.get("/api/v1/reports/reliability?days=10&by=building&format=csv", "engineer")
	if csv.status != 200 || !strings.HasPrefix(csv.body, "building,streams,setupFailures,setupFailurePct,drops,dropPct\n") {
		t.Errorf("CSV: %d %q", csv.status, csv.body[:min(len(csv.body), 200)])
	}
	wantError(t, f.get("/api/v1/reports/reliability", "specialist"), http.StatusForbidden, codeForbidden)
	wantError(t, f.get("/api/v1/failed-calls", "specialist"), http.StatusForbidden, codeForbidden)
	for _, bad := range []string{"format=csv", "by=bssid", "by=floor", "top=0", "filter=bssid=x", "measures=streams"} {
		wantError(t, f.get("/api/v1/reports/reliability?"+bad, "engineer"), http.StatusBadRequest, codeBadRequest)
	}
}

// TestFailedCallsList: every call with a failed leg, counted over every
// page, each with why; the ACS ones among them.
func TestFailedCallsList(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	withGenerated(t, f)
	q := cqd.Query{Tenant: "tenant-a", Since: reliabilityEnd.Add(-9 * 24 * time.Hour)}
	want, err := f.st.FailedCalls(context.Background(), q, 0, 0)
	if err != nil || len(want) < 3 {
		t.Fatalf("%d failed calls (%v): the test tests nothing", len(want), err)
	}
	seen := map[string]bool{}
	next := "/api/v1/failed-calls?days=10&limit=2"
	for pages := 0; next != "" && pages < 1000; pages++ {
		r := f.get(next, "engineer")
		var page failedCallsResponse
		if err := json.Unmarshal([]byte(r.body), &page); err != nil || r.status != 200 {
			t.Fatalf("%s: %d %s", next, r.status, r.body)
		}
		if page.Total != len(want) {
			t.Fatalf("total %d, want %d", page.Total, len(want))
		}
		for _, c := range page.Calls {
			if seen[c.ID] || c.FailedStreams == 0 || len(c.Reasons) == 0 {
				t.Errorf("call %+v: seen before, or no failure", c)
			}
			seen[c.ID] = true
		}
		next = page.Next
	}
	if len(seen) != len(want) {
		t.Errorf("%d calls over the pages, want %d", len(seen), len(want))
	}
	acs := f.get("/api/v1/failed-calls?days=10&filter=source=acs", "engineer")
	var page failedCallsResponse
	if err := json.Unmarshal([]byte(acs.body), &page); err != nil || acs.status != 200 || len(page.Calls) == 0 {
		t.Errorf("ACS failed calls: %d %s", acs.status, acs.body)
	}
	for _, c := range page.Calls {
		if c.Source != "acs" || !strings.Contains(c.Reasons[0], "(") {
			t.Errorf("ACS call %s: %s, reasons %q", c.ID, c.Source, c.Reasons)
		}
	}
}
