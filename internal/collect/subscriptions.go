package collect

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/callscope/callscope/internal/msgraph"
	"github.com/callscope/callscope/internal/store"
)

// SubscriptionAPI is what a Subscriber needs of Graph for one tenant
// (msgraph.Client has it).
type SubscriptionAPI interface {
	CreateSubscription(ctx context.Context, req msgraph.SubscriptionRequest) (msgraph.Subscription, error)
	RenewSubscription(ctx context.Context, id string, expiration time.Time) (msgraph.Subscription, error)
	ReauthorizeSubscription(ctx context.Context, id string) error
	GetSubscription(ctx context.Context, id string) (msgraph.Subscription, error)
	FindSubscription(ctx context.Context, req msgraph.SubscriptionRequest) (msgraph.Subscription, bool, error)
	DeleteSubscription(ctx context.Context, id string) error
}

var _ SubscriptionAPI = (*msgraph.Client)(nil)

// Setting keys: one shared clientState, because one Receiver checks the
// notifications of every tenant, and one subscription record per tenant.
const (
	clientStateKey     = "graph.subscription.clientState"
	subscriptionPrefix = "graph.subscription."
)

// Renewal policy. A subscription is renewed once half of the life it had
// at its last renewal has passed, or once only renewMargin is left,
// whichever comes first — never before a quarter of it has passed, so a
// short life cannot make renewals spin. With Graph's longest life (about
// 70 h) that is a renewal every ~35 h with ~35 h to spare: one request a
// day and a half, and a day and a half of retries (Graph down, callscope
// restarting, a refused token) before any notification is lost. The 12 h
// margin decides only for short lives, such as a subscription adopted
// with little left.
const renewMargin = 12 * time.Hour

// maxIdle bounds one wait of Run, so a clock that jumps (a suspended
// machine) is noticed within the hour.
const maxIdle = time.Hour

// Subscriber keeps one call-records subscription alive per tenant: it
// reuses the one recorded in the store while Graph still has it, creates
// one otherwise, renews it before it expires, answers lifecycle
// notifications, and asks for a sweep whenever notifications may have
// been lost. Lifecycle is safe for concurrent use; Run and Check are
// meant for one goroutine.
type Subscriber struct {
	// Settings records each tenant's subscription across restarts;
	// required.
	Settings store.SettingStore
	// Graph gives each callscope tenant's Graph client; required.
	Graph map[string]SubscriptionAPI
	// NotificationURL and LifecycleNotificationURL are where Graph
	// sends notifications (the Receiver's public HTTPS URLs).
	NotificationURL, LifecycleNotificationURL string
	// ClientState is the secret of every subscription (see
	// SubscriptionClientState); the Receiver must be given the same.
	ClientState string
	// Lifetime is how long a subscription is asked to last; 0 means the
	// longest Graph grants.
	Lifetime time.Duration
	// RetryMin and RetryMax bound the wait after a failure, doubled at
	// each; 0 means 30 s and 15 min.
	RetryMin, RetryMax time.Duration
	// Sweep, when set, is asked to reconcile a tenant whose
	// notifications may have been lost (Graph said missed, or the
	// subscription was gone and had to be made again). It should not
	// block for long.
	Sweep func(tenant string)
	// Now and After are the clock; nil means the real one.
	Now    func() time.Time
	After  func(time.Duration) <-chan time.Time
	Logger *slog.Logger

	mu      sync.Mutex
	pending map[string][]LifecycleEvent
	wake    chan struct{}
	tenants map[string]*tenantSub
}

// tenantSub is what the Subscriber knows of one tenant's subscription.
type tenantSub struct {
	loaded   bool
	sub      storedSub // ID "" when there is none
	dirty    bool      // sub not yet recorded in the store
	renewNow bool      // Graph asked for a reauthorization not yet done
	gap      bool      // notifications may have been lost: sweep once subscribed
	replace  string    // an old subscription to delete once a new one exists
	next     time.Time
	failures int
}

// storedSub is the setting recorded per tenant. Made is a digest of the
// URLs and clientState the subscription was made with: a change of any
// of them means a new subscription, and the secret is not stored twice.
type storedSub struct {
	ID         string    `json:"id"`
	Expiration time.Time `json:"expirationDateTime"`
	SetAt      time.Time `json:"setAt"`
	Made       string    `json:"made"`
}

// renewAt is when s is due for renewal (see renewMargin).
func (s storedSub) renewAt() time.Time {
	life := s.Expiration.Sub(s.SetAt)
	at := s.SetAt.Add(life / 2)
	if late := s.Expiration.Add(-renewMargin); late.Before(at) {
		at = late
	}
	if floor := s.SetAt.Add(life / 4); at.Before(floor) {
		at = floor
	}
	return at
}

