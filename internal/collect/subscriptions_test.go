package collect

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/msgraph"
)

// fakeGraph is Graph's subscriptions for one tenant, in memory: Graph
// has no local emulator, and the HTTP side is tested in msgraph.
type fakeGraph struct {
	mu    sync.Mutex
	now   func() time.Time
	subs  map[string]msgraph.Subscription
	calls []string
	n     int
	fail  map[string][]error // method → errors returned first, in order
}

func newFakeGraph(now func() time.Time) *fakeGraph {
	return &fakeGraph{now: now, subs: map[string]msgraph.Subscription{}, fail: map[string][]error{}}
}

// failNext makes the next calls of method fail with errs.
func (g *fakeGraph) failNext(method string, errs ...error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.fail[method] = append(g.fail[method], errs...)
}

// call records a call and returns the scripted failure, if any.
func (g *fakeGraph) call(method, arg string) error {
	g.calls = append(g.calls, method+" "+arg)
	if errs := g.fail[method]; len(errs) > 0 {
		g.fail[method] = errs[1:]
		return errs[0]
	}
	return nil
}

func (g *fakeGraph) count(method string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, c := range g.calls {
		if strings.HasPrefix(c, method+" ") {
			n++
		}
	}
	return n
}

// gone is Graph's answer for a subscription it does not have.
var gone = &msgraph.Error{Kind: msgraph.ErrNotFound, Message: "no such subscription"}

func (g *fakeGraph) CreateSubscription(_ context.Context, req msgraph.SubscriptionRequest) (msgraph.Subscription, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.call("create", ""); err != nil {
		return msgraph.Subscription{}, err
	}
	g.n++
	s := msgraph.Subscription{
		ID: fmt.Sprintf("sub-%d", g.n), Resource: msgraph.CallRecordsResource,
		NotificationURL: req.NotificationURL, LifecycleNotificationURL: req.LifecycleNotificationURL,
		ClientState: req.ClientState, Expiration: msgraph.ClampExpiration(req.Expiration, g.now()),
	}
	g.subs[s.ID] = s
	return s, nil
}

func (g *fakeGraph) RenewSubscription(_ context.Context, id string, exp time.Time) (msgraph.Subscription, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.call("renew", id); err != nil {
		return msgraph.Subscription{}, err
	}
	s, ok := g.live(id)
	if !ok {
		return msgraph.Subscription{}, gone
	}
	s.Expiration = msgraph.ClampExpiration(exp, g.now())
	g.subs[id] = s
	return s, nil
}

func (g *fakeGraph) ReauthorizeSubscription(_ context.Context, id string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.call("reauthorize", id); err != nil {
		return err
	}
	if _, ok := g.live(id); !ok {
		return gone
	}
	return nil
}

func (g *fakeGraph) GetSubscription(_ context.Context, id string) (msgraph.Subscription, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.call("get", id); err != nil {
		return msgraph.Subscription{}, err
	}
	s, ok := g.live(id)
	if !ok {
		return msgraph.Subscription{}, gone
	}
	return s, nil
}

func (g *fakeGraph) FindSubscription(_ context.Context, req msgraph.SubscriptionRequest) (msgraph.Subscription, bool, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.call("find", ""); err != nil {
		return msgraph.Subscription{}, false, err
	}
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for id := range g.subs {
			if !yield(id) {
				return
			}
		}
	}) {
		s, ok := g.live(id)
		if ok && s.NotificationURL == req.NotificationURL && s.ClientState == req.ClientState {
			return s, true, nil
		}
	}
	return msgraph.Subscription{}, false, nil
}

func (g *fakeGraph) DeleteSubscription(_ context.Context, id string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.call("delete", id); err != nil {
		return err
	}
	delete(g.subs, id)
	return nil
}

// live is the subscription if Graph still has it: expired ones go.
func (g *fakeGraph) live(id string) (msgraph.Subscription, bool) {
	s, ok := g.subs[id]
	if ok && !s.Expiration.After(g.now()) {
		delete(g.subs, id)
		return msgraph.Subscription{}, false
	}
	return s, ok
}

// testClock is a clock that moves only when told.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

const (
	subTenant = "contoso"
	subHook   = "https://callscope.contoso.com/graph/notifications"
	subLife   = "https://callscope.contoso.com/graph/lifecycle"
)

// subFixture is a subscriber over a real store and a fake Graph.
type subFixture struct {
	t      *testing.T
	path   string
	clock  *testClock
	graph  *fakeGraph
	sweeps []string
}

