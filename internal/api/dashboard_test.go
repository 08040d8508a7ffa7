package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/cqd"
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
