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
// usageScanPage is how many rows ScanUsageRows reads per query.
const usageScanPage = 256

// PutUsageRows implements store.Store: store.UsageBatch decides, this
// reads and writes.
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
	batch, err := store.PrepareUsagePut(rows)
	if err != nil {
		return nil, err
	}
	var outcomes []model.Outcome
	err = d.inTx(ctx, "put usage rows", func(tx pgx.Tx) error {
		if err := lockTenantRecords(ctx, tx, "usage rows", tenant); err != nil {
			return err
		}
		var writes []store.UsageWrite
		var err error
		if outcomes, writes, err = batch.PlanPut(storedUsage{ctx, tx, tenant}); err != nil {
			return err
		}
		return writeUsage(ctx, tx, tenant, writes, d.now())
	})
	if err != nil {
		return nil, err
	}
	return outcomes, nil
}

// storedUsage reads a tenant's stored rows for store.UsageBatch.
type storedUsage struct {
	ctx    context.Context
	tx     pgx.Tx
	tenant string
}

func (s storedUsage) UsageRows(keys []store.UsageKey) (map[store.UsageKey]store.StoredUsage, error) {
	kinds, ids := make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		kinds[i], ids[i] = k.Kind, k.ID
	}
	rows, err := s.tx.Query(s.ctx, `SELECT r.kind, r.id, r.content_hash, r.row
		FROM unnest($2::text[], $3::text[]) AS u(kind, id)
		JOIN usage_rows r ON r.tenant = $1 AND r.kind = u.kind AND r.id = u.id`, s.tenant, kinds, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[store.UsageKey]store.StoredUsage{}
	for rows.Next() {
		var k store.UsageKey
		var u store.StoredUsage
		var text string
		if err := rows.Scan(&k.Kind, &k.ID, &u.Hash, &text); err != nil {
			return nil, err
		}
		u.Canonical = []byte(text)
		out[k] = u
	}
	return out, rows.Err()
}

// writeUsage stores writes over what is stored under the same keys, in
// one statement.
func writeUsage(ctx context.Context, tx pgx.Tx, tenant string, writes []store.UsageWrite, now time.Time) error {
	if len(writes) == 0 {
		return nil
	}
	n := len(writes)
	kinds, ids, hashes, texts := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	starts := make([]*time.Time, n)
	for i, w := range writes {
		kinds[i], ids[i], hashes[i], texts[i], starts[i] = w.Kind, w.ID, w.Hash, string(w.Canonical), w.Start
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
	return writeUsageFacts(ctx, tx, tenant, writes)
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
	return store.ScanPages(usageScanPage, func(after *store.UsageRecord) ([]store.UsageRecord, error) {
		if after == nil {
			// Every kind is non-empty, so ('', '') comes before every row.
			return d.usagePage(ctx, tenant, "", "", cutoff)
		}
		return d.usagePage(ctx, tenant, string(after.Row.Kind), after.Key, cutoff)
	}, fn)
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
	batch, err := store.PrepareUsageRewrite(rows)
	if err != nil {
		return err
	}
	return d.inTx(ctx, "rewrite usage rows", func(tx pgx.Tx) error {
		if err := lockTenantRecords(ctx, tx, "usage rows", tenant); err != nil {
			return err
		}
		writes, err := batch.PlanRewrite(tenant, storedUsage{ctx, tx, tenant})
		if err != nil {
			return err
		}
		return writeUsage(ctx, tx, tenant, writes, d.now())
	})
}
