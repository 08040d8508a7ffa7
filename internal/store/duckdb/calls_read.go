package duckdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/tables"
)

// Call implements store.Store.
func (d *DB) Call(ctx context.Context, tenant, id string) (*model.Call, error) {
	detail, err := d.storedDetail(ctx, tenant, id)
	if err != nil {
		return nil, err
	}
	c, err := decodeCall(detail)
	if err != nil {
		return nil, fmt.Errorf("call %s of tenant %s: %w", id, tenant, err)
	}
	return c, nil
}

var _ store.LazyCallReader = (*DB)(nil)

// LazyCall implements store.LazyCallReader.
func (d *DB) LazyCall(ctx context.Context, tenant, id string) (*store.LazyCall, error) {
	if err := d.checkCallRead(tenant, id); err != nil {
		return nil, err
	}
	if ix := d.people.Load(); ix != nil {
		// An index closed by a compaction under this read answers with
		// an error; the table answers instead.
		if lc, found, err := ix.lazyCall(tenant, id); found && err == nil {
			return lc, nil
		}
	}
	detail, err := d.callDetail(ctx, tenant, id)
	if err != nil {
		return nil, err
	}
	lc, err := store.DecodeLazyCall(detail)
	if err != nil {
		return nil, fmt.Errorf("call %s of tenant %s: %w", id, tenant, err)
	}
	return lc, nil
}

// storedDetail reads a call's canonical JSON: from the people index when
// it has the call, else from the table.
func (d *DB) storedDetail(ctx context.Context, tenant, id string) ([]byte, error) {
	if err := d.checkCallRead(tenant, id); err != nil {
		return nil, err
	}
	if ix := d.people.Load(); ix != nil {
		// An index closed by a compaction under this read answers with
		// an error; the table answers instead.
		if detail, found, _ := ix.detail(tenant, id); found {
			return detail, nil
		}
	}
	return d.callDetail(ctx, tenant, id)
}

// checkCallRead refuses to read a call of a closed store or of no tenant.
func (d *DB) checkCallRead(tenant, id string) error {
	if err := d.check(); err != nil {
		return err
	}
	if tenant == "" {
		return fmt.Errorf("call %s: no tenant: %w", id, store.ErrInvalid)
	}
	return nil
}

