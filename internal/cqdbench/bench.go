// Package cqdbench is `callscope bench cqd`: it loads a generated
// organization's streams into a fresh embedded store and times the
// dashboard's queries, asked through callscope (store Aggregate) and
// written by hand for the bare engine, on the same data in one run.
package cqdbench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/callscope/callscope/internal/building"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// Options configure a run.
type Options struct {
	// Streams is how many stream facts to load (required).
	Streams int64
	// Seed selects the generated organization.
	Seed int64
	// Dir holds the store; a new temporary folder, removed afterwards,
	// when empty. A store left there by an earlier run of the same
	// Streams and Seed is used again rather than loaded anew.
	Dir string
	// Store, when set, is the embedded store's file to load into (when
	// it is missing) and to time, instead of one named in Dir after the
	// options.
	Store string
	// Runs is how often each query is timed (default 5); the median
	// counts.
	Runs int
	// Variants, above 1, names the devices and client versions of the
	// copies apart in that many groups (duckdb.ReplicateFacts).
	Variants int
	// Out receives the report; Log the progress.
	Out io.Writer
	Log *slog.Logger
}

// Generated streams: the organization generated and judged is at most
// baseStreams; past that it is copied (duckdb.ReplicateFacts), which
// keeps its buildings, networks and quality and costs seconds rather
// than hours.
const (
	baseStreams      = 400_000
	streamsPerUser   = 400 // a month's streams of one person, less a margin
	tenant           = "bench"
	factBatch        = 50_000
	defaultRuns      = 5
	windowDays       = 30
	relativeAccuracy = 1e-9
)

// end is where the generated month ends, fixed so runs are comparable.
var end = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Result is one query's times.
type Result struct {
	Name                string
	Rows                int
	Callscope, HandMade time.Duration
}

