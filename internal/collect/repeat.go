package collect

import (
	"context"
	"errors"
	"time"

	"github.com/callscope/callscope/internal/msgraph"
)

// Repeat runs a job now and then every Interval until its context ends.
// After a failure it tries again sooner: from RetryMin, doubling at each
// failure in a row, up to Interval, and never sooner than Graph asked
// (Retry-After). A job that failed at start (Graph unreachable for a
// minute, a secret not yet granted) is thus not left for a whole
// interval.
type Repeat struct {
	Interval, RetryMin time.Duration
	// Wake, when not nil, runs the job at once when it receives.
	Wake <-chan struct{}
	// Failed is told of each failure and of the wait before the next try.
	Failed func(err error, wait time.Duration)
	// After is the clock's timer (time.After when nil); tests set it.
	After func(time.Duration) <-chan time.Time
}

// Run runs job until ctx ends; woken tells the job that Wake, not the
// interval, started it.
func (r Repeat) Run(ctx context.Context, job func(ctx context.Context, woken bool) error) {
	after := r.After
	if after == nil {
		after = time.After
	}
	failures, woken := 0, false
	for {
		wait := r.Interval
		if err := job(ctx, woken); err != nil && ctx.Err() == nil {
			failures++
			wait = retryWait(failures, r.RetryMin, r.Interval, err)
			if r.Failed != nil {
				r.Failed(err, wait)
			}
		} else {
			failures = 0
		}
		if ctx.Err() != nil {
			// Ended by the job itself (done for good) or by the caller:
			// no timer to wait on.
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-after(wait):
			woken = false
		case <-r.Wake:
			woken = true
		}
	}
}

// retryWait is the wait after the n-th failure in a row: doubling from
// lo to hi, and at least what Graph asked for.
func retryWait(n int, lo, hi time.Duration, err error) time.Duration {
	d := lo
	for i := 1; i < n && d < hi; i++ {
		d *= 2
	}
	d = min(d, hi)
	var ge *msgraph.Error
	if errors.As(err, &ge) && ge.RetryAfter > d {
		d = ge.RetryAfter
	}
	return d
}
