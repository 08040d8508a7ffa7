package collect

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/msgraph"
)

// TestRepeatRetriesSooner: a job that fails is tried again after 30 s,
// 1 min, 2 min… (or what Graph asked for), not after the whole interval;
// after a success the interval counts again, and a wake runs it at once.
func TestRepeatRetriesSooner(t *testing.T) {
	t.Parallel()
	unreachable := errors.New("graph unreachable")
	throttled := &msgraph.Error{Kind: msgraph.ErrThrottled, RetryAfter: 5 * time.Minute}
	results := []error{unreachable, unreachable, unreachable, nil, throttled, nil, nil}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	wake := make(chan struct{}, 1)
	var waits []time.Duration
	var woken []bool
	var failed []time.Duration
	r := Repeat{Interval: time.Hour, RetryMin: 30 * time.Second, Wake: wake,
		Failed: func(_ error, wait time.Duration) { failed = append(failed, wait) },
		After: func(d time.Duration) <-chan time.Time {
			waits = append(waits, d)
			ch := make(chan time.Time, 1)
			if len(waits) > len(results) {
				return ch // cancelled: never fires
			}
			if len(waits) == 6 {
				wake <- struct{}{} // the last wait is cut short
			} else {
				ch <- time.Time{}
			}
			return ch
		}}
	r.Run(ctx, func(_ context.Context, w bool) error {
		if len(woken) == len(results) {
			return nil // cancelled: Run may still start one more before it sees so
		}
		woken = append(woken, w)
		err := results[len(woken)-1]
		if len(woken) == len(results) {
			cancel()
		}
		return err
	})
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, time.Hour, 5 * time.Minute, time.Hour}
	if !slices.Equal(waits[:len(want)], want) {
		t.Errorf("waits %v, want %v", waits, want)
	}
	if !slices.Equal(failed, []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 5 * time.Minute}) {
		t.Errorf("failures told with waits %v", failed)
	}
	if !slices.Equal(woken, []bool{false, false, false, false, false, false, true}) {
		t.Errorf("woken %v: only the run after the wake is", woken)
	}
}
