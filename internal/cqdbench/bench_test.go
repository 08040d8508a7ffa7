package cqdbench

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/store/dashbench"
	_ "github.com/callscope/callscope/internal/store/postgres" // postgres:// stores
	"github.com/callscope/callscope/internal/store/postgres/pgtest"
)

// The PostgreSQL store is a real server, started for the package's
// tests.
var srv *pgtest.Server

func TestMain(m *testing.M) { pgtest.Main(m, &srv) }

// TestRunAgrees runs the benchmark small on each engine: calls are
// generated and stored, their facts copied in the engine to twice as
// many with variants, and every dashboard query asked through callscope
// must give the rows the hand-written SQL gives (Run fails otherwise).
// A second run finds the store loaded and times it again; a database
// loaded with other options is refused.
func TestRunAgrees(t *testing.T) {
	t.Parallel()
	for _, engine := range []string{"embedded", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := filepath.Join(t.TempDir(), "bench.db")
			if engine == "postgres" {
				dsn = srv.Database(t)
			}
			var log bytes.Buffer
			o := Options{Streams: 12_000, Generated: 6_000, Variants: 3, Runs: 1, Store: dsn,
				Log: slog.New(slog.NewTextHandler(&log, nil))}
			for run := range 2 {
				var out bytes.Buffer
				o.Out = &out
				results, err := Run(ctx, o)
				if err != nil {
					t.Fatalf("run %d: %v\n%s", run, err, log.String())
				}
				if len(results) != len(dashbench.Dashboard()) {
					t.Fatalf("run %d: %d results for %d queries", run, len(results), len(dashbench.Dashboard()))
				}
				for _, r := range results {
					if r.Rows == 0 {
						t.Errorf("run %d: %s gave no rows: the benchmark compares nothing", run, r.Name)
					}
				}
				if !strings.HasPrefix(out.String(), "12000 streams") || !strings.Contains(out.String(), "\nratio=") {
					t.Errorf("run %d: report:\n%s", run, out.String())
				}
				if loads := strings.Count(log.String(), "msg=loaded"); loads != 1 {
					t.Errorf("run %d: loaded %d times, want once over both runs:\n%s", run, loads, log.String())
				}
				if run == 0 && !strings.Contains(log.String(), "msg=copied streams=") {
					t.Errorf("nothing copied:\n%s", log.String())
				}
			}
			if engine == "postgres" {
				o.Seed = 2
				if _, err := Run(ctx, o); err == nil || !strings.Contains(err.Error(), "give an empty database") {
					t.Errorf("a database loaded with other options: %v, want it refused", err)
				}
			}
		})
	}
}
