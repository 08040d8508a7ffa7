package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/tables"
)

// The ACS insights report reads acs_participants (migration 012): one
// row per participant of an ACS call, written and deleted with the call.

// subtractACSParticipants takes the participants of the tenant's calls
// ids out of the daily sums; the caller deletes them.
func subtractACSParticipants(ctx context.Context, tx pgx.Tx, tenant string, ids []string) error {
	_, err := tx.Exec(ctx, tables.ACSDaysOf("-", `p.tenant = $1 AND p.call_id = ANY($2)`), tenant, ids)
	return err
}

// acsDayColumns are acs_participant_days' columns in the rows of
// tables.ACSRollupRows.
var acsDayColumns = func() []string {
	out := slices.Clone(tables.ACSRollupKeys)
	for _, c := range tables.ACSRollupSums {
		out = append(out, c[0])
	}
	return out
}()

// acsDayRows are the daily sums of facts, as rows to copy.
func acsDayRows(facts [][]model.ACSParticipantFact) [][]any {
	var out [][]any
	for _, vals := range tables.ACSRollupRows(facts) {
		row := make([]any, len(vals))
		for j, v := range vals {
			row[j] = v
		}
		out = append(out, row)
	}
	return out
}

// compactACSDays sums the daily sums that cond selects (of
// acs_participant_days p, with its arguments) again, a row per key, so
// that the rows writes append (and take out) do not pile up.
func compactACSDays(ctx context.Context, tx pgx.Tx, cond string, args ...any) error {
	for _, q := range []struct {
		stmt string
		args []any
	}{
		{`CREATE TEMP TABLE acs_compact ON COMMIT DROP AS ` + tables.ACSCompactSelect(cond), args},
		{`DELETE FROM acs_participant_days p WHERE ` + cond, args},
		{`INSERT INTO acs_participant_days SELECT * FROM acs_compact`, nil},
		{`DROP TABLE acs_compact`, nil},
	} {
		if _, err := tx.Exec(ctx, q.stmt, q.args...); err != nil {
			return fmt.Errorf("compact the ACS participants' sums: %w", err)
		}
	}
	return nil
}

// compactACSWritten compacts the days of the calls written, by tenant
// (those the calls' replaced versions were taken out of are the same
// days but when a call's start moved across midnight).
func compactACSWritten(ctx context.Context, tx pgx.Tx, facts [][]model.ACSParticipantFact) error {
	byTenant := map[string][][]model.ACSParticipantFact{}
	for _, fs := range facts {
		if len(fs) > 0 {
			byTenant[fs[0].Tenant] = append(byTenant[fs[0].Tenant], fs)
		}
	}
	for tenant, fs := range byTenant {
		days, undated := tables.ACSRollupDays(fs)
		dates := make([]string, len(days))
		for i, d := range days {
			dates[i] = d.Format(time.DateOnly)
		}
		if err := compactACSDays(ctx, tx, `p.tenant = $1 AND (p.day = ANY($2::date[]) OR ($3 AND p.day IS NULL))`, tenant, dates, undated); err != nil {
			return err
		}
	}
	return nil
}

// acsKey is a dimension's value as text, NULL where unknown. A week
// starts on the Monday on or before the day, worked out on the date
// itself so that the session's time zone plays no part.
func acsKey(d store.ACSDimension) string {
	switch d {
	case store.ACSDay:
		return "to_char(p.day, 'YYYY-MM-DD')"
	case store.ACSWeek:
		return "to_char(p.day - (extract(isodow FROM p.day)::int - 1), 'YYYY-MM-DD')"
	case store.ACSInterop:
		return "CASE WHEN p.interop THEN 'true' ELSE 'false' END"
	}
	return "p." + store.ACSDimensionColumn(d)
}

