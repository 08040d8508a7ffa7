package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/callscope/callscope/internal/api"
	"github.com/callscope/callscope/internal/collect"
	"github.com/callscope/callscope/internal/lead"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/msgraph"
	"github.com/callscope/callscope/internal/store"
)

// collectFlags are serve's settings of live collection from Graph.
type collectFlags struct {
	graph       *graphFlags
	clientState string
	publicURL   string
	sweepEvery  time.Duration
	sweepBack   time.Duration
	policy      collect.Policy
}

func addCollectFlags(fs *flag.FlagSet) *collectFlags {
	f := &collectFlags{graph: addGraphFlags(fs)}
	fs.StringVar(&f.publicURL, "public-url", "", "public HTTPS address of this server (https://host[:port]) where Graph sends change notifications; with it serve subscribes to call records")
	fs.StringVar(&f.clientState, "webhook-client-state", "", "the secret Graph's change notifications must carry, 1 to 128 characters (better: CALLSCOPE_WEBHOOK_CLIENT_STATE; default: one made and kept in the store)")
	fs.DurationVar(&f.sweepEvery, "sweep-every", time.Hour, "how often Graph's list of call records is compared with the store, for notifications that never came")
	fs.DurationVar(&f.sweepBack, "sweep-back", 6*time.Hour, "how far back each sweep reaches (Graph publishes records up to 150 minutes after the call)")
	f.policy = collect.DefaultPolicy
	fs.DurationVar(&f.policy.FirstDelay, "fetch-first-after", f.policy.FirstDelay, "how long after a record's first notification it is fetched")
	fs.DurationVar(&f.policy.Quiet, "fetch-quiet", f.policy.Quiet, "how long a record must go without another notification before a newer version is fetched")
	fs.DurationVar(&f.policy.MaxWait, "fetch-max-wait", f.policy.MaxWait, "the longest a record waits after its first notification, however often it changes (0: no bound)")
	return f
}

// collection is live collection from Graph while serve runs.
type collection struct {
	receiver *collect.Receiver
	run      func(ctx context.Context)
	// background are jobs every process runs beside the others (the
	// tenant's id looked up once it can be).
	background []func(ctx context.Context)
}

