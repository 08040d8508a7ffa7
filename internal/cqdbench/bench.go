// Package cqdbench is `callscope bench cqd`: it loads a generated
// organization's streams into a store (a fresh embedded one, or an empty
// PostgreSQL database) and times the dashboard's queries, asked through
// callscope (store Aggregate) and written by hand for the bare engine
// (package dashbench), on the same data in one run.
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
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/dashbench"
	"github.com/callscope/callscope/internal/store/duckdb"
	"github.com/callscope/callscope/internal/store/rollup"
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
	// Store, when set, is the store to load into (when it holds nothing)
	// and to time, instead of an embedded one named in Dir after the
	// options: an embedded store's file, or a postgres://… DSN naming an
	// empty database or one an earlier run of the same options loaded.
	Store string
	// Runs is how often each query is timed (default 5); the median
	// counts.
	Runs int
	// Variants, above 1, names the devices and client versions of the
	// copies apart in that many groups (dashbench.Engine.Replicate).
	Variants int
	// Generated is how many of the streams are generated and stored as
	// calls before the rest are copied (default and at most
	// baseStreams).
	Generated int64
	// Out receives the report; Log the progress.
	Out io.Writer
	Log *slog.Logger
}

// Generated streams: the organization generated, judged and stored as
// calls is at most baseStreams; past that its stream facts are copied
// (dashbench.Engine.Replicate), which keeps its buildings, networks and
// quality and costs minutes rather than hours.
const (
	baseStreams = 400_000
	// streamsPerUser is a month's streams of one person of the generated
	// organization (about 80 a working day), with a margin: the users
	// generated for baseStreams make calls every day of the month.
	streamsPerUser   = 3_000
	tenant           = "bench"
	callBatch        = 100
	defaultRuns      = 5
	windowDays       = 30
	relativeAccuracy = 1e-9
	// loadedKey is the setting that says which options loaded a store,
	// written once the load is complete.
	loadedKey = "bench.cqd.loaded"
)

// end is where the generated month ends, fixed so runs are comparable.
var end = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Result is one query's times.
type Result struct {
	Name                string
	Rows                int
	Callscope, HandMade time.Duration
}

// Run loads the store (unless it is loaded already) and times the
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
	dsn := o.Store
	if dsn == "" {
		dir := o.Dir
		if dir == "" {
			tmp, err := os.MkdirTemp("", "callscope-bench-")
			if err != nil {
				return nil, err
			}
			defer os.RemoveAll(tmp)
			dir = tmp
		}
		dsn = filepath.Join(dir, fmt.Sprintf("cqd-%d-seed%d-variants%d-users%d-schema%d.db", o.Streams, o.Seed, max(1, o.Variants), users(o), duckdb.SchemaVersion()))
	}
	st, err := open(ctx, dsn, o)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	e, err := dashbench.Open(st, dsn)
	if err != nil {
		return nil, err
	}
	defer e.Close()
	return measure(ctx, st, e, o)
}

// open opens the store at dsn, loaded by o: an embedded store is loaded
// under another name and renamed once complete, so that a file of the
// expected name is always whole; a database holds a setting that names
// the options that loaded it.
func open(ctx context.Context, dsn string, o Options) (store.Store, error) {
	want := fmt.Sprintf("streams=%d seed=%d variants=%d generated=%d users=%d", o.Streams, o.Seed, max(1, o.Variants), generated(o), users(o))
	if !strings.Contains(dsn, "://") {
		if _, err := os.Stat(dsn); err == nil {
			return store.Open(ctx, dsn)
		}
		loading := dsn + ".loading"
		os.Remove(loading)
		os.Remove(loading + ".wal")
		if err := loadAt(ctx, loading, want, o); err != nil {
			return nil, err
		}
		if err := os.Rename(loading, dsn); err != nil {
			return nil, err
		}
		return store.Open(ctx, dsn)
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	loaded, ok, err := st.Setting(ctx, loadedKey)
	if err != nil {
		return nil, errors.Join(err, st.Close())
	}
	if ok && loaded == want {
		return st, nil
	}
	if ok {
		return nil, errors.Join(fmt.Errorf("bench cqd: the store was loaded with %s, not %s: give an empty database", loaded, want), st.Close())
	}
	if stats, err := st.Stats(ctx, ""); err != nil || stats.Calls+stats.Streams > 0 {
		return nil, errors.Join(err, fmt.Errorf("bench cqd: the store holds data of another kind or an unfinished load: give an empty database"), st.Close())
	}
	st.Close()
	if err := loadAt(ctx, dsn, want, o); err != nil {
		return nil, err
	}
	return store.Open(ctx, dsn)
}

// loadAt opens the store at dsn, loads it and closes it.
func loadAt(ctx context.Context, dsn, want string, o Options) (err error) {
	start := time.Now()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, st.Close()) }()
	e, err := dashbench.Open(st, dsn)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, e.Close()) }()
	if err := load(ctx, st, e, o); err != nil {
		return err
	}
	if err := st.SetSetting(ctx, loadedKey, want); err != nil {
		return err
	}
	o.Log.Info("loaded", "streams", o.Streams, "seconds", time.Since(start).Seconds())
	return nil
}