func newSubFixture(t *testing.T) *subFixture {
	f := &subFixture{t: t, path: filepath.Join(t.TempDir(), "collect.db"), clock: &testClock{now: t0}}
	f.graph = newFakeGraph(f.clock.Now)
	return f
}

// subscriber is a fresh Subscriber on a freshly opened store, as after
// a restart of callscope.
func (f *subFixture) subscriber(state string) *Subscriber {
	f.t.Helper()
	st := openStore(f.t, f.path)
	f.t.Cleanup(func() { st.Close() })
	cs, err := SubscriptionClientState(context.Background(), st, state)
	if err != nil {
		f.t.Fatal(err)
	}
	s := &Subscriber{
		Settings:        st,
		Graph:           map[string]SubscriptionAPI{subTenant: f.graph},
		NotificationURL: subHook, LifecycleNotificationURL: subLife,
		ClientState: cs,
		RetryMin:    time.Minute, RetryMax: 8 * time.Minute,
		Sweep: func(tenant string) { f.sweeps = append(f.sweeps, tenant) },
		Now:   f.clock.Now,
	}
	if err := s.Validate(); err != nil {
		f.t.Fatal(err)
	}
	return s
}

// stored is the subscription the store records for the tenant.
func (f *subFixture) stored(s *Subscriber) storedSub {
	f.t.Helper()
	raw, _, err := s.Settings.Setting(context.Background(), subscriptionPrefix+subTenant)
	if err != nil {
		f.t.Fatal(err)
	}
	var st storedSub
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &st); err != nil {
			f.t.Fatal(err)
		}
	}
	return st
}

// close closes the subscriber's store, as callscope stopping does.
func closeStore(t *testing.T, s *Subscriber) {
	t.Helper()
	if err := s.Settings.(interface{ Close() error }).Close(); err != nil {
		t.Fatal(err)
	}
}

func TestSubscriberCreatesOnceAndReusesAfterRestart(t *testing.T) {
	t.Parallel()
	f := newSubFixture(t)
	ctx := context.Background()
	s := f.subscriber("")
	next := s.Check(ctx)
	if n := f.graph.count("create"); n != 1 {
		t.Fatalf("%d creates, want 1", n)
	}
	st := f.stored(s)
	if st.ID != "sub-1" || !st.SetAt.Equal(t0) {
		t.Errorf("stored %+v", st)
	}
	if life := st.Expiration.Sub(t0); life > msgraph.MaxSubscriptionLifetime || life < msgraph.MaxSubscriptionLifetime-5*time.Minute {
		t.Errorf("asked for %v, want close to the longest", life)
	}
	if want := st.renewAt(); !next.Equal(want) {
		t.Errorf("next check %v, want the renewal %v", next, want)
	}
	// Nothing due: nothing sent.
	f.clock.set(t0.Add(time.Hour))
	s.Check(ctx)
	if len(f.graph.calls) != 2 { // find, create
		t.Errorf("calls %v", f.graph.calls)
	}

	// A restart: a new Subscriber, the store opened again. The generated
	// clientState was stored, so the subscription is still good.
	closeStore(t, s)
	s2 := f.subscriber("")
	if s2.ClientState != s.ClientState || len(s.ClientState) < 20 || len(s.ClientState) > 128 {
		t.Errorf("clientState %d chars, kept %v", len(s2.ClientState), s2.ClientState == s.ClientState)
	}
	s2.Check(ctx)
	if n := f.graph.count("create"); n != 1 {
		t.Errorf("%d creates after the restart, want still 1", n)
	}
	if n := f.graph.count("get"); n != 1 {
		t.Errorf("%d gets, want 1 (the stored subscription checked)", n)
	}
	if got := f.stored(s2); got != st {
		t.Errorf("stored %+v, want unchanged %+v", got, st)
	}
	if len(f.sweeps) != 0 {
		t.Errorf("sweeps %v, want none: nothing was lost", f.sweeps)
	}
}

