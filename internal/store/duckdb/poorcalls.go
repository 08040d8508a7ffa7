package duckdb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// PoorCalls implements store.Store.
func (d *DB) PoorCalls(ctx context.Context, q cqd.Query, limit, offset int) ([]store.PoorCall, error) {
	return d.callList(ctx, store.PoorList, q, limit, offset)
}

// FailedCalls implements store.Store.
func (d *DB) FailedCalls(ctx context.Context, q cqd.Query, limit, offset int) ([]store.PoorCall, error) {
	return d.callList(ctx, store.FailedList, q, limit, offset)
}

// callList is a page of the poor-call or the failed-call list.
func (d *DB) callList(ctx context.Context, list store.CallList, q cqd.Query, limit, offset int) ([]store.PoorCall, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", list.Name(), err, store.ErrInvalid)
	}
	if limit < 0 || offset < 0 {
		return nil, fmt.Errorf("%s: negative limit or offset: %w", list.Name(), store.ErrInvalid)
	}
	if err := store.CheckPoorCallsOrder(q); err != nil {
		return nil, err
	}
	out, err := d.poorCallRows(ctx, list, q, limit, offset)
	if err != nil {
		return nil, err
	}
	if err := d.addPoorEnds(ctx, list, q, out); err != nil {
		return nil, err
	}
	return out, nil
}

// poorCallRows is a page of the poor-call list, without who had the
// poor streams where.
func (d *DB) poorCallRows(ctx context.Context, list store.CallList, q cqd.Query, limit, offset int) ([]store.PoorCall, error) {
	var a sqlArgs
	mark, reason := list.Marks()
	sep, sepSQL := list.ReasonSep()
	inner := `SELECT f.call_id, count(*) AS streams,
		count(*) FILTER (WHERE ` + mark + `) AS poor,
		count(DISTINCT f.session_index) FILTER (WHERE ` + mark + `) AS poor_sessions,
		string_agg(` + reason + `, ` + sepSQL + `) FILTER (WHERE ` + mark + `) AS reasons
		FROM ` + factsRelation.from(needsBuildings(q)) + ` WHERE ` + strings.Join(factsRelation.streamConditions(q, &a, false), " AND ") + `
		GROUP BY f.call_id HAVING count(*) FILTER (WHERE ` + mark + `) > 0`
	query := `SELECT c.id, c.version, c.source, c.type, c.start_time, c.rating, p.streams, p.poor, p.poor_sessions, p.reasons
		FROM (` + inner + `) p JOIN calls c ON c.tenant = ` + a.add(q.Tenant) + ` AND c.id = p.call_id
		ORDER BY ` + poorCallsOrder(q) + `, c.id`
	if limit > 0 {
		query += " LIMIT " + a.add(limit)
	}
	if offset > 0 {
		query += " OFFSET " + a.add(offset)
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, query, a...)
	if err != nil {
		return nil, d.wrap(list.Name()+" of tenant "+q.Tenant, err)
	}
	defer rows.Close()
	var out []store.PoorCall
	for rows.Next() {
		var c store.PoorCall
		var start sql.NullTime
		var rating, reasons sql.NullString
		var source string
		if err := rows.Scan(&c.ID, &c.Version, &source, &c.Type, &start, &rating, &c.Streams, &c.Poor, &c.PoorSessions, &reasons); err != nil {
			return nil, d.wrap(list.Name()+" of tenant "+q.Tenant, err)
		}
		c.Source, c.Start, c.Rating = model.Source(source), utc(start), model.Rating(rating.String)
		c.Reasons = store.RankReasonsBy(reasons.String, sep)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap(list.Name()+" of tenant "+q.Tenant, err)
	}
	return out, nil
}