// acsWhere is the condition of the participants q selects, with its
// arguments added to a; byDay bounds the window by the day column, as
// the daily sums must be (their windows are whole days).
func acsWhere(q store.ACSQuery, a *stmtArgs, byDay bool) string {
	conds := []string{"p.tenant = " + a.add(q.Tenant)}
	for _, b := range []struct {
		t  time.Time
		op string
	}{{q.Since, ">="}, {q.Until, "<"}} {
		switch {
		case b.t.IsZero():
		case byDay:
			conds = append(conds, "p.day "+b.op+" CAST("+a.add(b.t.UTC().Format(time.DateOnly))+" AS date)")
		default:
			conds = append(conds, "p.call_start "+b.op+" "+a.add(b.t.UTC()))
		}
	}
	for _, f := range q.Filters {
		key := acsKey(f.Dimension)
		var ors, vals []string
		for _, v := range f.Values {
			if v == "" {
				ors = append(ors, key+" IS NULL")
				continue
			}
			vals = append(vals, a.add(v))
		}
		if len(vals) > 0 {
			ors = append(ors, key+" IN ("+strings.Join(vals, ", ")+")")
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	return strings.Join(conds, " AND ")
}

// ACSAggregate implements store.ACSInsights.
func (d *DB) ACSAggregate(ctx context.Context, q store.ACSQuery) ([]store.ACSRow, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("acs aggregate: %w", err)
	}
	keys := make([]string, len(q.GroupBy))
	for i, dim := range q.GroupBy {
		keys[i] = acsKey(dim)
	}
	var a stmtArgs
	calls, daily := store.ACSRollupCalls(q)
	where := acsWhere(q, &a, daily)
	sums, from, having := tables.ACSParticipantSums, "acs_participants", ""
	if daily {
		sums, from, having = tables.ACSDaySums(calls), "acs_participant_days", " HAVING sum(p.n) <> 0 OR sum(p.surveys) <> 0"
	}
	query := `SELECT ` + sums + ` FROM ` + from + ` p WHERE ` + where + having
	if len(keys) > 0 {
		query = `SELECT ` + strings.Join(keys, ", ") + ", " + sums + ` FROM ` + from + ` p WHERE ` + where +
			` GROUP BY ` + strings.Join(keys, ", ") + having
	}
	rows, err := d.pool.Query(ctx, query, a.vals...)
	if err != nil {
		return nil, fmt.Errorf("acs aggregate of tenant %s: %w", q.Tenant, err)
	}
	defer rows.Close()
	var out []store.ACSRow
	for rows.Next() {
		var r store.ACSRow
		r.Key = make([]*string, len(keys))
		dest := make([]any, 0, len(keys)+21)
		for i := range r.Key {
			dest = append(dest, &r.Key[i])
		}
		if err := rows.Scan(append(dest, store.ACSSumTargets(&r.ACSSums)...)...); err != nil {
			return nil, fmt.Errorf("acs aggregate of tenant %s: %w", q.Tenant, err)
		}
		if len(keys) > 0 || r.Participants > 0 || r.Surveys > 0 {
			out = append(out, r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("acs aggregate of tenant %s: %w", q.Tenant, err)
	}
	slices.SortFunc(out, store.ACSRowLess)
	return out, nil
}

// ACSIssues implements store.ACSInsights.
func (d *DB) ACSIssues(ctx context.Context, q store.ACSQuery) ([]store.ACSIssue, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("acs issues: %w", err)
	}
	var a stmtArgs
	query := `SELECT issue, count(*) FROM acs_participants p, unnest(string_to_array(p.issues, ',')) AS issue
		WHERE ` + acsWhere(q, &a, false) + ` AND p.issues IS NOT NULL GROUP BY issue`
	rows, err := d.pool.Query(ctx, query, a.vals...)
	if err != nil {
		return nil, fmt.Errorf("acs issues of tenant %s: %w", q.Tenant, err)
	}
	defer rows.Close()
	var out []store.ACSIssue
	for rows.Next() {
		var text string
		var n int64
		if err := rows.Scan(&text, &n); err != nil {
			return nil, fmt.Errorf("acs issues of tenant %s: %w", q.Tenant, err)
		}
		is := store.SplitIssue(text)
		is.Surveys = n
		out = append(out, is)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("acs issues of tenant %s: %w", q.Tenant, err)
	}
	store.SortACSIssues(out)
	return out, nil
}

// ACSCalls implements store.ACSInsights.
func (d *DB) ACSCalls(ctx context.Context, q store.ACSQuery, limit, offset int) ([]store.ACSCall, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("acs calls: %w", err)
	}
	if err := store.CheckACSPage(limit, offset); err != nil {
		return nil, err
	}
	// The page's calls first, newest first: every participant of a call
	// has its start, so distinct (start, id) pairs are the calls, and
	// the index by start finds the newest without reading the window.
	var a stmtArgs
	where := acsWhere(q, &a, false)
	page := `SELECT DISTINCT p.call_start, p.call_id COLLATE "C" AS id FROM acs_participants p WHERE ` + where +
		` ORDER BY p.call_start DESC NULLS LAST, id`
	if limit > 0 {
		page += " LIMIT " + a.add(limit)
	}
	if offset > 0 {
		page += " OFFSET " + a.add(offset)
	}
	rows, err := d.pool.Query(ctx, page, a.vals...)
	if err != nil {
		return nil, fmt.Errorf("acs calls of tenant %s: %w", q.Tenant, err)
	}
	ids, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (string, error) {
		var start *time.Time
		var id string
		return id, r.Scan(&start, &id)
	})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	var b stmtArgs
	query := `SELECT p.call_id, max(p.call_start), max(p.call_type), bool_or(p.interop), ` + tables.ACSParticipantSums + `
		FROM acs_participants p WHERE ` + acsWhere(q, &b, false) + ` AND p.call_id = ANY(` + b.add(ids) + `) GROUP BY p.call_id`
	rows, err = d.pool.Query(ctx, query, b.vals...)
	if err != nil {
		return nil, fmt.Errorf("acs calls of tenant %s: %w", q.Tenant, err)
	}
	defer rows.Close()
	byID := make(map[string]store.ACSCall, len(ids))
	for rows.Next() {
		var c store.ACSCall
		var start *time.Time
		var callType *string
		if err := rows.Scan(append([]any{&c.ID, &start, &callType, &c.Interop}, store.ACSSumTargets(&c.ACSSums)...)...); err != nil {
			return nil, fmt.Errorf("acs calls of tenant %s: %w", q.Tenant, err)
		}
		if start != nil {
			c.Start = start.UTC()
		}
		if callType != nil {
			c.CallType = *callType
		}
		byID[c.ID] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("acs calls of tenant %s: %w", q.Tenant, err)
	}
	out := make([]store.ACSCall, 0, len(ids))
	for _, id := range ids {
		out = append(out, byID[id])
	}
	return out, nil
}

