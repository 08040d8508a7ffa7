package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/store"
)

var _ store.ReaderGranter = (*DB)(nil)

// readerViews are the views of migration 003 that a reader role reads.
var readerViews = []string{"bi_calls", "bi_stream_facts", "bi_stream_rollup", "bi_stream_rollup_network", "bi_stream_rollup_device", "bi_buildings"}

// GrantReader implements store.ReaderGranter. The role must exist (a
// database administrator creates it, with its login and password); it
// loses any right it had on the store's tables, and gets SELECT on the
// views alone, which run with their owner's rights.
func (d *DB) GrantReader(ctx context.Context, role string) error {
	if err := d.check(); err != nil {
		return err
	}
	if strings.TrimSpace(role) == "" {
		return fmt.Errorf("grant reader: no role: %w", store.ErrInvalid)
	}
	r := pgx.Identifier{role}.Sanitize()
	return d.inTx(ctx, "grant reader "+role, func(tx pgx.Tx) error {
		var schema string
		if err := tx.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			return err
		}
		s := pgx.Identifier{schema}.Sanitize()
		views := make([]string, len(readerViews))
		for i, v := range readerViews {
			views[i] = pgx.Identifier{schema, v}.Sanitize()
		}
		for _, stmt := range []string{
			`REVOKE ALL ON ALL TABLES IN SCHEMA ` + s + ` FROM ` + r,
			`REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ` + s + ` FROM ` + r,
			`GRANT USAGE ON SCHEMA ` + s + ` TO ` + r,
			`GRANT SELECT ON ` + strings.Join(views, ", ") + ` TO ` + r,
		} {
			if _, err := tx.Exec(ctx, stmt); err != nil {
				return err
			}
		}
		return nil
	})
}
