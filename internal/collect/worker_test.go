package collect

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/msgraph"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
)

// standIn answers GetCallRecord as Graph would. Graph has no local
// emulator, so this stands in for it (and for msgraph.Client, whose own
// tests cover the HTTP side); the store is the real one.
type standIn struct {
	mu      sync.Mutex
	records map[string][]byte
	errs    map[string]error
	fetched map[string]int
	during  func(id string) // runs inside a fetch
}

func (s *standIn) GetCallRecord(_ context.Context, id string) (json.RawMessage, error) {
	s.mu.Lock()
	s.fetched[id]++
	during := s.during
	s.mu.Unlock()
	if during != nil {
		during(id)
	}
	if err := s.errs[id]; err != nil {
		return nil, err
	}
	if r, ok := s.records[id]; ok {
		return r, nil
	}
	return nil, &msgraph.Error{Kind: msgraph.ErrNotFound, Status: 404, Message: "no call record " + id}
}

func newStandIn(t *testing.T, ids ...string) *standIn {
	s := &standIn{records: map[string][]byte{}, errs: map[string]error{}, fetched: map[string]int{}}
	for _, id := range ids {
		s.records[id] = record(t, id)
	}
	return s
}

type workerFixture struct {
	st    store.Store
	graph *standIn
	wk    *Worker
	now   time.Time
}