// acsParticipantColumns are acs_participants' columns in the rows
// acsParticipantRows copies.
var acsParticipantColumns = func() []string {
	names := make([]string, len(tables.ACSParticipantColumns))
	for i, c := range tables.ACSParticipantColumns {
		names[i] = c.Name
	}
	return names
}()

// acsParticipantRows are the rows of a call's participant facts.
func acsParticipantRows(facts []model.ACSParticipantFact) [][]any {
	out := make([][]any, 0, len(facts))
	for i := range facts {
		vals := tables.RowOf(tables.ACSParticipantColumns, &facts[i], nil)
		row := make([]any, len(vals))
		for j, v := range vals {
			row[j] = v
		}
		out = append(out, row)
	}
	return out
}

// rebuildACSParticipants writes the participants of every stored ACS
// call from the call: what migration 012 runs, in its transaction.
func rebuildACSParticipants(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `SELECT tenant, id FROM calls WHERE source = 'acs' ORDER BY tenant, id`)
	if err != nil {
		return err
	}
	type key struct{ tenant, id string }
	keys, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (key, error) {
		var k key
		return k, r.Scan(&k.tenant, &k.id)
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		var z []byte
		if err := tx.QueryRow(ctx, `SELECT detail FROM calls WHERE tenant = $1 AND id = $2`, k.tenant, k.id).Scan(&z); err != nil {
			return err
		}
		b, err := store.DecompressDetail(z)
		if err != nil {
			return fmt.Errorf("call %s of tenant %s: %w", k.id, k.tenant, err)
		}
		var c model.Call
		if err := model.DecodeJSON(b, &c); err != nil {
			return fmt.Errorf("call %s of tenant %s: %w", k.id, k.tenant, err)
		}
		c.Tenant = k.tenant
		if err := subtractACSParticipants(ctx, tx, k.tenant, []string{k.id}); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM acs_participants WHERE tenant = $1 AND call_id = $2`, k.tenant, k.id); err != nil {
			return err
		}
		facts := [][]model.ACSParticipantFact{model.ACSParticipantFacts(&c)}
		if err := copyRows(ctx, tx, "acs_participants", acsParticipantColumns, acsParticipantRows(facts[0])); err != nil {
			return fmt.Errorf("call %s of tenant %s: %w", k.id, k.tenant, err)
		}
		if err := copyRows(ctx, tx, "acs_participant_days", acsDayColumns, acsDayRows(facts)); err != nil {
			return fmt.Errorf("call %s of tenant %s: %w", k.id, k.tenant, err)
		}
	}
	return compactACSDays(ctx, tx, `true`)
}
