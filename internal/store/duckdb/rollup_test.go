package duckdb

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/rollup"
	"github.com/callscope/callscope/internal/store/storetest"
)

// readRollup reads a rollup's parts summed by key: the rollup as stored
// or as computed from the facts now.
func readRollup(t *testing.T, d *DB, r rollup.Table, fromFacts bool) map[string][]float64 {
	t.Helper()
	cols := []string{"tenant", "day", "source", "call_type", "media_kind", "quality", "failure_stage", "failure_reason", "pstn"}
	for _, side := range []string{"caller_", "callee_"} {
		for _, k := range r.Keep {
			cols = append(cols, side+k)
		}
	}
	sums := []string{"n", "jitter_sum", "jitter_n", "loss_sum", "loss_n", "rtt_sum", "rtt_n",
		"concealed_sum", "concealed_n", "degradation_sum", "degradation_n", "ms_sum", "ms_n"}
	keys := make([]string, len(cols))
	for i, c := range cols {
		keys[i] = "coalesce(CAST(f." + c + " AS VARCHAR), '∅')"
	}
	var summed []string
	for _, c := range sums {
		summed = append(summed, "sum(f."+c+")")
	}
	names := append(slices.Clone(cols), sums...)
	for _, h := range rollup.Metrics {
		names = append(names, h.BucketsColumn(), h.CountsColumn())
		for i := range h.Layout().Buckets() {
			summed = append(summed, "sum("+countSQL(h, i)+")")
		}
	}
	from := r.Name + " f"
	if fromFacts {
		from = "(" + selectSQL(r, "true", false) + ") AS f(" + strings.Join(names, ", ") + ")"
	}
	q := `SELECT concat_ws('|', ` + strings.Join(keys, ", ") + `) AS k, ` + strings.Join(summed, ", ") +
		` FROM ` + from + ` GROUP BY k HAVING sum(f.n) <> 0`
	rows, err := d.db.Query(q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	out := map[string][]float64{}
	for rows.Next() {
		var k string
		v := make([]float64, len(summed))
		dest := []any{&k}
		for i := range v {
			dest = append(dest, &v[i])
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// compareRollup checks every rollup against the facts.
func compareRollup(t *testing.T, d *DB, when string) {
	t.Helper()
	for _, r := range rollup.Tables {
		compareOne(t, d, r, r.Name+" "+when)
	}
}

func compareOne(t *testing.T, d *DB, r rollup.Table, when string) {
	t.Helper()
	stored, computed := readRollup(t, d, r, false), readRollup(t, d, r, true)
	if len(computed) == 0 {
		t.Fatalf("%s: no facts: the test tests nothing", when)
	}
	for k, want := range computed {
		got, ok := stored[k]
		if !ok {
			t.Errorf("%s: rollup lacks key %s", when, k)
			continue
		}
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-6*math.Max(1, math.Abs(want[i])) {
				t.Errorf("%s: key %s, sum %d = %v, facts give %v", when, k, i, got[i], want[i])
			}
		}
	}
	for k := range stored {
		if _, ok := computed[k]; !ok {
			t.Errorf("%s: rollup has key %s that no fact has", when, k)
		}
	}
}

// TestRollupFollowsFacts: after inserts, newer versions, rewrites and
// deletions, the rollup sums to exactly what the facts give.
func TestRollupFollowsFacts(t *testing.T) {
	t.Parallel()
	d := openTemp(t).(*DB)
	ctx := context.Background()
	engine, err := quality.New(quality.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Run(ctx, d, []string{"../../../examples"}, ingest.Options{Tenant: "contoso", Prepare: engine.Judge}); err != nil {
		t.Fatal(err)
	}
	calls := generatedCalls(t, 300)
	if _, err := d.PutCalls(ctx, calls); err != nil {
		t.Fatal(err)
	}
	compareRollup(t, d, "after inserts")
	storetest.ChangeCalls(t, d, calls, func(when string, _ []*model.Call, _ int) { compareRollup(t, d, when) })

	// Queries over the rollup, whose rows now include subtracted ones,
	// give what the facts give.
	for _, q := range []cqd.Query{
		{GroupBy: []cqd.Dimension{cqd.Day, cqd.Quality}},
		{GroupBy: []cqd.Dimension{cqd.Subnet, cqd.ConnectionType}, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.AvgJitter, cqd.Minutes}},
		{Measures: []cqd.Measure{cqd.Streams, cqd.Drops, cqd.SetupFailurePct}},
		{GroupBy: []cqd.Dimension{cqd.Building, cqd.ClientVersion}, Measures: []cqd.Measure{cqd.Streams, cqd.P95Jitter, cqd.P95PacketLoss, cqd.P95RoundTrip, cqd.P95Concealed}},
	} {
		q.Tenant = "contoso"
		if !relationFor(q).rollup {
			t.Fatalf("%+v does not go through a rollup", q)
		}
		want, err := d.aggregate(ctx, q, factsRelation)
		if err != nil {
			t.Fatal(err)
		}
		for _, rel := range answering(q)[1:] {
			checkRows(t, d, q, rel, want.Rows)
		}
	}

	// A store whose rollup a migration asks to build.
	if _, err := d.db.Exec(`DELETE FROM stream_rollup; DELETE FROM stream_rollup_network; INSERT INTO settings VALUES ('rollup-rebuild', 'needed', now())`); err != nil {
		t.Fatal(err)
	}
	if err := d.rebuildRollupIfAsked(ctx); err != nil {
		t.Fatal(err)
	}
	compareRollup(t, d, "after a rebuild")
	var n int
	if err := d.db.QueryRow(`SELECT count(*) FROM settings WHERE key = 'rollup-rebuild'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the rebuild request stays: %d %v", n, err)
	}
}

// TestFactsRebuiltWhenAsked: a store whose facts lack what a migration
// added gets them from its calls at the next open, and its rollup after
// them.
func TestFactsRebuiltWhenAsked(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/facts.db"
	d := openAt(t, path)
	ctx := context.Background()
	calls := generatedCalls(t, 200)
	if _, err := d.PutCalls(ctx, calls); err != nil {
		t.Fatal(err)
	}
	count := func(d *DB, cond string) int {
		t.Helper()
		var n int
		if err := d.db.QueryRow(`SELECT count(*) FROM stream_facts WHERE ` + cond).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	total, pstn, versions := count(d, "true"), count(d, "pstn"), count(d, "caller_client_version IS NOT NULL")
	if pstn == 0 || versions == 0 || pstn == total {
		t.Fatalf("%d streams, %d on the phone network, %d with a client version: the test tests nothing", total, pstn, versions)
	}
	// As a store of schema 6 looks after migration 007's SQL.
	if _, err := d.db.Exec(`UPDATE stream_facts SET pstn = NULL, caller_client_version = NULL, callee_client_version = NULL;
		DELETE FROM stream_rollup; DELETE FROM stream_rollup_network;
		INSERT INTO settings VALUES ('facts-rebuild', 'needed', now()), ('rollup-rebuild', 'needed', now())`); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d = openAt(t, path)
	if got := count(d, "true"); got != total {
		t.Errorf("%d streams after the rebuild, want %d", got, total)
	}
	if got := count(d, "pstn"); got != pstn {
		t.Errorf("%d streams on the phone network after the rebuild, want %d", got, pstn)
	}
	if got := count(d, "caller_client_version IS NOT NULL"); got != versions {
		t.Errorf("%d streams with a client version after the rebuild, want %d", got, versions)
	}
	compareRollup(t, d, "after the facts' rebuild")
	var n int
	if err := d.db.QueryRow(`SELECT count(*) FROM settings WHERE key IN ('facts-rebuild', 'rollup-rebuild')`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the rebuild requests stay: %d %v", n, err)
	}
}

// generatedCalls are the first n calls of the generated month.
func generatedCalls(t *testing.T, n int) []*model.Call {
	t.Helper()
	st, _ := generatedStore(t)
	var calls []*model.Call
	if err := st.ScanCalls(context.Background(), store.CallFilter{Tenant: "contoso", Limit: n}, func(c *model.Call) error {
		calls = append(calls, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return calls
}

// countSQL is the count of bucket b (0-based) in the sparse histogram h
// of the rollup row f: 0 where b counts nothing.
func countSQL(h rollup.Metric, b int) string {
	return "coalesce(f." + h.CountsColumn() + "[list_position(f." + h.BucketsColumn() + ", " + strconv.Itoa(b) + ")], 0)"
}
