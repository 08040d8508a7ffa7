package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/tables"
)

// The ACS insights report reads acs_participants (migration 017): one
// row per participant of an ACS call, written and deleted with the call.

// subtractACSParticipants takes the participants of the tenant's calls
// ids out of the daily sums; the caller deletes them.
func subtractACSParticipants(tx *txConn, tenant string, ids []string) error {
	return inChunks(ids, func(ph string, args []any) error {
		return tx.exec(tables.ACSDaysOf("-", `p.tenant = ? AND p.call_id IN (`+ph+`)`), append([]any{tenant}, args...)...)
	})
}

// compactACSDays sums the daily sums that cond selects (of
// acs_participant_days p, with its arguments) again, a row per key, so
// that the rows writes append (and take out) do not pile up.
func compactACSDays(tx *txConn, cond string, args ...any) error {
	for _, q := range []struct {
		stmt string
		args []any
	}{
		{`CREATE TEMP TABLE acs_compact AS ` + tables.ACSCompactSelect(cond), args},
		{`DELETE FROM acs_participant_days WHERE (` + strings.ReplaceAll(cond, "p.", "acs_participant_days.") + `)`, args},
		{`INSERT INTO acs_participant_days SELECT * FROM acs_compact`, nil},
		{`DROP TABLE acs_compact`, nil},
	} {
		if err := tx.exec(q.stmt, q.args...); err != nil {
			return fmt.Errorf("compact the ACS participants' sums: %w", err)
		}
	}
	return nil
}

// compactACSWritten compacts the days of the calls written, by tenant.
func compactACSWritten(tx *txConn, facts [][]model.ACSParticipantFact) error {
	byTenant := map[string][][]model.ACSParticipantFact{}
	for _, fs := range facts {
		if len(fs) > 0 {
			byTenant[fs[0].Tenant] = append(byTenant[fs[0].Tenant], fs)
		}
	}
	for tenant, fs := range byTenant {
		days, undated := tables.ACSRollupDays(fs)
		var conds []string
		args := []any{tenant}
		if len(days) > 0 {
			ph := make([]string, len(days))
			for i, d := range days {
				ph[i] = "CAST(? AS DATE)"
				args = append(args, d.Format(time.DateOnly))
			}
			conds = append(conds, "p.day IN ("+strings.Join(ph, ", ")+")")
		}
		if undated {
			conds = append(conds, "p.day IS NULL")
		}
		if err := compactACSDays(tx, "p.tenant = ? AND ("+strings.Join(conds, " OR ")+")", args...); err != nil {
			return err
		}
	}
	return nil
}

// acsKey is a dimension's value as text, NULL where unknown.
func acsKey(d store.ACSDimension) string {
	switch d {
	case store.ACSDay:
		return "strftime(p.day, '%Y-%m-%d')"
	case store.ACSWeek:
		return "strftime(date_trunc('week', p.day), '%Y-%m-%d')"
	case store.ACSInterop:
		return "CASE WHEN p.interop THEN 'true' ELSE 'false' END"
	}
	return "p." + store.ACSDimensionColumn(d)
}