// callDetail reads the stored JSON of one call. The id goes into the
// query as a literal, alone, because that is the only form in which
// DuckDB uses the index on calls.id (migration 004); the tenant's row is
// picked here from the copies of every tenant that observed the call,
// which are few. An id that cannot be written as a literal takes the
// slower parameterized query, which scans the table. DuckDB's strings
// are UTF-8, so no call is stored under an id that is not.
func (d *DB) callDetail(ctx context.Context, tenant, id string) ([]byte, error) {
	if !utf8.ValidString(id) {
		return nil, fmt.Errorf("call %q of tenant %s: %w", id, tenant, store.ErrNotFound)
	}
	lit, ok := sqlLiteral(id)
	if !ok {
		var text, z []byte
		defer d.pin()()
		err := d.db.QueryRowContext(ctx, `SELECT detail, detail_zstd FROM calls WHERE tenant = ? AND id = ?`, tenant, id).Scan(&text, &z)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("call %s of tenant %s: %w", id, tenant, store.ErrNotFound)
		}
		if err != nil {
			return nil, d.wrap("read call "+id, err)
		}
		return detailJSON(text, z)
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, `SELECT tenant, detail, detail_zstd FROM calls WHERE id = `+lit)
	if err != nil {
		return nil, d.wrap("read call "+id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var t string
		var text, z []byte
		if err := rows.Scan(&t, &text, &z); err != nil {
			return nil, d.wrap("read call "+id, err)
		}
		if t == tenant {
			return detailJSON(text, z)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("read call "+id, err)
	}
	return nil, fmt.Errorf("call %s of tenant %s: %w", id, tenant, store.ErrNotFound)
}

// sqlLiteral writes s as a SQL string literal: DuckDB reads no escapes
// between single quotes but a doubled quote, so doubling quotes is the
// whole of it. Strings with a NUL byte or invalid UTF-8 are refused
// (false), lest the database read them otherwise than Go wrote them.
func sqlLiteral(s string) (string, bool) {
	if strings.ContainsRune(s, 0) || !utf8.ValidString(s) {
		return "", false
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'", true
}

// callWhere turns a filter into a WHERE clause over calls (alias c).
func callWhere(f store.CallFilter) (string, []any, error) {
	if f.Tenant == "" {
		return "", nil, fmt.Errorf("list calls: no tenant: %w", store.ErrInvalid)
	}
	if f.Limit < 0 || f.Offset < 0 {
		return "", nil, fmt.Errorf("list calls: negative limit or offset: %w", store.ErrInvalid)
	}
	where := []string{"c.tenant = ?"}
	args := []any{f.Tenant}
	if !f.Since.IsZero() {
		where = append(where, "c.start_time >= ?")
		args = append(args, f.Since)
	}
	if !f.UndatedStoredBefore.IsZero() {
		where = append(where, "c.start_time IS NULL AND c.stored_at < ?")
		args = append(args, f.UndatedStoredBefore)
	}
	if !f.Before.IsZero() {
		where = append(where, "c.start_time < ?")
		args = append(args, f.Before)
	}
	if user := strings.TrimSpace(f.User); user != "" {
		// A person is found by any of the three identifiers; each
		// comparison is against a value normalized as it was stored.
		// Object ids are GUIDs, which people type in either case.
		where = append(where, `c.id IN (SELECT call_id FROM call_people
			WHERE tenant = ? AND (lower(person_id) = ? OR upn = ? OR phone = ?))`)
		args = append(args, f.Tenant, strings.ToLower(user), strings.ToLower(user), tables.NormalizePhone(user))
	}
	return strings.Join(where, " AND "), args, nil
}

// ListCalls implements store.Store.
func (d *DB) ListCalls(ctx context.Context, f store.CallFilter) ([]store.CallSummary, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	where, args, err := callWhere(f)
	if err != nil {
		return nil, err
	}
	if ix := d.people.Load(); ix != nil && indexable(f) {
		// An index closed by a compaction under this read answers with
		// an error; the tables answer instead.
		if out, err := ix.list(f); err == nil {
			return out, nil
		}
	}
	out, err := d.listCallRows(ctx, f, where, args)
	if err != nil {
		return nil, err
	}
	if err := d.addOwn(ctx, f, out); err != nil {
		return nil, err
	}
	return out, nil
}

// listCallRows is ListCalls read from the tables.
func (d *DB) listCallRows(ctx context.Context, f store.CallFilter, where string, args []any) ([]store.CallSummary, error) {
	q := `SELECT ` + summaryColumns + ` FROM calls c WHERE ` + where + ` ORDER BY start_time DESC NULLS LAST, id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	if f.Offset > 0 {
		q += ` OFFSET ?`
		args = append(args, f.Offset)
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, d.wrap("list calls", err)
	}
	defer rows.Close()
	var out []store.CallSummary
	for rows.Next() {
		s, err := scanSummary(rows)
		if err != nil {
			return nil, d.wrap("list calls", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("list calls", err)
	}
	return out, nil
}

// addOwn reads the looked-up user's own verdicts of a page of calls.
func (d *DB) addOwn(ctx context.Context, f store.CallFilter, calls []store.CallSummary) error {
	user := strings.TrimSpace(f.User)
	if user == "" || len(calls) == 0 {
		return nil
	}
	args := []any{f.Tenant, strings.ToLower(user), strings.ToLower(user), tables.NormalizePhone(user)}
	marks := make([]string, len(calls))
	for i, c := range calls {
		marks[i] = "?"
		args = append(args, c.ID)
	}
	var own []store.OwnRow
	err := d.query(ctx, `SELECT call_id, own_sessions, coalesce(own_rating, ''), coalesce(own_red_issues, 0), coalesce(own_yellow_issues, 0)
		FROM call_people WHERE tenant = ? AND (lower(person_id) = ? OR upn = ? OR phone = ?) AND own_sessions IS NOT NULL
		AND call_id IN (`+strings.Join(marks, ", ")+`)`, args, func(rows *sql.Rows) error {
		var r store.OwnRow
		if err := rows.Scan(&r.CallID, &r.Own.Sessions, &r.Own.Rating, &r.Own.RedIssues, &r.Own.YellowIssues); err != nil {
			return err
		}
		own = append(own, r)
		return nil
	})
	if err != nil {
		return d.wrap("list calls: own verdicts", err)
	}
	store.BestOwn(calls, own)
	return nil
}

// summaryColumns are what a call list reads of each call.
const summaryColumns = `tenant, id, version, source, type, start_time, end_time, modalities,
	sessions, streams, participants, partial, coalesce(rating, ''), coalesce(rules, ''),
	coalesce(red_issues, 0), coalesce(yellow_issues, 0)`

// scanSummary reads a row of summaryColumns, followed by the columns
// more is scanned into.
func scanSummary(rows *sql.Rows, more ...any) (store.CallSummary, error) {
	var s store.CallSummary
	var source, mods string
	var start, end sql.NullTime
	dest := append([]any{&s.Tenant, &s.ID, &s.Version, &source, &s.Type, &start, &end, &mods,
		&s.Sessions, &s.Streams, &s.Participants, &s.Partial, &s.Rating, &s.Rules,
		&s.RedIssues, &s.YellowIssues}, more...)
	if err := rows.Scan(dest...); err != nil {
		return s, err
	}
	s.Source = model.Source(source)
	s.Start, s.End = utc(start), utc(end)
	if err := json.Unmarshal([]byte(mods), &s.Modalities); err != nil {
		return s, fmt.Errorf("call %s: modalities: %w", s.ID, err)
	}
	return s, nil
}

func utc(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// scanPage is how many calls ScanCalls reads per query: enough to keep
// queries few, few enough to keep memory flat.
const scanPage = 256

// ScanCalls implements store.Store. It pages by id rather than holding
// one result open, because DuckDB materializes a result in full, and so
// that fn may use the store between pages.
func (d *DB) ScanCalls(ctx context.Context, f store.CallFilter, fn func(*model.Call) error) error {
	if err := d.check(); err != nil {
		return err
	}
	where, args, err := callWhere(f)
	if err != nil {
		return err
	}
	q := `SELECT id, detail, detail_zstd FROM calls c WHERE ` + where + ` AND c.id > ? ORDER BY c.id LIMIT ?`
	skip, left := f.Offset, f.Limit
	after := ""
	for {
		page, err := d.scanPage(ctx, q, append(args[:len(args):len(args)], after, scanPage))
		if err != nil {
			return err
		}
		for _, p := range page {
			after = p.id
			if skip > 0 {
				skip--
				continue
			}
			detail, err := detailJSON(p.detail, p.z)
			if err != nil {
				return fmt.Errorf("scan calls: call %s of tenant %s: %w", p.id, f.Tenant, err)
			}
			c, err := decodeCall(detail)
			if err != nil {
				return fmt.Errorf("scan calls: call %s of tenant %s: %w", p.id, f.Tenant, err)
			}
			if err := fn(c); err != nil {
				return err
			}
			if f.Limit > 0 {
				if left--; left == 0 {
					return nil
				}
			}
		}
		if len(page) < scanPage {
			return nil
		}
	}
}

type scanned struct {
	id        string
	detail, z []byte
}

// scanPage reads one page and closes the result before fn sees it.
func (d *DB) scanPage(ctx context.Context, q string, args []any) ([]scanned, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, d.wrap("scan calls", err)
	}
	defer rows.Close()
	var page []scanned
	for rows.Next() {
		var s scanned
		if err := rows.Scan(&s.id, &s.detail, &s.z); err != nil {
			return nil, d.wrap("scan calls", err)
		}
		page = append(page, s)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("scan calls", err)
	}
	return page, nil
}

// Tenants implements store.Store.
func (d *DB) Tenants(ctx context.Context) ([]string, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, `SELECT tenant FROM calls UNION SELECT tenant FROM acs_records UNION SELECT tenant FROM usage_rows ORDER BY tenant`)
	if err != nil {
		return nil, d.wrap("list tenants", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, d.wrap("list tenants", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("list tenants", err)
	}
	return out, nil
}

// CallVersions implements store.Store.
func (d *DB) CallVersions(ctx context.Context, tenant string, ids []string) (map[string]int64, error) {
	out := map[string]int64{}
	err := d.eachStoredCall(ctx, tenant, "call versions", "version", ids, func(rows *sql.Rows) error {
		var id string
		var v int64
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		out[id] = v
		return nil
	})
	return out, err
}

// CallCounts implements store.Store.
func (d *DB) CallCounts(ctx context.Context, tenant string, ids []string) (map[string]store.CallCounts, error) {
	out := map[string]store.CallCounts{}
	err := d.eachStoredCall(ctx, tenant, "call counts", "sessions, streams", ids, func(rows *sql.Rows) error {
		var id string
		var n store.CallCounts
		if err := rows.Scan(&id, &n.Sessions, &n.Streams); err != nil {
			return err
		}
		out[id] = n
		return nil
	})
	return out, err
}

// eachStoredCall reads cols of every one of the tenant's calls ids that
// is stored, a chunk of ids per query: scan reads each row, the id
// first.
func (d *DB) eachStoredCall(ctx context.Context, tenant, what, cols string, ids []string, scan func(rows *sql.Rows) error) error {
	if err := d.check(); err != nil {
		return err
	}
	if tenant == "" {
		return fmt.Errorf("%s: no tenant: %w", what, store.ErrInvalid)
	}
	err := inChunks(ids, func(ph string, args []any) error {
		defer d.pin()()
		rows, err := d.db.QueryContext(ctx, `SELECT id, `+cols+` FROM calls WHERE tenant = ? AND id IN (`+ph+`)`, append([]any{tenant}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return d.wrap(what+" of tenant "+tenant, err)
	}
	return nil
}