func TestSubscriberRenewsBeforeExpiry(t *testing.T) {
	t.Parallel()
	f := newSubFixture(t)
	ctx := context.Background()
	s := f.subscriber("state")
	first := s.Check(ctx)
	st := f.stored(s)
	// Half the life: about 35 h, with as much to spare.
	if d := first.Sub(t0); d < 35*time.Hour || d > 35*time.Hour+15*time.Minute {
		t.Errorf("renewal after %v, want half of ~70.5 h", d)
	}
	f.clock.set(first.Add(-time.Second))
	if next := s.Check(ctx); !next.Equal(first) || f.graph.count("renew") != 0 {
		t.Fatalf("renewed early (next %v)", next)
	}
	f.clock.set(first)
	next := s.Check(ctx)
	if n := f.graph.count("renew"); n != 1 {
		t.Fatalf("%d renewals, want 1", n)
	}
	renewed := f.stored(s)
	if renewed.ID != st.ID || !renewed.SetAt.Equal(first) || !renewed.Expiration.After(st.Expiration) {
		t.Errorf("after renewal stored %+v (was %+v)", renewed, st)
	}
	if left := st.Expiration.Sub(first); left < renewMargin {
		t.Errorf("renewed with only %v left", left)
	}
	if d := next.Sub(first); d < 35*time.Hour {
		t.Errorf("next renewal after %v", d)
	}

	// A restart close to expiry renews the stored one at once.
	closeStore(t, s)
	f.clock.set(renewed.Expiration.Add(-2 * time.Hour))
	s2 := f.subscriber("state")
	s2.Check(ctx)
	if n, c := f.graph.count("renew"), f.graph.count("create"); n != 2 || c != 1 {
		t.Errorf("%d renewals, %d creates; want 2 and 1", n, c)
	}
}

func TestSubscriberRenewalPolicy(t *testing.T) {
	t.Parallel()
	f := func(life, wantAfter time.Duration) {
		t.Helper()
		s := storedSub{SetAt: t0, Expiration: t0.Add(life)}
		if got := s.renewAt().Sub(t0); got != wantAfter {
			t.Errorf("life %v: renewal after %v, want %v", life, got, wantAfter)
		}
	}
	f(70*time.Hour, 35*time.Hour) // half
	f(24*time.Hour, 12*time.Hour) // half = 12 h margin
	f(20*time.Hour, 8*time.Hour)  // 12 h before expiry
	f(12*time.Hour, 3*time.Hour)  // a quarter: no spinning
	f(4*time.Minute, time.Minute) // a quarter
	f(msgraph.MaxSubscriptionLifetime, 2115*time.Minute)
}

func TestSubscriberReplacesGoneSubscription(t *testing.T) {
	t.Parallel()
	f := newSubFixture(t)
	ctx := context.Background()
	s := f.subscriber("state")
	s.Check(ctx)
	closeStore(t, s)

	// callscope was down past the expiry: Graph dropped it.
	f.clock.set(t0.Add(4 * 24 * time.Hour))
	s2 := f.subscriber("state")
	s2.Check(ctx)
	if n := f.graph.count("create"); n != 2 {
		t.Errorf("%d creates, want 2", n)
	}
	if got := f.stored(s2); got.ID != "sub-2" {
		t.Errorf("stored %+v", got)
	}
	if !slices.Equal(f.sweeps, []string{subTenant}) {
		t.Errorf("sweeps %v, want one for the gap", f.sweeps)
	}
}

func TestSubscriberFindsUnrecordedSubscription(t *testing.T) {
	t.Parallel()
	f := newSubFixture(t)
	// Made by an earlier run that stopped before recording it.
	if _, err := f.graph.CreateSubscription(context.Background(), msgraph.SubscriptionRequest{
		NotificationURL: subHook, LifecycleNotificationURL: subLife, ClientState: "state",
	}); err != nil {
		t.Fatal(err)
	}
	s := f.subscriber("state")
	s.Check(context.Background())
	if n := f.graph.count("create"); n != 1 {
		t.Errorf("%d creates, want only the earlier one", n)
	}
	if got := f.stored(s); got.ID != "sub-1" {
		t.Errorf("stored %+v, want the one found", got)
	}
}

func TestSubscriberReplacesOnChangedSettings(t *testing.T) {
	t.Parallel()
	f := newSubFixture(t)
	ctx := context.Background()
	s := f.subscriber("old-state")
	s.Check(ctx)
	closeStore(t, s)

	s2 := f.subscriber("new-state")
	s2.Check(ctx)
	if got := f.stored(s2); got.ID != "sub-2" {
		t.Errorf("stored %+v, want a new one", got)
	}
	if n := f.graph.count("delete"); n != 1 || !slices.Contains(f.graph.calls, "delete sub-1") {
		t.Errorf("calls %v, want the old one deleted", f.graph.calls)
	}
	if len(f.sweeps) != 1 {
		t.Errorf("sweeps %v: notifications with the old clientState were dropped", f.sweeps)
	}
}

func TestSubscriberLifecycleEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	setup := func(t *testing.T) (*subFixture, *Subscriber) {
		f := newSubFixture(t)
		s := f.subscriber("state")
		s.Check(ctx)
		f.clock.set(t0.Add(time.Hour))
		return f, s
	}
	event := func(name, id string) LifecycleEvent {
		return LifecycleEvent{Event: name, SubscriptionID: id, Tenant: subTenant}
	}

	t.Run("reauthorizationRequired reauthorizes", func(t *testing.T) {
		t.Parallel()
		f, s := setup(t)
		s.Lifecycle(event("reauthorizationRequired", "sub-1"))
		s.Lifecycle(event("reauthorizationRequired", "sub-1")) // repeated: once is enough
		s.Check(ctx)
		if n, r := f.graph.count("reauthorize"), f.graph.count("renew"); n != 1 || r != 0 {
			t.Errorf("%d reauthorizations, %d renewals; want 1 and 0", n, r)
		}
	})
	t.Run("reauthorizationRequired falls back to renewing", func(t *testing.T) {
		t.Parallel()
		f, s := setup(t)
		f.graph.failNext("reauthorize", &msgraph.Error{Kind: msgraph.ErrBadResponse, Message: "boom"})
		s.Lifecycle(event("reauthorizationRequired", "sub-1"))
		next := s.Check(ctx)
		if n := f.graph.count("renew"); n != 1 {
			t.Errorf("%d renewals, want 1", n)
		}
		if got := f.stored(s); !got.SetAt.Equal(t0.Add(time.Hour)) {
			t.Errorf("stored %+v, want renewed now", got)
		}
		if next.Sub(t0) < 30*time.Hour {
			t.Errorf("next %v", next)
		}
	})
	t.Run("reauthorization failing both ways is retried", func(t *testing.T) {
		t.Parallel()
		f, s := setup(t)
		boom := &msgraph.Error{Kind: msgraph.ErrUnreachable, Message: "down"}
		f.graph.failNext("reauthorize", boom)
		f.graph.failNext("renew", boom)
		s.Lifecycle(event("reauthorizationRequired", "sub-1"))
		next := s.Check(ctx)
		if d := next.Sub(f.clock.Now()); d != time.Minute {
			t.Errorf("retry in %v, want RetryMin", d)
		}
		f.clock.set(next)
		s.Check(ctx)
		if n := f.graph.count("reauthorize"); n != 2 {
			t.Errorf("%d reauthorizations, want 2 (retried)", n)
		}
	})
	t.Run("subscriptionRemoved makes a new one and sweeps", func(t *testing.T) {
		t.Parallel()
		f, s := setup(t)
		s.Lifecycle(event("subscriptionRemoved", "sub-1"))
		s.Check(ctx)
		if got := f.stored(s); got.ID != "sub-2" {
			t.Errorf("stored %+v", got)
		}
		if !slices.Equal(f.sweeps, []string{subTenant}) {
			t.Errorf("sweeps %v", f.sweeps)
		}
	})
	t.Run("missed asks for a sweep only", func(t *testing.T) {
		t.Parallel()
		f, s := setup(t)
		before := len(f.graph.calls)
		s.Lifecycle(event("missed", "sub-1"))
		s.Check(ctx)
		if !slices.Equal(f.sweeps, []string{subTenant}) || len(f.graph.calls) != before {
			t.Errorf("sweeps %v, calls %v", f.sweeps, f.graph.calls[before:])
		}
	})
	t.Run("events of other subscriptions and tenants are ignored", func(t *testing.T) {
		t.Parallel()
		f, s := setup(t)
		before := len(f.graph.calls)
		s.Lifecycle(event("subscriptionRemoved", "someone-elses"))
		s.Lifecycle(event("reauthorizationRequired", "someone-elses"))
		s.Lifecycle(LifecycleEvent{Event: "reauthorizationRequired", SubscriptionID: "sub-1", Tenant: "fabrikam"})
		s.Lifecycle(event("somethingNew", "sub-1"))
		s.Check(ctx)
		if len(f.graph.calls) != before || f.stored(s).ID != "sub-1" {
			t.Errorf("calls %v", f.graph.calls[before:])
		}
	})
}

func TestSubscriberBacksOffOnFailure(t *testing.T) {
	t.Parallel()
	f := newSubFixture(t)
	ctx := context.Background()
	s := f.subscriber("state")
	refused := &msgraph.Error{Kind: msgraph.ErrValidation, Message: "Graph could not validate the notification URL"}
	throttled := &msgraph.Error{Kind: msgraph.ErrThrottled, Message: "throttled", RetryAfter: 20 * time.Minute}
	f.graph.failNext("create", refused, refused, refused, refused, refused, throttled)
	var waits []time.Duration
	for range 7 { // bounded: six failures, then success
		now := f.clock.Now()
		next := s.Check(ctx)
		waits = append(waits, next.Sub(now))
		f.clock.set(next)
	}
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 8 * time.Minute, 20 * time.Minute}
	if !slices.Equal(waits[:6], want) {
		t.Errorf("waits %v, want %v", waits[:6], want)
	}
	if n := f.graph.count("create"); n != 7 {
		t.Errorf("%d creates, want 7", n)
	}
	if got := f.stored(s); got.ID != "sub-1" {
		t.Errorf("stored %+v", got)
	}
	if waits[6] < 30*time.Hour {
		t.Errorf("after success next in %v, want the renewal", waits[6])
	}
}

