package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/callscope/callscope/internal/collect"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/msgraph"
	"github.com/callscope/callscope/internal/store"
)

// collectFlags are serve's settings of live collection from Graph.
type collectFlags struct {
	graph       *graphFlags
	clientState string
	sweepEvery  time.Duration
	sweepBack   time.Duration
	policy      collect.Policy
}

func addCollectFlags(fs *flag.FlagSet) *collectFlags {
	f := &collectFlags{graph: addGraphFlags(fs)}
	fs.StringVar(&f.clientState, "webhook-client-state", "", "the secret Graph's change notifications must carry (1 to 128 characters; better: CALLSCOPE_WEBHOOK_CLIENT_STATE)")
	fs.DurationVar(&f.sweepEvery, "sweep-every", time.Hour, "how often Graph's list of call records is compared with the store, for notifications that never came")
	fs.DurationVar(&f.sweepBack, "sweep-back", 6*time.Hour, "how far back each sweep reaches (Graph publishes records up to 150 minutes after the call)")
	f.policy = collect.DefaultPolicy
	fs.DurationVar(&f.policy.FirstDelay, "fetch-first-after", f.policy.FirstDelay, "how long after a record's first notification it is fetched")
	fs.DurationVar(&f.policy.Quiet, "fetch-quiet", f.policy.Quiet, "how long a record must go without another notification before a newer version is fetched")
	return f
}

// collection is live collection from Graph while serve runs.
type collection struct {
	receiver *collect.Receiver
	run      func(ctx context.Context)
}

// startCollection prepares collection from Graph into st under tenant,
// or returns nil when no Graph setting was given. A configuration Graph
// refuses stops serve with a message saying what to fix; a Graph that
// cannot be reached at start only warns, since it may come back.
func startCollection(ctx context.Context, f *collectFlags, st store.Store, tenant string, judge func(*model.Call), logger *slog.Logger) (*collection, error) {
	if !f.graph.set() {
		if f.clientState != "" {
			return nil, errors.New("--webhook-client-state needs the Graph settings (--graph-tenant-id, --graph-client-id, a secret or certificate)")
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
	if f.clientState != "" {
		c.receiver = &collect.Receiver{Queue: st, ClientState: f.clientState,
			Tenants: map[string]string{strings.ToLower(f.graph.tenantID): tenant}, Policy: f.policy, Logger: logger}
		if err := c.receiver.Validate(); err != nil {
			return nil, err
		}
	}
	worker := &collect.Worker{Queue: st, Fetchers: map[string]collect.Fetcher{tenant: client}, Judge: judge,
		Policy: f.policy, Idle: time.Second, Logger: logger}
	sweeper := &collect.Sweeper{Store: st, Logger: logger}
	c.run = func(ctx context.Context) {
		var wg sync.WaitGroup
		wg.Go(func() {
			if err := worker.Run(ctx); err != nil {
				logger.Error("fetching call records stopped", "err", err)
			}
		})
		wg.Go(func() {
			for {
				now := time.Now()
				if _, err := sweeper.Sweep(ctx, tenant, client, now.Add(-f.sweepBack), now); err != nil && ctx.Err() == nil {
					logger.Warn("sweep of Graph's call records failed; trying again at the next", "err", err)
				}
				select {
				case <-ctx.Done():
					return
				case <-time.After(f.sweepEvery):
				}
			}
		})
		wg.Wait()
	}
	logger.Info("collecting from Microsoft Graph", "tenant", tenant, "webhook", c.receiver != nil, "sweep every", f.sweepEvery)
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
