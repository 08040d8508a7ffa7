package collect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/msgraph"
	"github.com/callscope/callscope/internal/store"
)

// Fetcher gets a whole call record from Graph, every page merged
// (msgraph.Client does, one per tenant).
type Fetcher interface {
	GetCallRecord(ctx context.Context, id string) (json.RawMessage, error)
}

// Worker fetches due records and stores them.
type Worker struct {
	// Queue holds the records to fetch and stores what is fetched;
	// required.
	Queue store.FetchQueue
	// Fetchers gives the fetcher of each callscope tenant.
	Fetchers map[string]Fetcher
	// Judge sets a call's verdicts before it is stored (quality.Engine's
	// Judge); nil stores calls unjudged.
	Judge  func(*model.Call)
	Policy Policy
	// Batch is how many due records are claimed at a time (default 20);
	// Idle how long to wait when none is due (default 5 s).
	Batch int
	Idle  time.Duration
	// Lease is how long a claimed batch is the worker's alone (default
	// 10 minutes): workers of several processes on one store split the
	// queue, and a batch whose worker died is fetched by another once its
	// lease runs out.
	Lease time.Duration
	// PutOff, when set, is told of each record put off after a failed
	// fetch: when it will be tried again, and why (errors.Is finds
	// msgraph.ErrNotFound for a record Graph does not serve yet).
	PutOff func(p store.PendingFetch, retry time.Time, cause error)
	// Now and After are the clock and its timer; nil means the real one.
	Now    func() time.Time
	After  func(time.Duration) <-chan time.Time
	Logger *slog.Logger
}

// Run fetches due records until ctx ends.
func (wk *Worker) Run(ctx context.Context) error {
	for {
		n, err := wk.RunOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			wk.logger().Error("reading the fetch queue", "err", err)
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return nil
		case <-wk.after(wk.idle()):
		}
	}
}

// RunOnce claims the records due now, a batch of them, fetches them, and
// returns how many it handled (fetched, found gone, or put off after a failure).
func (wk *Worker) RunOnce(ctx context.Context) (int, error) {
	now := wk.now()
	due, err := wk.Queue.ClaimFetches(ctx, now, now.Add(wk.lease()), wk.batch())
	if err != nil {
		return 0, err
	}
	for i, p := range due {
		if err := wk.fetch(ctx, p); err != nil {
			return i, err
		}
	}
	return len(due), nil
}

// fetch handles one due record. Graph's refusals and failures put the
// record off (RetryFetch); only the store's own failures are returned.
func (wk *Worker) fetch(ctx context.Context, p store.PendingFetch) error {
	log := wk.logger().With("tenant", p.Tenant, "record", p.RecordID)
	f := wk.Fetchers[p.Tenant]
	if f == nil {
		return wk.retry(ctx, p, wk.Policy.RetryMax, fmt.Errorf("no Graph client for tenant %s", p.Tenant))
	}
	raw, err := f.GetCallRecord(ctx, p.RecordID)
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, msgraph.ErrNotFound):
		if wk.now().Sub(p.FirstNoted) > wk.Policy.NotYetMade {
			// Past the time Graph takes to make a record: it is gone.
			log.Warn("record not found at Graph; given up", "noted", p.FirstNoted)
			_, _, err := wk.Queue.FinishFetch(ctx, p, nil)
			return err
		}
		return wk.retry(ctx, p, 0, err)
	case err != nil:
		var ge *msgraph.Error
		asked := time.Duration(0)
		if errors.As(err, &ge) {
			asked = ge.RetryAfter
		}
		return wk.retry(ctx, p, asked, err)
	}
	c, err := graph.DecodeCallRecord(raw)
	if err != nil {
		// A record that cannot be read will not read better later; it is
		// kept pending, seldom asked again, and said in the log.
		log.Error("record from Graph cannot be read", "err", err)
		return wk.retry(ctx, p, wk.Policy.RetryMax, err)
	}
	c.Tenant = p.Tenant
	if wk.Judge != nil {
		wk.Judge(c)
	}
	out, removed, err := wk.Queue.FinishFetch(ctx, p, []*model.Call{c})
	if err != nil {
		return fmt.Errorf("store record %s of tenant %s: %w", p.RecordID, p.Tenant, err)
	}
	log.Info("record fetched", "version", c.Version, "outcome", out[0], "noted again meanwhile", !removed)
	return nil
}

func (wk *Worker) retry(ctx context.Context, p store.PendingFetch, asked time.Duration, cause error) error {
	wait := wk.Policy.retryAfter(p.Attempts+1, asked)
	wk.logger().Warn("fetch put off", "tenant", p.Tenant, "record", p.RecordID, "attempt", p.Attempts+1, "wait", wait, "err", cause)
	at := wk.now().Add(wait)
	if err := wk.Queue.RetryFetch(ctx, p, at, cause.Error()); err != nil {
		return err
	}
	if wk.PutOff != nil {
		wk.PutOff(p, at, cause)
	}
	return nil
}

func (wk *Worker) now() time.Time {
	if wk.Now != nil {
		return wk.Now()
	}
	return time.Now()
}

func (wk *Worker) batch() int {
	if wk.Batch > 0 {
		return wk.Batch
	}
	return 20
}

func (wk *Worker) lease() time.Duration {
	if wk.Lease > 0 {
		return wk.Lease
	}
	return 10 * time.Minute
}

func (wk *Worker) idle() time.Duration {
	if wk.Idle > 0 {
		return wk.Idle
	}
	return 5 * time.Second
}

func (wk *Worker) after(d time.Duration) <-chan time.Time {
	if wk.After != nil {
		return wk.After(d)
	}
	return time.After(d)
}

func (wk *Worker) logger() *slog.Logger {
	if wk.Logger != nil {
		return wk.Logger
	}
	return slog.New(slog.DiscardHandler)
}
