package collect

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// t0 is the tests' clock.
var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// testPolicy fetches a first version after a minute, later ones after
// ten quiet minutes.
var testPolicy = Policy{FirstDelay: time.Minute, Quiet: 10 * time.Minute, MaxWait: time.Hour, RetryMin: time.Minute, RetryMax: time.Hour, NotYetMade: 3 * time.Hour}

func openStore(t *testing.T, path string) *duckdb.DB {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "collect.db")
	}
	st, err := duckdb.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// example reads a documentation example of Graph's.
func example(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "graph", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// record is the documentation's expanded call record under another id.
func record(t *testing.T, id string) []byte {
	t.Helper()
	return []byte(strings.ReplaceAll(example(t, "callrecord-get-expanded.json"), "e523d2ed-2966-4b6b-925b-754a88034cc5", id))
}

func pending(t *testing.T, q store.FetchQueue, now time.Time) []store.PendingFetch {
	t.Helper()
	ps, err := q.DueFetches(context.Background(), now, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}
