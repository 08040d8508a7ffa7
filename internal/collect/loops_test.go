package collect

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/health"
	"github.com/callscope/callscope/internal/msgraph"
	"github.com/callscope/callscope/internal/store"
)

// fakeTimer is a loop's clock and timer in a test: each wait moves the
// clock on by what was asked and fires at once, but the wait numbered
// in wake, which sends to that channel instead and never fires; the
// last wait (stop) ends the context and never fires either, so a loop
// run in the test's goroutine returns only by seeing its context end.
// Like a real timer, it does not fire at once for a loop whose context
// has already ended.
type fakeTimer struct {
	now    time.Time
	waits  []time.Duration
	stop   int
	ctx    context.Context
	cancel context.CancelFunc
	wake   map[int]chan struct{}
}

func newFakeTimer(stop int) (*fakeTimer, context.Context) {
	ctx, cancel := context.WithCancel(context.Background())
	return &fakeTimer{now: t0, stop: stop, ctx: ctx, cancel: cancel}, ctx
}

func (f *fakeTimer) Now() time.Time { return f.now }

func (f *fakeTimer) After(d time.Duration) <-chan time.Time {
	f.waits = append(f.waits, d)
	if len(f.waits) >= f.stop || f.ctx.Err() != nil {
		f.cancel()
		return nil
	}
	if w, ok := f.wake[len(f.waits)]; ok {
		w <- struct{}{}
		return nil
	}
	f.now = f.now.Add(d)
	fired := make(chan time.Time, 1)
	fired <- f.now
	return fired
}

// window is a time range a loop asked Graph for.
type window struct{ from, to time.Time }

// scriptedLister lists no call records and fails its n-th listing with
// errs[n] (nil: succeeds), noting the windows asked for.
type scriptedLister struct {
	errs    []error
	windows []window
}

func (l *scriptedLister) ListCallRecords(_ context.Context, from, to time.Time) iter.Seq2[msgraph.RecordRef, error] {
	err := l.errs[len(l.windows)]
	l.windows = append(l.windows, window{from, to})
	return func(yield func(msgraph.RecordRef, error) bool) {
		if err != nil {
			yield(msgraph.RecordRef{}, err)
		}
	}
}

// jobOf is the recorded status of the job name of contoso.
func jobOf(t *testing.T, st store.SettingStore, name string) (health.Job, bool) {
	t.Helper()
	settings, err := st.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range health.Jobs(settings, func(string) bool { return true }) {
		if j.Tenant == "contoso" && j.Name == name {
			return j, true
		}
	}
	return health.Job{}, false
}

var errUnreachable = &msgraph.Error{Kind: msgraph.ErrUnreachable, Message: "graph unreachable"}

// TestSweepLoop: a sweep runs at once and then every interval, reaching
// back Back; a failure is tried again after 30 s, 1 min, 2 min…; a wake
// sweeps at once, reaching back a day; each run is recorded as
// graph.sweep; Run returns when its context ends.
func TestSweepLoop(t *testing.T) {
	t.Parallel()
	h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
	cases := []struct {
		name        string
		errs        []error
		wakeAt      int // the wait a wake cuts short; 0 for none
		wantWaits   []time.Duration
		wantWindows []window
		wantJob     health.Job
	}{
		{name: "every interval", errs: []error{nil, nil, nil},
			wantWaits:   []time.Duration{time.Hour, time.Hour, time.Hour},
			wantWindows: []window{{h(-6), h(0)}, {h(-5), h(1)}, {h(-4), h(2)}},
			wantJob:     health.Job{LastAttempt: h(2), LastSuccess: h(2)}},
		{name: "backs off after failures", errs: []error{nil, errUnreachable, errUnreachable, errUnreachable},
			wantWaits: []time.Duration{time.Hour, 30 * time.Second, time.Minute, 2 * time.Minute},
			wantJob: health.Job{LastAttempt: h(1).Add(90 * time.Second), LastSuccess: h(0), Failures: 3,
				LastError: "sweep of tenant contoso: graph unreachable"}},
		{name: "a wake reaches back a day", errs: []error{nil, nil}, wakeAt: 1,
			wantWaits:   []time.Duration{time.Hour, time.Hour},
			wantWindows: []window{{h(-6), h(0)}, {h(-24), h(0)}},
			wantJob:     health.Job{LastAttempt: h(0), LastSuccess: h(0)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := openStore(t, "")
			clock, ctx := newFakeTimer(len(tc.errs))
			wake := make(chan struct{}, 1)
			if tc.wakeAt > 0 {
				clock.wake = map[int]chan struct{}{tc.wakeAt: wake}
			}
			graph := &scriptedLister{errs: tc.errs}
			l := &SweepLoop{Sweeper: &Sweeper{Store: st, Now: clock.Now}, Graph: graph, Tenant: "contoso", Status: st,
				Every: time.Hour, Back: 6 * time.Hour, Wake: wake, Now: clock.Now, After: clock.After}
			l.Run(ctx)
			if !slices.Equal(clock.waits, tc.wantWaits) {
				t.Errorf("waits %v, want %v", clock.waits, tc.wantWaits)
			}
			if len(graph.windows) != len(tc.errs) {
				t.Errorf("%d sweeps, want %d", len(graph.windows), len(tc.errs))
			}
			if tc.wantWindows != nil && !slices.Equal(graph.windows, tc.wantWindows) {
				t.Errorf("windows %v, want %v", graph.windows, tc.wantWindows)
			}
			tc.wantJob.Tenant, tc.wantJob.Name = "contoso", "graph.sweep"
			if j, ok := jobOf(t, st, "graph.sweep"); !ok || j != tc.wantJob {
				t.Errorf("job %+v, want %+v", j, tc.wantJob)
			}
		})
	}
}

