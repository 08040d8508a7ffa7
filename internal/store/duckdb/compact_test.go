package duckdb

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/storetest"
)

// compactInstead is a ReopenFunc that compacts the store rather than
// closing and opening it: a compaction is a close and an open of a new
// file under the hood, so everything the conformance suite checks across
// a restart must hold across it too.
func compactInstead(t *testing.T, s store.Store) store.Store {
	t.Helper()
	if _, err := s.(*DB).Compact(context.Background()); err != nil {
		t.Fatalf("Compact: %v", err)
	}
	return s
}

func TestConformanceAcrossCompaction(t *testing.T) {
	t.Parallel()
	storetest.Run(t, openTemp, storetest.WithReopen(compactInstead))
}

// fingerprint describes what a compaction must carry over besides the
// rows the store API reads: the schema (columns, defaults, indexes,
// macros and what they compute, views), sequences, the migrations
// applied, settings, and every table's row count. (The engine writes a
// copied macro's text in another lambda syntax and a copied sequence's
// start at its next value, so those are compared by what they do.)
func fingerprint(t *testing.T, d *DB) string {
	t.Helper()
	var b strings.Builder
	query := func(q string) []string {
		t.Helper()
		rows, err := d.db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var out []string
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintln(vals...))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if len(out) == 0 {
			t.Fatalf("%s: no rows; the fingerprint would not notice what it misses", q)
		}
		return out
	}
	for _, q := range []string{
		`SELECT table_name, column_name, data_type, column_default, is_nullable FROM information_schema.columns
			WHERE table_catalog = current_database() ORDER BY ALL`,
		`SELECT table_name, index_name, is_unique, sql FROM duckdb_indexes() WHERE database_name = current_database() ORDER BY ALL`,
		`SELECT sequence_name, increment_by FROM duckdb_sequences() WHERE database_name = current_database() ORDER BY ALL`,
		`SELECT function_name, function_type FROM duckdb_functions()
			WHERE database_name = current_database() AND NOT internal ORDER BY ALL`,
		`SELECT hist_quantile([1, 2, 3], [0.0, 1, 2], [1.0, 2, 3], 0.5), hist_value([1, 2, 3], [0.0, 1, 2], [1.0, 2, 3], 2)`,
		`SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() AND NOT internal`,
		`SELECT version, name, applied_at FROM schema_migrations ORDER BY version`,
		`SELECT key, value FROM settings ORDER BY key`,
	} {
		for _, row := range query(q) {
			b.WriteString(row)
		}
	}
	for _, table := range query(`SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY ALL`) {
		table = strings.TrimSpace(table)
		fmt.Fprint(&b, table, " ", query(`SELECT count(*) FROM ` + quoteIdent(table))[0])
	}
	return b.String()
}