// SubscriptionClientState returns the clientState to use: configured if
// set, else the one stored earlier, else a new random one, stored so that
// a restart keeps existing subscriptions valid.
func SubscriptionClientState(ctx context.Context, st store.SettingStore, configured string) (string, error) {
	if configured != "" {
		if len(configured) > msgraph.MaxClientStateLen {
			return "", fmt.Errorf("collect: the configured clientState has %d characters; Graph takes at most %d", len(configured), msgraph.MaxClientStateLen)
		}
		return configured, nil
	}
	v, ok, err := st.Setting(ctx, clientStateKey)
	if err != nil {
		return "", fmt.Errorf("collect: reading the stored clientState: %w", err)
	}
	if ok && v != "" {
		return v, nil
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	v = base64.RawURLEncoding.EncodeToString(b)
	if err := st.SetSetting(ctx, clientStateKey, v); err != nil {
		return "", fmt.Errorf("collect: storing the new clientState: %w", err)
	}
	return v, nil
}

// Validate reports a subscriber that cannot work.
func (s *Subscriber) Validate() error {
	switch {
	case s.Settings == nil:
		return errors.New("collect: the subscriber has no settings store")
	case len(s.Graph) == 0:
		return errors.New("collect: the subscriber serves no tenant")
	case s.NotificationURL == "":
		return errors.New("collect: the subscriber has no notification URL")
	case s.ClientState == "" || len(s.ClientState) > msgraph.MaxClientStateLen:
		return fmt.Errorf("collect: clientState must be 1 to %d characters, not %d", msgraph.MaxClientStateLen, len(s.ClientState))
	case s.Lifetime < 0 || s.Lifetime > msgraph.MaxSubscriptionLifetime:
		return fmt.Errorf("collect: a subscription lifetime of %v is outside 0 – %v", s.Lifetime, msgraph.MaxSubscriptionLifetime)
	}
	return nil
}

// Lifecycle takes a lifecycle notification from the Receiver (its
// Lifecycle callback). It never blocks: the event is handled by Run.
func (s *Subscriber) Lifecycle(ev LifecycleEvent) {
	s.mu.Lock()
	s.init()
	evs := s.pending[ev.Tenant]
	// Graph repeats itself; one of each is enough.
	if !slices.Contains(evs, ev) && len(evs) < 16 {
		s.pending[ev.Tenant] = append(evs, ev)
	}
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// init makes the internal state; s.mu is held.
func (s *Subscriber) init() {
	if s.pending == nil {
		s.pending = map[string][]LifecycleEvent{}
		s.tenants = map[string]*tenantSub{}
		s.wake = make(chan struct{}, 1)
	}
}

// Run keeps the subscriptions alive until ctx ends.
func (s *Subscriber) Run(ctx context.Context) error {
	if err := s.Validate(); err != nil {
		return err
	}
	for {
		next := s.Check(ctx)
		if ctx.Err() != nil {
			return nil
		}
		wait := min(max(next.Sub(s.now()), 0), maxIdle)
		select {
		case <-ctx.Done():
			return nil
		case <-s.wake:
		case <-s.after(wait):
		}
	}
}

// Check does what is due now for every tenant — load, create, renew,
// handle lifecycle events — and returns when it is next needed: the
// earliest renewal or retry.
func (s *Subscriber) Check(ctx context.Context) time.Time {
	s.mu.Lock()
	s.init()
	events := s.pending
	s.pending = map[string][]LifecycleEvent{}
	s.mu.Unlock()

	now := s.now()
	var next time.Time
	for tenant, evs := range events {
		if _, ok := s.Graph[tenant]; !ok {
			s.logger().Warn("lifecycle notification for a tenant without a Graph client dropped", "tenant", tenant, "events", len(evs))
		}
	}
	for _, tenant := range slices.Sorted(maps.Keys(s.Graph)) {
		ts := s.tenant(tenant)
		evs := events[tenant]
		if len(evs) > 0 || !now.Before(ts.next) {
			s.step(ctx, tenant, ts, evs, now)
		}
		if next.IsZero() || ts.next.Before(next) {
			next = ts.next
		}
	}
	return next
}

func (s *Subscriber) tenant(tenant string) *tenantSub {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := s.tenants[tenant]
	if ts == nil {
		ts = &tenantSub{}
		s.tenants[tenant] = ts
	}
	return ts
}

// step brings one tenant's subscription up to date and schedules its
// next step: the renewal, or a retry after a failure.
func (s *Subscriber) step(ctx context.Context, tenant string, ts *tenantSub, evs []LifecycleEvent, now time.Time) {
	log := s.logger().With("tenant", tenant)
	for _, ev := range evs {
		s.note(log, tenant, ts, ev)
	}
	err := s.bringUp(ctx, tenant, s.Graph[tenant], ts, now, log)
	if err == nil && ts.dirty {
		err = s.save(ctx, tenant, ts)
	}
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		ts.failures++
		wait := s.retryWait(ts.failures, err)
		ts.next = now.Add(wait)
		log.Error("graph subscription not kept up; trying again", "in", wait, "failures", ts.failures, "err", err)
		return
	}
	ts.failures = 0
	ts.next = ts.sub.renewAt()
}

// note records what a lifecycle event asks for; bringUp does it. A
// sweep for missed notifications is asked for at once, unless there is
// no subscription yet: then once there is one.
func (s *Subscriber) note(log *slog.Logger, tenant string, ts *tenantSub, ev LifecycleEvent) {
	ours := ts.sub.ID == "" || ev.SubscriptionID == ts.sub.ID
	switch {
	case ev.Event == "missed":
		// Graph could not deliver some notifications: only a sweep
		// finds what they said.
		log.Warn("graph missed notifications; asking for a sweep", "subscription", ev.SubscriptionID)
		if ts.sub.ID == "" || s.Sweep == nil {
			ts.gap = true
		} else {
			s.Sweep(tenant)
		}
	case !ours:
		log.Info("lifecycle notification of another subscription ignored", "event", ev.Event, "subscription", ev.SubscriptionID, "ours", ts.sub.ID)
	case ev.Event == "reauthorizationRequired":
		ts.renewNow = true
	case ev.Event == "subscriptionRemoved":
		log.Warn("graph removed the subscription; making a new one", "subscription", ev.SubscriptionID)
		ts.sub, ts.dirty, ts.gap = storedSub{}, true, true
	default:
		log.Warn("unknown lifecycle notification ignored", "event", ev.Event, "subscription", ev.SubscriptionID)
	}
}

// bringUp loads, reauthorizes, renews or creates, as needed.
func (s *Subscriber) bringUp(ctx context.Context, tenant string, api SubscriptionAPI, ts *tenantSub, now time.Time, log *slog.Logger) error {
	if !ts.loaded {
		if err := s.load(ctx, tenant, api, ts, now, log); err != nil {
			return err
		}
	}
	if ts.sub.ID != "" && ts.renewNow {
		err := api.ReauthorizeSubscription(ctx, ts.sub.ID)
		if err == nil {
			log.Info("graph subscription reauthorized", "subscription", ts.sub.ID)
			ts.renewNow = false
		} else {
			// A renewal reauthorizes too.
			log.Warn("reauthorizing the graph subscription failed; renewing it instead", "subscription", ts.sub.ID, "err", err)
		}
	}
	if ts.sub.ID != "" && (ts.renewNow || !now.Before(ts.sub.renewAt())) {
		if err := s.renew(ctx, api, ts, now, log); err != nil {
			return err
		}
	}
	if ts.sub.ID == "" {
		if err := s.create(ctx, api, ts, now, log); err != nil {
			return err
		}
	}
	if ts.replace != "" {
		if err := api.DeleteSubscription(ctx, ts.replace); err != nil {
			// It expires on its own within three days.
			log.Warn("deleting the replaced graph subscription failed", "subscription", ts.replace, "err", err)
		}
		ts.replace = ""
	}
	if ts.gap {
		ts.gap = false
		if s.Sweep != nil {
			s.Sweep(tenant)
		}
	}
	return nil
}

// load reads the recorded subscription and checks it with Graph; with
// none usable it looks for one made with the same settings whose record
// was lost (callscope stopped between creating and recording it).
func (s *Subscriber) load(ctx context.Context, tenant string, api SubscriptionAPI, ts *tenantSub, now time.Time, log *slog.Logger) error {
	raw, ok, err := s.Settings.Setting(ctx, subscriptionPrefix+tenant)
	if err != nil {
		return fmt.Errorf("reading the recorded subscription of tenant %s: %w", tenant, err)
	}
	var st storedSub
	if ok && raw != "" {
		if err := json.Unmarshal([]byte(raw), &st); err != nil {
			log.Warn("recorded graph subscription unreadable; looking for it in Graph", "err", err)
			st = storedSub{}
		}
	}
	switch {
	case st.ID == "":
	case st.Made != s.made():
		log.Info("notification URLs or clientState changed; replacing the graph subscription", "subscription", st.ID)
		ts.replace, ts.gap = st.ID, true
	default:
		sub, err := api.GetSubscription(ctx, st.ID)
		switch {
		case errors.Is(err, msgraph.ErrNotFound):
			log.Warn("the recorded graph subscription is gone; making a new one", "subscription", st.ID, "expired", st.Expiration)
			ts.gap = true
		case err != nil:
			return fmt.Errorf("checking subscription %s: %w", st.ID, err)
		default:
			st.Expiration = sub.Expiration
			ts.sub = st
			log.Info("graph subscription reused", "subscription", st.ID, "expires", st.Expiration)
		}
	}
	if ts.sub.ID == "" {
		found, ok, err := api.FindSubscription(ctx, s.request(time.Time{}))
		if err != nil {
			return fmt.Errorf("looking for an existing subscription: %w", err)
		}
		if ok && found.ID != ts.replace && found.Expiration.After(now.Add(time.Minute)) {
			ts.sub = storedSub{ID: found.ID, Expiration: found.Expiration, SetAt: now, Made: s.made()}
			ts.dirty = true
			log.Info("graph subscription found and reused", "subscription", found.ID, "expires", found.Expiration)
		}
	}
	ts.loaded = true
	return nil
}

func (s *Subscriber) create(ctx context.Context, api SubscriptionAPI, ts *tenantSub, now time.Time, log *slog.Logger) error {
	sub, err := api.CreateSubscription(ctx, s.request(now.Add(s.lifetime())))
	if err != nil {
		return fmt.Errorf("creating the subscription: %w", err)
	}
	ts.sub = storedSub{ID: sub.ID, Expiration: sub.Expiration, SetAt: now, Made: s.made()}
	ts.dirty, ts.renewNow = true, false
	log.Info("graph subscription created", "subscription", sub.ID, "expires", sub.Expiration)
	return nil
}

func (s *Subscriber) renew(ctx context.Context, api SubscriptionAPI, ts *tenantSub, now time.Time, log *slog.Logger) error {
	sub, err := api.RenewSubscription(ctx, ts.sub.ID, now.Add(s.lifetime()))
	if errors.Is(err, msgraph.ErrNotFound) {
		log.Warn("the graph subscription is gone; making a new one", "subscription", ts.sub.ID)
		ts.sub, ts.dirty, ts.gap, ts.renewNow = storedSub{}, true, true, false
		return nil
	}
	if err != nil {
		return fmt.Errorf("renewing subscription %s: %w", ts.sub.ID, err)
	}
	ts.sub.Expiration, ts.sub.SetAt = sub.Expiration, now
	ts.dirty, ts.renewNow = true, false
	log.Info("graph subscription renewed", "subscription", ts.sub.ID, "expires", sub.Expiration)
	return nil
}

// save records the tenant's subscription; an empty value means none.
func (s *Subscriber) save(ctx context.Context, tenant string, ts *tenantSub) error {
	v := ""
	if ts.sub.ID != "" {
		b, err := json.Marshal(ts.sub)
		if err != nil {
			return err
		}
		v = string(b)
	}
	if err := s.Settings.SetSetting(ctx, subscriptionPrefix+tenant, v); err != nil {
		return fmt.Errorf("recording subscription %q of tenant %s: %w", ts.sub.ID, tenant, err)
	}
	ts.dirty = false
	return nil
}

func (s *Subscriber) request(exp time.Time) msgraph.SubscriptionRequest {
	return msgraph.SubscriptionRequest{
		NotificationURL: s.NotificationURL, LifecycleNotificationURL: s.LifecycleNotificationURL,
		ClientState: s.ClientState, Expiration: exp,
	}
}

// made is the digest of what a subscription is made with.
func (s *Subscriber) made() string {
	sum := sha256.Sum256([]byte(s.NotificationURL + "\n" + s.LifecycleNotificationURL + "\n" + s.ClientState))
	return hex.EncodeToString(sum[:16])
}

// retryWait is the wait after the n-th failure in a row: doubling from
// RetryMin to RetryMax, at least what Graph asked for.
func (s *Subscriber) retryWait(n int, err error) time.Duration {
	lo, hi := s.RetryMin, s.RetryMax
	if lo <= 0 {
		lo = 30 * time.Second
	}
	if hi <= 0 {
		hi = 15 * time.Minute
	}
	return retryWait(n, lo, hi, err)
}

func (s *Subscriber) lifetime() time.Duration {
	if s.Lifetime > 0 {
		return s.Lifetime
	}
	return msgraph.MaxSubscriptionLifetime
}

func (s *Subscriber) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Subscriber) after(d time.Duration) <-chan time.Time {
	if s.After != nil {
		return s.After(d)
	}
	return time.After(d)
}

func (s *Subscriber) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}
