package duckdb

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store/storetest"
)

// usageBenchRows is how many usage rows the reports are timed over: a
// large tenant's month (CALLSCOPE_BENCH_USAGE_ROWS to change it).
func usageBenchRows(b *testing.B) int {
	n := 1_000_000
	if v := os.Getenv("CALLSCOPE_BENCH_USAGE_ROWS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("CALLSCOPE_BENCH_USAGE_ROWS=%q", v)
		}
	}
	return n
}

// usageBenchCalls is how many calls the store holds beside the rows,
// which the rows' drill-down looks its calls up among: a tenant of ten
// million streams has about this many.
const usageBenchCalls = 500_000

// BenchmarkUsageReports times each report the API and the pages ask
// for, over a tenant's month of usage rows (storetest.UsageTenantRows)
// and its calls.
//
// CALLSCOPE_BENCH_USAGE_STORE names a store file to keep: loaded once,
// timed again by later runs (and by the command line's reports) without
// loading it anew.
func BenchmarkUsageReports(b *testing.B) {
	ctx := context.Background()
	path := os.Getenv("CALLSCOPE_BENCH_USAGE_STORE")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	d, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	stats, err := d.Stats(ctx, "tenant-a")
	if err != nil {
		b.Fatal(err)
	}
	if stats.UsageRows == 0 {
		rows := storetest.UsageTenantRows(b, usageBenchRows(b))
		start := time.Now()
		for i := 0; i < len(rows); i += 10_000 {
			if _, err := d.PutUsageRows(ctx, "tenant-a", rows[i:min(i+10_000, len(rows))]); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("stored %d usage rows in %v", len(rows), time.Since(start).Round(time.Millisecond))
		storeBenchCalls(b, d, rows)
	}
	storetest.BenchUsageReports(b, d, "tenant-a")
}

// storeBenchCalls writes calls straight into the table (a call's detail
// matters not to the drill-down, which reads only ids): one for every
// direct-routing row of the generated copy, the rest of other ids.
func storeBenchCalls(b *testing.B, d *DB, rows []*model.UsageRow) {
	b.Helper()
	var ids []string
	for _, r := range rows {
		if v, ok := r.CorrelationID.Get(); ok && len(ids) < usageBenchCalls/10 {
			ids = append(ids, v)
		}
	}
	for n := 0; len(ids) < usageBenchCalls; n++ {
		ids = append(ids, "other-"+strconv.Itoa(n))
	}
	err := d.writeTx(context.Background(), "bench calls", func(tx *txConn) error {
		if err := tx.exec(`CREATE TEMP TABLE bench_ids (id VARCHAR)`); err != nil {
			return err
		}
		for i := 0; i < len(ids); i += 1000 {
			chunk := ids[i:min(i+1000, len(ids))]
			args := make([]any, len(chunk))
			for j, id := range chunk {
				args[j] = id
			}
			if err := tx.exec(`INSERT INTO bench_ids VALUES `+valuesList(len(chunk)), args...); err != nil {
				return err
			}
		}
		return tx.exec(`INSERT INTO calls (tenant, id, version, source, type, start_time, partial, modalities, sessions, streams,
			participants, content_hash, detail, stored_at) SELECT 'tenant-a', id, 1, 'graph', 'peerToPeer', ?, false, '[]', 1, 20, 2,
			'hash', '{}', now() FROM bench_ids`, storetest.UsageBenchEnd.Add(-24*time.Hour))
	})
	if err != nil {
		b.Fatal(err)
	}
}

func valuesList(n int) string {
	s := make([]byte, 0, 4*n)
	for i := range n {
		if i > 0 {
			s = append(s, ',')
		}
		s = append(s, "(?)"...)
	}
	return string(s)
}
