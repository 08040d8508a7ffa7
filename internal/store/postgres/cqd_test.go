package postgres

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/rollup"
	"github.com/callscope/callscope/internal/store/storetest"
	"github.com/callscope/callscope/internal/store/tables"
)

// TestAggregateEveryPath: every dashboard query gives what the
// conformance suite's oracle gives, over the facts and over every rollup
// that can answer it (Aggregate reads only the smallest), and exported
// Parquet reads back as the rows and columns asked for.
func TestAggregateEveryPath(t *testing.T) {
	t.Parallel()
	d := openTemp(t).(*DB)
	rows := storetest.LoadDashboard(t, d)
	facts, _ := storetest.FactsOf(t, d, storetest.DashboardTenant)
	o := storetest.NewOracle(facts, rows)
	ctx := context.Background()
	read := map[string]int{}
	for i, q := range storetest.DashboardQueries(rows) {
		read[relationFor(q).table]++
		want := o.Aggregate(q)
		rels := []relation{factsRelation}
		if relationFor(q).rollup {
			for _, r := range rollup.Tables {
				if r.Answers(q) {
					rels = append(rels, relation{table: r.Name, rollup: true})
				}
			}
		}
		for _, rel := range rels {
			var a stmtArgs
			res, err := d.pool.Query(ctx, aggregateSQL(q, rel, &a, false), a.vals...)
			if err != nil {
				t.Fatalf("query %d over %s: %v", i, rel.table, err)
			}
			got, err := store.ScanAggregateRows(res, len(q.GroupBy), len(q.MeasureList()))
			res.Close()
			if err != nil {
				t.Fatalf("query %d over %s: %v", i, rel.table, err)
			}
			storetest.CheckRows(t, fmt.Sprintf("(query %d) over %s", i, rel.table), q, got, want)
		}
	}
	for _, r := range rollup.Tables {
		if read[r.Name] == 0 {
			t.Errorf("no query read %s first", r.Name)
		}
	}

	q := cqd.Query{Tenant: storetest.DashboardTenant, Filters: []cqd.Filter{{Dimension: cqd.MediaType, Values: []string{"audio"}}}}
	total := o.Aggregate(q)
	var buf bytes.Buffer
	if err := d.ExportFacts(ctx, q, store.ExportParquet, false, &buf); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("the Parquet export does not read back: %v", err)
	}
	if n := f.NumRows(); n != int64(*total[0].Values[0]) {
		t.Errorf("Parquet export: %d rows, want %v", n, *total[0].Values[0])
	}
	var names []string
	for _, c := range f.Schema().Fields() {
		names = append(names, c.Name())
	}
	for _, c := range tables.FactColumns {
		if slices.Contains(names, c.Name) == c.Personal {
			t.Errorf("Parquet export: column %s there: %v, personal: %v", c.Name, slices.Contains(names, c.Name), c.Personal)
		}
	}
}
