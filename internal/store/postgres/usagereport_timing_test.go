package postgres

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store/storetest"
)

// usageBenchCalls is how many calls the database holds beside the rows,
// which the rows' drill-down looks its calls up among: a tenant of ten
// million streams has about this many.
const usageBenchCalls = 500_000

// BenchmarkUsageReports times each report the API and the pages ask
// for, over a tenant's month of usage rows (storetest.UsageTenantRows;
// CALLSCOPE_BENCH_USAGE_ROWS of them, a million by default) and its
// calls.
func BenchmarkUsageReports(b *testing.B) {
	ctx := context.Background()
	n := 1_000_000
	if v := os.Getenv("CALLSCOPE_BENCH_USAGE_ROWS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("CALLSCOPE_BENCH_USAGE_ROWS=%q", v)
		}
	}
	// CALLSCOPE_BENCH_USAGE_DSN names a database to keep: loaded once,
	// timed again by later runs without loading it anew.
	dsn := os.Getenv("CALLSCOPE_BENCH_USAGE_DSN")
	if dsn == "" {
		dsn = server.Database(b)
	}
	d, err := Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	if stats, err := d.Stats(ctx, "tenant-a"); err != nil {
		b.Fatal(err)
	} else if stats.UsageRows > 0 {
		storetest.BenchUsageReports(b, d, "tenant-a")
		return
	}
	rows := storetest.UsageTenantRows(b, n)
	start := time.Now()
	for i := 0; i < len(rows); i += 10_000 {
		if _, err := d.PutUsageRows(ctx, "tenant-a", rows[i:min(i+10_000, len(rows))]); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("stored %d usage rows in %v", len(rows), time.Since(start).Round(time.Millisecond))
	// Calls straight into the table: the drill-down reads only their
	// ids. One for every correlation id of the generated copy, the rest
	// of other ids.
	var ids []string
	for _, r := range rows {
		if v, ok := r.CorrelationID.Get(); ok && len(ids) < usageBenchCalls/10 {
			ids = append(ids, v)
		}
	}
	for i := 0; len(ids) < usageBenchCalls; i++ {
		ids = append(ids, "other-"+strconv.Itoa(i))
	}
	if _, err := d.pool.Exec(ctx, `INSERT INTO calls (tenant, id, version, source, type, start_time, partial, modalities, sessions,
			streams, participants, content_hash, detail, stored_at, red_issues, yellow_issues)
		SELECT 'tenant-a', id, 1, 'graph', 'peerToPeer', $2, false, '{}', 1, 20, 2, 'hash', '\x'::bytea, now(), 0, 0
		FROM unnest($1::text[]) AS id`,
		ids, storetest.UsageBenchEnd.Add(-24*time.Hour)); err != nil {
		b.Fatal(err)
	}
	if _, err := d.pool.Exec(ctx, `VACUUM ANALYZE`); err != nil {
		b.Fatal(err)
	}
	storetest.BenchUsageReports(b, d, "tenant-a")
}
