package collect

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

const (
	docClientState = "{Secret client state}"
	docTenant      = "{Organization/Tenant id}"
	docRecord      = "{Call id}"
)

type receiverFixture struct {
	srv    *httptest.Server
	rc     *Receiver
	events []LifecycleEvent
	now    time.Time
}

func newReceiver(t *testing.T) *receiverFixture {
	t.Helper()
	f := &receiverFixture{now: t0}
	f.rc = &Receiver{
		Queue: openStore(t, ""), ClientState: docClientState,
		Tenants: map[string]string{strings.ToLower(docTenant): "contoso"}, Policy: testPolicy,
		Lifecycle: func(e LifecycleEvent) { f.events = append(f.events, e) },
		Now:       func() time.Time { return f.now },
	}
	if err := f.rc.Validate(); err != nil {
		t.Fatal(err)
	}
	// A real server on 127.0.0.1, as Graph reaches the notificationUrl.
	f.srv = httptest.NewServer(f.rc)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *receiverFixture) post(t *testing.T, query, body string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Post(f.srv.URL+"/graph/notifications"+query, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// TestValidationHandshake: the token comes back decoded, as plain text.
func TestValidationHandshake(t *testing.T) {
	t.Parallel()
	f := newReceiver(t)
	token := "Validation: Testing client application reachability for subscription Request-Id: 5a8c+/="
	status, body, h := f.post(t, "?validationToken="+url.QueryEscape(token), "")
	if status != http.StatusOK || body != token || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		t.Errorf("handshake = %d %q (%s), want 200 with the token as text/plain", status, body, h.Get("Content-Type"))
	}
}

// TestNotificationNoted: the documentation's notification is noted for
// its tenant, due after the first delay; an update of the same record
// moves it to the quiet period.
func TestNotificationNoted(t *testing.T) {
	t.Parallel()
	f := newReceiver(t)
	if status, body, _ := f.post(t, "", example(t, "change-notification.json")); status != http.StatusAccepted {
		t.Fatalf("notification = %d %s, want 202", status, body)
	}
	if got := pending(t, f.rc.Queue, t0.Add(59*time.Second)); len(got) != 0 {
		t.Fatalf("due before the first delay: %+v", got)
	}
	got := pending(t, f.rc.Queue, t0.Add(time.Minute))
	if len(got) != 1 || got[0].Tenant != "contoso" || got[0].RecordID != docRecord {
		t.Fatalf("noted: %+v", got)
	}
	f.now = t0.Add(30 * time.Second)
	updated := strings.Replace(example(t, "change-notification.json"), `"created"`, `"updated"`, 1)
	if status, _, _ := f.post(t, "", updated); status != http.StatusAccepted {
		t.Fatalf("update = %d", status)
	}
	if got := pending(t, f.rc.Queue, t0.Add(10*time.Minute)); len(got) != 0 {
		t.Fatalf("an updated record is due before its quiet period: %+v", got)
	}
	if got := pending(t, f.rc.Queue, t0.Add(30*time.Second+10*time.Minute)); len(got) != 1 || got[0].Seq < 2 {
		t.Fatalf("after the quiet period: %+v", got)
	}
}

// TestBusyRecordFetched: a record updated more often than the quiet
// time (a long meeting) is still fetched, MaxWait after its first
// notice.
func TestBusyRecordFetched(t *testing.T) {
	t.Parallel()
	f := newReceiver(t)
	updated := strings.Replace(example(t, "change-notification.json"), `"created"`, `"updated"`, 1)
	for m := 0; m <= 90; m += 5 {
		f.now = t0.Add(time.Duration(m) * time.Minute)
		if status, body, _ := f.post(t, "", updated); status != http.StatusAccepted {
			t.Fatalf("update at minute %d = %d %s", m, status, body)
		}
	}
	if got := pending(t, f.rc.Queue, t0.Add(testPolicy.MaxWait-time.Second)); len(got) != 0 {
		t.Fatalf("due before the longest wait: %+v", got)
	}
	if got := pending(t, f.rc.Queue, t0.Add(testPolicy.MaxWait)); len(got) != 1 {
		t.Fatalf("a record updated every 5 minutes is not due %v after its first notice: %+v", testPolicy.MaxWait, got)
	}
}

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		p    Policy
		want string
	}{
		{DefaultPolicy, ""},
		{func() Policy { p := DefaultPolicy; p.MaxWait = 0; return p }(), ""},
		{func() Policy { p := DefaultPolicy; p.MaxWait = 5 * time.Minute; return p }(), "the longest wait (5m0s) must be at least"},
		{func() Policy { p := DefaultPolicy; p.MaxWait = -time.Minute; return p }(), "must not be negative"},
	} {
		err := c.p.Validate()
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("Validate(%+v) = %v, want %q", c.p, err, c.want)
		}
	}
}

