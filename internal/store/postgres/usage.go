package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// usageKey is where a usage row is kept within its tenant.
type usageKey struct{ kind, id string }

// usageState is the stored or batch-written content of one usage row.
type usageState struct {
	hash  string
	dirty bool
	row   *model.UsageRow // nil for a row as stored
	enc   []byte
}

// usageContentKeyPrefix marks the id of a usage row that came without
// one: its key is the hash of its content, as in the embedded store.
const usageContentKeyPrefix = "sha256:"

// usageScanPage is how many rows ScanUsageRows reads per query.
const usageScanPage = 256

// PutUsageRows implements store.Store.
func (d *DB) PutUsageRows(ctx context.Context, tenant string, rows []*model.UsageRow) ([]model.Outcome, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if tenant == "" {
		return nil, fmt.Errorf("put usage rows: no tenant: %w", store.ErrInvalid)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	keys := make([]usageKey, len(rows))
	enc := make([][]byte, len(rows))
	hashes := make([]string, len(rows))
	for i, r := range rows {
		if r == nil || r.Kind == "" {
			return nil, fmt.Errorf("put usage rows: row %d is nil or has no kind: %w", i, store.ErrInvalid)
		}
		// encoding/json, as the embedded store encodes rows: a row without
		// an id is keyed by the hash of this encoding, which must not change.
		b, err := json.Marshal(r)
		if err != nil {
			return nil, fmt.Errorf("put usage rows: encode row %d: %w", i, err)
		}
		enc[i], hashes[i] = b, store.ContentHash(b)
		id := r.ID
		if id == "" {
			id = usageContentKeyPrefix + hashes[i]
		}
		keys[i] = usageKey{string(r.Kind), id}
	}
	outcomes := make([]model.Outcome, len(rows))
	err := d.inTx(ctx, "put usage rows", func(tx pgx.Tx) error {
		if err := lockTenantRecords(ctx, tx, "usage rows", tenant); err != nil {
			return err
		}
		states, err := loadUsageStates(ctx, tx, tenant, keys)
		if err != nil {
			return err
		}
		var order []usageKey
		for i, r := range rows {
			k := keys[i]
			st := states[k]
			switch {
			case st == nil:
				st = &usageState{}
				states[k] = st
				outcomes[i] = model.Inserted
			case st.hash == hashes[i] || !model.FullerJSON(enc[i], st.enc):
				// The same row again, or a thinner copy of it (a v1.0 row after
				// its beta copy): keep the fuller, whatever the arrival order.
				outcomes[i] = model.Unchanged
				continue
			default:
				outcomes[i] = model.Replaced
			}
			if !st.dirty {
				order = append(order, k)
			}
			st.hash, st.dirty, st.row, st.enc = hashes[i], true, r, enc[i]
		}
		return writeUsage(ctx, tx, tenant, order, states, d.now())
	})
	if err != nil {
		return nil, err
	}
	return outcomes, nil
}

// loadUsageStates reads the stored rows under keys.
func loadUsageStates(ctx context.Context, tx pgx.Tx, tenant string, keys []usageKey) (map[usageKey]*usageState, error) {
	seen := make(map[usageKey]bool, len(keys))
	var kinds, ids []string
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			kinds, ids = append(kinds, k.kind), append(ids, k.id)
		}
	}
	rows, err := tx.Query(ctx, `SELECT r.kind, r.id, r.content_hash, r.row
		FROM unnest($2::text[], $3::text[]) AS u(kind, id)
		JOIN usage_rows r ON r.tenant = $1 AND r.kind = u.kind AND r.id = u.id`, tenant, kinds, ids)
	if err != nil {
		return nil, fmt.Errorf("read stored usage rows: %w", err)
	}
	defer rows.Close()
	states := map[usageKey]*usageState{}
	for rows.Next() {
		var k usageKey
		var text string
		st := &usageState{}
		if err := rows.Scan(&k.kind, &k.id, &st.hash, &text); err != nil {
			return nil, fmt.Errorf("read stored usage rows: %w", err)
		}
		st.enc = []byte(text)
		states[k] = st
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read stored usage rows: %w", err)
	}
	return states, nil
}

