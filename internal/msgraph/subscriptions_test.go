package msgraph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Graph has no local emulator: these tests run against the stand-in of
// standin_test.go, which answers subscription requests from a script and
// keeps the bodies it was sent.

const (
	subsURI    = "/v1.0/subscriptions"
	subID      = "7f105c7d-2dc5-4530-97cd-4e7ae6534c07"
	hookURL    = "https://callscope.contoso.com/graph/notifications?key=q-secret"
	lifeURL    = "https://callscope.contoso.com/graph/lifecycle"
	testState  = "state-secret-0123456789"
	subCreated = `{"id":"` + subID + `","resource":"/communications/callRecords","changeType":"created,updated",` +
		`"notificationUrl":"` + hookURL + `","lifecycleNotificationUrl":"` + lifeURL + `",` +
		`"clientState":"` + testState + `","expirationDateTime":"2026-03-04T10:30:00.0000000Z","applicationId":"` + testClient + `"}`
)

var subStart = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func subClient(t *testing.T) (*standIn, *recorder, *Client) {
	t.Helper()
	s := newStandIn(t)
	clock := newRecorder()
	clock.now = subStart
	return s, clock, s.client(t, clock)
}

func subRequest() SubscriptionRequest {
	return SubscriptionRequest{NotificationURL: hookURL, LifecycleNotificationURL: lifeURL, ClientState: testState}
}

func TestCreateSubscriptionSendsTheDocumentedBody(t *testing.T) {
	t.Parallel()
	s, _, c := subClient(t)
	s.on("POST "+subsURI, answer{status: 201, body: subCreated})
	req := subRequest()
	req.Expiration = subStart.Add(5 * 24 * time.Hour) // past the longest: clamped
	got, err := c.CreateSubscription(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != subID || got.ClientState != testState || !got.Expiration.Equal(time.Date(2026, 3, 4, 10, 30, 0, 0, time.UTC)) {
		t.Errorf("subscription = %+v", got)
	}

	bodies := s.bodiesOf("POST " + subsURI)
	if len(bodies) != 1 {
		t.Fatalf("%d create bodies, want 1", len(bodies))
	}
	var sent map[string]string
	if err := json.Unmarshal([]byte(bodies[0]), &sent); err != nil {
		t.Fatal(err)
	}
	// The same members as the documentation's example request.
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "graph", "subscription-create-request.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]string
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if k1, k2 := keys(sent), keys(doc); !slices.Equal(k1, k2) {
		t.Errorf("members %v, the documentation sends %v", k1, k2)
	}
	want := map[string]string{
		"resource": "/communications/callRecords", "changeType": "created,updated",
		"notificationUrl": hookURL, "lifecycleNotificationUrl": lifeURL, "clientState": testState,
	}
	for k, v := range want {
		if sent[k] != v {
			t.Errorf("%s = %q, want %q", k, sent[k], v)
		}
	}
	exp, err := time.Parse(time.RFC3339Nano, sent["expirationDateTime"])
	if err != nil {
		t.Fatal(err)
	}
	if d := exp.Sub(subStart); d > 4230*time.Minute || d < 4220*time.Minute {
		t.Errorf("expirationDateTime %s is %v ahead, want at most and close to 4230 min", sent["expirationDateTime"], d)
	}
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func TestClampExpiration(t *testing.T) {
	t.Parallel()
	longest := subStart.Add(MaxSubscriptionLifetime - clockSkew)
	f := func(want, expect time.Time) {
		t.Helper()
		if got := ClampExpiration(want, subStart); !got.Equal(expect) {
			t.Errorf("ClampExpiration(%v) = %v, want %v", want, got, expect)
		}
	}
	f(time.Time{}, longest)
	f(subStart.Add(MaxSubscriptionLifetime), longest)
	f(longest, longest)
	f(subStart.Add(time.Hour), subStart.Add(time.Hour))
}

func TestCreateSubscriptionRefusesBadRequestsUnsent(t *testing.T) {
	t.Parallel()
	f := func(edit func(*SubscriptionRequest), text string) {
		t.Helper()
		s, _, c := subClient(t)
		req := subRequest()
		edit(&req)
		_, err := c.CreateSubscription(context.Background(), req)
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), text) {
			t.Errorf("err = %v, want ErrConfig saying %q", err, text)
		}
		if n := s.hitsOf("POST " + subsURI); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	}
	f(func(r *SubscriptionRequest) { r.NotificationURL = "http://callscope.contoso.com/hook" }, "https://")
	f(func(r *SubscriptionRequest) { r.NotificationURL = "" }, "https://")
	f(func(r *SubscriptionRequest) { r.LifecycleNotificationURL = "callscope/lifecycle" }, "lifecycle notification URL")
	f(func(r *SubscriptionRequest) { r.ClientState = "" }, "1 to 128")
	f(func(r *SubscriptionRequest) { r.ClientState = strings.Repeat("x", 129) }, "not 129")
	f(func(r *SubscriptionRequest) { r.Expiration = subStart.Add(-time.Hour) }, "not in the future")
}

