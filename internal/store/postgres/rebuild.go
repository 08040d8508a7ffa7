package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/store/rollup"
)

// RebuildRollups implements store.RollupRebuilder: the tenant's rollup
// rows are deleted and the facts summed again in Go (rollup.Delta), as
// every write sums them, one day of calls at a time so that memory holds
// one day's groups rather than the whole store's.
func (d *DB) RebuildRollups(ctx context.Context, tenant string) error {
	return d.inTx(ctx, "rebuild rollups", func(tx pgx.Tx) error { return rebuildRollups(ctx, tx, tenant) })
}

// rebuildRollups is RebuildRollups in tx: also what a migration that
// adds a rollup runs.
func rebuildRollups(ctx context.Context, tx pgx.Tx, tenant string) error {
	tenants := []string{tenant}
	if tenant == "" {
		var err error
		if tenants, err = factTenants(ctx, tx); err != nil {
			return err
		}
		for _, t := range rollup.Tables {
			if _, err := tx.Exec(ctx, `DELETE FROM `+t.Name); err != nil {
				return fmt.Errorf("rebuild %s: %w", t.Name, err)
			}
		}
	}
	if err := lockTenants(ctx, tx, tenants); err != nil {
		return err
	}
	for _, t := range tenants {
		if err := rebuildTenant(ctx, tx, t); err != nil {
			return fmt.Errorf("tenant %s: %w", t, err)
		}
	}
	return nil
}

// factTenants lists the tenants that have stream facts.
func factTenants(ctx context.Context, tx pgx.Tx) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT DISTINCT tenant FROM stream_facts ORDER BY tenant`)
	if err != nil {
		return nil, fmt.Errorf("list tenants with stream facts: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// rebuildTenant replaces the tenant's rollup rows by the sums of its
// facts, a day at a time (and the facts without a start apart).
func rebuildTenant(ctx context.Context, tx pgx.Tx, tenant string) error {
	for _, t := range rollup.Tables {
		if _, err := tx.Exec(ctx, `DELETE FROM `+t.Name+` WHERE tenant = $1`, tenant); err != nil {
			return fmt.Errorf("rebuild %s: %w", t.Name, err)
		}
	}
	rows, err := tx.Query(ctx, `SELECT DISTINCT date_trunc('day', call_start, 'UTC') FROM stream_facts WHERE tenant = $1 AND call_start IS NOT NULL`, tenant)
	if err != nil {
		return fmt.Errorf("list days: %w", err)
	}
	days, err := pgx.CollectRows(rows, pgx.RowTo[time.Time])
	if err != nil {
		return fmt.Errorf("list days: %w", err)
	}
	read := `SELECT ` + strings.Join(rollup.StoredColumns, ", ") + ` FROM stream_facts WHERE tenant = $1 AND `
	if err := sumFacts(ctx, tx, read+`call_start IS NULL`, tenant); err != nil {
		return err
	}
	for _, day := range days {
		if err := sumFacts(ctx, tx, read+`call_start >= $2 AND call_start < $3`, tenant, day, day.AddDate(0, 0, 1)); err != nil {
			return fmt.Errorf("day %s: %w", day.Format(time.DateOnly), err)
		}
	}
	return nil
}

// sumFacts adds the facts query reads (rollup.StoredColumns) to the
// rollups.
func sumFacts(ctx context.Context, tx pgx.Tx, query string, args ...any) error {
	delta := rollup.NewDelta()
	rows, err := tx.Query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("read stream facts: %w", err)
	}
	for rows.Next() {
		vals, err := rows.Values()
		if err == nil {
			err = delta.AddStored(vals, 1)
		}
		if err != nil {
			rows.Close()
			return fmt.Errorf("read stream facts: %w", err)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read stream facts: %w", err)
	}
	return writeDelta(ctx, tx, delta)
}
