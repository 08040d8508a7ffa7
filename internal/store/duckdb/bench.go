package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store/rollup"
)

// This file serves `callscope bench cqd`, which loads millions of
// streams and times the dashboard's queries through Aggregate against
// the same aggregations written by hand on the bare engine.

// LoadFacts appends stream facts without their calls, in one
// transaction: for benchmarks, which need the facts dashboards read and
// none of the rest. Facts loaded so are not tied to stored calls, so
// nothing but Aggregate, PoorCalls' filters and exports should meet them.
func (d *DB) LoadFacts(ctx context.Context, facts []model.StreamFact) error {
	return d.writeTx(ctx, "load stream facts", func(tx *txConn) error {
		if err := appendFacts(tx, [][]model.StreamFact{facts}); err != nil {
			return err
		}
		delta := rollup.NewDelta()
		delta.AddFacts([][]model.StreamFact{facts})
		return writeDelta(tx, delta)
	})
}

// ReplicateFacts grows the tenant's stream facts to total rows by
// copying them, each copy with call ids of its own ("<id>~<k>"): a larger
// organization with the same buildings, networks and quality. With
// variants above 1, the copies fall into that many groups whose devices
// and client versions are named apart ("<name> v<k>"), as a larger
// organization has more models and builds, which the rollup must keep
// apart. It returns the number of rows added.
func (d *DB) ReplicateFacts(ctx context.Context, tenant string, total int64, variants int) (int64, error) {
	n, err := d.factCount(ctx, tenant)
	if err != nil {
		return 0, err
	}
	if n == 0 || total <= n {
		return 0, nil
	}
	copies := (total + n - 1) / n
	var added int64
	err = d.writeTx(ctx, "replicate stream facts", func(tx *txConn) error {
		var err error
		replace := []string{"f.call_id || '~' || r.k AS call_id"}
		for _, side := range []string{"caller_", "callee_"} {
			for _, c := range []string{"capture_device", "render_device", "client_version"} {
				col := "f." + side + c
				replace = append(replace, fmt.Sprintf("CASE WHEN r.k %% %d = 0 THEN %s ELSE %s || ' v' || (r.k %% %d) END AS %s",
					max(1, variants), col, col, max(1, variants), side+c))
			}
		}
		added, err = tx.execCount(`INSERT INTO stream_facts
			SELECT f.* REPLACE (`+strings.Join(replace, ", ")+`)
			FROM (SELECT * FROM stream_facts WHERE tenant = ?) f, range(1, ?) r(k)
			LIMIT ?`, tenant, copies, total-n)
		if err != nil {
			return err
		}
		return rebuildRollups(tx)
	})
	return added, err
}

