package lead

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

// leader is a store.Leader whose answers the test scripts: each Lead
// takes the next; an answer with lose set gives a lead that is lost as
// soon as the job starts.
type leader struct {
	answers  []answer
	asked    int
	released int
}

type answer struct {
	err  error
	lose bool
}

func (l *leader) Lead(ctx context.Context, _ string) (context.Context, func(), error) {
	if l.asked == len(l.answers) {
		<-ctx.Done() // no more answers: wait as a store does for the lead
		return nil, nil, ctx.Err()
	}
	a := l.answers[l.asked]
	l.asked++
	if a.err != nil {
		return nil, nil, a.err
	}
	led, lost := context.WithCancel(ctx)
	if a.lose {
		lost()
	}
	return led, func() { l.released++; lost() }, nil
}

// TestJobRun: a store that cannot say who leads is asked again after the
// retry wait; a lost lead is asked for again; the job runs only while
// led and Run returns once its context ends, releasing every lead.
func TestJobRun(t *testing.T) {
	t.Parallel()
	down := errors.New("database down")
	cases := []struct {
		name      string
		answers   []answer
		runs      int // runs before the test cancels
		wantWaits []time.Duration
		wantAsked int
	}{
		{name: "led at once", answers: []answer{{}}, runs: 1, wantAsked: 1},
		{name: "store down, then led", answers: []answer{{err: down}, {err: down}, {}}, runs: 1,
			wantWaits: []time.Duration{DefaultRetry, DefaultRetry}, wantAsked: 3},
		{name: "lead lost, asked again", answers: []answer{{lose: true}, {}}, runs: 2, wantAsked: 2},
		{name: "stopped while waiting for the lead", answers: nil, runs: 0, wantAsked: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			l := &leader{answers: tc.answers}
			var waits []time.Duration
			fired := make(chan time.Time, 1)
			job := Job{Name: "retention", Store: l, After: func(d time.Duration) <-chan time.Time {
				waits = append(waits, d)
				fired <- time.Time{}
				return fired
			}}
			if tc.runs == 0 {
				cancel()
			}
			runs := 0
			job.Run(ctx, func(led context.Context) {
				runs++
				if runs == tc.runs {
					cancel()
				}
				<-led.Done() // a job returns when its context ends
			})
			if runs != tc.runs {
				t.Errorf("ran %d times, want %d", runs, tc.runs)
			}
			if !slices.Equal(waits, tc.wantWaits) {
				t.Errorf("waited %v, want %v", waits, tc.wantWaits)
			}
			if l.asked != tc.wantAsked || l.released != runs {
				t.Errorf("asked %d times and released %d leads, want %d and %d", l.asked, l.released, tc.wantAsked, runs)
			}
		})
	}
}

// TestJobRunUnshared: a store no other process opens is led by this one,
// without asking.
func TestJobRunUnshared(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	runs := 0
	Job{Name: "retention", Store: struct{}{}}.Run(ctx, func(ctx context.Context) {
		runs++
		cancel()
		<-ctx.Done()
	})
	if runs != 1 {
		t.Errorf("ran %d times, want once", runs)
	}
}