func TestCreateSubscriptionErrorsSayWhatToFix(t *testing.T) {
	t.Parallel()
	f := func(status int, body string, kind error, texts ...string) {
		t.Helper()
		s, _, c := subClient(t)
		s.on("POST "+subsURI, answer{status: status, body: body})
		_, err := c.CreateSubscription(context.Background(), subRequest())
		if !errors.Is(err, kind) {
			t.Fatalf("err = %v, want %v", err, kind)
		}
		msg := err.Error()
		for _, text := range texts {
			if !strings.Contains(msg, text) {
				t.Errorf("message %q does not say %q", msg, text)
			}
		}
		// Neither the clientState nor the URL's query reach a message.
		for _, secret := range []string{testState, "q-secret", testSecret} {
			if strings.Contains(msg, secret) {
				t.Errorf("message %q shows the secret %q", msg, secret)
			}
		}
		if n := s.hitsOf("POST " + subsURI); n != 1 {
			t.Errorf("%d creates sent, want 1", n)
		}
	}
	f(400, `{"error":{"code":"InvalidRequest","message":"Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request."}}`,
		ErrValidation, "could not validate", "https://callscope.contoso.com/graph/notifications", lifeURL, "public HTTPS", "10 seconds", "text/plain")
	f(400, `{"error":{"code":"ValidationError","message":"Subscription validation request timed out."}}`,
		ErrValidation, "within 10 seconds")
	f(403, `{"error":{"code":"ExtensionError","message":"Operation: Create; Exception: [Status Code: Forbidden; Reason: The number of subscriptions has exceeded the limit.]"}}`,
		ErrQuota, "100 call-records subscriptions", "delete unused ones")
	f(403, `{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}`,
		ErrPermission, "CallRecords.Read.All", "admin consent", testClient)
	f(403, `{"error":{"code":"ExtensionError","message":"Operation: Create; Exception: [Status Code: Forbidden; Reason: The request is not authorized for this user or application.]"}}`,
		ErrPermission, "application permission CallRecords.Read.All")
	f(400, `{"error":{"code":"InvalidRequest","message":"Subscription expiration can only be 4230 minutes in the future."}}`,
		ErrBadResponse, "4230 minutes")
}

func TestCreateSubscriptionIsNotRepeatedBlindly(t *testing.T) {
	t.Parallel()
	list := `{"value":[` + strings.Replace(subCreated, `"clientState":"`+testState+`",`, "", 1) + `]}`
	other := `{"value":[{"id":"other","resource":"/communications/callRecords","notificationUrl":"https://elsewhere.example/hook","expirationDateTime":"2026-03-04T10:30:00Z"}]}`

	t.Run("503: looked for, found", func(t *testing.T) {
		t.Parallel()
		s, _, c := subClient(t)
		s.on("POST "+subsURI, answer{status: 503, header: map[string]string{"Retry-After": "1"}})
		s.on(subsURI, ok(list))
		got, err := c.CreateSubscription(context.Background(), subRequest())
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != subID || got.ClientState != testState {
			t.Errorf("found %+v", got)
		}
		if n := s.hitsOf("POST " + subsURI); n != 1 {
			t.Errorf("%d creates sent, want 1", n)
		}
	})
	t.Run("network failure: looked for, not found", func(t *testing.T) {
		t.Parallel()
		s, _, c := subClient(t)
		s.on("POST "+subsURI, answer{drop: true})
		s.on(subsURI, ok(other))
		_, err := c.CreateSubscription(context.Background(), subRequest())
		if !errors.Is(err, ErrUnreachable) {
			t.Fatalf("err = %v, want ErrUnreachable", err)
		}
		if n, m := s.hitsOf("POST "+subsURI), s.hitsOf(subsURI); n != 1 || m != 1 {
			t.Errorf("%d creates and %d lists sent, want 1 and 1", n, m)
		}
	})
	t.Run("429: Graph did nothing, sent again after Retry-After", func(t *testing.T) {
		t.Parallel()
		s, clock, c := subClient(t)
		s.on("POST "+subsURI, answer{status: 429, header: map[string]string{"Retry-After": "2"}}, answer{status: 201, body: subCreated})
		if _, err := c.CreateSubscription(context.Background(), subRequest()); err != nil {
			t.Fatal(err)
		}
		if n := s.hitsOf("POST " + subsURI); n != 2 {
			t.Errorf("%d creates sent, want 2", n)
		}
		if w := clock.Waits(); !slices.Equal(w, []time.Duration{2 * time.Second}) {
			t.Errorf("waits %v, want [2s]", w)
		}
	})
}