// factCount counts the tenant's stream facts. It is a function of its
// own so that the read is unpinned before ReplicateFacts writes.
func (d *DB) factCount(ctx context.Context, tenant string) (int64, error) {
	defer d.pin()()
	var n int64
	if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM stream_facts WHERE tenant = ?`, tenant).Scan(&n); err != nil {
		return 0, d.wrap("replicate stream facts", err)
	}
	return n, nil
}

// RawAggregate runs a hand-written aggregation on the bare engine and
// reads its rows as Aggregate's: keys string columns, then measure
// columns.
func (d *DB) RawAggregate(ctx context.Context, query string, keys, measures int, args ...any) ([]cqd.Row, error) {
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, d.wrap("hand-written aggregate", err)
	}
	defer rows.Close()
	out, err := scanRows(rows, keys, measures)
	if err != nil {
		return nil, d.wrap("hand-written aggregate", err)
	}
	return out, nil
}

// BenchQuery is one dashboard query of the benchmark: as callscope asks
// it, and as an analyst would write it by hand for DuckDB. SQL takes the
// tenant and the window's start as its two arguments and gives the same
// rows, in the same order, as Aggregate gives for Query.
type BenchQuery struct {
	Name  string
	Query cqd.Query // without tenant and window
	SQL   string
}

// handEnds is the hand-written form of a query by an end dimension:
// both ends of each audio stream of the window, the callee's only where
// it is a client whose value differs from the caller's. caller and
// callee are the value's expression for each end (over cb and eb, the
// ends' buildings, when joinBuildings); tail ends the statement.
func handEnds(caller, callee string, joinBuildings bool, measures string, tail string) string {
	join := ""
	if joinBuildings {
		join = ` LEFT JOIN building_subnets cs ON cs.tenant = f.tenant AND cs.subnet = f.caller_subnet
			LEFT JOIN buildings cb ON cb.tenant = f.tenant AND cb.line = cs.line
			LEFT JOIN building_subnets es ON es.tenant = f.tenant AND es.subnet = f.callee_subnet
			LEFT JOIN buildings eb ON eb.tenant = f.tenant AND eb.line = es.line`
	}
	return `WITH f AS (SELECT * FROM stream_facts WHERE tenant = ? AND call_start >= ? AND media_kind = 'audio'),
	ends AS (
		SELECT ` + caller + ` AS k, f.quality, f.jitter_ms, f.packet_loss_rate, f.round_trip_ms FROM f` + join + `
		WHERE f.caller_kind <> 'service' OR f.callee_kind = 'service'
		UNION ALL
		SELECT ` + callee + `, f.quality, f.jitter_ms, f.packet_loss_rate, f.round_trip_ms FROM f` + join + `
		WHERE f.callee_kind <> 'service' AND (f.caller_kind = 'service' OR ` + callee + ` IS DISTINCT FROM ` + caller + `)
	)
	SELECT k, ` + measures + ` FROM ends GROUP BY k ` + tail
}

const (
	handPoorPct = `100.0 * count(*) FILTER (WHERE quality = 'poor') / nullif(count(*) FILTER (WHERE quality IN ('poor', 'good')), 0)`
	audioOnly   = "audio"
)

// DashboardBench lists the benchmark's queries: what the dashboard page
// shows of the last 30 days of audio.
func DashboardBench() []BenchQuery {
	audio := []cqd.Filter{{Dimension: cqd.MediaType, Values: []string{audioOnly}}}
	return []BenchQuery{
		{
			Name:  "poor % by day",
			Query: cqd.Query{GroupBy: []cqd.Dimension{cqd.Day}, Filters: audio, Measures: []cqd.Measure{cqd.Streams, cqd.Poor, cqd.PoorPct}},
			SQL: `SELECT strftime(call_start AT TIME ZONE 'UTC', '%Y-%m-%d') AS day, count(*), count(*) FILTER (WHERE quality = 'poor'), ` + handPoorPct + `
				FROM stream_facts WHERE tenant = ? AND call_start >= ? AND media_kind = 'audio' GROUP BY day ORDER BY day NULLS LAST`,
		},
		{
			Name: "by building",
			Query: cqd.Query{GroupBy: []cqd.Dimension{cqd.Building}, Filters: audio,
				Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.AvgJitter, cqd.AvgPacketLoss, cqd.AvgRoundTrip}},
			SQL: handEnds("nullif(cb.building_name, '')", "nullif(eb.building_name, '')", true,
				`count(*), `+handPoorPct+`, avg(jitter_ms), avg(packet_loss_rate), avg(round_trip_ms)`, `ORDER BY k NULLS LAST`),
		},
		{
			Name: "worst subnets",
			Query: cqd.Query{GroupBy: []cqd.Dimension{cqd.Subnet}, Filters: audio, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct},
				OrderBy: cqd.PoorPct, MinStreams: 50, Limit: 20},
			SQL: handEnds("f.caller_subnet", "f.callee_subnet", false, `count(*) AS n, `+handPoorPct+` AS pct`,
				`HAVING count(*) >= 50 ORDER BY pct DESC NULLS LAST, k NULLS LAST LIMIT 20`),
		},
		{
			Name:  "Wi-Fi vs wired",
			Query: cqd.Query{GroupBy: []cqd.Dimension{cqd.ConnectionType}, Filters: audio, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct}},
			SQL: handEnds("f.caller_connection_type", "f.callee_connection_type", false, `count(*), `+handPoorPct,
				`ORDER BY k NULLS LAST`),
		},
		{
			Name: "devices",
			Query: cqd.Query{GroupBy: []cqd.Dimension{cqd.CaptureDevice}, Filters: audio, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct},
				OrderBy: cqd.Streams, Limit: 20},
			SQL: handEnds("f.caller_capture_device", "f.callee_capture_device", false, `count(*) AS n, `+handPoorPct,
				`ORDER BY n DESC NULLS LAST, k NULLS LAST LIMIT 20`),
		},
		{
			Name:  "totals",
			Query: cqd.Query{Filters: audio, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.AvgJitter, cqd.AvgRoundTrip, cqd.DropPct}},
			SQL: `SELECT count(*), ` + handPoorPct + `, avg(jitter_ms), avg(round_trip_ms), 100.0 * count(*) FILTER (WHERE failure_stage = 'midcall') / nullif(count(*), 0)
				FROM stream_facts WHERE tenant = ? AND call_start >= ? AND media_kind = 'audio'`,
		},
		{
			// The hand-written SQL gives exact percentiles; callscope
			// estimates them from the rollup's histograms, to within a
			// bucket.
			Name:  "percentiles",
			Query: cqd.Query{Filters: audio, Measures: []cqd.Measure{cqd.P95Jitter, cqd.P95PacketLoss, cqd.P95RoundTrip}},
			SQL: `SELECT quantile_cont(jitter_ms, 0.95), quantile_cont(packet_loss_rate, 0.95), quantile_cont(round_trip_ms, 0.95)
				FROM stream_facts WHERE tenant = ? AND call_start >= ? AND media_kind = 'audio'`,
		},
	}
}

// NewestStream is the start of the tenant's newest call with streams.
func (d *DB) NewestStream(ctx context.Context, tenant string) (time.Time, error) {
	defer d.pin()()
	var t sql.NullTime
	if err := d.db.QueryRowContext(ctx, `SELECT max(call_start) FROM stream_facts WHERE tenant = ?`, tenant).Scan(&t); err != nil {
		return time.Time{}, d.wrap("newest stream", err)
	}
	if !t.Valid {
		return time.Time{}, fmt.Errorf("newest stream of tenant %s: no streams", tenant)
	}
	return t.Time.UTC(), nil
}

// Checkpoint writes the write-ahead log into the store file, so that
// timings read the store as a long-running server would.
func (d *DB) Checkpoint(ctx context.Context) error {
	defer d.pin()()
	if _, err := d.db.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return d.wrap("checkpoint", err)
	}
	return nil
}

// RollupRows counts each rollup's rows of the tenant, by table: how far
// they compress the facts.
func (d *DB) RollupRows(ctx context.Context, tenant string) (map[string]int64, error) {
	defer d.pin()()
	out := map[string]int64{}
	for _, r := range rollup.Tables {
		var n int64
		if err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM `+r.Name+` WHERE tenant = ?`, tenant).Scan(&n); err != nil {
			return nil, d.wrap("count rollup rows", err)
		}
		out[r.Name] = n
	}
	return out, nil
}