func newWorker(t *testing.T, st store.Store, graph *standIn) *workerFixture {
	t.Helper()
	engine, err := quality.New(quality.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := &workerFixture{st: st, graph: graph, now: t0}
	f.wk = &Worker{Queue: st, Fetchers: map[string]Fetcher{"contoso": graph}, Judge: engine.Judge, Policy: testPolicy,
		Batch: 3, Now: func() time.Time { return f.now }}
	return f
}

func noteAll(t *testing.T, q store.FetchQueue, ids ...string) {
	t.Helper()
	var notes []store.FetchNote
	for _, id := range ids {
		notes = append(notes, store.FetchNote{Tenant: "contoso", RecordID: id, Noted: t0, Due: t0})
	}
	if err := q.NoteFetches(context.Background(), notes); err != nil {
		t.Fatal(err)
	}
}

func runOnce(t *testing.T, wk *Worker) int {
	t.Helper()
	n, err := wk.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWorkerStoresJudgedRecords: a due record is fetched, judged, stored
// under its tenant and leaves the queue.
func TestWorkerStoresJudgedRecords(t *testing.T) {
	t.Parallel()
	f := newWorker(t, openStore(t, ""), newStandIn(t, "r1"))
	noteAll(t, f.st, "r1")
	if n := runOnce(t, f.wk); n != 1 {
		t.Fatalf("handled %d, want 1", n)
	}
	c, err := f.st.Call(context.Background(), "contoso", "r1")
	if err != nil {
		t.Fatal(err)
	}
	if c.Source != model.SourceGraph || c.Rules == "" || c.CallRating() == "" {
		t.Errorf("stored call: source %q, rules %q, rating %q; want a judged Graph call", c.Source, c.Rules, c.CallRating())
	}
	if got := pending(t, f.st, t0.Add(time.Hour)); len(got) != 0 {
		t.Errorf("still pending: %+v", got)
	}
}

// TestWorkerPutsOffFailures: throttling waits at least what Graph asked;
// a record Graph does not have yet is asked again, then given up once
// Graph would have made it.
func TestWorkerPutsOffFailures(t *testing.T) {
	t.Parallel()
	graph := newStandIn(t)
	graph.errs["slow"] = fmt.Errorf("get call record slow: %w",
		&msgraph.Error{Kind: msgraph.ErrThrottled, Status: 429, RetryAfter: 7 * time.Minute, Message: "throttled"})
	f := newWorker(t, openStore(t, ""), graph)
	noteAll(t, f.st, "slow", "later")
	runOnce(t, f.wk)
	find := func(at time.Duration, id string) *store.PendingFetch {
		for _, p := range pending(t, f.st, t0.Add(at)) {
			if p.RecordID == id {
				return &p
			}
		}
		return nil
	}
	if p := find(7*time.Minute-time.Second, "slow"); p != nil {
		t.Errorf("due again before Graph's Retry-After: %+v", p)
	}
	if p := find(7*time.Minute, "slow"); p == nil || p.Attempts != 1 || p.LastError == "" {
		t.Fatalf("after throttling: %+v", p)
	}
	// "later" is not made yet: asked again after the policy's wait.
	if p := find(time.Minute-time.Second, "later"); p != nil {
		t.Errorf("a record not found is due again at once: %+v", p)
	}
	if p := find(time.Minute, "later"); p == nil || p.Attempts != 1 {
		t.Fatalf("a record not found yet: %+v", p)
	}
	// Past the time Graph takes to make one, it is given up.
	f.now = t0.Add(4 * time.Hour)
	runOnce(t, f.wk)
	for _, p := range pending(t, f.st, f.now.Add(time.Hour)) {
		if p.RecordID == "later" {
			t.Errorf("a record Graph never made is still pending: %+v", p)
		}
	}
	if _, err := f.st.Call(context.Background(), "contoso", "later"); err == nil {
		t.Error("a record Graph never made was stored")
	}
}

// TestWorkerNotedDuringFetch: a notice that arrives while its record is
// fetched keeps the record pending for the newer version.
func TestWorkerNotedDuringFetch(t *testing.T) {
	t.Parallel()
	graph := newStandIn(t, "r1")
	f := newWorker(t, openStore(t, ""), graph)
	graph.during = func(id string) {
		err := f.st.NoteFetches(context.Background(), []store.FetchNote{{Tenant: "contoso", RecordID: id, Noted: t0, Due: t0.Add(10 * time.Minute)}})
		if err != nil {
			t.Error(err)
		}
		graph.during = nil
	}
	noteAll(t, f.st, "r1")
	runOnce(t, f.wk)
	if _, err := f.st.Call(context.Background(), "contoso", "r1"); err != nil {
		t.Fatalf("the fetched version is not stored: %v", err)
	}
	if got := pending(t, f.st, t0.Add(10*time.Minute)); len(got) != 1 {
		t.Fatalf("the newer notice was lost: %+v", got)
	}
}

// TestRestartMidBacklog: a restart in the middle of a backlog loses
// nothing and fetches nothing twice that was already stored.
func TestRestartMidBacklog(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "collect.db")
	var ids []string
	for i := range 7 {
		ids = append(ids, fmt.Sprintf("r%d", i))
	}
	graph := newStandIn(t, ids...)
	st := openStore(t, path)
	noteAll(t, st, ids...)
	if n := runOnce(t, newWorker(t, st, graph).wk); n != 3 {
		t.Fatalf("first batch: %d", n)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st = openStore(t, path)
	wk := newWorker(t, st, graph).wk
	for runOnce(t, wk) > 0 {
	}
	for _, id := range ids {
		if graph.fetched[id] != 1 {
			t.Errorf("%s fetched %d times, want once", id, graph.fetched[id])
		}
		if _, err := st.Call(context.Background(), "contoso", id); err != nil {
			t.Errorf("%s not stored: %v", id, err)
		}
	}
}

// TestWorkerRun: Run fetches what is due without waiting, waits Idle
// once the queue has nothing due, and returns when its context ends.
func TestWorkerRun(t *testing.T) {
	t.Parallel()
	f := newWorker(t, openStore(t, ""), newStandIn(t, "r1", "r2"))
	f.wk.Batch, f.wk.Idle = 1, 7*time.Second
	noteAll(t, f.st, "r1", "r2")
	clock, ctx := newFakeTimer(2)
	f.wk.After = clock.After
	if err := f.wk.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{7 * time.Second, 7 * time.Second}; !slices.Equal(clock.waits, want) {
		t.Errorf("waits %v, want %v: none while records were due, Idle once none was", clock.waits, want)
	}
	for _, id := range []string{"r1", "r2"} {
		if _, err := f.st.Call(context.Background(), "contoso", id); err != nil {
			t.Errorf("%s not stored: %v", id, err)
		}
	}
}
