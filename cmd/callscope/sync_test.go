package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// graphStandIn plays Microsoft Graph and its sign-in host on 127.0.0.1
// (Graph has no local emulator): a token for the right secret, List
// callRecords by start time, and each record, the documentation's
// expanded record under ids of its own.
type graphStandIn struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	starts  map[string]time.Time // record id → start
	gets    map[string]int
	missing map[string]bool // listed, but 404 when fetched
	broken  map[string]bool // listed, but served as JSON cut short
	// subs are the subscriptions made, by id; created the bodies of the
	// create requests.
	subs         map[string]map[string]any
	created      []map[string]any
	reauthorized int
}

// standInTenantID is the stand-in tenant's directory id; its domain is
// contoso.example.
const standInTenantID = "0f1e2d3c-aaaa-bbbb-cccc-000000000001"

var filterRE = regexp.MustCompile(`startDateTime ge (\S+) and startDateTime lt (\S+)`)

func newGraphStandIn(t *testing.T, starts map[string]time.Time) *graphStandIn {
	g := &graphStandIn{t: t, starts: starts, gets: map[string]int{}, missing: map[string]bool{}, broken: map[string]bool{}, subs: map[string]map[string]any{}}
	raw, err := os.ReadFile(filepath.Join(examples, "graph", "callrecord-get-expanded.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The example's next-page links point at graph.microsoft.com; the
	// record is served in one piece.
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	for k := range doc {
		if strings.HasSuffix(k, "@odata.nextLink") {
			delete(doc, k)
		}
	}
	record, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	// The PSTN log example, without its next page.
	rawPSTN, err := os.ReadFile(filepath.Join(examples, "graph", "pstn-calls.json"))
	if err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	if err := json.Unmarshal(rawPSTN, &log); err != nil {
		t.Fatal(err)
	}
	delete(log, "@odata.nextLink")
	pstn, err := json.Marshal(log)
	if err != nil {
		t.Fatal(err)
	}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/v2.0/.well-known/openid-configuration"):
			// Entra's OpenID configuration: the tenant's id, for its domain.
			switch strings.Split(r.URL.Path, "/")[1] {
			case "contoso.example", standInTenantID:
				fmt.Fprintf(w, `{"issuer":"%s/%s/v2.0"}`, g.srv.URL, standInTenantID)
			default:
				w.WriteHeader(http.StatusBadRequest)
				fmt.Fprint(w, `{"error":"invalid_tenant","error_description":"AADSTS90002: Tenant not found."}`)
			}
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/oauth2/v2.0/token"):
			if r.FormValue("client_secret") != "s3cret" {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprint(w, `{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]}`)
				return
			}
			fmt.Fprint(w, `{"token_type":"Bearer","expires_in":3599,"access_token":"stand-in-token"}`)
		case r.Header.Get("Authorization") != "Bearer stand-in-token":
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty."}}`)
		case r.URL.Path == "/v1.0/subscriptions" && r.Method == http.MethodPost:
			// Graph would first check the notification URL by asking it
			// to echo a token; the test's public URL is not reachable, so
			// the stand-in takes it on trust.
			var body map[string]any
			json.NewDecoder(r.Body).Decode(&body)
			g.mu.Lock()
			id := fmt.Sprintf("sub-%d", len(g.created)+1)
			g.created = append(g.created, body)
			sub := maps.Clone(body)
			sub["id"] = id
			g.subs[id] = sub
			g.mu.Unlock()
			w.WriteHeader(http.StatusCreated)
			json.NewEncoder(w).Encode(sub)
		case r.URL.Path == "/v1.0/subscriptions":
			g.mu.Lock()
			var all []map[string]any
			for _, sub := range g.subs {
				all = append(all, sub)
			}
			g.mu.Unlock()
			json.NewEncoder(w).Encode(map[string]any{"value": all})
		case strings.HasPrefix(r.URL.Path, "/v1.0/subscriptions/") && strings.HasSuffix(r.URL.Path, "/reauthorize"):
			g.mu.Lock()
			g.reauthorized++
			g.mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
		case strings.HasPrefix(r.URL.Path, "/v1.0/subscriptions/"):
			g.mu.Lock()
			sub, ok := g.subs[strings.TrimPrefix(r.URL.Path, "/v1.0/subscriptions/")]
			g.mu.Unlock()
			if !ok {
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprint(w, `{"error":{"code":"ResourceNotFound","message":"no such subscription"}}`)
				return
			}
			json.NewEncoder(w).Encode(sub)
		case r.URL.Path == "/v1.0/communications/callRecords":
			m := filterRE.FindStringSubmatch(r.URL.Query().Get("$filter"))
			if m == nil {
				t.Errorf("list without a start-time filter: %s", r.URL)
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			from, _ := time.Parse(time.RFC3339Nano, m[1])
			to, _ := time.Parse(time.RFC3339Nano, m[2])
			var refs []map[string]any
			for id, start := range g.starts {
				if !start.Before(from) && start.Before(to) {
					refs = append(refs, map[string]any{"id": id, "version": 1, "startDateTime": start.Format(time.RFC3339)})
				}
			}
			json.NewEncoder(w).Encode(map[string]any{"value": refs})
		case strings.HasPrefix(r.URL.Path, "/v1.0/communications/callRecords/getPstnCalls("):
			w.Write(pstn)
		case strings.HasPrefix(r.URL.Path, "/v1.0/communications/callRecords/getDirectRoutingCalls("):
			fmt.Fprint(w, `{"value":[]}`)
		case strings.HasPrefix(r.URL.Path, "/v1.0/communications/callRecords/"):
			id := strings.TrimPrefix(r.URL.Path, "/v1.0/communications/callRecords/")
			g.mu.Lock()
			g.gets[id]++
			_, listed := g.starts[id]
			missing, broken := g.missing[id], g.broken[id]
			g.mu.Unlock()
			if !listed || missing {
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprint(w, `{"error":{"code":"NotFound","message":"not found"}}`)
				return
			}
			if broken {
				fmt.Fprintf(w, `{"id":%q,"version":`, id)
				return
			}
			w.Write([]byte(strings.ReplaceAll(string(record), "e523d2ed-2966-4b6b-925b-754a88034cc5", id)))
		default:
			t.Errorf("unexpected request %s %s", r.Method, r.URL)
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *graphStandIn) args(extra ...string) []string {
	return append([]string{"sync", "--tenant", "contoso", "--graph-tenant-id", "contoso.example", "--graph-client-id", "app",
		"--graph-login-url", g.srv.URL, "--graph-url", g.srv.URL}, extra...)
}

// TestSyncBackfills: the records of the window are fetched once, judged
// and stored; a second run fetches nothing; one Graph cannot serve is put
// off, said, and the exit code is 1.
func TestSyncBackfills(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC()
	g := newGraphStandIn(t, map[string]time.Time{
		"rec-1": now.Add(-2 * time.Hour), "rec-2": now.Add(-50 * time.Hour), "rec-3": now.Add(-6 * 24 * time.Hour),
		"too-old": now.Add(-20 * 24 * time.Hour),
	})
	c := newCLI(t)
	c.env["CALLSCOPE_GRAPH_CLIENT_SECRET"] = "s3cret"
	out, errs, code := c.run("", g.args("--days", "7", "--json")...)
	if code != exitOK {
		t.Fatalf("sync = %d\n%s%s", code, out, errs)
	}
	var sum syncSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if sum.Listed != 3 || sum.Fetched != 3 || sum.Current != 0 || sum.PutOff != 0 || sum.UsageRows == 0 {
		t.Errorf("first sync: %+v", sum)
	}
	for _, id := range []string{"rec-1", "rec-2", "rec-3"} {
		if g.gets[id] == 0 {
			t.Errorf("%s not fetched", id)
		}
	}
	if g.gets["too-old"] != 0 {
		t.Error("a record outside the window was fetched")
	}
	shown, _, code := c.run("", "show", "--tenant", "contoso", "--json", "rec-2")
	if code != exitOK || !strings.Contains(shown, `"rating"`) {
		t.Errorf("the synced call is not stored judged: %d\n%s", code, shown)
	}
	fetched := map[string]int{}
	for k, v := range g.gets {
		fetched[k] = v
	}
	out, _, code = c.run("", g.args("--days", "7")...)
	if code != exitOK || !strings.Contains(out, "3 already stored, 0 fetched") {
		t.Errorf("second sync = %d: %s", code, out)
	}
	for id, n := range fetched {
		if g.gets[id] != n {
			t.Errorf("%s fetched again by the second sync", id)
		}
	}
	// A record Graph lists but cannot serve yet.
	g.mu.Lock()
	g.starts["late"], g.missing["late"] = now.Add(-time.Hour), true
	g.mu.Unlock()
	// It is named, with when it is tried again, and is no failure: Graph
	// serves a record a while after listing it.
	out, _, code = c.run("", g.args("--days", "1")...)
	if code != exitOK || !strings.Contains(out, "1 put off") ||
		!regexp.MustCompile(`record late: Graph lists it but does not serve it yet.*asked for until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d; tried again from \d{4}-`).MatchString(out) {
		t.Errorf("sync with a record not served yet = %d: %s", code, out)
	}
	// A record Graph serves but that cannot be read is a failure, named
	// with its reason; the one not served yet is still named.
	g.mu.Lock()
	g.starts["broken"], g.broken["broken"] = now.Add(-time.Hour), true
	g.mu.Unlock()
	out, _, code = c.run("", g.args("--days", "1", "--json")...)
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	reasons := map[string]putOffRecord{}
	for _, r := range sum.PutOffRecords {
		reasons[r.ID] = r
	}
	if code != exitRejected || sum.PutOff != 2 || !reasons["late"].NotServedYet || reasons["broken"].NotServedYet ||
		!strings.Contains(reasons["broken"].Reason, "broken") || reasons["broken"].Retry.Before(now) {
		t.Errorf("sync with a record that cannot be read = %d: %+v", code, sum)
	}
}

// TestSyncConfigurationErrors: what is missing or wrong is said plainly,
// with exit code 2 and nothing stored.
func TestSyncConfigurationErrors(t *testing.T) {
	t.Parallel()
	g := newGraphStandIn(t, nil)
	c := newCLI(t)
	for _, tc := range []struct {
		name string
		args []string
		env  string
		want string
	}{
		{"nothing", []string{"sync"}, "", "needs --graph-tenant-id, --graph-client-id, --graph-client-secret"},
		{"wrong secret", g.args(), "wrong", "secret"},
		{"both credentials", g.args("--graph-certificate", "app.pem"), "s3cret", "not both"},
		{"days", g.args("--days", "45"), "s3cret", "--days must be 1 to 30"},
		{"cloud", g.args("--graph-cloud", "mars"), "s3cret", `unknown cloud "mars"`},
	} {
		c.env["CALLSCOPE_GRAPH_CLIENT_SECRET"] = tc.env
		_, errs, code := c.run("", tc.args...)
		if code != exitUsage || !strings.Contains(errs, tc.want) {
			t.Errorf("%s: exit %d, %q; want 2 and %q", tc.name, code, errs, tc.want)
		}
	}
}

// TestServeCollects: serve with the Graph settings sweeps the recent
// records in at start, and fetches a record its webhook is told of; a
// notification without the clientState is refused.
func TestServeCollects(t *testing.T) {
	t.Parallel()
	now := time.Now().UTC()
	g := newGraphStandIn(t, map[string]time.Time{"recent": now.Add(-2 * time.Hour), "notified": now.Add(-9 * 24 * time.Hour)})
	c := newCLI(t)
	s := startServe(t, c, "--tenant", "contoso", "--graph-tenant-id", "0f1e2d3c-aaaa-bbbb-cccc-000000000001", "--graph-client-id", "app",
		"--graph-client-secret", "s3cret", "--graph-login-url", g.srv.URL, "--graph-url", g.srv.URL,
		"--webhook-client-state", "the-state", "--fetch-first-after", "0s")
	post := func(state string) int {
		t.Helper()
		body := `{"value":[{"subscriptionId":"s1","clientState":"` + state + `","changeType":"created",` +
			`"resource":"communications/callRecords/notified","resourceData":{"id":"notified"},"tenantId":"0F1E2D3C-AAAA-BBBB-CCCC-000000000001"}]}`
		resp, err := http.Post(s.base+"/graph/notifications", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("guessed"); code != http.StatusForbidden {
		t.Errorf("a notification with another clientState: %d, want 403", code)
	}
	if code := post("the-state"); code != http.StatusAccepted {
		t.Fatalf("notification: %d, want 202", code)
	}
	// Each record is stored when the worker says it fetched it.
	for _, id := range []string{"recent", "notified"} {
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(s.err.String(), `msg="record fetched" tenant=contoso record=`+id) {
			if time.Now().After(deadline) {
				t.Fatalf("%s was not fetched:\n%s", id, s.err.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	s.stop()
	for _, id := range []string{"recent", "notified"} {
		if _, errs, code := c.run("", "show", "--tenant", "contoso", id); code != exitOK {
			t.Errorf("%s is not stored: %s", id, errs)
		}
	}
}

// TestServeTenantByDomain: with --graph-tenant-id given as a domain,
// notifications, which name the tenant by its id, are taken; another
// tenant's are refused with a log line that names the one expected.
func TestServeTenantByDomain(t *testing.T) {
	t.Parallel()
	g := newGraphStandIn(t, map[string]time.Time{})
	c := newCLI(t)
	s := startServe(t, c, "--tenant", "contoso", "--graph-tenant-id", "contoso.example", "--graph-client-id", "app",
		"--graph-client-secret", "s3cret", "--graph-login-url", g.srv.URL, "--graph-url", g.srv.URL,
		"--webhook-client-state", "the-state")
	post := func(tenantID string) int {
		t.Helper()
		body := `{"value":[{"subscriptionId":"s1","clientState":"the-state","changeType":"created",` +
			`"resource":"communications/callRecords/rec","resourceData":{"id":"rec"},"tenantId":"` + tenantID + `"}]}`
		resp, err := http.Post(s.base+"/graph/notifications", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(strings.ToUpper(standInTenantID)); code != http.StatusAccepted {
		t.Errorf("a notification of the tenant, by its id: %d, want 202\n%s", code, s.err.String())
	}
	if code := post("99999999-aaaa-bbbb-cccc-000000000001"); code != http.StatusForbidden {
		t.Errorf("a notification of another tenant: %d, want 403", code)
	}
	if !strings.Contains(s.err.String(), "expected="+`"`+"0f1e2d3c-aaaa-bbbb-cccc-000000000001, contoso.example"+`"`) {
		t.Errorf("the refusal does not name the tenant expected:\n%s", s.err.String())
	}
}

// TestServeSubscribes: with --public-url, serve subscribes to call
// records with the webhook's address and a clientState it keeps; after a
// restart it reuses the subscription rather than making another.
func TestServeSubscribes(t *testing.T) {
	t.Parallel()
	g := newGraphStandIn(t, nil)
	c := newCLI(t)
	args := []string{"--tenant", "contoso", "--graph-tenant-id", "0f1e2d3c-aaaa-bbbb-cccc-000000000001", "--graph-client-id", "app",
		"--graph-client-secret", "s3cret", "--graph-login-url", g.srv.URL, "--graph-url", g.srv.URL,
		"--public-url", "https://callscope.example.com/"}
	waitLog := func(s *served, msg string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(s.err.String(), msg) {
			if time.Now().After(deadline) {
				t.Fatalf("serve did not log %q:\n%s", msg, s.err.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	s := startServe(t, c, args...)
	waitLog(s, `msg="graph subscription created"`)
	s.stop()
	g.mu.Lock()
	if len(g.created) != 1 {
		t.Fatalf("%d subscriptions made, want 1", len(g.created))
	}
	body := g.created[0]
	g.mu.Unlock()
	state, _ := body["clientState"].(string)
	if body["notificationUrl"] != "https://callscope.example.com/graph/notifications" ||
		body["lifecycleNotificationUrl"] != "https://callscope.example.com/graph/notifications" ||
		body["changeType"] != "created,updated" || !strings.Contains(fmt.Sprint(body["resource"]), "communications/callRecords") || len(state) < 20 {
		t.Errorf("subscription request: %v", body)
	}
	if strings.Contains(s.err.String(), state) {
		t.Error("the clientState is in serve's log")
	}
	// Reused as recorded, or found by its address if the first server
	// stopped before recording it.
	s = startServe(t, c, args...)
	waitLog(s, `reused" tenant=contoso subscription=sub-1`)
	// Graph asks for a reauthorization through the webhook: serve asks
	// Graph to reauthorize that subscription.
	lifecycle := `{"value":[{"subscriptionId":"sub-1","subscriptionExpirationDateTime":"2030-01-01T00:00:00Z",` +
		`"tenantId":"0f1e2d3c-aaaa-bbbb-cccc-000000000001","clientState":"` + state + `","lifecycleEvent":"reauthorizationRequired"}]}`
	resp, err := http.Post(s.base+"/graph/notifications", "application/json", strings.NewReader(lifecycle))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("lifecycle notification: %d, want 202", resp.StatusCode)
	}
	waitLog(s, `msg="graph subscription reauthorized"`)
	s.stop()
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.created) != 1 {
		t.Errorf("a restart made another subscription (%d)", len(g.created))
	}
	if g.reauthorized != 1 {
		t.Errorf("%d reauthorizations asked of Graph, want 1", g.reauthorized)
	}
}

// TestServeReadsACSStorage: with a storage account, serve polls it (the
// reading itself is package acsblob's test, against Azurite); one it
// cannot reach is said and tried again, and storage settings without the
// account's address are refused.
func TestServeReadsACSStorage(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	_, errs, code := c.run("", "serve", "--addr", "127.0.0.1:0", "--acs-storage-account", "devstoreaccount1")
	if code != exitUsage || !strings.Contains(errs, "need --acs-storage-url") {
		t.Errorf("storage settings without the URL: %d %s", code, errs)
	}
	s := startServe(t, c, "--tenant", "contoso", "--acs-storage-url", "http://127.0.0.1:1/devstoreaccount1",
		"--acs-storage-account", "devstoreaccount1", "--acs-storage-key", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==")
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(s.err.String(), "reading ACS logs from storage failed") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not poll the storage account:\n%s", s.err.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if strings.Contains(s.err.String(), "Eby8vdM02xNO") {
		t.Error("the account key is in serve's log")
	}
}
