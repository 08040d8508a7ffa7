package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/rollup"
)

// retentionChunk is how many calls retention deletes per statement: few
// enough to keep each statement's id list small.
const retentionChunk = 1000

// DeleteCalls implements store.Store: every due call goes with its facts,
// people and ACS records in one transaction, the rollups changed by as
// much.
func (d *DB) DeleteCalls(ctx context.Context, tenant string, before time.Time) (int, error) {
	if err := d.check(); err != nil {
		return 0, err
	}
	if before.IsZero() {
		return 0, fmt.Errorf("delete calls of tenant %q: no time to delete before: %w", tenant, store.ErrInvalid)
	}
	n := 0
	err := d.inTx(ctx, "delete calls", func(tx pgx.Tx) error {
		due, err := dueCalls(ctx, tx, tenant, before)
		if err != nil {
			return fmt.Errorf("find old calls: %w", err)
		}
		tenants := make([]string, 0, len(due))
		for t := range due {
			tenants = append(tenants, t)
		}
		if err := lockTenants(ctx, tx, tenants); err != nil {
			return err
		}
		delta := rollup.NewDelta()
		for t, ids := range due {
			for start := 0; start < len(ids); start += retentionChunk {
				chunk := ids[start:min(start+retentionChunk, len(ids))]
				if err := deleteCallRows(ctx, tx, delta, t, chunk); err != nil {
					return fmt.Errorf("delete old calls: %w", err)
				}
				if _, err := tx.Exec(ctx, `DELETE FROM acs_records WHERE tenant = $1 AND correlation_id = ANY($2)`, t, chunk); err != nil {
					return fmt.Errorf("delete ACS records of old calls: %w", err)
				}
				n += len(chunk)
			}
		}
		if err := writeDelta(ctx, tx, delta); err != nil {
			return err
		}
		// The days of the calls gone come to nothing but for calls of
		// their last day that started after before.
		return compactACSDays(ctx, tx, `($1 = '' OR p.tenant = $1) AND p.day <= $2::date`, tenant, before.UTC().Format(time.DateOnly))
	})
	return n, err
}

// dueCalls lists, by tenant, the calls of tenant (every tenant when "")
// that started before before; calls without a start are kept.
func dueCalls(ctx context.Context, tx pgx.Tx, tenant string, before time.Time) (map[string][]string, error) {
	rows, err := tx.Query(ctx, `SELECT tenant, id FROM calls WHERE ($1 = '' OR tenant = $1) AND start_time < $2 ORDER BY tenant, id`, tenant, before)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var t, id string
		if err := rows.Scan(&t, &id); err != nil {
			return nil, err
		}
		out[t] = append(out[t], id)
	}
	return out, rows.Err()
}
