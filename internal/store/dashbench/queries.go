package dashbench

import (
	"github.com/callscope/callscope/internal/cqd"
)

// dialect is where the engines' SQL differs in the hand-written
// queries.
type dialect int

const (
	duckDB dialect = iota
	postgreSQL
)

// day is the UTC day of a call's start as text.
func (d dialect) day() string {
	if d == postgreSQL {
		return "to_char(call_start AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
	}
	return "strftime(call_start AT TIME ZONE 'UTC', '%Y-%m-%d')"
}

// p95 is the exact 95th percentile of expr.
func (d dialect) p95(expr string) string {
	if d == postgreSQL {
		return "percentile_cont(0.95) WITHIN GROUP (ORDER BY " + expr + ")"
	}
	return "quantile_cont(" + expr + ", 0.95)"
}

// Query is one dashboard query of the benchmark: as callscope asks it,
// and as an analyst would write it by hand. The SQL takes the tenant and
// the window's start as its two arguments and gives the same rows, in
// the same order, as Aggregate gives for Query.
type Query struct {
	Name  string
	Query cqd.Query // without tenant and window
	sql   func(dialect) string
}

// handEnds is the hand-written form of a query by an end dimension:
// both ends of each audio stream of the window, the callee's only where
// it is a client whose value differs from the caller's. caller and
// callee are the value's expression for each end (over cb and eb, the
// ends' buildings, when joinBuildings); tail ends the statement.
func handEnds(caller, callee string, joinBuildings bool, measures string, tail string) func(dialect) string {
	join := ""
	if joinBuildings {
		join = ` LEFT JOIN building_subnets cs ON cs.tenant = f.tenant AND cs.subnet = f.caller_subnet
			LEFT JOIN buildings cb ON cb.tenant = f.tenant AND cb.line = cs.line
			LEFT JOIN building_subnets es ON es.tenant = f.tenant AND es.subnet = f.callee_subnet
			LEFT JOIN buildings eb ON eb.tenant = f.tenant AND eb.line = es.line`
	}
	return func(dialect) string {
		return `WITH f AS (SELECT * FROM stream_facts WHERE tenant = $1 AND call_start >= $2 AND media_kind = 'audio'),
	ends AS (
		SELECT ` + caller + ` AS k, f.quality, f.jitter_ms, f.packet_loss_rate, f.round_trip_ms FROM f` + join + `
		WHERE f.caller_kind <> 'service' OR f.callee_kind = 'service'
		UNION ALL
		SELECT ` + callee + `, f.quality, f.jitter_ms, f.packet_loss_rate, f.round_trip_ms FROM f` + join + `
		WHERE f.callee_kind <> 'service' AND (f.caller_kind = 'service' OR ` + callee + ` IS DISTINCT FROM ` + caller + `)
	)
	SELECT k, ` + measures + ` FROM ends GROUP BY k ` + tail
	}
}

const (
	handPoorPct = `100 * CAST(count(*) FILTER (WHERE quality = 'poor') AS DOUBLE PRECISION) / nullif(count(*) FILTER (WHERE quality IN ('poor', 'good')), 0)`
	audioOnly   = "audio"
	window      = ` FROM stream_facts WHERE tenant = $1 AND call_start >= $2 AND media_kind = 'audio'`
)

