package postgres

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/rollup"
)

// Aggregate implements store.Store: one SQL statement over the daily
// rollup when it holds what the query asks (relationFor), else over the
// stream facts, joined to the building file by subnet when the query
// needs it.
func (d *DB) Aggregate(ctx context.Context, q cqd.Query) (*cqd.Result, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("aggregate: %w: %w", err, store.ErrInvalid)
	}
	what := "aggregate streams of tenant " + q.Tenant
	var a stmtArgs
	query := aggregateSQL(q, relationFor(q), &a, false)
	rows, err := d.pool.Query(ctx, query, a.vals...)
	if err != nil {
		return nil, d.wrap(what, err)
	}
	defer rows.Close()
	res := &cqd.Result{GroupBy: slices.Clone(q.GroupBy), Measures: q.MeasureList()}
	if res.Rows, err = store.ScanAggregateRows(rows, len(res.GroupBy), len(res.Measures)); err != nil {
		return nil, d.wrap(what, err)
	}
	return res, nil
}

// stmtArgs collects a statement's arguments as their placeholders are
// written ($1, $2…), or, for COPY, which takes no parameters, writes
// the values themselves as literals (inline).
type stmtArgs struct {
	vals   []any
	inline bool
	err    error // the first value that has no literal
}

// add is the placeholder of v: a string, a time.Time (a timestamptz)
// or an int.
func (a *stmtArgs) add(v any) string {
	if a.inline {
		lit, err := sqlLiteral(v)
		if err != nil && a.err == nil {
			a.err = err
		}
		return lit
	}
	a.vals = append(a.vals, v)
	return "$" + strconv.Itoa(len(a.vals))
}

