package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/tables"
)

// Call implements store.Store.
func (d *DB) Call(ctx context.Context, tenant, id string) (*model.Call, error) {
	z, err := d.callDetail(ctx, tenant, id)
	if err != nil {
		return nil, err
	}
	return decodeDetail(tenant, id, z)
}

var _ store.LazyCallReader = (*DB)(nil)

// callDetail reads the compressed record of one call.
func (d *DB) callDetail(ctx context.Context, tenant, id string) ([]byte, error) {
	var z []byte
	err := d.callRow(ctx, tenant, id, `SELECT detail FROM calls WHERE tenant = $1 AND id = $2`, &z)
	return z, err
}

// callRow reads the one row query gives for a call ($1 its tenant, $2
// its id) into dest; no row is ErrNotFound.
func (d *DB) callRow(ctx context.Context, tenant, id, query string, dest ...any) error {
	if err := d.check(); err != nil {
		return err
	}
	if tenant == "" {
		return fmt.Errorf("call %s: no tenant: %w", id, store.ErrInvalid)
	}
	err := d.pool.QueryRow(ctx, query, tenant, id).Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) || invalidText(err) {
		return fmt.Errorf("call %s of tenant %s: %w", id, tenant, store.ErrNotFound)
	}
	if err != nil {
		return d.wrap("read call "+id, err)
	}
	return nil
}

// invalidText reports whether PostgreSQL refused a value as text it
// cannot hold (a NUL byte, invalid UTF-8): no call is stored under such
// an id, so reading one finds nothing.
func invalidText(err error) bool {
	var pe interface{ SQLState() string }
	return errors.As(err, &pe) && (pe.SQLState() == "22021" || pe.SQLState() == "22P05")
}

// decodeDetail reads a stored call from its compressed canonical JSON.
func decodeDetail(tenant, id string, z []byte) (*model.Call, error) {
	b, err := store.DecompressDetail(z)
	if err != nil {
		return nil, fmt.Errorf("call %s of tenant %s: decompress: %w", id, tenant, err)
	}
	var c model.Call
	if err := model.DecodeJSON(b, &c); err != nil {
		return nil, fmt.Errorf("call %s of tenant %s: decode stored call: %w", id, tenant, err)
	}
	return &c, nil
}

// callWhere turns a filter into a WHERE clause over calls (alias c),
// its arguments numbered from $1; newestFirst when the query lists the
// calls newest first with f's limit and offset (ListCalls).
func callWhere(f store.CallFilter, newestFirst bool) (string, []any, error) {
	if f.Tenant == "" {
		return "", nil, fmt.Errorf("list calls: no tenant: %w", store.ErrInvalid)
	}
	if f.Limit < 0 || f.Offset < 0 {
		return "", nil, fmt.Errorf("list calls: negative limit or offset: %w", store.ErrInvalid)
	}
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	tenant := arg(f.Tenant)
	where = append(where, "c.tenant = "+tenant)
	var window []string // the same bounds, on call_people's copy of the start
	if !f.Since.IsZero() {
		since := arg(f.Since)
		where, window = append(where, "c.start_time >= "+since), append(window, "p.start_time >= "+since)
	}
	if !f.UndatedStoredBefore.IsZero() {
		where = append(where, "c.start_time IS NULL AND c.stored_at < "+arg(f.UndatedStoredBefore))
		window = append(window, "p.start_time IS NULL")
	}
	if !f.Before.IsZero() {
		before := arg(f.Before)
		where, window = append(where, "c.start_time < "+before), append(window, "p.start_time < "+before)
	}
	if user := strings.TrimSpace(f.User); user != "" {
		// A person is found by any of the three identifiers, each
		// compared with a value normalized as it was stored (object ids
		// are GUIDs, which people type in either case), each through an
		// index in the list's order (migration 006). Newest first with
		// a limit, each identifier's first limit+offset calls are enough:
		// the list's are among them.
		cond := ""
		for _, w := range window {
			cond += " AND " + w
		}
		if newestFirst && f.Limit > 0 {
			cond += " ORDER BY p.start_time DESC NULLS LAST, p.call_id LIMIT " + arg(f.Limit+f.Offset)
		}
		lower := arg(strings.ToLower(user))
		var matches []string
		for _, m := range []string{"lower(p.person_id) = " + lower, "p.upn = " + lower, "p.phone = " + arg(tables.NormalizePhone(user))} {
			matches = append(matches, "(SELECT DISTINCT p.call_id, p.start_time FROM call_people p WHERE p.tenant = "+tenant+" AND "+m+cond+")")
		}
		where = append(where, "c.id IN (SELECT call_id FROM ("+strings.Join(matches, " UNION ")+") m)")
	}
	return strings.Join(where, " AND "), args, nil
}