// writeUsage stores the rows of order as their states hold them, over
// what is stored under the same keys, in one statement.
func writeUsage(ctx context.Context, tx pgx.Tx, tenant string, order []usageKey, states map[usageKey]*usageState, now time.Time) error {
	if len(order) == 0 {
		return nil
	}
	n := len(order)
	kinds, ids, hashes, texts := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	starts := make([]*time.Time, n)
	for i, k := range order {
		st := states[k]
		kinds[i], ids[i], hashes[i], texts[i] = k.kind, k.id, st.hash, string(st.enc)
		// SMS rows have no start; when they were sent stands for it, so
		// that retention ages them too.
		if starts[i] = st.row.StartDateTime.Ptr(); starts[i] == nil {
			starts[i] = st.row.SentDateTime.Ptr()
		}
	}
	_, err := tx.Exec(ctx, `INSERT INTO usage_rows (tenant, kind, id, start_time, content_hash, row, stored_at)
		SELECT $1, u.kind, u.id, u.start_time, u.content_hash, u.row, $7
		FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[]) AS u(kind, id, start_time, content_hash, row)
		ON CONFLICT (tenant, kind, id) DO UPDATE SET
			start_time = EXCLUDED.start_time, content_hash = EXCLUDED.content_hash,
			row = EXCLUDED.row, stored_at = EXCLUDED.stored_at`,
		tenant, kinds, ids, starts, hashes, texts, now)
	if err != nil {
		return fmt.Errorf("write usage rows: %w", err)
	}
	return nil
}

// ScanUsageRows implements store.Store. It pages by (kind, id), which the
// primary key orders, rather than holding one result open, so that fn
// may write between pages and memory stays flat.
func (d *DB) ScanUsageRows(ctx context.Context, tenant string, before time.Time, fn func(store.UsageRecord) error) error {
	if err := d.check(); err != nil {
		return err
	}
	if tenant == "" {
		return fmt.Errorf("scan usage rows: no tenant: %w", store.ErrInvalid)
	}
	var cutoff *time.Time
	if !before.IsZero() {
		cutoff = &before
	}
	// Every kind is non-empty, so ('', '') comes before every row.
	lastKind, lastID := "", ""
	for {
		page, err := d.usagePage(ctx, tenant, lastKind, lastID, cutoff)
		if err != nil {
			return err
		}
		for _, r := range page {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(page) < usageScanPage {
			return nil
		}
		last := page[len(page)-1]
		lastKind, lastID = string(last.Row.Kind), last.Key
	}
}

// usagePage reads the tenant's rows after (kind, id) that started before
// cutoff (nil: any), a page of them.
func (d *DB) usagePage(ctx context.Context, tenant, kind, id string, cutoff *time.Time) ([]store.UsageRecord, error) {
	rows, err := d.pool.Query(ctx, `SELECT kind, id, row FROM usage_rows
		WHERE tenant = $1 AND (kind, id) > ($2, $3) AND ($4::timestamptz IS NULL OR start_time < $4)
		ORDER BY kind, id LIMIT $5`, tenant, kind, id, cutoff, usageScanPage)
	if err != nil {
		return nil, d.wrap("scan usage rows", err)
	}
	defer rows.Close()
	var out []store.UsageRecord
	for rows.Next() {
		var kind, id, text string
		if err := rows.Scan(&kind, &id, &text); err != nil {
			return nil, d.wrap("scan usage rows", err)
		}
		var row model.UsageRow
		if err := json.Unmarshal([]byte(text), &row); err != nil {
			return nil, fmt.Errorf("scan usage rows: row %s/%s of tenant %s: %w", kind, id, tenant, err)
		}
		row.Kind = model.UsageKind(kind)
		out = append(out, store.UsageRecord{Key: id, Row: &row})
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("scan usage rows", err)
	}
	return out, nil
}

// RewriteUsageRows implements store.Store.
func (d *DB) RewriteUsageRows(ctx context.Context, tenant string, rows []store.UsageRecord) error {
	if err := d.check(); err != nil {
		return err
	}
	if tenant == "" {
		return fmt.Errorf("rewrite usage rows: no tenant: %w", store.ErrInvalid)
	}
	if len(rows) == 0 {
		return nil
	}
	states := make(map[usageKey]*usageState, len(rows))
	var order []usageKey
	for i, r := range rows {
		if r.Row == nil || r.Row.Kind == "" || r.Key == "" {
			return fmt.Errorf("rewrite usage rows: row %d has no row, kind or key: %w", i, store.ErrInvalid)
		}
		k := usageKey{string(r.Row.Kind), r.Key}
		enc, err := json.Marshal(r.Row)
		if err != nil {
			return fmt.Errorf("rewrite usage rows: encode row %s/%s: %w", k.kind, k.id, err)
		}
		if states[k] == nil {
			order = append(order, k)
		}
		// A later row of the batch under the same key wins.
		states[k] = &usageState{hash: store.ContentHash(enc), row: r.Row, enc: enc}
	}
	return d.inTx(ctx, "rewrite usage rows", func(tx pgx.Tx) error {
		if err := lockTenantRecords(ctx, tx, "usage rows", tenant); err != nil {
			return err
		}
		stored, err := loadUsageStates(ctx, tx, tenant, order)
		if err != nil {
			return err
		}
		for _, k := range order {
			if stored[k] == nil {
				return fmt.Errorf("usage row %s/%s of tenant %s: %w", k.kind, k.id, tenant, store.ErrNotFound)
			}
		}
		return writeUsage(ctx, tx, tenant, order, states, d.now())
	})
}
