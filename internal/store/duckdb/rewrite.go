package duckdb

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// ScanUsageRows implements store.Store. It pages by (kind, id) so that fn
// may write between pages and memory stays flat.
func (d *DB) ScanUsageRows(ctx context.Context, tenant string, before time.Time, fn func(store.UsageRecord) error) error {
	if err := d.check(); err != nil {
		return err
	}
	if tenant == "" {
		return fmt.Errorf("scan usage rows: no tenant: %w", store.ErrInvalid)
	}
	return store.ScanPages(scanPage, func(after *store.UsageRecord) ([]store.UsageRecord, error) {
		lastKind, lastID := "", ""
		if after != nil {
			lastKind, lastID = string(after.Row.Kind), after.Key
		}
		q := `SELECT kind, id, row FROM usage_rows WHERE tenant = ? AND (kind > ? OR (kind = ? AND id > ?))`
		args := []any{tenant, lastKind, lastKind, lastID}
		if !before.IsZero() {
			q += ` AND start_time < ?`
			args = append(args, before)
		}
		q += ` ORDER BY kind, id LIMIT ?`
		args = append(args, scanPage)
		return d.usagePage(ctx, q, args)
	}, fn)
}

func (d *DB) usagePage(ctx context.Context, q string, args []any) ([]store.UsageRecord, error) {
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, d.wrap("scan usage rows", err)
	}
	defer rows.Close()
	var out []store.UsageRecord
	for rows.Next() {
		var kind, id, raw string
		if err := rows.Scan(&kind, &id, &raw); err != nil {
			return nil, d.wrap("scan usage rows", err)
		}
		var row model.UsageRow
		if err := json.Unmarshal([]byte(raw), &row); err != nil {
			return nil, fmt.Errorf("scan usage rows: row %s/%s: %w", kind, id, err)
		}
		row.Kind = model.UsageKind(kind)
		out = append(out, store.UsageRecord{Key: id, Row: &row})
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("scan usage rows", err)
	}
	return out, nil
}