// ListCalls implements store.Store.
func (d *DB) ListCalls(ctx context.Context, f store.CallFilter) ([]store.CallSummary, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	where, args, err := callWhere(f, true)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + summaryColumns + ` FROM calls c WHERE ` + where + ` ORDER BY c.start_time DESC NULLS LAST, c.id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q += ` LIMIT $` + strconv.Itoa(len(args))
	}
	if f.Offset > 0 {
		args = append(args, f.Offset)
		q += ` OFFSET $` + strconv.Itoa(len(args))
	}
	rows, err := d.pool.Query(ctx, q, args...)
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
	rows.Close()
	if err := d.addOwn(ctx, f, out); err != nil {
		return nil, err
	}
	return out, nil
}

// addOwn reads the looked-up user's own verdicts of a page of calls.
func (d *DB) addOwn(ctx context.Context, f store.CallFilter, calls []store.CallSummary) error {
	user := strings.TrimSpace(f.User)
	if user == "" || len(calls) == 0 {
		return nil
	}
	ids := make([]string, len(calls))
	for i, c := range calls {
		ids[i] = c.ID
	}
	lower := strings.ToLower(user)
	rows, err := d.pool.Query(ctx, `SELECT call_id, own_sessions, coalesce(own_rating, ''), coalesce(own_red_issues, 0), coalesce(own_yellow_issues, 0)
		FROM call_people WHERE tenant = $1 AND call_id = ANY($2) AND own_sessions IS NOT NULL
		AND (lower(person_id) = $3 OR upn = $3 OR phone = $4)`, f.Tenant, ids, lower, tables.NormalizePhone(user))
	if err != nil {
		return d.wrap("list calls: own verdicts", err)
	}
	defer rows.Close()
	var own []store.OwnRow
	for rows.Next() {
		var r store.OwnRow
		var rating string
		if err := rows.Scan(&r.CallID, &r.Own.Sessions, &rating, &r.Own.RedIssues, &r.Own.YellowIssues); err != nil {
			return d.wrap("list calls: own verdicts", err)
		}
		r.Own.Rating = model.Rating(rating)
		own = append(own, r)
	}
	if err := rows.Err(); err != nil {
		return d.wrap("list calls: own verdicts", err)
	}
	store.BestOwn(calls, own)
	return nil
}

// summaryColumns are what a call list reads of each call.
const summaryColumns = `c.tenant, c.id, c.version, c.source, c.type, c.start_time, c.end_time, c.modalities,
	c.sessions, c.streams, c.participants, c.partial, coalesce(c.rating, ''), coalesce(c.rules, ''),
	c.red_issues, c.yellow_issues`

// scanSummary reads a row of summaryColumns.
func scanSummary(rows pgx.Rows) (store.CallSummary, error) {
	var s store.CallSummary
	var source string
	var start, end *time.Time
	if err := rows.Scan(&s.Tenant, &s.ID, &s.Version, &source, &s.Type, &start, &end, &s.Modalities,
		&s.Sessions, &s.Streams, &s.Participants, &s.Partial, &s.Rating, &s.Rules,
		&s.RedIssues, &s.YellowIssues); err != nil {
		return s, err
	}
	s.Source = model.Source(source)
	s.Start, s.End = utc(start), utc(end)
	return s, nil
}

func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// scanPage is how many calls ScanCalls reads per query: enough to keep
// queries few, few enough to keep memory flat.
const scanPage = 256

// ScanCalls implements store.Store. It pages by id, each page read and
// closed before fn sees it, so that fn may use the store (writes
// included) and memory stays flat.
func (d *DB) ScanCalls(ctx context.Context, f store.CallFilter, fn func(*model.Call) error) error {
	if err := d.check(); err != nil {
		return err
	}
	where, args, err := callWhere(f, false)
	if err != nil {
		return err
	}
	n := len(args)
	q := `SELECT c.id, c.detail FROM calls c WHERE ` + where + ` AND c.id > $` + strconv.Itoa(n+1) +
		` ORDER BY c.id LIMIT $` + strconv.Itoa(n+2)
	skip, left := f.Offset, f.Limit
	after := ""
	for {
		page, err := d.scanPage(ctx, q, append(args[:n:n], after, scanPage))
		if err != nil {
			return err
		}
		for _, p := range page {
			after = p.id
			if skip > 0 {
				skip--
				continue
			}
			c, err := decodeDetail(f.Tenant, p.id, p.z)
			if err != nil {
				return fmt.Errorf("scan calls: %w", err)
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
	id string
	z  []byte
}

func (d *DB) scanPage(ctx context.Context, q string, args []any) ([]scanned, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	rows, err := d.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, d.wrap("scan calls", err)
	}
	page, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (scanned, error) {
		var s scanned
		err := row.Scan(&s.id, &s.z)
		return s, err
	})
	if err != nil {
		return nil, d.wrap("scan calls", err)
	}
	return page, nil
}

// Tenants implements store.Store.
func (d *DB) Tenants(ctx context.Context) ([]string, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	rows, err := d.pool.Query(ctx, `SELECT tenant FROM calls UNION SELECT tenant FROM acs_records UNION SELECT tenant FROM usage_rows ORDER BY tenant`)
	if err != nil {
		return nil, d.wrap("list tenants", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, d.wrap("list tenants", err)
	}
	return out, nil
}

// CallVersions implements store.Store.
func (d *DB) CallVersions(ctx context.Context, tenant string, ids []string) (map[string]int64, error) {
	out := map[string]int64{}
	err := d.eachStoredCall(ctx, tenant, "call versions", "version", ids, func(rows pgx.Rows) error {
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
	err := d.eachStoredCall(ctx, tenant, "call counts", "sessions, streams", ids, func(rows pgx.Rows) error {
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
// is stored: scan reads each row, the id first.
func (d *DB) eachStoredCall(ctx context.Context, tenant, what, cols string, ids []string, scan func(rows pgx.Rows) error) error {
	if err := d.check(); err != nil {
		return err
	}
	if tenant == "" {
		return fmt.Errorf("%s: no tenant: %w", what, store.ErrInvalid)
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := d.pool.Query(ctx, `SELECT id, `+cols+` FROM calls WHERE tenant = $1 AND id = ANY($2)`, tenant, validText(ids))
	if err != nil {
		return d.wrap(what+" of tenant "+tenant, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return d.wrap(what+" of tenant "+tenant, err)
		}
	}
	if err := rows.Err(); err != nil {
		return d.wrap(what+" of tenant "+tenant, err)
	}
	return nil
}

// validText leaves out the ids PostgreSQL cannot hold as text (a NUL
// byte, invalid UTF-8), which would fail the whole query: no call is
// stored under one.
func validText(ids []string) []string {
	out := ids[:0:0]
	for _, id := range ids {
		if !strings.ContainsRune(id, 0) && utf8.ValidString(id) {
			out = append(out, id)
		}
	}
	return out
}

// Stats implements store.Store.
func (d *DB) Stats(ctx context.Context, tenant string) (store.Stats, error) {
	var s store.Stats
	if err := d.check(); err != nil {
		return s, err
	}
	const scope = `($1 = '' OR tenant = $1)`
	err := d.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM calls WHERE `+scope+`),
		(SELECT coalesce(sum(sessions), 0) FROM calls WHERE `+scope+`),
		(SELECT count(*) FROM stream_facts WHERE `+scope+` AND media_kind <> 'none'),
		(SELECT count(*) FROM call_people WHERE `+scope+`),
		(SELECT count(*) FROM acs_records WHERE `+scope+`),
		(SELECT count(*) FROM usage_rows WHERE `+scope+`)`, tenant,
	).Scan(&s.Calls, &s.Sessions, &s.Streams, &s.People, &s.ACSRecords, &s.UsageRows)
	if err != nil {
		return s, d.wrap("stats", err)
	}
	return s, nil
}
