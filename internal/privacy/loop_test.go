package privacy

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store/duckdb"
)

// timedStore is a store whose runs take the time the test says, on the
// test's clock, and fail as the test says: each run asks for the
// tenants once.
type timedStore struct {
	*duckdb.DB
	clock *time.Time
	took  []time.Duration
	fail  []error
	runs  int
}

func (s *timedStore) Tenants(context.Context) ([]string, error) {
	i := s.runs
	s.runs++
	*s.clock = s.clock.Add(s.took[i])
	return nil, s.fail[i]
}

// TestLoop: runs start every interval, a long run is followed at once, a
// failed one is logged and the next comes at the next tick, and the loop
// returns once its context ends.
func TestLoop(t *testing.T) {
	t.Parallel()
	broken := errors.New("disk gone")
	cases := []struct {
		name      string
		took      []time.Duration
		fail      []error
		wantWaits []time.Duration
		wantLog   string
	}{
		{name: "every hour", took: []time.Duration{time.Minute, 5 * time.Minute, 0}, fail: []error{nil, nil, nil},
			wantWaits: []time.Duration{59 * time.Minute, 55 * time.Minute, time.Hour}},
		{name: "a run longer than the interval", took: []time.Duration{2 * time.Hour, time.Minute}, fail: []error{nil, nil},
			wantWaits: []time.Duration{0, 59 * time.Minute}},
		{name: "a failure waits for the next tick", took: []time.Duration{time.Minute, time.Minute}, fail: []error{broken, nil},
			wantWaits: []time.Duration{59 * time.Minute, 59 * time.Minute}, wantLog: "disk gone"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			db, err := duckdb.Open(context.Background(), filepath.Join(t.TempDir(), "loop.db"))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			clock := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
			st := &timedStore{DB: db, clock: &clock, took: tc.took, fail: tc.fail}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var waits []time.Duration
			var log strings.Builder
			s := &Scrubber{Store: st, Policy: DefaultPolicy(), Logger: slog.New(slog.NewTextHandler(&log, nil)),
				Now: func() time.Time { return clock },
				After: func(d time.Duration) <-chan time.Time {
					waits = append(waits, d)
					if len(waits) == len(tc.took) {
						cancel()
						return nil // never fires: the loop must see ctx end
					}
					clock = clock.Add(d)
					fired := make(chan time.Time, 1)
					fired <- clock
					return fired
				}}
			s.Loop(ctx, time.Hour)
			if st.runs != len(tc.took) {
				t.Errorf("%d runs, want %d", st.runs, len(tc.took))
			}
			if !slices.Equal(waits, tc.wantWaits) {
				t.Errorf("waits %v, want %v", waits, tc.wantWaits)
			}
			failed := strings.Contains(log.String(), "retention run failed")
			if failed != (tc.wantLog != "") || !strings.Contains(log.String(), tc.wantLog) {
				t.Errorf("log %q, want a failure logged: %t", log.String(), tc.wantLog != "")
			}
		})
	}
}