func TestRenewSubscription(t *testing.T) {
	t.Parallel()
	s, clock, c := subClient(t)
	uri := "PATCH " + subsURI + "/" + subID
	s.on(uri, answer{status: 429, header: map[string]string{"Retry-After": "3"}}, ok(subCreated))
	want := subStart.Add(48 * time.Hour)
	got, err := c.RenewSubscription(context.Background(), subID, want)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != subID {
		t.Errorf("renewed %+v", got)
	}
	if n := s.hitsOf(uri); n != 2 {
		t.Errorf("%d PATCHes, want 2 (the 429 retried)", n)
	}
	if w := clock.Waits(); !slices.Equal(w, []time.Duration{3 * time.Second}) {
		t.Errorf("waits %v, want [3s] as Retry-After said", w)
	}
	for _, b := range s.bodiesOf(uri) {
		if b != `{"expirationDateTime":"2026-03-03T12:00:00.0000000Z"}` {
			t.Errorf("PATCH body %s", b)
		}
	}
}

func TestRenewSubscriptionGone(t *testing.T) {
	t.Parallel()
	s, _, c := subClient(t)
	s.on("PATCH "+subsURI+"/"+subID, answer{status: 404, body: `{"error":{"code":"ResourceNotFound","message":"The object was not found."}}`})
	_, err := c.RenewSubscription(context.Background(), subID, time.Time{})
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "create a new subscription") {
		t.Errorf("err = %v", err)
	}
}

func TestReauthorizeAndDeleteSubscription(t *testing.T) {
	t.Parallel()
	s, _, c := subClient(t)
	s.on("POST "+subsURI+"/"+subID+"/reauthorize", answer{status: 503}, answer{status: 204})
	if err := c.ReauthorizeSubscription(context.Background(), subID); err != nil {
		t.Fatal(err)
	}
	if n := s.hitsOf("POST " + subsURI + "/" + subID + "/reauthorize"); n != 2 {
		t.Errorf("%d reauthorizations, want 2 (harmless to repeat)", n)
	}
	s.on("DELETE "+subsURI+"/"+subID, answer{status: 204}, answer{status: 404})
	for range 2 { // the second finds it gone: still done
		if err := c.DeleteSubscription(context.Background(), subID); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.DeleteSubscription(context.Background(), " "); !errors.Is(err, ErrConfig) {
		t.Errorf("delete without id: %v", err)
	}
}

func TestFindSubscriptionPagesAndMatches(t *testing.T) {
	t.Parallel()
	s, _, c := subClient(t)
	mine := func(id, exp string) string {
		return `{"id":"` + id + `","resource":"communications/callRecords","notificationUrl":"` + hookURL +
			`","lifecycleNotificationUrl":"` + lifeURL + `","expirationDateTime":"` + exp + `"}`
	}
	s.on(subsURI, ok(`{"value":[`+mine("a", "2026-03-02T00:00:00Z")+`,{"id":"x","resource":"/communications/callRecords","notificationUrl":"`+hookURL+
		`","lifecycleNotificationUrl":"`+lifeURL+`","clientState":"another","expirationDateTime":"2026-03-09T00:00:00Z"}],"@odata.nextLink":"{graph}/v1.0/subscriptions?$skiptoken=2"}`))
	s.on(subsURI+"?$skiptoken=2", ok(`{"value":[`+mine("b", "2026-03-03T00:00:00Z")+`,{"id":"broken"}]}`))
	all, err := c.ListSubscriptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 {
		t.Errorf("listed %d, want 3 (the broken one skipped)", len(all))
	}
	got, found, err := c.FindSubscription(context.Background(), subRequest())
	if err != nil || !found {
		t.Fatalf("found %v, err %v", found, err)
	}
	// x has another clientState; of a and b, b lasts longer.
	if got.ID != "b" || got.ClientState != testState {
		t.Errorf("found %+v, want b with our clientState", got)
	}
}

func TestGetSubscription(t *testing.T) {
	t.Parallel()
	s, _, c := subClient(t)
	s.on(subsURI+"/"+subID, ok(subCreated))
	s.on(subsURI+"/gone", answer{status: 404})
	if got, err := c.GetSubscription(context.Background(), subID); err != nil || got.LifecycleNotificationURL != lifeURL {
		t.Errorf("got %+v, %v", got, err)
	}
	if _, err := c.GetSubscription(context.Background(), "gone"); !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

func TestRedactURL(t *testing.T) {
	t.Parallel()
	f := func(in, want string) {
		t.Helper()
		if got := RedactURL(in); got != want {
			t.Errorf("RedactURL(%q) = %q, want %q", in, got, want)
		}
	}
	f(hookURL, "https://callscope.contoso.com/graph/notifications")
	f("https://user:pw@host.example/a#frag", "https://host.example/a")
	f("::", "(not a URL)")
	f("", "(not a URL)")
}

// A wish past Graph's longest lifetime is cut to it, less two minutes
// for a clock running fast.
func ExampleClampExpiration() {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	fmt.Println(ClampExpiration(now.Add(7*24*time.Hour), now).Format(time.RFC3339))
	fmt.Println(ClampExpiration(now.Add(24*time.Hour), now).Format(time.RFC3339))
	// Output:
	// 2026-03-04T10:28:00Z
	// 2026-03-02T12:00:00Z
}
