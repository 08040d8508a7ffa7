package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/store"
)

var _ store.UsageReports = (*DB)(nil)

// usageDialect is PostgreSQL's spelling of the usage reports' SQL. Text
// is compared under the "C" collation, bytewise, as the contract orders
// keys whatever the database's collation.
var usageDialect = store.UsageDialect{
	DayText:  func(col string) string { return "to_char(" + col + ", 'YYYY-MM-DD')" },
	Bytewise: func(expr string) string { return expr + ` COLLATE "C"` },
	Float:    "double precision",
}

// UsageReport implements store.UsageReports.
func (d *DB) UsageReport(ctx context.Context, q store.UsageQuery) (*store.UsageResult, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	var res *store.UsageResult
	err := d.usageTx(ctx, func(r store.UsageReader) (err error) {
		res, err = r.Report(q)
		return err
	})
	if err != nil {
		return nil, d.wrap("usage report of tenant "+q.Tenant, err)
	}
	return res, nil
}

// UsageRows implements store.UsageReports.
func (d *DB) UsageRows(ctx context.Context, q store.UsageQuery, after *store.UsageCursor, limit int) ([]store.UsageRowMatch, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if err := store.CheckUsageRowsPage(q, limit); err != nil {
		return nil, err
	}
	var out []store.UsageRowMatch
	err := d.usageTx(ctx, func(r store.UsageReader) (err error) {
		out, err = r.Rows(q, after, limit)
		return err
	})
	if err != nil {
		return nil, d.wrap("usage rows of tenant "+q.Tenant, err)
	}
	return out, nil
}

// usageTx runs a report's statements in one read-only transaction that
// asks for no JIT compilation (which costs more than it saves on a
// month's scan: 100-150 ms a statement at a million rows) and memory
// enough to group a tenant's users in a hash table rather than sort them
// on disk.
func (d *DB) usageTx(ctx context.Context, fn func(store.UsageReader) error) error {
	return pgx.BeginTxFunc(ctx, d.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'"); err != nil {
			return err
		}
		return fn(store.UsageReader{Dialect: usageDialect, Query: func(query string, args []any, scan func(store.UsageScanner) error) error {
			rows, err := tx.Query(ctx, query, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			return scan(rows)
		}})
	})
}
