package collect

import (
	"context"
	"log/slog"
	"time"

	"github.com/callscope/callscope/internal/health"
	"github.com/callscope/callscope/internal/store"
)

// wokenSweepBack is the least a sweep asked for by Wake reaches back.
// Notifications may have been lost for a while then (the subscription
// was gone, or Graph said it missed some): a day is further than the
// usual sweep.
const wokenSweepBack = 24 * time.Hour

// SweepLoop sweeps one tenant's call records (Sweeper) now and then
// every Every, reaching Back, until its context ends, and records each
// run as the job graph.sweep (package health).
type SweepLoop struct {
	Sweeper *Sweeper
	Graph   Lister
	Tenant  string
	// Status keeps the job's record; required.
	Status      store.SettingStore
	Every, Back time.Duration
	// Wake, when not nil, sweeps at once, reaching back at least a day
	// (Subscriber.Sweep sends to it).
	Wake <-chan struct{}
	// Now and After are the clock and its timer; nil means the real one.
	Now    func() time.Time
	After  func(time.Duration) <-chan time.Time
	Logger *slog.Logger
}

// Run sweeps until ctx ends.
func (l *SweepLoop) Run(ctx context.Context) {
	logger := orDiscard(l.Logger)
	Repeat{Interval: l.Every, RetryMin: loopRetryMin, Wake: l.Wake, After: l.After,
		Failed: func(err error, wait time.Duration) {
			logger.Warn("sweep of Graph's call records failed", "retry in", wait, "err", err)
		}}.Run(ctx, func(ctx context.Context, woken bool) error {
		back := l.Back
		if woken {
			back = max(l.Back, wokenSweepBack)
		}
		now := clockNow(l.Now)
		_, err := l.Sweeper.Sweep(ctx, l.Tenant, l.Graph, now.Add(-back), now)
		health.RecordRun(ctx, l.Status, l.Tenant, "graph.sweep", err, clockNow(l.Now), logger)
		return err
	})
}
