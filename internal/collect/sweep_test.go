package collect

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/msgraph"
	"github.com/callscope/callscope/internal/store"
)

// listStandIn answers List callRecords as Graph would (Graph has no
// local emulator; msgraph's own tests cover its paging over HTTP).
type listStandIn struct {
	refs []msgraph.RecordRef
	err  error // after the refs
}

func (l listStandIn) ListCallRecords(_ context.Context, from, to time.Time) iter.Seq2[msgraph.RecordRef, error] {
	return func(yield func(msgraph.RecordRef, error) bool) {
		for _, r := range l.refs {
			if r.StartDateTime.Before(from) || !r.StartDateTime.Before(to) {
				continue
			}
			if !yield(r, nil) {
				return
			}
		}
		if l.err != nil {
			yield(msgraph.RecordRef{}, l.err)
		}
	}
}

// TestSweepNotesWhatIsMissing: records the store lacks or holds in an
// older version are noted, due at once; current ones are not; the
// worker then fetches exactly those.
func TestSweepNotesWhatIsMissing(t *testing.T) {
	t.Parallel()
	st := openStore(t, "")
	graph := newStandIn(t, "stored", "older", "missing")
	f := newWorker(t, st, graph)
	noteAll(t, st, "stored", "older")
	runOnce(t, f.wk) // both stored at version 1
	var refs []msgraph.RecordRef
	for i, id := range []string{"stored", "older", "missing"} {
		refs = append(refs, msgraph.RecordRef{ID: id, Version: 1, StartDateTime: t0.Add(time.Duration(i) * time.Minute)})
	}
	refs[1].Version = 2
	for i := range 1200 { // more than a batch, all outside the window
		refs = append(refs, msgraph.RecordRef{ID: fmt.Sprintf("old-%d", i), Version: 1, StartDateTime: t0.Add(-48 * time.Hour)})
	}
	sw := &Sweeper{Store: st, Now: func() time.Time { return t0 }}
	res, err := sw.Sweep(context.Background(), "contoso", listStandIn{refs: refs}, t0.Add(-time.Hour), t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if res != (SweepResult{Listed: 3, Current: 1, Noted: 2}) {
		t.Errorf("sweep = %+v, want 3 listed, 1 current, 2 noted", res)
	}
	got := fetchedIDs(pending(t, st, t0))
	if len(got) != 2 || !got["older"] || !got["missing"] {
		t.Errorf("noted: %v, want older and missing", got)
	}
	// The whole month, in batches.
	res, err = sw.Sweep(context.Background(), "contoso", listStandIn{refs: refs}, t0.Add(-72*time.Hour), t0.Add(time.Hour))
	if err != nil || res.Listed != 1203 || res.Noted != 1202 {
		t.Errorf("long sweep = %+v, %v", res, err)
	}
	// A failing list says so, keeping what it noted before.
	boom := errors.New("throttled for good")
	if _, err := sw.Sweep(context.Background(), "contoso", listStandIn{refs: refs[:3], err: boom}, t0.Add(-time.Hour), t0.Add(time.Hour)); !errors.Is(err, boom) {
		t.Errorf("failing list: %v", err)
	}
}

func fetchedIDs(ps []store.PendingFetch) map[string]bool {
	out := map[string]bool{}
	for _, p := range ps {
		out[p.RecordID] = true
	}
	return out
}
