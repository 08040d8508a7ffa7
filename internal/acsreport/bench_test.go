package acsreport_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/acsreport"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/dashbench"
	"github.com/callscope/callscope/internal/store/tables"

	_ "github.com/callscope/callscope/internal/store/duckdb"
	_ "github.com/callscope/callscope/internal/store/postgres"
)

// BenchmarkACSReport times the whole ACS insights report (every
// section: eleven participant queries, the survey issues and the
// dashboard's media query) and a grouping of every measure by SDK
// version and end reason, over a tenant whose streams are all ACS
// calls': the participants of a generated organization's ACS visits,
// copied with the streams up to CALLSCOPE_ACS_BENCH_STREAMS streams (the
// benchmark is skipped without it). CALLSCOPE_ACS_BENCH_STORE names the
// store (a file, or an empty PostgreSQL database); a temporary embedded
// one without it. It reports the peak resident memory of the queries
// alone (peak-MB), beside the load's.
func BenchmarkACSReport(b *testing.B) {
	total, _ := strconv.ParseInt(os.Getenv("CALLSCOPE_ACS_BENCH_STREAMS"), 10, 64)
	if total <= 0 {
		b.Skip("set CALLSCOPE_ACS_BENCH_STREAMS to the streams of the store to time the report on")
	}
	ctx := context.Background()
	dsn := os.Getenv("CALLSCOPE_ACS_BENCH_STORE")
	if dsn == "" {
		dsn = filepath.Join(b.TempDir(), "callscope.db")
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	end := time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	load(b, st, dsn, end, total)
	sel := acsreport.Selection{Query: store.ACSQuery{Tenant: "contoso", Since: end.AddDate(0, 0, -30), Until: end}}
	timed := func(name string, f func() error) {
		b.Run(name, func(b *testing.B) {
			if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
				b.Logf("peak memory of the queries not measured: %v", err)
			}
			for b.Loop() {
				if err := f(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(peakMB(), "peak-MB")
		})
	}
	// The whole report, as the page and GET /api/v1/reports/acs ask it.
	timed("report", func() error {
		rep, err := acsreport.Build(ctx, st, sel, end)
		if err == nil && rep.Totals.Participants == 0 {
			err = fmt.Errorf("no participants in the window")
		}
		return err
	})
	// A grouping by two participant dimensions, which the daily sums
	// cannot count calls of: read from the participants themselves.
	two := sel.Query
	two.GroupBy = []store.ACSDimension{store.ACSSDKVersion, store.ACSEndCode, store.ACSEndSubCode}
	timed("rows-by-sdk-and-end", func() error { _, err := acsreport.Rows(ctx, st, two); return err })
	// The calls of an end reason, the drill-down's first page.
	drop := sel.Query
	drop.Filters = []store.ACSFilter{{Dimension: store.ACSEndCode, Values: []string{"410"}}, {Dimension: store.ACSEndSubCode, Values: []string{"3101"}}}
	timed("calls-of-an-end", func() error { _, err := st.ACSCalls(ctx, drop, 51, 0); return err })
}

// load generates an organization's ACS calls, ingests them judged, and
// copies their participants and streams until the tenant has total
// streams, unless the store holds them already.
func load(b *testing.B, st store.Store, dsn string, end time.Time, total int64) {
	ctx := context.Background()
	s, err := st.Stats(ctx, "contoso")
	if err != nil {
		b.Fatal(err)
	}
	e, err := dashbench.Open(st, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	if s.Streams == 0 {
		start := time.Now()
		data := b.TempDir()
		if _, err := gen.Generate(ctx, data, gen.Options{Seed: 7, Users: 600, Days: 30, End: end, Format: gen.FormatACS}); err != nil {
			b.Fatal(err)
		}
		engine, err := quality.New(quality.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ingest.Run(ctx, st, []string{filepath.Join(data, "acs")}, ingest.Options{Tenant: "contoso", Prepare: engine.Judge}); err != nil {
			b.Fatal(err)
		}
		if s, err = st.Stats(ctx, "contoso"); err != nil {
			b.Fatal(err)
		}
		copies := (total + s.Streams - 1) / s.Streams
		if err := copyParticipants(ctx, e, copies-1); err != nil {
			b.Fatal(err)
		}
		added, err := e.Replicate(ctx, st, "contoso", total, 1)
		if err != nil {
			b.Fatal(err)
		}
		if err := e.Settle(ctx); err != nil {
			b.Fatal(err)
		}
		b.Logf("loaded %d generated streams, copied to %d, in %s (peak %.0f MB)", s.Streams, s.Streams+added, time.Since(start).Round(time.Second), peakMB())
	}
}

// copyParticipants copies every participant n times, each copy with call
// ids of its own, as dashbench.Engine.Replicate copies stream facts.
func copyParticipants(ctx context.Context, e *dashbench.Engine, n int64) error {
	var cols, exprs []string
	for _, c := range tables.ACSParticipantColumns {
		cols = append(cols, c.Name)
		expr := "p." + c.Name
		if c.Name == "call_id" {
			expr = "p.call_id || '~' || r.k"
		}
		exprs = append(exprs, expr)
	}
	return e.Raw(ctx, func(c *sql.Conn) error {
		_, err := c.ExecContext(ctx, `INSERT INTO acs_participants (`+strings.Join(cols, ", ")+`)
			SELECT `+strings.Join(exprs, ", ")+` FROM (SELECT * FROM acs_participants WHERE tenant = 'contoso') p,
			generate_series(1, CAST(`+fmt.Sprint(n)+` AS BIGINT)) r(k)`)
		if err != nil {
			return err
		}
		// The daily sums, as many times over, then summed a row per key
		// as the store's writes leave them.
		for _, q := range []string{
			`INSERT INTO acs_participant_days SELECT p.* FROM (SELECT * FROM acs_participant_days WHERE tenant = 'contoso') p,
				generate_series(1, CAST(` + fmt.Sprint(n) + ` AS BIGINT)) r(k)`,
			`CREATE TABLE acs_bench_compact AS ` + tables.ACSCompactSelect(`p.tenant = 'contoso'`),
			`DELETE FROM acs_participant_days WHERE tenant = 'contoso'`,
			`INSERT INTO acs_participant_days SELECT * FROM acs_bench_compact`,
			`DROP TABLE acs_bench_compact`,
		} {
			if _, err := c.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// peakMB is the process's peak resident memory, in MB.
func peakMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