// scriptedLogs has no PSTN or direct-routing rows and fails the n-th
// collection's listings with errs[n].
type scriptedLogs struct {
	errs []error
	runs int
}

func (l *scriptedLogs) ListPstnCalls(context.Context, time.Time, time.Time) iter.Seq2[json.RawMessage, error] {
	l.runs++
	return l.list(l.errs[l.runs-1])
}

func (l *scriptedLogs) ListDirectRoutingCalls(context.Context, time.Time, time.Time) iter.Seq2[json.RawMessage, error] {
	return l.list(l.errs[l.runs-1])
}

func (l *scriptedLogs) list(err error) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		if err != nil {
			yield(nil, err)
		}
	}
}

// TestUsageLoop: the usage logs are collected at once and then daily; a
// failure is tried again after 30 s, 1 min…; each run is recorded as
// graph.usage; Run returns when its context ends.
func TestUsageLoop(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	cases := []struct {
		name      string
		errs      []error
		wantWaits []time.Duration
		wantJob   health.Job
	}{
		{name: "daily", errs: []error{nil, nil},
			wantWaits: []time.Duration{day, day},
			wantJob:   health.Job{LastAttempt: t0.Add(day), LastSuccess: t0.Add(day)}},
		{name: "backs off after failures", errs: []error{errUnreachable, errUnreachable, nil},
			wantWaits: []time.Duration{30 * time.Second, time.Minute, day},
			wantJob:   health.Job{LastAttempt: t0.Add(90 * time.Second), LastSuccess: t0.Add(90 * time.Second)}},
		{name: "a failure is recorded", errs: []error{nil, errUnreachable},
			wantWaits: []time.Duration{day, 30 * time.Second},
			wantJob:   health.Job{LastAttempt: t0.Add(day), LastSuccess: t0, Failures: 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			st := openStore(t, "")
			clock, ctx := newFakeTimer(len(tc.errs))
			logs := &scriptedLogs{errs: tc.errs}
			l := &UsageLoop{Collector: &UsageCollector{Store: st, Now: clock.Now}, Graph: logs, Tenant: "contoso", Status: st,
				Now: clock.Now, After: clock.After}
			l.Run(ctx)
			if !slices.Equal(clock.waits, tc.wantWaits) {
				t.Errorf("waits %v, want %v", clock.waits, tc.wantWaits)
			}
			if logs.runs != len(tc.errs) {
				t.Errorf("%d collections, want %d", logs.runs, len(tc.errs))
			}
			j, ok := jobOf(t, st, "graph.usage")
			if tc.wantJob.Failures > 0 && j.LastError == "" {
				t.Errorf("job %+v: no error recorded", j)
			}
			j.LastError = ""
			tc.wantJob.Tenant, tc.wantJob.Name = "contoso", "graph.usage"
			if !ok || j != tc.wantJob {
				t.Errorf("job %+v, want %+v", j, tc.wantJob)
			}
		})
	}
}

// scriptedDirectory answers TenantGUID with errs in turn, then with the
// tenant's id.
type scriptedDirectory struct {
	errs  []error
	asked int
}

func (d *scriptedDirectory) TenantGUID(context.Context) (string, error) {
	d.asked++
	if d.asked <= len(d.errs) {
		return "", d.errs[d.asked-1]
	}
	return "AAAAAAAA-0000-0000-0000-000000000001", nil
}

// TestTenantLookup: the tenant's id is asked for until Graph says it,
// after 30 s, 1 min, 2 min…; once found the receiver takes the tenant's
// notifications and Run returns by itself; cancelled, it returns too.
func TestTenantLookup(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		failures  int
		stop      int // the wait that cancels; beyond the failures, none does
		wantWaits []time.Duration
		wantFound bool
	}{
		{name: "found at once", failures: 0, stop: 99, wantFound: true},
		{name: "found after failures", failures: 3, stop: 99,
			wantWaits: []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute}, wantFound: true},
		{name: "cancelled while failing", failures: 9, stop: 2,
			wantWaits: []time.Duration{30 * time.Second, time.Minute}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock, ctx := newFakeTimer(tc.stop)
			defer clock.cancel()
			dir := &scriptedDirectory{errs: slices.Repeat([]error{errUnreachable}, tc.failures)}
			rc := &Receiver{}
			(&TenantLookup{Graph: dir, Receiver: rc, Tenant: "contoso", After: clock.After}).Run(ctx)
			if !slices.Equal(clock.waits, tc.wantWaits) {
				t.Errorf("waits %v, want %v", clock.waits, tc.wantWaits)
			}
			tenant, found := rc.tenantOf("aaaaaaaa-0000-0000-0000-000000000001")
			if found != tc.wantFound || found && tenant != "contoso" {
				t.Errorf("receiver maps the id to %q (%t), want found %t", tenant, found, tc.wantFound)
			}
		})
	}
}

// TestTenantLookupOnceFails: a failed lookup says why and adds nothing.
func TestTenantLookupOnceFails(t *testing.T) {
	t.Parallel()
	rc := &Receiver{}
	err := (&TenantLookup{Graph: &scriptedDirectory{errs: []error{errUnreachable}}, Receiver: rc, Tenant: "contoso"}).Once(context.Background())
	if !errors.Is(err, msgraph.ErrUnreachable) {
		t.Errorf("err %v, want ErrUnreachable", err)
	}
	if _, found := rc.tenantOf("aaaaaaaa-0000-0000-0000-000000000001"); found {
		t.Error("a failed lookup added a tenant")
	}
}
