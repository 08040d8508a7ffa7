package collect

import (
	"context"
	"log/slog"
	"time"

	"github.com/callscope/callscope/internal/health"
	"github.com/callscope/callscope/internal/store"
)

// DefaultUsageEvery is how often UsageLoop collects: the PSTN and
// direct-routing logs are usage reports, complete only for days that
// are over, so once a day is enough.
const DefaultUsageEvery = 24 * time.Hour

// UsageLoop collects one tenant's PSTN and direct-routing logs
// (UsageCollector.CollectNew) now and then every Every until its context
// ends, and records each run as the job graph.usage (package health).
type UsageLoop struct {
	Collector *UsageCollector
	Graph     UsageLister
	Tenant    string
	// Status keeps the job's record; required.
	Status store.SettingStore
	// Every is DefaultUsageEvery when 0.
	Every time.Duration
	// Now and After are the clock and its timer; nil means the real one.
	Now    func() time.Time
	After  func(time.Duration) <-chan time.Time
	Logger *slog.Logger
}

// Run collects until ctx ends.
func (l *UsageLoop) Run(ctx context.Context) {
	logger := orDiscard(l.Logger)
	every := l.Every
	if every <= 0 {
		every = DefaultUsageEvery
	}
	Repeat{Interval: every, RetryMin: loopRetryMin, After: l.After,
		Failed: func(err error, wait time.Duration) {
			logger.Warn("collecting the PSTN and direct-routing logs failed", "retry in", wait, "err", err)
		}}.Run(ctx, func(ctx context.Context, _ bool) error {
		_, err := l.Collector.CollectNew(ctx, l.Tenant, l.Graph)
		health.RecordRun(ctx, l.Status, l.Tenant, "graph.usage", err, clockNow(l.Now), logger)
		return err
	})
}
