// Package lead runs the background jobs of a whole callscope installation
// (retention, Graph's subscription and sweeps, the ACS export reader) in
// one process at a time, when several share a store.
package lead

import (
	"context"
	"log/slog"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// DefaultRetry is how long a process waits after its store failed to
// say who leads a job: long enough not to hammer a database that is
// down, short enough that a job is not left unled for long.
const DefaultRetry = 5 * time.Second

// Job is a background job of the whole installation.
type Job struct {
	// Name is the job's name in the store's leases (retention, graph,
	// acs-exports).
	Name string
	// Store decides the leader when it is a store.Leader; any other
	// store is opened by one process only, which therefore leads.
	Store  any
	Logger *slog.Logger
	// Retry is the wait after the store failed to answer (DefaultRetry
	// when 0); After the clock's timer (time.After when nil).
	Retry time.Duration
	After func(time.Duration) <-chan time.Time
}

// Run runs run while this process leads the job: at once on a store
// only one process opens; on a store several share, when the store makes
// this process the job's leader, and again after a lead was lost, until
// ctx ends. run must return when its context ends.
func (j Job) Run(ctx context.Context, run func(context.Context)) {
	l, ok := j.Store.(store.Leader)
	if !ok {
		run(ctx)
		return
	}
	logger := j.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	for ctx.Err() == nil {
		led, release, err := l.Lead(ctx, j.Name)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			logger.Warn("cannot tell which process leads a job; asking again", "job", j.Name, "err", err)
			select {
			case <-ctx.Done():
			case <-j.after(j.retry()):
			}
			continue
		}
		logger.Info("this process leads a job", "job", j.Name)
		run(led)
		release()
		if ctx.Err() == nil {
			logger.Warn("this process lost the lead of a job; asking for it again", "job", j.Name)
		}
	}
}

func (j Job) retry() time.Duration {
	if j.Retry > 0 {
		return j.Retry
	}
	return DefaultRetry
}

func (j Job) after(d time.Duration) <-chan time.Time {
	if j.After != nil {
		return j.After(d)
	}
	return time.After(d)
}