// TestCompactKeepsEverything: after a compaction the store holds the same
// schema, sequences, macros, migrations, settings and rows, nothing is
// left beside it, and a dashboard query gives the same answer.
func TestCompactKeepsEverything(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	d := openAt(t, filepath.Join(dir, "callscope.db"))
	if _, err := ingest.Run(ctx, d, []string{"../../../examples"}, ingest.Options{Tenant: "contoso"}); err != nil {
		t.Fatal(err)
	}
	if err := d.Audit(ctx, store.AuditEntry{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Actor: "a", Action: "view-call", Tenant: "contoso"}); err != nil {
		t.Fatal(err)
	}
	if err := d.SetSetting(ctx, "default-tenant", "contoso"); err != nil {
		t.Fatal(err)
	}
	// Something deleted, so that there is something to reclaim.
	if n, err := d.DeleteCalls(ctx, "contoso", time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil || n == 0 {
		t.Fatalf("DeleteCalls = %d, %v", n, err)
	}
	q := cqd.Query{Tenant: "contoso", GroupBy: []cqd.Dimension{cqd.MediaType}, Measures: []cqd.Measure{cqd.Streams, cqd.P95Jitter}}
	aggBefore, err := d.Aggregate(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	before := fingerprint(t, d)
	stats, _ := d.Stats(ctx, "")

	res, err := d.Compact(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A small store may grow: the engine gives each table whole blocks
	// when it checkpoints, where the log held only the rows.
	if res.BytesBefore == 0 || res.BytesAfter == 0 || res.Duration < res.Swap {
		t.Errorf("result %+v: want sizes before and after, and the swap within the whole", res)
	}
	if after := fingerprint(t, d); after != before {
		t.Errorf("compaction changed the store:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if again, _ := d.Stats(ctx, ""); again != stats {
		t.Errorf("stats %+v after compaction, %+v before", again, stats)
	}
	aggAfter, err := d.Aggregate(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(aggAfter) != fmt.Sprint(aggBefore) {
		t.Errorf("aggregate after compaction %v, before %v", aggAfter, aggBefore)
	}
	// The audit sequence goes on where it was.
	if err := d.Audit(ctx, store.AuditEntry{Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Actor: "b", Action: "view-call", Tenant: "contoso"}); err != nil {
		t.Fatal(err)
	}
	log, err := d.AuditLog(ctx, store.AuditFilter{})
	if err != nil || len(log) != 2 || log[0].Actor != "b" {
		t.Errorf("audit log after compaction %+v, %v: want b's entry, written later at the same instant, first", log, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "callscope.db" && e.Name() != "callscope.db.wal" && e.Name() != "callscope.db.tmp" && e.Name() != "callscope.db"+peopleIndexSuffix {
			t.Errorf("%s left beside the store", e.Name())
		}
	}
}

// TestCompactWhileReadingAndWriting: readers and a writer keep going
// while the store compacts three times; none of them fails, and every
// write is there afterwards.
func TestCompactWhileReadingAndWriting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := openAt(t, filepath.Join(t.TempDir(), "callscope.db"))
	start := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	var first []*model.Call
	for i := range 200 {
		first = append(first, storetest.SampleCall("t", fmt.Sprintf("c-%04d", i), 1, start.Add(time.Duration(i)*time.Minute), 1, 2))
	}
	if _, err := d.PutCalls(ctx, first); err != nil {
		t.Fatal(err)
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []error
	fail := func(err error) {
		mu.Lock()
		failures = append(failures, err)
		mu.Unlock()
	}
	ready := make(chan struct{}, 5)
	for r := range 4 {
		wg.Go(func() {
			for n := 0; ; n++ {
				if n == 1 {
					ready <- struct{}{}
				}
				select {
				case <-stop:
					return
				default:
				}
				if _, err := d.Call(ctx, "t", fmt.Sprintf("c-%04d", (r*37+n)%200)); err != nil {
					fail(fmt.Errorf("reader %d: Call: %w", r, err))
					return
				}
				if calls, err := d.ListCalls(ctx, store.CallFilter{Tenant: "t", Limit: 10}); err != nil || len(calls) != 10 {
					fail(fmt.Errorf("reader %d: ListCalls = %d calls, %v", r, len(calls), err))
					return
				}
			}
		})
	}
	written := make(chan int, 1)
	wg.Go(func() {
		n := 0
		defer func() { written <- n }()
		for ; ; n++ {
			if n == 1 {
				ready <- struct{}{}
			}
			select {
			case <-stop:
				return
			default:
			}
			c := storetest.SampleCall("t", fmt.Sprintf("w-%04d", n), 1, start.Add(-time.Duration(n+1)*time.Minute), 1, 2)
			if _, err := d.PutCalls(ctx, []*model.Call{c}); err != nil {
				fail(fmt.Errorf("writer: PutCalls %d: %w", n, err))
				return
			}
		}
	})
	for range 5 {
		<-ready
	}
	for i := range 3 {
		if _, err := d.Compact(ctx); err != nil {
			t.Errorf("compaction %d: %v", i, err)
		}
	}
	close(stop)
	wg.Wait()
	for _, err := range failures {
		t.Error(err)
	}
	n := <-written
	stats, err := d.Stats(ctx, "t")
	if err != nil || stats.Calls != int64(200+n) {
		t.Errorf("stats %+v, %v: want %d calls", stats, err, 200+n)
	}
	for i := range n {
		if _, err := d.Call(ctx, "t", fmt.Sprintf("w-%04d", i)); err != nil {
			t.Errorf("call w-%04d written during compaction: %v", i, err)
		}
	}
}

// TestCompactThroughLink: a store opened through a symbolic link has the
// file the link points at replaced, not the link, which would leave the
// old file with all it holds.
func TestCompactThroughLink(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	real := filepath.Join(dir, "data", "callscope.db")
	if err := os.Mkdir(filepath.Dir(real), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	d := openAt(t, link)
	c := storetest.SampleCall("t", "c-1", 1, time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC), 1, 2)
	if _, err := d.PutCalls(ctx, []*model.Call{c}); err != nil {
		t.Fatal(err)
	}
	oldInfo, err := os.Stat(real)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link is no longer a link: %v, %v", fi, err)
	}
	newInfo, err := os.Stat(real)
	if err != nil {
		t.Fatal(err)
	}
	if os.SameFile(oldInfo, newInfo) {
		t.Error("the file the link points at was not replaced")
	}
	if _, err := d.Call(ctx, "t", "c-1"); err != nil {
		t.Errorf("call after compaction: %v", err)
	}
}

func TestCompactInMemoryUnsupported(t *testing.T) {
	t.Parallel()
	d := openAt(t, memoryPath)
	if _, err := d.Compact(context.Background()); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Compact of an in-memory store = %v, want errors.ErrUnsupported", err)
	}
}

// TestCompactCancelled: a compaction whose context is done changes
// nothing and leaves the store usable.
func TestCompactCancelled(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	d := openAt(t, filepath.Join(dir, "callscope.db"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.Compact(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Compact with a cancelled context = %v, want context.Canceled", err)
	}
	if err := d.SetSetting(context.Background(), "k", "v"); err != nil {
		t.Errorf("store unusable after a cancelled compaction: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), compactMarker) {
			t.Errorf("%s left beside the store", e.Name())
		}
	}
}

// TestOpenRemovesCompactLeftovers: the files of a compaction cut short
// (a crash between copying and swapping, or before the old file was
// removed) hold the personal data of their day; the next open removes
// them, and only them.
func TestOpenRemovesCompactLeftovers(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "callscope.db")
	d := openAt(t, path)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	leftovers := []string{path + compactMarker + "0123456789abcdef", path + compactMarker + "0123456789abcdef.wal",
		path + compactMarker + "0123456789abcdef.old", path + compactMarker + "0123456789abcdef.tmp"}
	kept := []string{filepath.Join(dir, "other.db"+compactMarker+"0123456789abcdef"), path + ".bak"}
	for _, p := range append(leftovers, kept...) {
		if strings.HasSuffix(p, ".tmp") {
			// The old engine's spill folder, moved aside.
			if err := os.Mkdir(p, 0o700); err != nil {
				t.Fatal(err)
			}
			p = filepath.Join(p, "duckdb_temp_storage-0.tmp")
		}
		if err := os.WriteFile(p, []byte("Alice Example +14255550100"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	openAt(t, path)
	for _, p := range leftovers {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s still there after opening the store: %v", filepath.Base(p), err)
		}
	}
	for _, p := range kept {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s, not the store's, was removed: %v", filepath.Base(p), err)
		}
	}
}
