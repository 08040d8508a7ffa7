package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
)

// TestDashboard: engineers and admins get the store's aggregates as
// flat rows; Tier 1 does not; bad queries name what is wrong.
func TestDashboard(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	f.clock.Set(time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC))
	r := f.get("/api/v1/cqd?by=mediaType&measures=streams,poorPct&days=3660&order=streams", "engineer")
	if r.status != 200 {
		t.Fatalf("dashboard: %d %s", r.status, r.body)
	}
	var resp struct {
		GroupBy  []string         `json:"groupBy"`
		Measures []string         `json:"measures"`
		Rows     []map[string]any `json:"rows"`
	}
	if err := json.Unmarshal([]byte(r.body), &resp); err != nil {
		t.Fatal(err)
	}
	want, err := f.st.Aggregate(context.Background(), cqd.Query{Tenant: "tenant-a", GroupBy: []cqd.Dimension{cqd.MediaType},
		Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct}, OrderBy: cqd.Streams, Since: f.clock.Now().Add(-3660 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Rows) == 0 || len(resp.Rows) != len(want.Rows) {
		t.Fatalf("%d rows, want %d: %s", len(resp.Rows), len(want.Rows), r.body)
	}
	for i, row := range want.Rows {
		if resp.Rows[i]["mediaType"] != *row.Key[0] || resp.Rows[i]["streams"] != *row.Values[0] {
			t.Errorf("row %d = %v, want %s with %v streams", i, resp.Rows[i], *row.Key[0], *row.Values[0])
		}
	}
	if r := f.get("/api/v1/cqd?by=building", "admin"); r.status != 200 {
		t.Errorf("admin: %d %s", r.status, r.body)
	}
	if r := f.get("/api/v1/cqd?by=bssid&days=3660", "engineer"); r.status != 200 {
		t.Errorf("engineer by bssid: %d %s", r.status, r.body)
	}
	wantError(t, f.get("/api/v1/cqd", "specialist"), http.StatusForbidden, codeForbidden)
	for _, bad := range []string{"by=floor", "measures=mos", "filter=building", "days=0", "asc=maybe", "since=yesterday", "top=-1"} {
		wantError(t, f.get("/api/v1/cqd?"+bad, "engineer"), http.StatusBadRequest, codeBadRequest)
	}
	// Another tenant's admin sees none of tenant-a's streams.
	r = f.get("/api/v1/cqd?days=3660&"+url.Values{"measures": {"streams"}}.Encode(), "admin-b")
	if err := json.Unmarshal([]byte(r.body), &resp); err != nil || len(resp.Rows) != 1 || resp.Rows[0]["streams"] != 0.0 {
		t.Errorf("tenant-b: %s", r.body)
	}
}

