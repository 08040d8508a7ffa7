package duckdb

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/tables"
)

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
	err = d.writeTx(ctx, "put usage rows", func(tx *txConn) error {
		var writes []store.UsageWrite
		var err error
		if outcomes, writes, err = batch.PlanPut(storedUsage{tx, tenant}); err != nil {
			return err
		}
		return writeUsage(tx, tenant, writes, d.now())
	})
	if err != nil {
		return nil, err
	}
	return outcomes, nil
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
	return d.writeTx(ctx, "rewrite usage rows", func(tx *txConn) error {
		writes, err := batch.PlanRewrite(tenant, storedUsage{tx, tenant})
		if err != nil {
			return err
		}
		return writeUsage(tx, tenant, writes, d.now())
	})
}

// storedUsage reads a tenant's stored rows for store.UsageBatch.
type storedUsage struct {
	tx     *txConn
	tenant string
}

func (s storedUsage) UsageRows(keys []store.UsageKey) (map[store.UsageKey]store.StoredUsage, error) {
	byKind := map[string][]string{}
	for _, k := range keys {
		byKind[k.Kind] = append(byKind[k.Kind], k.ID)
	}
	out := map[store.UsageKey]store.StoredUsage{}
	for kind, ids := range byKind {
		err := inChunks(ids, func(ph string, args []any) error {
			rows, err := s.tx.query(`SELECT id, content_hash, row FROM usage_rows WHERE tenant = ? AND kind = ? AND id IN (`+ph+`)`,
				append([]any{s.tenant, kind}, args...)...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				k := store.UsageKey{Kind: kind}
				var u store.StoredUsage
				if err := rows.Scan(&k.ID, &u.Hash, &u.Canonical); err != nil {
					return err
				}
				out[k] = u
			}
			return rows.Err()
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// writeUsage replaces the stored rows of writes.
func writeUsage(tx *txConn, tenant string, writes []store.UsageWrite, now time.Time) error {
	stale := map[string][]string{}
	for _, w := range writes {
		if w.Stored {
			stale[w.Kind] = append(stale[w.Kind], w.ID)
		}
	}
	for kind, ids := range stale {
		err := inChunks(ids, func(ph string, args []any) error {
			args = append([]any{tenant, kind}, args...)
			if err := tx.exec(`DELETE FROM usage_rows WHERE tenant = ? AND kind = ? AND id IN (`+ph+`)`, args...); err != nil {
				return err
			}
			return tx.exec(`DELETE FROM usage_facts WHERE tenant = ? AND kind = ? AND id IN (`+ph+`)`, args...)
		})
		if err != nil {
			return fmt.Errorf("delete replaced usage rows: %w", err)
		}
	}
	if len(writes) == 0 {
		return nil
	}
	err := tx.appendRows("usage_rows", func(add func(...driver.Value) error) error {
		for _, w := range writes {
			if err := add(tenant, w.Kind, w.ID, tables.NullTimePtr(w.Start), w.Hash, string(w.Canonical), now); err != nil {
				return fmt.Errorf("usage row %s/%s: %w", w.Kind, w.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return writeUsageFacts(tx, tenant, writes)
}
