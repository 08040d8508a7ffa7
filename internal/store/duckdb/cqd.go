package duckdb

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

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
	return d.aggregate(ctx, q, relationFor(q))
}

// aggregate computes q over rel.
func (d *DB) aggregate(ctx context.Context, q cqd.Query, rel relation) (*cqd.Result, error) {
	query, args := aggregateSQL(q, rel)
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, d.wrap("aggregate streams of tenant "+q.Tenant, err)
	}
	defer rows.Close()
	res := &cqd.Result{GroupBy: slices.Clone(q.GroupBy), Measures: q.MeasureList()}
	if res.Rows, err = store.ScanAggregateRows(rows, len(res.GroupBy), len(res.Measures)); err != nil {
		return nil, d.wrap("aggregate streams of tenant "+q.Tenant, err)
	}
	return res, nil
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

// endExpr is d's value for one side of a stream.
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
	panic("cqd: no end expression for " + string(d))
}

// relation is what a query reads: the stream facts, a row per stream,
// or a daily rollup, rows of streams summed.
type relation struct {
	table  string
	rollup bool
	keep   []string // a rollup's end columns
}

var factsRelation = relation{table: "stream_facts"}

func rollupRelation(r rollup.Table) relation {
	return relation{table: r.Name, rollup: true, keep: r.Keep}
}

// relationFor is what q reads: the smallest rollup that can answer it
// exactly (rollup.For), or else the facts.
func relationFor(q cqd.Query) relation {
	if r, ok := rollup.For(q); ok {
		return rollupRelation(r)
	}
	return factsRelation
}

// streamExpr is d's value for a stream dimension.
func (rel relation) streamExpr(d cqd.Dimension) string {
	if rel.rollup {
		switch d {
		case cqd.Day:
			return "strftime(f.day, '%Y-%m-%d')"
		case cqd.Week:
			return "strftime(date_trunc('week', f.day), '%Y-%m-%d')"
		case cqd.Month:
			return "strftime(f.day, '%Y-%m')"
		}
	}
	utc := "(f.call_start AT TIME ZONE 'UTC')"
	switch d {
	case cqd.Hour:
		return "strftime(date_trunc('hour', " + utc + "), '%Y-%m-%dT%H:00Z')"
	case cqd.Day:
		return "strftime(" + utc + ", '%Y-%m-%d')"
	case cqd.Week:
		return "strftime(date_trunc('week', " + utc + "), '%Y-%m-%d')"
	case cqd.Month:
		return "strftime(" + utc + ", '%Y-%m')"
	case cqd.MediaType:
		return "f.media_kind"
	case cqd.CallType:
		return "nullif(f.call_type, '')"
	case cqd.Source:
		return "f.source"
	case cqd.Quality:
		return "coalesce(nullif(f.quality, ''), 'unclassified')"
	case cqd.FailureStage:
		return "nullif(f.failure_stage, '')"
	case cqd.FailureReason:
		return "nullif(f.failure_reason, '')"
	case cqd.PSTN:
		return "CAST(f.pstn AS VARCHAR)"
	}
	panic("cqd: no stream expression for " + string(d))
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

// measureExpr computes m over the rows of a group, or for a percentile
// the histogram finalExpr estimates it from.
func (rel relation) measureExpr(m cqd.Measure) string {
	n := rel.streams()
	poor, good := rel.streamsWhere("f.quality = 'poor'"), rel.streamsWhere("f.quality = 'good'")
	setup, drop := rel.streamsWhere("f.failure_stage = 'callSetup'"), rel.streamsWhere("f.failure_stage = 'midcall'")
	msSum, msAvg := "coalesce(sum(f.ms_sum), 0)", "sum(f.ms_sum) / nullif(sum(f.ms_n), 0)"
	if !rel.rollup {
		ms, timed := "date_diff('millisecond', f.start_time, f.end_time)", " FILTER (WHERE f.end_time >= f.start_time)"
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
		return "100.0 * " + poor + " / nullif(" + poor + " + " + good + ", 0)"
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
	case cqd.P95Jitter, cqd.P95PacketLoss, cqd.P95RoundTrip, cqd.P95Concealed:
		return factsHistogramSQL(m) // estimated from by finalExpr; a rollup's are summed apart
	case cqd.SetupFailures:
		return setup
	case cqd.SetupFailurePct:
		return "100.0 * " + setup + " / nullif(" + rel.rows() + ", 0)"
	case cqd.Drops:
		return drop
	case cqd.DropPct:
		return "100.0 * " + drop + " / nullif(" + rel.rows() + ", 0)"
	case cqd.Minutes:
		return msSum + " / 60000.0"
	case cqd.AvgMinutesStream:
		return msAvg + " / 60000.0"
	}
	panic("cqd: no expression for measure " + string(m))
}

// finalExpr is m's value from v, what measureExpr computed.
func finalExpr(m cqd.Measure, v string) string {
	if _, _, ok := m.Percentile(); ok {
		return quantileSQL(m, v)
	}
	return v
}

// sqlArgs collects positional arguments in the order their
// placeholders are written.
type sqlArgs []any

func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return "?"
}