// in is expr matching one of values, "" standing for unknown.
func (a *stmtArgs) in(expr string, values []string) string {
	var known []string
	unknown := false
	for _, v := range values {
		if v == "" {
			unknown = true
			continue
		}
		known = append(known, a.add(strings.ToLower(v)))
	}
	var parts []string
	if len(known) > 0 {
		// Without regard to case, as people type values: WiFi is wifi.
		parts = append(parts, "lower("+expr+") IN ("+strings.Join(known, ", ")+")")
	}
	if unknown {
		parts = append(parts, expr+" IS NULL")
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// sides are the two ends of a stream in stream_facts' column prefixes,
// with the aliases of their building rows.
var sides = [2]struct{ col, building string }{{"caller", "cb"}, {"callee", "eb"}}

// buildingColumn is the buildings column of each building dimension
// that is a plain value.
var buildingColumn = map[cqd.Dimension]string{
	cqd.Building: "building_name", cqd.City: "city", cqd.Country: "country", cqd.Region: "region",
	cqd.NetworkName: "network_name",
}

// endExpr is d's value for one side of a stream, as text.
func endExpr(d cqd.Dimension, side int) string {
	s := sides[side]
	if c, ok := rollup.EndColumn[d]; ok {
		return "f." + s.col + "_" + c
	}
	if c, ok := buildingColumn[d]; ok {
		return "nullif(" + s.building + "." + c + ", '')"
	}
	// Unmapped subnets are outside, without ExpressRoute or VPN, as in
	// CQD with no building data.
	flag := func(col, yes, no string) string {
		return "CASE WHEN coalesce(" + s.building + "." + col + ", false) THEN '" + yes + "' ELSE '" + no + "' END"
	}
	switch d {
	case cqd.Inside:
		return flag("inside_corp", "inside", "outside")
	case cqd.ExpressRoute:
		return flag("express_route", "true", "false")
	case cqd.VPN:
		return flag("vpn", "true", "false")
	}
	// Every valid end dimension is one of the above; Validate has
	// refused the rest.
	return "NULL::text"
}

// relation is what a query reads: the stream facts, a row per stream,
// or a daily rollup, rows of streams summed.
type relation struct {
	table  string
	rollup bool
}

var factsRelation = relation{table: "stream_facts"}

// relationFor is what q reads: the smallest rollup that can answer it
// exactly (rollup.For), or else the facts.
func relationFor(q cqd.Query) relation {
	if r, ok := rollup.For(q); ok {
		return relation{table: r.Name, rollup: true}
	}
	return factsRelation
}

// streamExpr is d's value for a stream dimension, as text. Time keys
// are the UTC day, week (from Monday), month or hour of the call's
// start, as the oracle formats them.
func (rel relation) streamExpr(d cqd.Dimension) string {
	if rel.rollup {
		day := "CAST(f.day AS timestamp)"
		switch d {
		case cqd.Day:
			return "to_char(" + day + ", 'YYYY-MM-DD')"
		case cqd.Week:
			return "to_char(" + day + " - (CAST(extract(isodow FROM f.day) AS integer) - 1) * interval '1 day', 'YYYY-MM-DD')"
		case cqd.Month:
			return "to_char(" + day + ", 'YYYY-MM')"
		}
	}
	utc := "(f.call_start AT TIME ZONE 'UTC')"
	switch d {
	case cqd.Hour:
		return "to_char(date_trunc('hour', " + utc + "), 'YYYY-MM-DD\"T\"HH24:00\"Z\"')"
	case cqd.Day:
		return "to_char(" + utc + ", 'YYYY-MM-DD')"
	case cqd.Week:
		return "to_char(date_trunc('week', " + utc + "), 'YYYY-MM-DD')"
	case cqd.Month:
		return "to_char(" + utc + ", 'YYYY-MM')"
	case cqd.MediaType:
		return "f.media_kind"
	case cqd.CallType:
		return "nullif(f.call_type, '')"
	case cqd.Source:
		return "f.source"
	case cqd.Quality:
		return "coalesce(nullif(f.quality, ''), 'unclassified')"
	case cqd.FailureStage:
		// Never '' (written NULL when unknown): a bare column, so that a
		// filter on it implies the predicate of the index of failed legs
		// (migration 010) and the reliability report reads those alone.
		return "f.failure_stage"
	case cqd.FailureReason:
		return "nullif(f.failure_reason, '')"
	case cqd.PSTN:
		return "CAST(f.pstn AS text)"
	}
	return "NULL::text" // not a stream dimension; Validate refuses such queries
}

// streams counts the streams of a group.
func (rel relation) streams() string {
	return rel.streamsWhere(withMedia)
}

// withMedia leaves out the rows of sessions that failed before any
// stream (model.MediaNone): they count as setup failures and drops, not
// as streams.
const withMedia = "f.media_kind <> 'none'"

// rows counts every row of a group, those without media too: the
// attempts that failure rates divide by.
func (rel relation) rows() string {
	if rel.rollup {
		return "coalesce(sum(f.n), 0)"
	}
	return "count(*)"
}

// streamsWhere counts the streams of a group for which cond holds.
func (rel relation) streamsWhere(cond string) string {
	if rel.rollup {
		return "coalesce(sum(f.n) FILTER (WHERE " + cond + "), 0)"
	}
	return "count(*) FILTER (WHERE " + cond + ")"
}

// avg averages a metric over the streams that report it: col is the
// facts' column, part the rollup's sum and count columns.
func (rel relation) avg(col, part string) string {
	if rel.rollup {
		return "sum(f." + part + "_sum) / nullif(sum(f." + part + "_n), 0)"
	}
	return "avg(f." + col + ")"
}

// Which sides describe a stream: its client ends, or its caller when
// both ends are servers (see package cqd).
const (
	callerIsEnd = "(f.caller_kind <> 'service' OR f.callee_kind = 'service')"
	calleeIsEnd = "(f.callee_kind <> 'service')"
)

var isEnd = [2]string{callerIsEnd, calleeIsEnd}

// pct is 100·n/d in double precision, as Go divides: the same
// quotients compare equal, so that ordering by them breaks ties by key
// as the oracle does.
func pct(n, d string) string {
	return "CAST(100 AS double precision) * " + n + " / nullif(" + d + ", 0)"
}

// measureExpr computes m, any measure but a percentile, over the rows of
// a group (percentiles: histogram.go).
func (rel relation) measureExpr(m cqd.Measure) string {
	n := rel.streams()
	poor, good := rel.streamsWhere("f.quality = 'poor'"), rel.streamsWhere("f.quality = 'good'")
	setup, drop := rel.streamsWhere("f.failure_stage = 'callSetup'"), rel.streamsWhere("f.failure_stage = 'midcall'")
	msSum, msAvg := "coalesce(sum(f.ms_sum), 0)", "sum(f.ms_sum) / nullif(sum(f.ms_n), 0)"
	if !rel.rollup {
		// Milliseconds between the stream's ends each truncated to the
		// millisecond, as the oracle (and DuckDB's date_diff) count them.
		ms := "(floor(extract(epoch FROM f.end_time) * 1000) - floor(extract(epoch FROM f.start_time) * 1000))"
		timed := " FILTER (WHERE f.end_time >= f.start_time)"
		msSum, msAvg = "coalesce(sum("+ms+")"+timed+", 0)", "avg("+ms+")"+timed
	}
	switch m {
	case cqd.Streams:
		return n
	case cqd.Good:
		return good
	case cqd.Poor:
		return poor
	case cqd.Unclassified:
		return rel.streamsWhere(withMedia + " AND f.quality IS DISTINCT FROM 'good' AND f.quality IS DISTINCT FROM 'poor'")
	case cqd.PoorPct:
		return pct(poor, poor+" + "+good)
	case cqd.Calls:
		return "count(DISTINCT f.call_id)"
	case cqd.AvgJitter:
		return rel.avg("jitter_ms", "jitter")
	case cqd.AvgPacketLoss:
		return rel.avg("packet_loss_rate", "loss")
	case cqd.AvgRoundTrip:
		return rel.avg("round_trip_ms", "rtt")
	case cqd.AvgConcealed:
		return rel.avg("concealed_ratio", "concealed")
	case cqd.AvgDegradation:
		return rel.avg("audio_degradation", "degradation")
	case cqd.SetupFailures:
		return setup
	case cqd.SetupFailurePct:
		return pct(setup, rel.rows())
	case cqd.Drops:
		return drop
	case cqd.DropPct:
		return pct(drop, rel.rows())
	case cqd.Minutes:
		return msSum + " / 60000.0"
	case cqd.AvgMinutesStream:
		return msAvg + " / 60000.0"
	}
	return "NULL" // not a measure; Validate refuses such queries
}

// aggregateSQL writes q over rel as one statement, its arguments added
// to a. Its columns are the keys then the measures, named k0… and m0…,
// or by their dimensions and measures when named (for exports).
//
// Grouped by an end dimension, a row of the inner query is one end of
// a stream: the caller end, and the callee end where it is a client
// whose values of the query's end dimensions differ from the caller's
// (so that a stream counts once per distinct value). Otherwise a row is
// a stream, and a filter on an end dimension keeps streams where either
// end matches.
func aggregateSQL(q cqd.Query, rel relation, a *stmtArgs, named bool) string {
	byEnd := slices.ContainsFunc(q.GroupBy, cqd.Dimension.OfEnd)
	from := rel.from(needsBuildings(q))
	measures := q.MeasureList()

	streamWhere := func() []string { return rel.streamConditions(q, a, byEnd) }
	// keysOf are the key columns of a row of one side (0, 1), or of the
	// stream (-1).
	keysOf := func(side int) []string {
		var sel []string
		for i, d := range q.GroupBy {
			var expr string
			if d.OfEnd() {
				expr = endExpr(d, side)
			} else {
				expr = rel.streamExpr(d)
			}
			sel = append(sel, fmt.Sprintf("%s AS k%d", expr, i))
		}
		return sel
	}

	var keys []string
	for i := range q.GroupBy {
		keys = append(keys, fmt.Sprintf("k%d", i))
	}
	// Percentiles are estimated from histograms summed apart
	// (histogramsSQL) and joined to the group's other measures.
	inner := slices.Clone(keys)
	var apart []int
	for i, m := range measures {
		if _, _, ok := m.Percentile(); ok {
			apart = append(apart, i)
		} else {
			inner = append(inner, fmt.Sprintf("%s AS v%d", rel.measureExpr(m), i))
		}
	}

	// The rows are a common table expression, r, which the histograms
	// read a second time; not materialized, so that each reading scans
	// only the columns it needs rather than the server writing every
	// column of every row aside.
	var sb strings.Builder
	sb.WriteString("WITH r AS NOT MATERIALIZED (")
	if !byEnd {
		sb.WriteString("SELECT " + strings.Join(append(keysOf(-1), "f.*"), ", ") + " FROM " + from +
			" WHERE " + strings.Join(streamWhere(), " AND "))
	} else {
		dims := endDimensions(q)
		tuple := func(side int) string {
			parts := make([]string, len(dims))
			for i, d := range dims {
				parts[i] = endExpr(d, side)
			}
			return "ROW(" + strings.Join(parts, ", ") + ")"
		}
		conds := [2]string{callerIsEnd,
			calleeIsEnd + " AND (f.caller_kind = 'service' OR " + tuple(1) + " IS DISTINCT FROM " + tuple(0) + ")"}
		for side := range sides {
			if side > 0 {
				sb.WriteString(" UNION ALL ")
			}
			where := append(streamWhere(), conds[side])
			for _, flt := range q.Filters {
				if flt.Dimension.OfEnd() {
					where = append(where, a.in(endExpr(flt.Dimension, side), flt.Values))
				}
			}
			sb.WriteString("SELECT " + strings.Join(append(keysOf(side), "f.*"), ", ") + " FROM " + from +
				" WHERE " + strings.Join(where, " AND "))
		}
	}
	sb.WriteString(")")

	var outer []string
	for i, d := range q.GroupBy {
		outer = append(outer, "g."+keys[i]+" AS "+columnName(named, string(d), keys[i]))
	}
	for i, m := range measures {
		outer = append(outer, fmt.Sprintf("CAST(g.v%d AS double precision) AS %s", i, columnName(named, string(m), fmt.Sprintf("m%d", i))))
	}
	sb.WriteString(" SELECT " + strings.Join(outer, ", ") + " FROM (")
	if len(apart) > 0 {
		sb.WriteString("SELECT g0.*")
		for j, i := range apart {
			sb.WriteString(fmt.Sprintf(", %s AS v%d", quantileSQL(measures[i], "h", j), i))
		}
		sb.WriteString(" FROM (")
	}
	if len(inner) == 0 {
		inner = append(inner, "count(*) AS n_rows") // one row of the whole, to join the histograms to
	}
	sb.WriteString("SELECT " + strings.Join(inner, ", ") + " FROM r f")
	if len(keys) > 0 {
		sb.WriteString(" GROUP BY " + strings.Join(keys, ", "))
	}
	var having []string
	if rel.rollup && len(keys) > 0 {
		// Rows of a replaced call's streams and of their subtraction
		// leave groups of no streams behind.
		having = append(having, rel.rows()+" > 0")
	}
	if q.MinStreams > 0 {
		having = append(having, rel.streams()+" >= "+a.add(q.MinStreams))
	}
	if len(having) > 0 {
		sb.WriteString(" HAVING " + strings.Join(having, " AND "))
	}
	if len(apart) > 0 {
		var ms []cqd.Measure
		for _, i := range apart {
			ms = append(ms, measures[i])
		}
		sb.WriteString(") g0 LEFT JOIN (" + rel.histogramsSQL(ms, keys) + ") h ON " + keysMatch("g0", "h", keys))
	}
	sb.WriteString(") g")
	var order []string
	if q.OrderBy != "" {
		dir := " DESC"
		if q.Ascending {
			dir = " ASC"
		}
		// By position, as the column's name depends on named.
		order = append(order, strconv.Itoa(len(keys)+slices.Index(measures, q.OrderBy)+1)+dir+" NULLS LAST")
	}
	for _, k := range keys {
		// Byte order, as the oracle's, whatever the database's collation.
		order = append(order, "g."+k+` COLLATE "C" NULLS LAST`)
	}
	if len(order) > 0 {
		sb.WriteString(" ORDER BY " + strings.Join(order, ", "))
	}
	if q.Limit > 0 {
		sb.WriteString(" LIMIT " + a.add(q.Limit))
	}
	return sb.String()
}

// columnName is an output column's name: the dimension's or measure's
// name when named, else short.
func columnName(named bool, name, short string) string {
	if named {
		return pgx.Identifier{name}.Sanitize()
	}
	return short
}

// keysMatch joins the groups of x and y with equal keys, NULL matching
// NULL. IS NOT DISTINCT FROM would say so too, but PostgreSQL joins by
// it only in nested loops; these are equalities it can hash.
func keysMatch(x, y string, keys []string) string {
	on := []string{"true"}
	for _, k := range keys {
		on = append(on, "("+x+"."+k+" IS NULL) = ("+y+"."+k+" IS NULL)",
			"coalesce("+x+"."+k+", '') = coalesce("+y+"."+k+", '')")
	}
	return strings.Join(on, " AND ")
}

// streamConditions writes the conditions of q on streams, adding their
// arguments to a, so it is called where its text goes. Filters on end
// dimensions are left out when the rows are ends (byEnd), which filter
// them one end at a time; otherwise they keep streams where either end
// matches.
func (rel relation) streamConditions(q cqd.Query, a *stmtArgs, byEnd bool) []string {
	where := []string{"f.tenant = " + a.add(q.Tenant)}
	for _, bound := range []struct {
		t  time.Time
		op string
	}{{q.Since, " >= "}, {q.Until, " < "}} {
		switch {
		case bound.t.IsZero():
		case rel.rollup:
			// rollup.For answers only windows of whole UTC days.
			where = append(where, "f.day"+bound.op+"CAST("+a.add(bound.t.UTC().Format(time.DateOnly))+" AS date)")
		default:
			where = append(where, "f.call_start"+bound.op+a.add(bound.t.UTC()))
		}
	}
	for _, flt := range q.Filters {
		switch {
		case !flt.Dimension.OfEnd():
			where = append(where, a.in(rel.streamExpr(flt.Dimension), flt.Values))
		case !byEnd:
			either := make([]string, 2)
			for side := range sides {
				either[side] = "(" + isEnd[side] + " AND " + a.in(endExpr(flt.Dimension, side), flt.Values) + ")"
			}
			where = append(where, "("+strings.Join(either, " OR ")+")")
		}
	}
	return where
}

// needsBuildings reports whether q groups or filters by building data.
func needsBuildings(q cqd.Query) bool {
	return slices.ContainsFunc(q.GroupBy, cqd.Dimension.FromBuildingFile) ||
		slices.ContainsFunc(q.Filters, func(f cqd.Filter) bool { return f.Dimension.FromBuildingFile() })
}

// from is the relation as f, with each side's building (cb, eb) when
// withBuildings: the building file's rows joined to their subnets, so
// that each side is one join by subnet.
func (rel relation) from(withBuildings bool) string {
	from := rel.table + " f"
	if !withBuildings {
		return from
	}
	for _, s := range sides {
		b := s.building
		from += " LEFT JOIN building_subnets " + b + "s ON " + b + "s.tenant = f.tenant AND " + b + "s.subnet = f." + s.col + "_subnet" +
			" LEFT JOIN buildings " + b + " ON " + b + ".tenant = f.tenant AND " + b + ".line = " + b + "s.line"
	}
	return from
}

// endDimensions are the end dimensions a query groups or filters by: a
// stream's callee end is a row of its own where these differ from the
// caller end's.
func endDimensions(q cqd.Query) []cqd.Dimension {
	var dims []cqd.Dimension
	for _, d := range q.GroupBy {
		if d.OfEnd() {
			dims = append(dims, d)
		}
	}
	for _, f := range q.Filters {
		if f.Dimension.OfEnd() && !slices.Contains(dims, f.Dimension) {
			dims = append(dims, f.Dimension)
		}
	}
	return dims
}
