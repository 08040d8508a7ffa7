package api

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/health"
	"github.com/callscope/callscope/internal/store"
)

// TestCollectionStatus: an admin sees what collection last did for the
// tenant, not another tenant's; other roles do not see it; /metrics
// carries it for every tenant.
func TestCollectionStatus(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	for _, r := range []struct {
		tenant, job string
		err         error
	}{
		{"tenant-a", "graph.sweep", errors.New("cannot reach the Graph host graph.microsoft.com")},
		{"tenant-a", "acs.poll insights-logs-callsummary", nil},
		{"tenant-b", "graph.sweep", nil},
	} {
		if err := health.Record(ctx, f.st, r.tenant, r.job, r.err, t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.st.NoteFetches(ctx, []store.FetchNote{{Tenant: "tenant-a", RecordID: "rec-1", Noted: t0, Due: t0}}); err != nil {
		t.Fatal(err)
	}
	r := f.get("/api/v1/collection", "admin")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	var got struct {
		Jobs []struct {
			Tenant, Name, LastError string
			Failures                int
		}
		Queue struct{ Pending int }
	}
	if err := json.Unmarshal([]byte(r.body), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Jobs) != 2 || got.Jobs[0].Name != "acs.poll insights-logs-callsummary" || got.Jobs[1].Failures != 1 ||
		!strings.Contains(got.Jobs[1].LastError, "cannot reach") || got.Queue.Pending != 1 {
		t.Errorf("tenant-a's status: %s", r.body)
	}
	if strings.Contains(r.body, "tenant-b") {
		t.Errorf("another tenant's jobs shown: %s", r.body)
	}
	wantError(t, f.get("/api/v1/collection", "engineer"), 403, "forbidden")
	m := f.get("/metrics", "")
	for _, want := range []string{
		`callscope_collection_job_failures{job="graph.sweep",tenant="tenant-a"} 1`,
		`callscope_collection_job_last_success_timestamp_seconds{job="graph.sweep",tenant="tenant-b"} ` + promFloat(t0),
		`callscope_collection_job_last_success_timestamp_seconds{job="graph.sweep",tenant="tenant-a"} 0`,
		"callscope_graph_fetch_queue_pending 1",
	} {
		if !strings.Contains(m.body, want) {
			t.Errorf("/metrics lacks %s\n%s", want, m.body)
		}
	}
}

// promFloat is a time as the Prometheus text format writes it.
func promFloat(t time.Time) string {
	return strconv.FormatFloat(float64(t.Unix()), 'g', -1, 64)
}

// TestReadyAndMetricsToken: /readyz answers ready while the store does,
// and not once it is closed; with a metrics token, /metrics wants it.
func TestReadyAndMetricsToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *Config) { c.MetricsToken = "scrape-me" })
	if r := f.get("/readyz", ""); r.status != 200 || strings.TrimSpace(r.body) != `{"status":"ready"}` {
		t.Errorf("/readyz: %d %s", r.status, r.body)
	}
	wantError(t, f.get("/metrics", ""), 401, "unauthenticated")
	wantError(t, f.do("GET", "/metrics", "guessed", nil), 401, "unauthenticated")
	if r := f.do("GET", "/metrics", "scrape-me", nil); r.status != 200 || !strings.Contains(r.body, "callscope_store_calls") {
		t.Errorf("/metrics with the token: %d", r.status)
	}
	f.st.Close()
	if r := f.get("/readyz", ""); r.status != 503 || strings.TrimSpace(r.body) != `{"status":"not ready"}` {
		t.Errorf("/readyz with the store closed: %d %s", r.status, r.body)
	}
}