// TestForeignNotificationsRefused: a wrong clientState or an unknown
// tenant is dropped; a POST with nothing of ours is refused.
func TestForeignNotificationsRefused(t *testing.T) {
	t.Parallel()
	f := newReceiver(t)
	doc := example(t, "change-notification.json")
	for name, body := range map[string]string{
		"clientState": strings.Replace(doc, docClientState, "guessed", 1),
		"tenant":      strings.Replace(doc, docTenant, "another-tenant", 1),
		"empty":       strings.Replace(doc, docClientState, "", 1),
	} {
		if status, _, _ := f.post(t, "", body); status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, status)
		}
	}
	if got := pending(t, f.rc.Queue, t0.Add(time.Hour)); len(got) != 0 {
		t.Fatalf("foreign notifications noted: %+v", got)
	}
	// One of ours beside a forged one: ours is noted.
	var batch struct {
		Value []map[string]any `json:"value"`
	}
	if err := json.Unmarshal([]byte(doc), &batch); err != nil {
		t.Fatal(err)
	}
	forged, ours := maps.Clone(batch.Value[0]), maps.Clone(batch.Value[0])
	forged["clientState"] = "guessed"
	ours["resourceData"] = map[string]any{"id": "r2"}
	b, err := json.Marshal(map[string]any{"value": []any{forged, ours}})
	if err != nil {
		t.Fatal(err)
	}
	mixed := string(b)
	if status, body, _ := f.post(t, "", mixed); status != http.StatusAccepted {
		t.Fatalf("mixed batch = %d %s", status, body)
	}
	if got := pending(t, f.rc.Queue, t0.Add(time.Hour)); len(got) != 1 || got[0].RecordID != "r2" {
		t.Fatalf("from a mixed batch: %+v", got)
	}
}

// TestLifecycleNotification: lifecycle events reach the handler, and
// are answered 202.
func TestLifecycleNotification(t *testing.T) {
	t.Parallel()
	f := newReceiver(t)
	body := strings.NewReplacer("<secretClientState>", docClientState, "<tenant_guid>", docTenant,
		"subscriptionRemoved or missed or reauthorizationRequired", "reauthorizationRequired").Replace(example(t, "lifecycle-notification.json"))
	if status, _, _ := f.post(t, "", body); status != http.StatusAccepted {
		t.Fatalf("lifecycle = %d", status)
	}
	if len(f.events) != 1 || f.events[0].Event != "reauthorizationRequired" || f.events[0].Tenant != "contoso" ||
		f.events[0].SubscriptionID != "<subscription_guid>" {
		t.Fatalf("events: %+v", f.events)
	}
	if got := pending(t, f.rc.Queue, t0.Add(time.Hour)); len(got) != 0 {
		t.Fatalf("a lifecycle notification noted a record: %+v", got)
	}
}

// TestBadNotifications: what is not a notification gets a plain status,
// and a store that cannot note asks Graph to send again.
func TestBadNotifications(t *testing.T) {
	t.Parallel()
	f := newReceiver(t)
	if status, _, _ := f.post(t, "", "{not json"); status != http.StatusBadRequest {
		t.Errorf("bad JSON: %d, want 400", status)
	}
	if status, _, _ := f.post(t, "", `{"value":[`+strings.Repeat(`{"x":"`+strings.Repeat("a", 1000)+`"},`, 1100)+`{}]}`); status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized: %d, want 413", status)
	}
	resp, err := http.Get(f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d, want 405", resp.StatusCode)
	}
	f.rc.Queue.(interface{ Close() error }).Close()
	if status, _, _ := f.post(t, "", example(t, "change-notification.json")); status != http.StatusServiceUnavailable {
		t.Errorf("with the store closed: %d, want 503 so that Graph sends it again", status)
	}
}
