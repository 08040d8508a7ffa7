package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
)

// Aggregate implements store.Store: one SQL statement over stream_facts,
// joined to the building file by subnet when the query needs it.
func (d *DB) Aggregate(ctx context.Context, q cqd.Query) (*cqd.Result, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("aggregate: %w: %w", err, store.ErrInvalid)
	}
	query, args := aggregateSQL(q)
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, d.wrap("aggregate streams of tenant "+q.Tenant, err)
	}
	defer rows.Close()
	res := &cqd.Result{GroupBy: slices.Clone(q.GroupBy), Measures: q.MeasureList()}
	nk, nm := len(res.GroupBy), len(res.Measures)
	keys := make([]sql.NullString, nk)
	vals := make([]sql.NullFloat64, nm)
	dest := make([]any, 0, nk+nm)
	for i := range keys {
		dest = append(dest, &keys[i])
	}
	for i := range vals {
		dest = append(dest, &vals[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, d.wrap("aggregate streams of tenant "+q.Tenant, err)
		}
		row := cqd.Row{Key: make([]*string, nk), Values: make([]*float64, nm)}
		for i, k := range keys {
			if k.Valid {
				row.Key[i] = &k.String
			}
		}
		for i, v := range vals {
			if v.Valid {
				row.Values[i] = &v.Float64
			}
		}
		res.Rows = append(res.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("aggregate streams of tenant "+q.Tenant, err)
	}
	return res, nil
}

// sides are the two ends of a stream in stream_facts' column prefixes,
// with the aliases of their building rows.
var sides = [2]struct{ col, building string }{{"caller", "cb"}, {"callee", "eb"}}

// endColumn is the stream_facts column (after the side's prefix) of each
// end dimension that the facts hold.
var endColumn = map[cqd.Dimension]string{
	cqd.Subnet: "subnet", cqd.ConnectionType: "connection_type", cqd.WifiBand: "wifi_band", cqd.BSSID: "bssid",
	cqd.Transport: "transport", cqd.Platform: "platform", cqd.ProductFamily: "product_family",
	cqd.UserAgent: "user_agent", cqd.CaptureDevice: "capture_device", cqd.RenderDevice: "render_device",
	cqd.UserTenant: "tenant_id",
}

// buildingColumn is the buildings column of each building dimension
// that is a plain value.
var buildingColumn = map[cqd.Dimension]string{
	cqd.Building: "building_name", cqd.City: "city", cqd.Country: "country", cqd.Region: "region",
	cqd.NetworkName: "network_name",
}

// endExpr is d's value for one side of a stream.
func endExpr(d cqd.Dimension, side int) string {
	s := sides[side]
	if c, ok := endColumn[d]; ok {
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

// streamExpr is d's value for a stream dimension.
func streamExpr(d cqd.Dimension) string {
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
	}
	panic("cqd: no stream expression for " + string(d))
}

// Which sides describe a stream: its client ends, or its caller when
// both ends are servers (see package cqd).
const (
	callerIsEnd = "(f.caller_kind <> 'service' OR f.callee_kind = 'service')"
	calleeIsEnd = "(f.callee_kind <> 'service')"
)

var isEnd = [2]string{callerIsEnd, calleeIsEnd}

// measureExpr computes m over the rows of a group.
func measureExpr(m cqd.Measure) string {
	poor, good := "count(*) FILTER (WHERE f.quality = 'poor')", "count(*) FILTER (WHERE f.quality = 'good')"
	setup, drop := "count(*) FILTER (WHERE f.failure_stage = 'callSetup')", "count(*) FILTER (WHERE f.failure_stage = 'midcall')"
	ms, timed := "date_diff('millisecond', f.start_time, f.end_time)", " FILTER (WHERE f.end_time >= f.start_time)"
	switch m {
	case cqd.Streams:
		return "count(*)"
	case cqd.Good:
		return good
	case cqd.Poor:
		return poor
	case cqd.Unclassified:
		return "count(*) FILTER (WHERE f.quality IS DISTINCT FROM 'good' AND f.quality IS DISTINCT FROM 'poor')"
	case cqd.PoorPct:
		return "100.0 * " + poor + " / nullif(" + poor + " + " + good + ", 0)"
	case cqd.Calls:
		return "count(DISTINCT f.call_id)"
	case cqd.AvgJitter:
		return "avg(f.jitter_ms)"
	case cqd.P95Jitter:
		return "quantile_cont(f.jitter_ms, 0.95)"
	case cqd.AvgPacketLoss:
		return "avg(f.packet_loss_rate)"
	case cqd.P95PacketLoss:
		return "quantile_cont(f.packet_loss_rate, 0.95)"
	case cqd.AvgRoundTrip:
		return "avg(f.round_trip_ms)"
	case cqd.P95RoundTrip:
		return "quantile_cont(f.round_trip_ms, 0.95)"
	case cqd.AvgConcealed:
		return "avg(f.concealed_ratio)"
	case cqd.P95Concealed:
		return "quantile_cont(f.concealed_ratio, 0.95)"
	case cqd.AvgDegradation:
		return "avg(f.audio_degradation)"
	case cqd.SetupFailures:
		return setup
	case cqd.SetupFailurePct:
		return "100.0 * " + setup + " / count(*)"
	case cqd.Drops:
		return drop
	case cqd.DropPct:
		return "100.0 * " + drop + " / count(*)"
	case cqd.Minutes:
		return "coalesce(sum(" + ms + ")" + timed + ", 0) / 60000.0"
	case cqd.AvgMinutesStream:
		return "avg(" + ms + ")" + timed + " / 60000.0"
	}
	panic("cqd: no expression for measure " + string(m))
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
		known = append(known, a.add(v))
	}
	var parts []string
	if len(known) > 0 {
		parts = append(parts, expr+" IN ("+strings.Join(known, ", ")+")")
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
func aggregateSQL(q cqd.Query) (string, []any) {
	var a sqlArgs
	byEnd := slices.ContainsFunc(q.GroupBy, cqd.Dimension.OfEnd)
	from := factsFrom(q)

	streamWhere := func() []string { return streamConditions(q, &a, byEnd) }
	// keysOf are the key columns of a row of one side (0, 1), or of the
	// stream (-1).
	keysOf := func(side int) []string {
		var sel []string
		for i, d := range q.GroupBy {
			expr := streamExpr
			if d.OfEnd() {
				expr = func(d cqd.Dimension) string { return endExpr(d, side) }
			}
			sel = append(sel, fmt.Sprintf("%s AS k%d", expr(d), i))
		}
		return sel
	}

	var keys, out []string
	for i := range q.GroupBy {
		keys = append(keys, fmt.Sprintf("k%d", i))
	}
	out = slices.Clone(keys)
	for i, m := range q.MeasureList() {
		out = append(out, fmt.Sprintf("%s AS m%d", measureExpr(m), i))
	}
	var sb strings.Builder
	sb.WriteString("SELECT " + strings.Join(out, ", ") + " FROM (")
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
	sb.WriteString(") f")
	if len(keys) > 0 {
		sb.WriteString(" GROUP BY " + strings.Join(keys, ", "))
	}
	if q.MinStreams > 0 {
		sb.WriteString(" HAVING count(*) >= " + a.add(q.MinStreams))
	}
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

// streamConditions writes the conditions of q on streams, adding their
// arguments to a, so it is called where its text goes. Filters on end
// dimensions are left out when the rows are ends (byEnd), which filter
// them one end at a time; otherwise they keep streams where either end
// matches.
func streamConditions(q cqd.Query, a *sqlArgs, byEnd bool) []string {
	where := []string{"f.tenant = " + a.add(q.Tenant)}
	if !q.Since.IsZero() {
		where = append(where, "f.call_start >= "+a.add(q.Since.UTC()))
	}
	if !q.Until.IsZero() {
		where = append(where, "f.call_start < "+a.add(q.Until.UTC()))
	}
	for _, flt := range q.Filters {
		switch {
		case !flt.Dimension.OfEnd():
			where = append(where, a.in(streamExpr(flt.Dimension), flt.Values))
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

// factsFrom is the facts the query reads, with each side's building
// when the query groups or filters by building data.
func factsFrom(q cqd.Query) string {
	needs := slices.ContainsFunc(q.GroupBy, cqd.Dimension.FromBuildingFile) ||
		slices.ContainsFunc(q.Filters, func(f cqd.Filter) bool { return f.Dimension.FromBuildingFile() })
	from := "stream_facts f"
	if !needs {
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
