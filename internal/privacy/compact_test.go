package privacy

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// compactingStore is a store whose compaction the test decides.
type compactingStore struct {
	store.Store
	err   error
	calls int
}

func (c *compactingStore) Compact(context.Context) (store.CompactResult, error) {
	c.calls++
	if c.err != nil {
		return store.CompactResult{}, c.err
	}
	return store.CompactResult{BytesBefore: 2, BytesAfter: 1}, nil
}

// plainStore hides the backend's Compact: a store that cannot compact.
type plainStore struct{ store.Store }

// exampleStore is an in-memory store holding the Graph examples, all of
// them years old.
func exampleStore(t *testing.T) store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := ingest.Run(ctx, st, []string{filepath.Join(examples, "graph")}, ingest.Options{Tenant: "contoso"}); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestScrubCompacts: a run that clears anything compacts the store; a
// compaction that fails fails the run and is made good by the next one,
// though that one has nothing to clear; a run with nothing to clear and
// nothing owed leaves the files alone.
func TestScrubCompacts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	st := &compactingStore{Store: exampleStore(t), err: errors.New("disk full")}
	s := &Scrubber{Store: st, Policy: Policy{EUIIAfter: 28 * Day}, Now: func() time.Time { return now }}

	res, err := s.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "disk full") || st.calls != 1 {
		t.Fatalf("run with a failing compaction: %+v, %v, %d compactions", res, err, st.calls)
	}
	if res.CallsCleared == 0 {
		t.Fatalf("nothing cleared (%+v): the test proves nothing", res)
	}

	st.err = nil
	res, err = s.Run(ctx)
	if err != nil || res.CallsCleared != 0 || st.calls != 2 || res.Compaction == nil || res.Compaction.BytesAfter != 1 {
		t.Fatalf("run after a failed compaction: %+v, %v, %d compactions; want the owed compaction made", res, err, st.calls)
	}

	res, err = s.Run(ctx)
	if err != nil || st.calls != 2 || res.Compaction != nil {
		t.Fatalf("run with nothing to clear or owe: %+v, %v, %d compactions; want none", res, err, st.calls)
	}
}

// TestScrubWithoutCompaction: a store that cannot compact, by saying so
// or by not having the method, is scrubbed all the same, with a warning
// that its files may still hold what was cleared.
func TestScrubWithoutCompaction(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	f := func(name string, st store.Store) {
		t.Helper()
		var logs bytes.Buffer
		s := &Scrubber{Store: st, Policy: Policy{EUIIAfter: 28 * Day}, Now: func() time.Time { return now },
			Logger: slog.New(slog.NewTextHandler(&logs, nil))}
		res, err := s.Run(context.Background())
		if err != nil || res.CallsCleared == 0 || res.Compaction != nil {
			t.Errorf("%s: %+v, %v: want calls cleared, no compaction, no error", name, res, err)
		}
		if !strings.Contains(logs.String(), "cannot rewrite its files") {
			t.Errorf("%s: no warning logged:\n%s", name, logs.String())
		}
	}
	unsupported := &compactingStore{Store: exampleStore(t), err: errors.ErrUnsupported}
	f("compaction unsupported", unsupported)
	f("no compaction", plainStore{exampleStore(t)})
	// Nothing is owed to a store that cannot compact: the next run does
	// not ask again.
	s := &Scrubber{Store: unsupported, Policy: Policy{EUIIAfter: 28 * Day}, Now: func() time.Time { return now }}
	if _, err := s.Run(context.Background()); err != nil || unsupported.calls != 1 {
		t.Errorf("second run: %v, %d compactions asked for; want 1 in all", err, unsupported.calls)
	}
}