// in is expr matching one of values, "" standing for unknown.
func (a *sqlArgs) in(expr string, values []string) string {
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

// aggregateSQL writes q as one statement. Grouped by an end dimension,
// a row of the inner query is one end of a stream: the caller end, and
// the callee end where it is a client whose values of the query's end
// dimensions differ from the caller's (so that a stream counts once per
// distinct value). Otherwise a row is a stream, and a filter on an end
// dimension keeps streams where either end matches.
func aggregateSQL(q cqd.Query, rel relation) (string, []any) {
	var a sqlArgs
	byEnd := slices.ContainsFunc(q.GroupBy, cqd.Dimension.OfEnd)
	from := rel.from(needsBuildings(q))

	streamWhere := func() []string { return rel.streamConditions(q, &a, byEnd) }
	// keysOf are the key columns of a row of one side (0, 1), or of the
	// stream (-1).
	keysOf := func(side int) []string {
		var sel []string
		for i, d := range q.GroupBy {
			expr := rel.streamExpr
			if d.OfEnd() {
				expr = func(d cqd.Dimension) string { return endExpr(d, side) }
			}
			sel = append(sel, fmt.Sprintf("%s AS k%d", expr(d), i))
		}
		return sel
	}

	var keys, inner, outer []string
	for i := range q.GroupBy {
		keys = append(keys, fmt.Sprintf("k%d", i))
	}
	inner, outer = slices.Clone(keys), slices.Clone(keys)
	// On a rollup, a percentile's histogram is summed apart
	// (rollupHistogramSQL) and joined to the group's other measures.
	var summedApart []int
	for i, m := range q.MeasureList() {
		if _, _, ok := m.Percentile(); ok && rel.rollup {
			summedApart = append(summedApart, i)
		} else {
			inner = append(inner, fmt.Sprintf("%s AS v%d", rel.measureExpr(m), i))
		}
		outer = append(outer, fmt.Sprintf("%s AS m%d", finalExpr(m, fmt.Sprintf("g.v%d", i)), i))
	}
	// The outer statement gives each measure its final value (estimating
	// percentiles from their histograms once per group, where the
	// estimate over the aggregates themselves made the engine plan and
	// evaluate the histogram many times over), orders and limits. The
	// rows are a common table expression, r, as a rollup's histograms
	// read them a second time; not materialized, so that each reading
	// scans only the columns it needs rather than the engine holding
	// every column of every row (a million and a half rows of the full
	// rollup at 100 M streams).
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
			return "[" + strings.Join(parts, ", ") + "]"
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
	sb.WriteString(") SELECT " + strings.Join(outer, ", ") + " FROM (")
	if len(summedApart) > 0 {
		sb.WriteString(withHistogramsSQL(q, summedApart))
	}
	if len(inner) == 0 {
		inner = append(inner, "count(*) AS rows") // one row of the whole, to join the histograms to
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
	if len(summedApart) > 0 {
		sb.WriteString(") g0" + histogramJoinsSQL(q, keys, summedApart))
	}
	sb.WriteString(") g")
	var order []string
	if q.OrderBy != "" {
		dir := " DESC"
		if q.Ascending {
			dir = " ASC"
		}
		order = append(order, fmt.Sprintf("m%d%s NULLS LAST", slices.Index(q.MeasureList(), q.OrderBy), dir))
	}
	for _, k := range keys {
		order = append(order, k+" NULLS LAST")
	}
	if len(order) > 0 {
		sb.WriteString(" ORDER BY " + strings.Join(order, ", "))
	}
	if q.Limit > 0 {
		sb.WriteString(" LIMIT " + a.add(q.Limit))
	}
	return sb.String(), a
}

// withHistogramsSQL opens the select that gives the group's other
// measures (g0, closed by histogramJoinsSQL) the percentile measures at
// positions apart, from the histograms joined to them.
func withHistogramsSQL(q cqd.Query, apart []int) string {
	var sb strings.Builder
	sb.WriteString("SELECT g0.*")
	for _, i := range apart {
		sb.WriteString(fmt.Sprintf(", %s AS v%d", denseHistogramSQL(q.MeasureList()[i], fmt.Sprintf("h%d", i)), i))
	}
	sb.WriteString(" FROM (")
	return sb.String()
}

// histogramJoinsSQL joins to g0 the summed histogram of each percentile
// measure at positions apart, as h<position>, by the group keys.
func histogramJoinsSQL(q cqd.Query, keys []string, apart []int) string {
	var sb strings.Builder
	for _, i := range apart {
		h := fmt.Sprintf("h%d", i)
		on := []string{"true"}
		for _, k := range keys {
			on = append(on, "g0."+k+" IS NOT DISTINCT FROM "+h+"."+k)
		}
		sb.WriteString(" LEFT JOIN (" + rollupHistogramSQL(q.MeasureList()[i], keys) + ") " + h + " ON " + strings.Join(on, " AND "))
	}
	return sb.String()
}

// streamConditions writes the conditions of q on streams, adding their
// arguments to a, so it is called where its text goes. Filters on end
// dimensions are left out when the rows are ends (byEnd), which filter
// them one end at a time; otherwise they keep streams where either end
// matches.
func (rel relation) streamConditions(q cqd.Query, a *sqlArgs, byEnd bool) []string {
	where := []string{"f.tenant = " + a.add(q.Tenant)}
	for _, bound := range []struct {
		t  time.Time
		op string
	}{{q.Since, " >= "}, {q.Until, " < "}} {
		switch {
		case bound.t.IsZero():
		case rel.rollup:
			where = append(where, "f.day"+bound.op+"CAST("+a.add(bound.t.UTC().Format(time.DateOnly))+" AS DATE)")
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
// withBuildings.
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