// Run loads the store (unless it is there already) and times the
// queries. The report's last line is "ratio=<callscope time / hand-written
// time>" over all queries.
func Run(ctx context.Context, o Options) ([]Result, error) {
	if o.Streams <= 0 {
		return nil, errors.New("bench cqd: --streams must be positive")
	}
	if o.Runs <= 0 {
		o.Runs = defaultRuns
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	dir := o.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "callscope-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	path := filepath.Join(dir, fmt.Sprintf("cqd-%d-seed%d-variants%d-schema%d.db", o.Streams, o.Seed, max(1, o.Variants), duckdb.SchemaVersion()))
	if o.Store != "" {
		if strings.Contains(o.Store, "://") {
			return nil, fmt.Errorf("bench cqd: --store %s: the benchmark loads and times the embedded store only, so far; give a file path", o.Store)
		}
		path = o.Store
	}
	fresh := false
	if _, err := os.Stat(path); err != nil {
		fresh = true
		os.Remove(path + ".loading")
		os.Remove(path + ".loading.wal")
	}
	open := path
	if fresh {
		open = path + ".loading"
	}
	st, err := duckdb.Open(ctx, open)
	if err != nil {
		return nil, err
	}
	if fresh {
		start := time.Now()
		if err := load(ctx, st, o); err != nil {
			return nil, errors.Join(err, st.Close())
		}
		if err := st.Close(); err != nil {
			return nil, err
		}
		if err := os.Rename(open, path); err != nil {
			return nil, err
		}
		o.Log.Info("loaded", "streams", o.Streams, "seconds", time.Since(start).Seconds(), "store", path)
		if st, err = duckdb.Open(ctx, path); err != nil {
			return nil, err
		}
	}
	defer st.Close()
	return measure(ctx, st, o)
}

// load generates, judges and stores the streams, then the building file.
func load(ctx context.Context, st *duckdb.DB, o Options) error {
	base := min(o.Streams, baseStreams)
	users := int(max(50, base/streamsPerUser))
	engine, err := quality.New(quality.Options{})
	if err != nil {
		return err
	}
	gctx, stop := context.WithCancel(ctx)
	defer stop()
	records := make(chan []byte, 256)
	facts := make(chan []model.StreamFact, 256)
	var workers sync.WaitGroup
	var decodeErr error
	var errOnce sync.Once
	for range runtime.GOMAXPROCS(0) {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for rec := range records {
				c, err := graph.DecodeCallRecord(rec)
				if err != nil {
					errOnce.Do(func() { decodeErr = err; stop() })
					continue
				}
				c.Tenant = tenant
				engine.Judge(c)
				select {
				case facts <- model.Facts(c):
				case <-gctx.Done():
				}
			}
		}()
	}
	var buildings bytes.Buffer
	genDone := make(chan error, 1)
	go func() {
		defer close(records)
		_, err := gen.GraphRecords(gctx, gen.Options{Seed: o.Seed, Users: users, Days: 30, End: end}, &buildings,
			func(rec []byte) error {
				select {
				case records <- slices.Clone(rec):
					return nil
				case <-gctx.Done():
					return gctx.Err()
				}
			})
		genDone <- err
	}()
	go func() { workers.Wait(); close(facts) }()

	var loaded int64
	batch := make([]model.StreamFact, 0, factBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := st.LoadFacts(ctx, batch)
		batch = batch[:0]
		return err
	}
	for fs := range facts {
		if loaded >= base {
			continue // draining after the stop
		}
		take := min(int64(len(fs)), base-loaded)
		batch = append(batch, fs[:take]...)
		loaded += take
		if len(batch) >= factBatch {
			if err := flush(); err != nil {
				stop()
				return err
			}
		}
		if loaded >= base {
			stop()
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if err := <-genDone; err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if decodeErr != nil {
		return fmt.Errorf("decode generated record: %w", decodeErr)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	o.Log.Info("generated", "streams", loaded, "users", users)
	added, err := st.ReplicateFacts(ctx, tenant, o.Streams, o.Variants)
	if err != nil {
		return err
	}
	o.Log.Info("copied", "streams", added)
	m, err := building.Parse(&buildings, "buildings.csv")
	if err != nil {
		return err
	}
	if err := st.ReplaceBuildings(ctx, tenant, m.All(), end); err != nil {
		return err
	}
	return st.Checkpoint(ctx)
}

// measure times every query both ways, checks that both give the same
// rows, and writes the report.
func measure(ctx context.Context, st *duckdb.DB, o Options) ([]Result, error) {
	newest, err := st.NewestStream(ctx, tenant)
	if err != nil {
		return nil, err
	}
	since := cqd.WindowStart(time.Time{}, newest, windowDays)
	var results []Result
	var total, totalHand time.Duration
	rolled, err := st.RollupRows(ctx, tenant)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(o.Out, "%d streams (rollup rows: %d, network rollup rows: %d), dashboard queries over the last %d days of audio, median of %d runs\n",
		o.Streams, rolled["stream_rollup"], rolled["stream_rollup_network"], windowDays, o.Runs)
	fmt.Fprintf(o.Out, "%-16s %6s %12s %12s %7s\n", "query", "rows", "callscope", "hand SQL", "ratio")
	for _, bq := range duckdb.DashboardBench() {
		q := bq.Query
		q.Tenant, q.Since = tenant, since
		var got *cqd.Result
		var hand []cqd.Row
		var ours, theirs []time.Duration
		for run := 0; run <= o.Runs; run++ { // run 0 warms up
			start := time.Now()
			if got, err = st.Aggregate(ctx, q); err != nil {
				return nil, fmt.Errorf("%s: %w", bq.Name, err)
			}
			d := time.Since(start)
			start = time.Now()
			if hand, err = st.RawAggregate(ctx, bq.SQL, len(q.GroupBy), len(q.MeasureList()), tenant, since); err != nil {
				return nil, fmt.Errorf("%s, by hand: %w", bq.Name, err)
			}
			dh := time.Since(start)
			if run > 0 {
				ours, theirs = append(ours, d), append(theirs, dh)
			}
		}
		if err := same(q.MeasureList(), got.Rows, hand); err != nil {
			return nil, fmt.Errorf("%s: callscope and the hand-written SQL disagree: %w", bq.Name, err)
		}
		r := Result{Name: bq.Name, Rows: len(hand), Callscope: median(ours), HandMade: median(theirs)}
		results = append(results, r)
		total += r.Callscope
		totalHand += r.HandMade
		fmt.Fprintf(o.Out, "%-16s %6d %10.1fms %10.1fms %7.2f\n", r.Name, r.Rows, ms(r.Callscope), ms(r.HandMade), float64(r.Callscope)/float64(r.HandMade))
	}
	fmt.Fprintf(o.Out, "%-16s %6s %10.1fms %10.1fms %7.2f\n", "all", "", ms(total), ms(totalHand), float64(total)/float64(totalHand))
	fmt.Fprintf(o.Out, "ratio=%.3f\n", float64(total)/float64(totalHand))
	return results, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// same reports the first difference between callscope's rows and the
// hand-written SQL's. Percentiles are callscope's estimates (see
// cqd.Layout) of the exact ones written by hand, so they may differ by
// the width of the bucket that holds the exact value.
func same(measures []cqd.Measure, a, b []cqd.Row) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d rows against %d", len(a), len(b))
	}
	for i := range a {
		for k := range a[i].Key {
			if (a[i].Key[k] == nil) != (b[i].Key[k] == nil) || a[i].Key[k] != nil && *a[i].Key[k] != *b[i].Key[k] {
				return fmt.Errorf("row %d: keys differ", i)
			}
		}
		for m := range a[i].Values {
			x, y := a[i].Values[m], b[i].Values[m]
			if (x == nil) != (y == nil) {
				return fmt.Errorf("row %d: %s is missing on one side", i, measures[m])
			}
			if x == nil {
				continue
			}
			tolerance := relativeAccuracy * math.Max(1, math.Abs(*y))
			if _, l, ok := measures[m].Percentile(); ok {
				lower, upper := l.Bounds()
				b := l.Bucket(*y)
				tolerance += upper[b] - lower[b]
			}
			if math.Abs(*x-*y) > tolerance {
				return fmt.Errorf("row %d: %s is %v against %v", i, measures[m], *x, *y)
			}
		}
	}
	return nil
}
