package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// leadRetry is how long a process waits after its store failed to say
// who leads a job.
const leadRetry = 5 * time.Second

// runLed runs a background job of the whole installation (retention,
// Graph's subscription and sweeps, the ACS export reader) while this
// process leads it: at once on a store only one process opens; on a
// store several share (store.Leader), when the store makes this process
// the job's leader, and again after a lead was lost, until ctx ends. run
// must return when its context ends.
func runLed(ctx context.Context, st store.Store, job string, logger *slog.Logger, run func(context.Context)) {
	l, ok := st.(store.Leader)
	if !ok {
		run(ctx)
		return
	}
	for ctx.Err() == nil {
		led, release, err := l.Lead(ctx, job)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			logger.Warn("cannot tell which process leads a job; asking again", "job", job, "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(leadRetry):
			}
			continue
		}
		logger.Info("this process leads a job", "job", job)
		run(led)
		release()
		if ctx.Err() == nil {
			logger.Warn("this process lost the lead of a job; asking for it again", "job", job)
		}
	}
}