// poorCallsOrder is the ORDER BY of the poor-call list but its last key.
func poorCallsOrder(q cqd.Query) string {
	dir := map[bool]string{true: "ASC", false: "DESC"}[q.Ascending]
	newest := "c.start_time DESC NULLS LAST"
	switch q.OrderBy {
	case cqd.Poor:
		return "p.poor " + dir + ", " + newest
	case cqd.PoorPct:
		return "CAST(p.poor AS DOUBLE) / p.streams " + dir + ", " + newest
	case cqd.Streams:
		return "p.streams " + dir + ", " + newest
	}
	return "c.start_time " + dir + " NULLS LAST"
}

// addPoorEnds reads the client ends of the poor streams of the calls of
// a page, which the filters keep, for store.AddPoorEnds.
func (d *DB) addPoorEnds(ctx context.Context, list store.CallList, q cqd.Query, calls []store.PoorCall) error {
	if len(calls) == 0 {
		return nil
	}
	var a sqlArgs
	mark, _ := list.Marks()
	// The end of a poor stream that tells who and where is the client
	// end the query's end filters select (building=… keeps streams of
	// which either end is there: the one there is meant), else the
	// client end.
	matches := func(side int) string {
		conds := []string{isEnd[side]}
		for _, flt := range q.Filters {
			if flt.Dimension.OfEnd() {
				conds = append(conds, a.in(endExpr(flt.Dimension, side), flt.Values))
			}
		}
		return "(" + strings.Join(conds, " AND ") + ")"
	}
	client := func(expr func(side int) string) string {
		return "CASE WHEN " + matches(0) + " THEN " + expr(0) + " WHEN " + matches(1) + " THEN " + expr(1) +
			" WHEN f.caller_kind = 'service' THEN " + expr(1) + " ELSE " + expr(0) + " END"
	}
	cols := []string{client(func(side int) string { return "f." + sides[side].col + "_user_id" })}
	for _, dim := range []cqd.Dimension{cqd.Building, cqd.NetworkName, cqd.Subnet, cqd.ConnectionType, cqd.CaptureDevice} {
		cols = append(cols, client(func(side int) string { return endExpr(dim, side) }))
	}
	// The statement's parts are made in the order they are written, for
	// the engine's positional parameters.
	user := client(func(side int) string { return "f." + sides[side].col + "_user_id" })
	where := factsRelation.streamConditions(q, &a, false)
	ids := make([]string, len(calls))
	for i, c := range calls {
		ids[i] = a.add(c.ID)
	}
	where = append(where, mark, "f.call_id IN ("+strings.Join(ids, ", ")+")")
	query := `SELECT f.call_id, f.session_index, f.segment_index, f.media_index, f.stream_index, f.media_kind, ` +
		strings.Join(cols, ", ") + `, cp.display_name
		FROM ` + factsRelation.from(true) + `
		LEFT JOIN call_people cp ON cp.tenant = f.tenant AND cp.call_id = f.call_id AND cp.person_id = ` + user + `
		WHERE ` + strings.Join(where, " AND ")
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, query, a...)
	if err != nil {
		return d.wrap("poor streams' ends of tenant "+q.Tenant, err)
	}
	defer rows.Close()
	var ends []store.PoorStreamEnd
	for rows.Next() {
		var e store.PoorStreamEnd
		var vals [7]sql.NullString
		if err := rows.Scan(&e.CallID, &e.Order[0], &e.Order[1], &e.Order[2], &e.Order[3], &e.MediaKind,
			&vals[0], &vals[1], &vals[2], &vals[3], &vals[4], &vals[5], &vals[6]); err != nil {
			return d.wrap("poor streams' ends of tenant "+q.Tenant, err)
		}
		e.End = store.PoorEnd{UserID: vals[0].String, Building: vals[1].String, NetworkName: vals[2].String, Subnet: vals[3].String,
			ConnectionType: vals[4].String, CaptureDevice: vals[5].String, DisplayName: vals[6].String}
		ends = append(ends, e)
	}
	if err := rows.Err(); err != nil {
		return d.wrap("poor streams' ends of tenant "+q.Tenant, err)
	}
	store.AddPoorEnds(calls, ends)
	return nil
}