// generated is how many streams o generates before copying.
func generated(o Options) int64 {
	base := min(o.Streams, baseStreams)
	if o.Generated > 0 {
		base = min(base, o.Generated)
	}
	return base
}

// users is the size of the organization o generates.
func users(o Options) int { return int(max(50, generated(o)/streamsPerUser)) }

// load generates and judges calls and stores them, copies their stream
// facts up to o.Streams, then stores the building file.
func load(ctx context.Context, st store.Store, e *dashbench.Engine, o Options) error {
	base := generated(o)
	people := users(o)
	engine, err := quality.New(quality.Options{})
	if err != nil {
		return err
	}
	gctx, stop := context.WithCancel(ctx)
	defer stop()
	// Records of large meetings are megabytes: the queues hold a few per
	// core rather than a fixed count.
	queue := 4 * runtime.GOMAXPROCS(0)
	records := make(chan []byte, queue)
	calls := make(chan *store.EncodedCall, queue)
	putter, ok := st.(store.EncodedCallPutter)
	if !ok {
		return fmt.Errorf("bench cqd: the store %T cannot take encoded calls", st)
	}
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
				enc, err := store.EncodeCall(c)
				if err != nil {
					errOnce.Do(func() { decodeErr = err; stop() })
					continue
				}
				select {
				case calls <- enc:
				case <-gctx.Done():
				}
			}
		}()
	}
	var buildings bytes.Buffer
	genDone := make(chan error, 1)
	go func() {
		defer close(records)
		_, err := gen.GraphRecords(gctx, gen.Options{Seed: o.Seed, Users: people, Days: 30, End: end}, &buildings,
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
	go func() { workers.Wait(); close(calls) }()

	var loaded int64
	batch := make([]*store.EncodedCall, 0, callBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := putter.PutEncodedCalls(ctx, batch)
		clear(batch)
		batch = batch[:0]
		return err
	}
	for c := range calls {
		if loaded >= base {
			continue // draining after the stop
		}
		batch = append(batch, c)
		loaded += int64(c.Streams)
		if len(batch) >= callBatch {
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
		return fmt.Errorf("generated record: %w", decodeErr)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	o.Log.Info("generated", "streams", loaded, "users", people)
	added, err := e.Replicate(ctx, st, tenant, o.Streams, o.Variants)
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
	return e.Settle(ctx)
}

// measure times every query both ways, checks that both give the same
// rows, and writes the report.
func measure(ctx context.Context, st store.Store, e *dashbench.Engine, o Options) ([]Result, error) {
	newest, err := e.NewestStream(ctx, tenant)
	if err != nil {
		return nil, err
	}
	stats, err := st.Stats(ctx, tenant)
	if err != nil {
		return nil, err
	}
	since := cqd.WindowStart(time.Time{}, newest, windowDays)
	var results []Result
	var total, totalHand time.Duration
	rolled, err := e.RollupRows(ctx, tenant)
	if err != nil {
		return nil, err
	}
	var sizes []string
	for _, t := range rollup.Tables {
		sizes = append(sizes, fmt.Sprintf("%s %d", t.Name, rolled[t.Name]))
	}
	fmt.Fprintf(o.Out, "%d streams (rollup rows: %s), dashboard queries over the last %d days of audio, median of %d runs\n",
		stats.Streams, strings.Join(sizes, ", "), windowDays, o.Runs)
	fmt.Fprintf(o.Out, "%-16s %6s %12s %12s %7s\n", "query", "rows", "callscope", "hand SQL", "ratio")
	for _, bq := range dashbench.Dashboard() {
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
			if hand, err = e.Aggregate(ctx, bq, tenant, since); err != nil {
				return nil, err
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