// Dashboard lists the benchmark's queries: what the dashboard page shows
// of the last 30 days of audio.
func Dashboard() []Query {
	audio := []cqd.Filter{{Dimension: cqd.MediaType, Values: []string{audioOnly}}}
	return []Query{
		{
			Name:  "poor % by day",
			Query: cqd.Query{GroupBy: []cqd.Dimension{cqd.Day}, Filters: audio, Measures: []cqd.Measure{cqd.Streams, cqd.Poor, cqd.PoorPct}},
			sql: func(d dialect) string {
				return `SELECT ` + d.day() + ` AS day, count(*), count(*) FILTER (WHERE quality = 'poor'), ` + handPoorPct + window +
					` GROUP BY day ORDER BY day NULLS LAST`
			},
		},
		{
			Name: "by building",
			Query: cqd.Query{GroupBy: []cqd.Dimension{cqd.Building}, Filters: audio,
				Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.AvgJitter, cqd.AvgPacketLoss, cqd.AvgRoundTrip}},
			sql: handEnds("nullif(cb.building_name, '')", "nullif(eb.building_name, '')", true,
				`count(*), `+handPoorPct+`, avg(jitter_ms), avg(packet_loss_rate), avg(round_trip_ms)`, `ORDER BY k NULLS LAST`),
		},
		{
			Name: "worst subnets",
			Query: cqd.Query{GroupBy: []cqd.Dimension{cqd.Subnet}, Filters: audio, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct},
				OrderBy: cqd.PoorPct, MinStreams: 50, Limit: 20},
			sql: handEnds("f.caller_subnet", "f.callee_subnet", false, `count(*) AS n, `+handPoorPct+` AS pct`,
				`HAVING count(*) >= 50 ORDER BY pct DESC NULLS LAST, k NULLS LAST LIMIT 20`),
		},
		{
			Name:  "Wi-Fi vs wired",
			Query: cqd.Query{GroupBy: []cqd.Dimension{cqd.ConnectionType}, Filters: audio, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct}},
			sql: handEnds("f.caller_connection_type", "f.callee_connection_type", false, `count(*), `+handPoorPct,
				`ORDER BY k NULLS LAST`),
		},
		{
			Name: "devices",
			Query: cqd.Query{GroupBy: []cqd.Dimension{cqd.CaptureDevice}, Filters: audio, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct},
				OrderBy: cqd.Streams, Limit: 20},
			sql: handEnds("f.caller_capture_device", "f.callee_capture_device", false, `count(*) AS n, `+handPoorPct,
				`ORDER BY n DESC NULLS LAST, k NULLS LAST LIMIT 20`),
		},
		{
			Name:  "totals",
			Query: cqd.Query{Filters: audio, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.AvgJitter, cqd.AvgRoundTrip, cqd.DropPct}},
			sql: func(dialect) string {
				return `SELECT count(*), ` + handPoorPct + `, avg(jitter_ms), avg(round_trip_ms),
					100 * CAST(count(*) FILTER (WHERE failure_stage = 'midcall') AS DOUBLE PRECISION) / nullif(count(*), 0)` + window
			},
		},
		{
			// The reliability report's reasons: the failed legs of every
			// media, by stage and reason.
			Name: "failure reasons",
			Query: cqd.Query{GroupBy: []cqd.Dimension{cqd.FailureStage, cqd.FailureReason},
				Filters:  []cqd.Filter{{Dimension: cqd.FailureStage, Values: []string{"callSetup", "midcall"}}},
				Measures: []cqd.Measure{cqd.SetupFailures, cqd.Drops}},
			sql: func(dialect) string {
				return `SELECT failure_stage, nullif(failure_reason, '') AS reason,
					count(*) FILTER (WHERE failure_stage = 'callSetup'), count(*) FILTER (WHERE failure_stage = 'midcall')
					FROM stream_facts WHERE tenant = $1 AND call_start >= $2 AND failure_stage IN ('callSetup', 'midcall')
					GROUP BY failure_stage, reason ORDER BY failure_stage NULLS LAST, reason NULLS LAST`
			},
		},
		{
			// The reliability report's days: setup failures and drops of
			// every media, out of the streams and failed legs.
			Name:  "failures by day",
			Query: cqd.Query{GroupBy: []cqd.Dimension{cqd.Day}, Measures: []cqd.Measure{cqd.Streams, cqd.SetupFailures, cqd.Drops}},
			sql: func(d dialect) string {
				return `SELECT ` + d.day() + ` AS day, count(*) FILTER (WHERE media_kind <> 'none'),
					count(*) FILTER (WHERE failure_stage = 'callSetup'), count(*) FILTER (WHERE failure_stage = 'midcall')
					FROM stream_facts WHERE tenant = $1 AND call_start >= $2 GROUP BY day ORDER BY day NULLS LAST`
			},
		},
		{
			// The hand-written SQL gives exact percentiles; callscope
			// estimates them from the rollups' histograms, to within a
			// bucket.
			Name:  "percentiles",
			Query: cqd.Query{Filters: audio, Measures: []cqd.Measure{cqd.P95Jitter, cqd.P95PacketLoss, cqd.P95RoundTrip}},
			sql: func(d dialect) string {
				return `SELECT ` + d.p95("jitter_ms") + `, ` + d.p95("packet_loss_rate") + `, ` + d.p95("round_trip_ms") + window
			},
		},
	}
}
