package duckdb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/rollup"
	"github.com/callscope/callscope/internal/store/storetest"
)

// generated is a store of a generated organization's weeks
// (storetest.LoadDashboard), shared by the aggregate tests (read only).
var generated struct {
	once   sync.Once
	dir    string
	st     *DB
	rows   []model.Building
	loaded bool
}

// TestMain removes the shared generated store after the package's tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if g := &generated; g.st != nil {
		g.st.Close()
	}
	if generated.dir != "" {
		os.RemoveAll(generated.dir)
	}
	os.Exit(code)
}

func generatedStore(t *testing.T) (*DB, []model.Building) {
	t.Helper()
	g := &generated
	g.once.Do(func() {
		dir, err := os.MkdirTemp("", "callscope-cqd-")
		if err != nil {
			t.Fatal(err)
		}
		g.dir = dir
		if g.st, err = Open(context.Background(), filepath.Join(dir, "cqd.db")); err != nil {
			t.Fatal(err)
		}
		g.rows = storetest.LoadDashboard(t, g.st)
		g.loaded = true
	})
	if !g.loaded {
		t.Fatal("the generated store could not be loaded (see the first test that asked for it)")
	}
	return g.st, g.rows
}

// TestAggregateBruteForce: every query gives what the conformance
// suite's oracle gives, over the facts and over every rollup that can
// answer it (Aggregate reads only the smallest).
func TestAggregateBruteForce(t *testing.T) {
	t.Parallel()
	st, rows := generatedStore(t)
	facts, _ := storetest.FactsOf(t, st, storetest.DashboardTenant)
	o := storetest.NewOracle(facts, rows)
	queries := storetest.DashboardQueries(rows)
	read := map[string]int{} // queries by the relation they read
	for _, q := range queries {
		read[relationFor(q).table]++
	}
	for i, q := range queries {
		t.Run(fmt.Sprintf("%d", i), func(t *testing.T) {
			want := o.Aggregate(q)
			for _, rel := range answering(q) {
				checkRows(t, st, q, rel, want)
			}
		})
	}
	for _, r := range rollup.Tables {
		if read[r.Name] == 0 {
			t.Errorf("no query read %s first", r.Name)
		}
	}
}

// answering lists the relations that can answer q: the facts and the
// rollups that hold what q asks (though q reads only the smallest).
func answering(q cqd.Query) []relation {
	rels := []relation{factsRelation}
	if !relationFor(q).rollup {
		return rels
	}
	for _, r := range rollup.Tables {
		if r.Answers(q) {
			rels = append(rels, rollupRelation(r))
		}
	}
	return rels
}

// checkRows compares the rows of q over rel with want.
func checkRows(t *testing.T, st *DB, q cqd.Query, rel relation, want []cqd.Row) {
	t.Helper()
	got, err := st.aggregate(context.Background(), q, rel)
	if err != nil {
		t.Fatalf("%+v over %s: %v", q, rel.table, err)
	}
	storetest.CheckRows(t, "over "+rel.table, q, got.Rows, want)
}

// TestExportsReadBack: the Parquet files of facts and aggregates read
// back, by the engine, as what was asked (the conformance suite checks
// the rest of the exports).
func TestExportsReadBack(t *testing.T) {
	t.Parallel()
	st, _ := generatedStore(t)
	ctx := context.Background()
	q := cqd.Query{Tenant: storetest.DashboardTenant, Filters: []cqd.Filter{{Dimension: cqd.MediaType, Values: []string{"audio"}}}}
	total, err := st.Aggregate(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	streams, _ := total.Value(total.Rows[0], cqd.Streams)
	dir := t.TempDir()
	path := filepath.Join(dir, "facts.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ExportFacts(ctx, q, store.ExportParquet, false, f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var n int
	if err := st.db.QueryRowContext(ctx, "SELECT count(*) FROM read_parquet(?)", path).Scan(&n); err != nil || n != int(streams) {
		t.Errorf("parquet: %d rows, %v; want %v", n, err, streams)
	}

	agg := cqd.Query{Tenant: storetest.DashboardTenant, GroupBy: []cqd.Dimension{cqd.Building, cqd.Day}, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct}}
	want, err := st.Aggregate(ctx, agg)
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(dir, "agg.parquet")
	if f, err = os.Create(path); err != nil {
		t.Fatal(err)
	}
	if err := st.ExportAggregate(ctx, agg, store.ExportParquet, f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var sum float64
	var rowsRead int
	if err := st.db.QueryRowContext(ctx, `SELECT sum(streams), count(*) FROM read_parquet(?)`, path).Scan(&sum, &rowsRead); err != nil {
		t.Fatal(err)
	}
	var wantSum float64
	for _, r := range want.Rows {
		v, _ := want.Value(r, cqd.Streams)
		wantSum += v
	}
	if sum != wantSum || rowsRead != len(want.Rows) {
		t.Errorf("aggregate parquet: %v streams in %d rows, want %v in %d", sum, rowsRead, wantSum, len(want.Rows))
	}
}
