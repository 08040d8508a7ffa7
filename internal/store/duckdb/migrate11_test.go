package duckdb

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	duckdbdriver "github.com/duckdb/duckdb-go/v2"
)

// TestUpgradeMakesHistogramsSparse opens a store as version 10 left it,
// with rollup rows of dense histograms (a count for every bucket, some of
// them negative, as the rows that take a replaced call's streams out
// are): migration 011 keeps each row and its histograms' non-zero
// buckets, 0-based, with their counts.
func TestUpgradeMakesHistogramsSparse(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "callscope.db")
	db := storeAtVersion(t, path, 10)
	// Done with: the store has no facts to rebuild anything from.
	if _, err := db.Exec(`DELETE FROM settings WHERE key IN ('facts-rebuild', 'rollup-rebuild')`); err != nil {
		t.Fatal(err)
	}
	dense := func(buckets int, counts map[int]int) string {
		v := make([]string, buckets)
		for i := range v {
			v[i] = fmt.Sprint(counts[i])
		}
		return "[" + strings.Join(v, ", ") + "]"
	}
	rows := []struct {
		subnet                       string
		jitter, loss, rtt, concealed map[int]int
	}{
		{"10.0.0.0", map[int]int{0: 2, 7: 1, 88: 3}, map[int]int{0: 6}, map[int]int{}, map[int]int{67: 1}},
		{"10.0.1.0", map[int]int{5: -1}, map[int]int{3: -1, 4: -2}, map[int]int{1: -1}, map[int]int{}},
	}
	for _, table := range []string{"stream_rollup", "stream_rollup_network"} {
		for _, r := range rows {
			q := `INSERT INTO ` + table + ` (tenant, source, media_kind, caller_kind, caller_subnet, callee_kind,
				n, jitter_sum, jitter_n, loss_sum, loss_n, rtt_sum, rtt_n, concealed_sum, concealed_n,
				degradation_sum, degradation_n, ms_sum, ms_n, jitter_hist, loss_hist, rtt_hist, concealed_hist)
				VALUES ('t', 'graph', 'audio', 'user', ?, 'user', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ` +
				dense(89, r.jitter) + `, ` + dense(68, r.loss) + `, ` + dense(89, r.rtt) + `, ` + dense(68, r.concealed) + `)`
			if _, err := db.Exec(q, r.subnet); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
		}
	}
	applyMigrations(t, db, 10, 11)
	for _, table := range []string{"stream_rollup", "stream_rollup_network"} {
		got, err := db.Query(`SELECT caller_subnet, jitter_buckets, jitter_counts, loss_buckets, loss_counts,
			rtt_buckets, rtt_counts, concealed_buckets, concealed_counts FROM ` + table + ` ORDER BY caller_subnet`)
		if err != nil {
			t.Fatal(err)
		}
		i := 0
		for got.Next() {
			var subnet string
			var lists [8]duckdbdriver.Composite[[]int64]
			dest := []any{&subnet}
			for j := range lists {
				dest = append(dest, &lists[j])
			}
			if err := got.Scan(dest...); err != nil {
				t.Fatal(err)
			}
			want := rows[i]
			for j, h := range []map[int]int{want.jitter, want.loss, want.rtt, want.concealed} {
				sparse := map[int]int{}
				buckets, counts := lists[2*j].Get(), lists[2*j+1].Get()
				if len(buckets) != len(counts) {
					t.Fatalf("%s %s histogram %d: %d buckets, %d counts", table, subnet, j, len(buckets), len(counts))
				}
				for k, b := range buckets {
					sparse[int(b)] = int(counts[k])
				}
				if !reflect.DeepEqual(sparse, h) {
					t.Errorf("%s %s histogram %d after upgrade = %v, want %v", table, subnet, j, sparse, h)
				}
			}
			i++
		}
		if err := got.Err(); err != nil {
			t.Fatal(err)
		}
		got.Close()
		if i != len(rows) {
			t.Errorf("%s: %d rows after upgrade, want %d", table, i, len(rows))
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	openAt(t, path) // and the later migrations apply after it
}
