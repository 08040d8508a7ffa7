package acsblob

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/health"
	"github.com/callscope/callscope/internal/ingest"
)

// scriptedPoller answers each Poll with the next of polls; the test
// stands in for a storage account, which reader_test's emulator covers.
type scriptedPoller struct {
	polls []answer
	n     int
}

type answer struct {
	res *Result
	err error
}

func (p *scriptedPoller) Poll(context.Context) (*Result, error) {
	r := p.polls[p.n]
	p.n++
	return r.res, r.err
}

func (p *scriptedPoller) Containers() []string {
	return []string{"insights-logs-callsummary", "insights-logs-calldiagnostics"}
}

// TestLoop: a poll runs at once and then every interval, at once again
// while a backlog remains, at the next interval after a failure; each
// container's poll is recorded with its own failed blobs; Run returns
// when its context ends.
func TestLoop(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	read := func(more bool, failed ...string) answer {
		res := &Result{Read: 1, More: more, Summary: &ingest.Summary{Calls: 1}}
		for _, f := range failed {
			res.Failed = append(res.Failed, ingest.Problem{File: f, Error: "truncated"})
		}
		return answer{res: res}
	}
	unreachable := errors.New("listing insights-logs-callsummary: connection refused")
	cases := []struct {
		name      string
		polls     []answer
		wantWaits []time.Duration
		// wantErrs is the error recorded last for each container ("" ok).
		wantErrs map[string]string
		wantLog  string
	}{
		{name: "every interval", polls: []answer{read(false), {res: &Result{Summary: &ingest.Summary{}}}},
			wantWaits: []time.Duration{5 * time.Minute, 5 * time.Minute},
			wantErrs:  map[string]string{"insights-logs-callsummary": "", "insights-logs-calldiagnostics": ""},
			wantLog:   "ACS logs read from storage"},
		{name: "a backlog is read on at once", polls: []answer{read(true), read(true), read(false)},
			wantWaits: []time.Duration{0, 0, 5 * time.Minute},
			wantErrs:  map[string]string{"insights-logs-callsummary": "", "insights-logs-calldiagnostics": ""}},
		{name: "a failure waits for the next poll", polls: []answer{{err: unreachable}},
			wantWaits: []time.Duration{5 * time.Minute},
			wantErrs:  map[string]string{"insights-logs-callsummary": "connection refused", "insights-logs-calldiagnostics": "connection refused"},
			wantLog:   "reading ACS logs from storage failed"},
		{name: "failed blobs count against their container", polls: []answer{read(false, "insights-logs-calldiagnostics/a/PT1H.json")},
			wantWaits: []time.Duration{5 * time.Minute},
			wantErrs:  map[string]string{"insights-logs-callsummary": "", "insights-logs-calldiagnostics": "1 blobs could not be read (read on at the next poll), the first insights-logs-calldiagnostics/a/PT1H.json: truncated"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := openStore(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			clock := t0
			var waits []time.Duration
			var log strings.Builder
			l := &Loop{Reader: &scriptedPoller{polls: tc.polls}, Status: st, Tenant: tenant, Every: 5 * time.Minute,
				Logger: slog.New(slog.NewTextHandler(&log, nil)),
				Now:    func() time.Time { return clock },
				After: func(d time.Duration) <-chan time.Time {
					waits = append(waits, d)
					if len(waits) == len(tc.polls) {
						cancel()
						return nil // never fires: the loop must see ctx end
					}
					clock = clock.Add(d)
					fired := make(chan time.Time, 1)
					fired <- clock
					return fired
				}}
			l.Run(ctx)
			if !slices.Equal(waits, tc.wantWaits) {
				t.Errorf("waits %v, want %v", waits, tc.wantWaits)
			}
			settings, err := st.Settings(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			jobs := health.Jobs(settings, func(string) bool { return true })
			if len(jobs) != len(tc.wantErrs) {
				t.Fatalf("jobs %+v, want one per container", jobs)
			}
			for _, j := range jobs {
				want, ok := tc.wantErrs[strings.TrimPrefix(j.Name, "acs.poll ")]
				if !ok || j.Tenant != tenant || !j.LastAttempt.Equal(clock) {
					t.Errorf("job %+v: want acs.poll of a container of %s at %s", j, tenant, clock)
				}
				if want == "" && !j.OK() || want != "" && !strings.Contains(j.LastError, want) {
					t.Errorf("job %s: error %q, want %q", j.Name, j.LastError, want)
				}
			}
			if !strings.Contains(log.String(), tc.wantLog) {
				t.Errorf("log %q, want %q", log.String(), tc.wantLog)
			}
		})
	}
}

// TestLoopStopsMidPoll: a poll cut short because the server stops is
// not recorded, and the loop returns without waiting.
func TestLoopStopsMidPoll(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	l := &Loop{Reader: &scriptedPoller{polls: []answer{{err: context.Canceled}}}, Status: st, Tenant: tenant, Every: time.Minute,
		After: func(time.Duration) <-chan time.Time { t.Error("waited after the context ended"); return nil }}
	l.Run(ctx)
	settings, err := st.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if jobs := health.Jobs(settings, func(string) bool { return true }); len(jobs) != 0 {
		t.Errorf("recorded %+v", jobs)
	}
}
