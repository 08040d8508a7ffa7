package postgres

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"
)

// inTx runs fn in a transaction, committed when fn returns nil and
// rolled back otherwise; what names the work in errors.
func (d *DB) inTx(ctx context.Context, what string, fn func(tx pgx.Tx) error) error {
	if err := d.check(); err != nil {
		return err
	}
	if err := pgx.BeginFunc(ctx, d.pool, fn); err != nil {
		return d.wrap(what, err)
	}
	return nil
}

// lockTenants takes, for the rest of tx, the write lock of each tenant's
// calls: two processes writing the same call at once would each
// reconcile it with the copy stored before the other's write. Tenants
// are locked in order, so that two batches never wait on each other.
func lockTenants(ctx context.Context, tx pgx.Tx, tenants []string) error {
	tenants = slices.Clone(tenants)
	slices.Sort(tenants)
	for _, t := range slices.Compact(tenants) {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('callscope calls ' || $1, 0))`, t); err != nil {
			return err
		}
	}
	return nil
}
