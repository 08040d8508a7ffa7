package duckdb

import (
	"context"
	"fmt"

	"github.com/callscope/callscope/internal/store"
)

var _ store.CallPrefixFinder = (*DB)(nil)

// CallIDsWithPrefix implements store.CallPrefixFinder.
func (d *DB) CallIDsWithPrefix(ctx context.Context, tenant, prefix string, limit int) ([]string, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if tenant == "" || prefix == "" || limit < 1 {
		return nil, fmt.Errorf("call ids beginning %q of tenant %q, at most %d: %w", prefix, tenant, limit, store.ErrInvalid)
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, `SELECT id FROM calls WHERE tenant = ? AND starts_with(lower(id), lower(?)) ORDER BY id LIMIT ?`,
		tenant, prefix, limit)
	if err != nil {
		return nil, d.wrap("call ids of tenant "+tenant, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, d.wrap("call ids of tenant "+tenant, err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("call ids of tenant "+tenant, err)
	}
	return out, nil
}