// startCollection prepares collection from Graph into st under tenant,
// or returns nil when no Graph setting was given. A configuration Graph
// refuses stops serve with a message saying what to fix; a Graph that
// cannot be reached at start only warns, since it may come back.
func startCollection(ctx context.Context, f *collectFlags, st store.Store, tenant string, judge func(*model.Call), logger *slog.Logger) (*collection, error) {
	if !f.graph.set() {
		if f.clientState != "" || f.publicURL != "" {
			return nil, errors.New("--public-url and --webhook-client-state need the Graph settings (--graph-tenant-id, --graph-client-id, a secret or certificate)")
		}
		return nil, nil
	}
	if f.sweepEvery < time.Minute || f.sweepBack < time.Hour {
		return nil, errors.New("--sweep-every must be at least a minute and --sweep-back at least an hour")
	}
	if err := f.policy.Validate(); err != nil {
		return nil, err
	}
	cfg, err := f.graph.config(logger)
	if err != nil {
		return nil, err
	}
	client, err := msgraph.New(cfg)
	if err != nil {
		return nil, err
	}
	if err := client.CheckAccess(ctx); err != nil {
		if !errors.Is(err, msgraph.ErrUnreachable) {
			return nil, err
		}
		logger.Warn("Microsoft Graph cannot be reached now; collection goes on trying", "err", err)
	}
	c := &collection{}
	sweepNow := make(chan struct{}, 1)
	var subscriber *collect.Subscriber
	if f.publicURL != "" || f.clientState != "" {
		state, err := collect.SubscriptionClientState(ctx, st, f.clientState)
		if err != nil {
			return nil, err
		}
		c.receiver = &collect.Receiver{Queue: st, ClientState: state,
			Tenants: map[string]string{strings.ToLower(strings.TrimSpace(f.graph.tenantID)): tenant}, Policy: f.policy, Logger: logger}
		// Graph's notifications name the tenant by its id: one given as
		// a domain is looked up now, or, while the sign-in host cannot
		// be reached, as soon as it can.
		if !msgraph.IsTenantGUID(f.graph.tenantID) {
			lookup := &collect.TenantLookup{Graph: client, Receiver: c.receiver, Tenant: tenant, Logger: logger}
			if err := lookup.Once(ctx); err != nil {
				if !errors.Is(err, msgraph.ErrUnreachable) {
					return nil, err
				}
				c.background = append(c.background, lookup.Run)
			}
		}
		if f.publicURL != "" {
			hook, err := notificationURL(f.publicURL)
			if err != nil {
				return nil, err
			}
			subscriber = &collect.Subscriber{Settings: st, Graph: map[string]collect.SubscriptionAPI{tenant: client},
				NotificationURL: hook, LifecycleNotificationURL: hook, ClientState: state, Logger: logger,
				Sweep: func(string) {
					select {
					case sweepNow <- struct{}{}:
					default:
					}
				}}
			if err := subscriber.Validate(); err != nil {
				return nil, err
			}
			c.receiver.Lifecycle = subscriber.Lifecycle
		}
		if err := c.receiver.Validate(); err != nil {
			return nil, err
		}
	}
	worker := &collect.Worker{Queue: st, Fetchers: map[string]collect.Fetcher{tenant: client}, Judge: judge,
		Policy: f.policy, Idle: time.Second, Logger: logger}
	usage := &collect.UsageLoop{Collector: &collect.UsageCollector{Store: st, Logger: logger}, Graph: client,
		Tenant: tenant, Status: st, Logger: logger}
	sweep := &collect.SweepLoop{Sweeper: &collect.Sweeper{Store: st, Logger: logger}, Graph: client, Tenant: tenant, Status: st,
		Every: f.sweepEvery, Back: f.sweepBack, Wake: sweepNow, Logger: logger}
	// graphJobs are what one process at a time does with Graph.
	graphJobs := func(ctx context.Context) {
		var wg sync.WaitGroup
		if subscriber != nil {
			wg.Go(func() {
				if err := subscriber.Run(ctx); err != nil {
					logger.Error("keeping the Graph subscription stopped", "err", err)
				}
			})
		}
		wg.Go(func() { usage.Run(ctx) })
		wg.Go(func() { sweep.Run(ctx) })
		wg.Wait()
	}
	c.run = func(ctx context.Context) {
		var wg sync.WaitGroup
		for _, job := range c.background {
			wg.Go(func() { job(ctx) })
		}
		// Every process sharing the store fetches (the queue is claimed,
		// a record by one worker); one at a time keeps the subscription,
		// sweeps and collects the usage logs.
		wg.Go(func() {
			if err := worker.Run(ctx); err != nil {
				logger.Error("fetching call records stopped", "err", err)
			}
		})
		wg.Go(func() { lead.Job{Name: "graph", Store: st, Logger: logger}.Run(ctx, graphJobs) })
		wg.Wait()
	}
	logger.Info("collecting from Microsoft Graph", "tenant", tenant, "webhook", c.receiver != nil, "subscribe", subscriber != nil, "sweep every", f.sweepEvery)
	return c, nil
}

// handler is the receiver, or nil when there is no webhook.
func (c *collection) handler() http.Handler {
	if c == nil || c.receiver == nil {
		return nil
	}
	return c.receiver
}

// describe says what collection does, for serve's first lines.
func (c *collection) String() string {
	if c == nil {
		return "off"
	}
	return fmt.Sprintf("on (webhook %t)", c.receiver != nil)
}

// notificationURL is where Graph reaches the webhook behind publicURL.
func notificationURL(publicURL string) (string, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(publicURL), "/"))
	if err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("--public-url %q must be the server's public HTTPS address, like https://callscope.example.com (Graph sends notifications only over HTTPS)", publicURL)
	}
	return u.String() + api.NotificationsPath, nil
}
