package api

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// TestMetrics: requests are counted by route pattern, method and status
// (never by path); the store's size is reported.
func TestMetrics(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	f.get("/api/v1/calls/e523d2ed-2966-4b6b-925b-754a88034cc5", "engineer")
	f.get("/api/v1/calls/nope", "engineer")
	f.get("/no/such/path", "")
	r := f.get("/metrics", "")
	if r.status != 200 {
		t.Fatalf("/metrics: %d", r.status)
	}
	for _, want := range []string{
		`callscope_http_requests_total{method="GET",route="GET /api/v1/calls/{id}",status="200"} 1`,
		`callscope_http_requests_total{method="GET",route="GET /api/v1/calls/{id}",status="404"} 1`,
		`callscope_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`callscope_http_request_duration_seconds_bucket{method="GET",route="GET /api/v1/calls/{id}",status="200",le="+Inf"} 1`,
		"callscope_store_calls 10",
		"callscope_store_streams ",
		"callscope_audit_batches_total",
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(r.body, "e523d2ed") || strings.Contains(r.body, "/no/such/path") {
		t.Error("/metrics holds a path")
	}
	if h := f.get("/healthz", ""); h.status != 200 || strings.TrimSpace(h.body) != `{"status":"ok"}` {
		t.Errorf("/healthz: %d %s", h.status, h.body)
	}
}

// TestLogsHoldNoPersonalData: lookups by name, UPN and phone number
// leave request ids, routes and statuses in the log, never the names,
// UPNs or numbers.
func TestLogsHoldNoPersonalData(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	var secrets []string
	for _, c := range storedCalls(t, f.st, "tenant-a") {
		for _, p := range model.People(c) {
			for _, v := range []string{p.DisplayName, p.UPN, p.Phone} {
				if len(v) > 3 {
					secrets = append(secrets, v)
				}
			}
			for _, who := range []string{"admin", "specialist"} {
				f.get("/api/v1/users/"+url.PathEscape(personKey(p))+"/calls", who)
				f.get("/api/v1/calls/"+url.PathEscape(c.ID)+"?user="+url.QueryEscape(p.Phone+p.UPN), who)
				if p.DisplayName != "" {
					f.get("/api/v1/users?q="+url.QueryEscape(p.DisplayName), who)
				}
				if p.Phone != "" {
					f.get("/api/v1/users?q="+url.QueryEscape(p.Phone), who)
				}
			}
		}
	}
	logs := f.logs.String()
	if !strings.Contains(logs, "route=\"GET /api/v1/users/{user}/calls\"") || !strings.Contains(logs, "status=200") {
		t.Fatalf("request lines missing:\n%s", logs)
	}
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("the log holds %q", s)
		}
	}
}

func TestMe(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	r := f.get("/api/v1/me?tenant=tenant-b", "both")
	var me meResponse
	if err := json.Unmarshal([]byte(r.body), &me); err != nil {
		t.Fatal(err)
	}
	if me.Name != "both" || me.Role != "engineer" || me.Tenant != "tenant-b" || len(me.Tenants) != 2 || len(me.Permissions) != 4 {
		t.Errorf("me = %+v", me)
	}
	r = f.get("/api/v1/me", "specialist")
	if !strings.Contains(r.body, `"permissions":[]`) {
		t.Errorf("specialist me = %s", r.body)
	}
	if r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control = %q", r.header.Get("Cache-Control"))
	}
}