func TestSubscriberRunWakesOnLifecycleAndStops(t *testing.T) {
	t.Parallel()
	f := newSubFixture(t)
	s := f.subscriber("state")
	waits := make(chan time.Duration, 10)
	s.After = func(d time.Duration) <-chan time.Time {
		waits <- d
		return nil // never fires: only a lifecycle event or ctx wakes Run
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()

	deadline := time.After(10 * time.Second) // a guard against hanging, not a wait
	select {
	case d := <-waits:
		if d != maxIdle {
			t.Errorf("first wait %v, want bounded by %v", d, maxIdle)
		}
	case <-deadline:
		t.Fatal("Run did not wait")
	}
	s.Lifecycle(LifecycleEvent{Event: "subscriptionRemoved", SubscriptionID: "sub-1", Tenant: subTenant})
	select {
	case <-waits:
	case <-deadline:
		t.Fatal("Run did not wake for the lifecycle event")
	}
	if n := f.graph.count("create"); n != 2 {
		t.Errorf("%d creates, want 2", n)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-deadline:
		t.Fatal("Run did not stop with its context")
	}
}

func TestSubscriptionClientState(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := openStore(t, "")
	if got, err := SubscriptionClientState(ctx, st, "configured"); err != nil || got != "configured" {
		t.Errorf("configured: %q, %v", got, err)
	}
	if _, ok, _ := st.Setting(ctx, clientStateKey); ok {
		t.Error("a configured clientState was stored")
	}
	if _, err := SubscriptionClientState(ctx, st, strings.Repeat("x", 129)); err == nil {
		t.Error("a 129-character clientState accepted")
	}
	a, err := SubscriptionClientState(ctx, st, "")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := SubscriptionClientState(ctx, st, "")
	if a != b || len(a) < 32 || len(a) > msgraph.MaxClientStateLen {
		t.Errorf("generated %q then %q", a, b)
	}
}

func TestSubscriberValidate(t *testing.T) {
	t.Parallel()
	f := func(edit func(*Subscriber), text string) {
		t.Helper()
		s := &Subscriber{Settings: openStore(t, ""), Graph: map[string]SubscriptionAPI{"t": newFakeGraph(time.Now)}, NotificationURL: subHook, ClientState: "x"}
		edit(s)
		err := s.Validate()
		if text == "" {
			if err != nil {
				t.Errorf("Validate: %v", err)
			}
			return
		}
		if err == nil || !strings.Contains(err.Error(), text) {
			t.Errorf("Validate = %v, want %q", err, text)
		}
	}
	f(func(*Subscriber) {}, "")
	f(func(s *Subscriber) { s.Settings = nil }, "settings")
	f(func(s *Subscriber) { s.Graph = nil }, "no tenant")
	f(func(s *Subscriber) { s.NotificationURL = "" }, "notification URL")
	f(func(s *Subscriber) { s.ClientState = "" }, "clientState")
	f(func(s *Subscriber) { s.Lifetime = 5 * 24 * time.Hour }, "lifetime")
}

func TestSubscriberKeepsSecretsOutOfLogs(t *testing.T) {
	t.Parallel()
	f := newSubFixture(t)
	s := f.subscriber("cs-secret-0123")
	s.NotificationURL = subHook + "?key=q-secret"
	var buf strings.Builder
	var mu sync.Mutex
	s.Logger = slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.graph.failNext("create", &msgraph.Error{Kind: msgraph.ErrUnreachable, Message: "down"})
	for range 2 {
		f.clock.set(s.Check(context.Background()))
	}
	s.Lifecycle(LifecycleEvent{Event: "subscriptionRemoved", SubscriptionID: "sub-1", Tenant: subTenant})
	s.Check(context.Background())
	mu.Lock()
	defer mu.Unlock()
	if buf.Len() == 0 {
		t.Fatal("nothing logged")
	}
	for _, secret := range []string{"cs-secret-0123", "q-secret"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("the log shows %q:\n%s", secret, buf.String())
		}
	}
}

type writerFunc func([]byte) (int, error)

func (w writerFunc) Write(p []byte) (int, error) { return w(p) }