// TestPoorCallsList: the examples' poor calls, each linking to a detail
// the engineer can open; paged; Tier 1 gets nothing.
func TestPoorCallsList(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// The 2021 rules find a poor stream in the examples.
	engine, err := quality.New(quality.Options{CQDRules: "2021"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(context.Background(), f.st, []string{"../../examples"}, ingest.Options{Tenant: "tenant-a", Prepare: engine.Judge}); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	want, err := f.st.PoorCalls(context.Background(), cqd.Query{Tenant: "tenant-a"}, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("the examples have no poor call: the test tests nothing")
	}
	r := f.get("/api/v1/poor-calls?days=3660&limit=1", "engineer")
	var page poorCallsResponse
	if err := json.Unmarshal([]byte(r.body), &page); err != nil || r.status != 200 || len(page.Calls) != 1 {
		t.Fatalf("poor calls: %d %s", r.status, r.body)
	}
	c := page.Calls[0]
	if c.ID != want[0].ID || c.PoorStreams != want[0].Poor || len(c.PoorDueTo) == 0 {
		t.Errorf("first = %+v, want %+v", c, want[0])
	}
	if d := f.get(c.Detail, "engineer"); d.status != 200 {
		t.Errorf("detail link %s: %d", c.Detail, d.status)
	}
	if (len(want) > 1) != (page.Next != "") {
		t.Errorf("next = %q with %d poor calls", page.Next, len(want))
	}
	if page.Total != len(want) {
		t.Errorf("total %d, want the %d poor calls of every page", page.Total, len(want))
	}
	if c.Where.User == nil || c.Where.UserRef == nil || len(c.PoorMedia) == 0 {
		t.Errorf("the first poor call says nothing of who had it: %+v", c)
	} else if u := f.get("/api/v1/users/"+*c.Where.UserRef+"/calls", "engineer"); u.status != 200 {
		t.Errorf("the user's reference does not lead to their calls: %d %s", u.status, u.body)
	}
	// Most poor streams first, then the other way round.
	byPoor := func(asc string) []int {
		r := f.get("/api/v1/poor-calls?days=3660&order=poor&asc="+asc, "engineer")
		var p poorCallsResponse
		if err := json.Unmarshal([]byte(r.body), &p); err != nil || r.status != 200 {
			t.Fatalf("order=poor: %d %s", r.status, r.body)
		}
		var n []int
		for _, c := range p.Calls {
			n = append(n, c.PoorStreams)
		}
		return n
	}
	if desc, asc := byPoor("false"), byPoor("true"); !slices.IsSortedFunc(desc, func(a, b int) int { return b - a }) || !slices.IsSorted(asc) || len(asc) != len(want) {
		t.Errorf("by poor streams: %v, ascending %v", desc, asc)
	}
	wantError(t, f.get("/api/v1/poor-calls?order=p95JitterMs", "engineer"), http.StatusBadRequest, codeBadRequest)
	wantError(t, f.get("/api/v1/poor-calls", "specialist"), http.StatusForbidden, codeForbidden)
	wantError(t, f.get("/api/v1/poor-calls?by=building", "engineer"), http.StatusBadRequest, codeBadRequest)
	wantError(t, f.get("/api/v1/poor-calls?filter=bssid=x", "engineer"), http.StatusBadRequest, codeBadRequest)
}

// TestExportsOverHTTP: aggregates and stream facts as files; facts name
// users only for the roles that may see them, and that is audited.
func TestExportsOverHTTP(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	f.clock.Set(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	r := f.get("/api/v1/cqd?by=mediaType&measures=streams&days=3660&format=csv", "engineer")
	if r.status != 200 || r.header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.HasPrefix(r.body, "mediaType,streams\n") {
		t.Fatalf("aggregate CSV: %d %v %q", r.status, r.header, r.body)
	}
	r = f.get("/api/v1/cqd?days=3660&format=parquet", "admin")
	if r.status != 200 || !strings.HasPrefix(r.body, "PAR1") {
		t.Errorf("aggregate parquet: %d %q", r.status, r.body[:min(len(r.body), 20)])
	}
	r = f.get("/api/v1/cqd/streams?days=3660&format=csv", "engineer")
	header, _, _ := strings.Cut(r.body, "\n")
	if r.status != 200 || !strings.Contains(header, "caller_user_id") || strings.Count(r.body, "\n") < 2 {
		t.Errorf("engineer's facts: %d %q", r.status, header)
	}
	if err := f.srv.audit.flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if log, _ := f.st.AuditLog(context.Background(), store.AuditFilter{Tenant: "tenant-a"}); len(log) == 0 || log[0].Action != actionExportFacts {
		t.Errorf("the export of personal facts is not audited: %+v", log)
	}
	wantError(t, f.get("/api/v1/cqd/streams?days=3660", "engineer"), http.StatusBadRequest, codeBadRequest)
	wantError(t, f.get("/api/v1/cqd/streams?format=xlsx", "engineer"), http.StatusBadRequest, codeBadRequest)
	wantError(t, f.get("/api/v1/cqd/streams?format=csv", "specialist"), http.StatusForbidden, codeForbidden)
	wantError(t, f.get("/api/v1/cqd?format=xml", "engineer"), http.StatusBadRequest, codeBadRequest)
}
