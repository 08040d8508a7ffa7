package duckdb

import (
	"context"

	"github.com/callscope/callscope/internal/store"
)

var _ store.UsageReports = (*DB)(nil)

// usageDialect is DuckDB's spelling of the usage reports' SQL; DuckDB
// compares text bytewise already.
var usageDialect = store.UsageDialect{
	DayText:  func(col string) string { return "strftime(" + col + ", '%Y-%m-%d')" },
	Bytewise: func(expr string) string { return expr },
	Float:    "DOUBLE",
}

// UsageReport implements store.UsageReports.
func (d *DB) UsageReport(ctx context.Context, q store.UsageQuery) (*store.UsageResult, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	res, err := d.usageReader(ctx).Report(q)
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
	out, err := d.usageReader(ctx).Rows(q, after, limit)
	if err != nil {
		return nil, d.wrap("usage rows of tenant "+q.Tenant, err)
	}
	return out, nil
}

// usageReader runs the reports' statements on the database.
func (d *DB) usageReader(ctx context.Context) store.UsageReader {
	return store.UsageReader{Dialect: usageDialect, Query: func(query string, args []any, scan func(store.UsageScanner) error) error {
		defer d.pin()()
		rows, err := d.db.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		return scan(rows)
	}}
}