// acsWhere is the condition of the participants q selects, and its
// arguments; byDay bounds the window by the day column, as the daily
// sums must be (their windows are whole days).
func acsWhere(q store.ACSQuery, byDay bool) (string, []any) {
	conds := []string{"p.tenant = ?"}
	args := []any{q.Tenant}
	for _, b := range []struct {
		t  time.Time
		op string
	}{{q.Since, ">="}, {q.Until, "<"}} {
		switch {
		case b.t.IsZero():
		case byDay:
			conds = append(conds, "p.day "+b.op+" CAST(? AS DATE)")
			args = append(args, b.t.UTC().Format(time.DateOnly))
		default:
			conds = append(conds, "p.call_start "+b.op+" ?")
			args = append(args, b.t.UTC())
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
			vals = append(vals, "?")
			args = append(args, v)
		}
		if len(vals) > 0 {
			ors = append(ors, key+" IN ("+strings.Join(vals, ", ")+")")
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	return strings.Join(conds, " AND "), args
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
	calls, daily := store.ACSRollupCalls(q)
	where, args := acsWhere(q, daily)
	sums, from, having := tables.ACSParticipantSums, "acs_participants", ""
	if daily {
		sums, from, having = tables.ACSDaySums(calls), "acs_participant_days", " HAVING sum(p.n) <> 0 OR sum(p.surveys) <> 0"
	}
	query := `SELECT ` + sums + ` FROM ` + from + ` p WHERE ` + where + having
	if len(keys) > 0 {
		query = `SELECT ` + strings.Join(keys, ", ") + ", " + sums + ` FROM ` + from + ` p WHERE ` + where +
			` GROUP BY ` + strings.Join(keys, ", ") + having
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, d.wrap("acs aggregate of tenant "+q.Tenant, err)
	}
	defer rows.Close()
	var out []store.ACSRow
	for rows.Next() {
		var r store.ACSRow
		key := make([]sql.NullString, len(keys))
		dest := make([]any, 0, len(keys)+21)
		for i := range key {
			dest = append(dest, &key[i])
		}
		if err := rows.Scan(append(dest, store.ACSSumTargets(&r.ACSSums)...)...); err != nil {
			return nil, d.wrap("acs aggregate of tenant "+q.Tenant, err)
		}
		for _, k := range key {
			if k.Valid {
				r.Key = append(r.Key, &k.String)
			} else {
				r.Key = append(r.Key, nil)
			}
		}
		if len(keys) > 0 || r.Participants > 0 || r.Surveys > 0 {
			out = append(out, r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("acs aggregate of tenant "+q.Tenant, err)
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
	where, args := acsWhere(q, false)
	query := `SELECT issue, CAST(count(*) AS BIGINT) FROM (
		SELECT unnest(string_split(p.issues, ',')) AS issue FROM acs_participants p WHERE ` + where + ` AND p.issues IS NOT NULL)
		GROUP BY issue`
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, d.wrap("acs issues of tenant "+q.Tenant, err)
	}
	defer rows.Close()
	var out []store.ACSIssue
	for rows.Next() {
		var text string
		var n int64
		if err := rows.Scan(&text, &n); err != nil {
			return nil, d.wrap("acs issues of tenant "+q.Tenant, err)
		}
		is := store.SplitIssue(text)
		is.Surveys = n
		out = append(out, is)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("acs issues of tenant "+q.Tenant, err)
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
	where, args := acsWhere(q, false)
	query := `SELECT p.call_id, max(p.call_start), max(p.call_type), bool_or(p.interop), ` + tables.ACSParticipantSums + `
		FROM acs_participants p WHERE ` + where + ` GROUP BY p.call_id
		ORDER BY max(p.call_start) DESC NULLS LAST, p.call_id`
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	if offset > 0 {
		query += ` OFFSET ?`
		args = append(args, offset)
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, d.wrap("acs calls of tenant "+q.Tenant, err)
	}
	defer rows.Close()
	var out []store.ACSCall
	for rows.Next() {
		var c store.ACSCall
		var start sql.NullTime
		var callType sql.NullString
		if err := rows.Scan(append([]any{&c.ID, &start, &callType, &c.Interop}, store.ACSSumTargets(&c.ACSSums)...)...); err != nil {
			return nil, d.wrap("acs calls of tenant "+q.Tenant, err)
		}
		c.Start, c.CallType = utc(start), callType.String
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("acs calls of tenant "+q.Tenant, err)
	}
	return out, nil
}

// appendACSParticipants appends the participant facts of calls, a
// call's each, and adds them to the daily sums, whose days it then
// compacts (those the calls' replaced versions were taken out of are
// the same days but when a call's start moved across midnight).
func appendACSParticipants(tx *txConn, facts [][]model.ACSParticipantFact) error {
	n := 0
	for _, fs := range facts {
		n += len(fs)
	}
	if n == 0 {
		return nil
	}
	err := tx.appendRows("acs_participant_days", func(add func(...driver.Value) error) error {
		for _, row := range tables.ACSRollupRows(facts) {
			if err := add(row...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = tx.appendRows("acs_participants", func(add func(...driver.Value) error) error {
		var row []driver.Value
		for _, fs := range facts {
			for i := range fs {
				row = tables.RowOf(tables.ACSParticipantColumns, &fs[i], row)
				if err := add(row...); err != nil {
					return fmt.Errorf("call %s: %w", fs[i].CallID, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return compactACSWritten(tx, facts)
}

// acsRebuildBatch is how many ACS calls' participants are written per
// transaction when a migration asks for them.
const acsRebuildBatch = 256

// rebuildACSParticipantsIfAsked writes the participants of every stored
// ACS call from the call, when a migration asks for them (the setting
// acs-participants-rebuild), a page of calls at a time so that memory
// does not follow the store. The setting goes last: a rebuild cut short
// starts again at the next open, and writing a call's rows twice gives
// the same rows.
func (d *DB) rebuildACSParticipantsIfAsked(ctx context.Context) error {
	if asked, err := d.asked(ctx, "acs-participants-rebuild"); err != nil || !asked {
		return err
	}
	tenants, err := d.Tenants(ctx)
	if err != nil {
		return err
	}
	q := `SELECT id, detail, detail_zstd FROM calls WHERE tenant = ? AND source = 'acs' AND id > ? ORDER BY id LIMIT ?`
	for _, tenant := range tenants {
		after := ""
		for {
			page, err := d.scanPage(ctx, q, []any{tenant, after, acsRebuildBatch})
			if err != nil {
				return fmt.Errorf("rebuild ACS participants of tenant %s: %w", tenant, err)
			}
			ids := make([]string, 0, len(page))
			facts := make([][]model.ACSParticipantFact, 0, len(page))
			for _, p := range page {
				after = p.id
				detail, err := detailJSON(p.detail, p.z)
				if err != nil {
					return fmt.Errorf("rebuild ACS participants: call %s of tenant %s: %w", p.id, tenant, err)
				}
				c, err := decodeCall(detail)
				if err != nil {
					return fmt.Errorf("rebuild ACS participants: call %s of tenant %s: %w", p.id, tenant, err)
				}
				c.Tenant = tenant
				ids = append(ids, p.id)
				facts = append(facts, model.ACSParticipantFacts(c))
			}
			err = d.writeTx(ctx, "rebuild ACS participants", func(tx *txConn) error {
				if err := subtractACSParticipants(tx, tenant, ids); err != nil {
					return err
				}
				err := inChunks(ids, func(ph string, args []any) error {
					return tx.exec(`DELETE FROM acs_participants WHERE tenant = ? AND call_id IN (`+ph+`)`, append([]any{tenant}, args...)...)
				})
				if err != nil {
					return err
				}
				return appendACSParticipants(tx, facts)
			})
			if err != nil {
				return fmt.Errorf("rebuild ACS participants of tenant %s: %w", tenant, err)
			}
			if len(page) < acsRebuildBatch {
				break
			}
		}
	}
	return d.writeTx(ctx, "rebuild ACS participants", func(tx *txConn) error {
		return tx.exec(`DELETE FROM settings WHERE key = 'acs-participants-rebuild'`)
	})
}
