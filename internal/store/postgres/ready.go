package postgres

import (
	"context"
	"fmt"
)

// Ready implements store.Readier: the server answers, and the schema is
// the one this callscope knows. Another process may have migrated the
// database since this one opened it: to a newer version, which this
// process would read wrongly, or not yet to this one's.
func (d *DB) Ready(ctx context.Context) error {
	if err := d.check(); err != nil {
		return err
	}
	all, err := migrations()
	if err != nil {
		return err
	}
	var current int
	if err := d.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return d.wrap("ready", err)
	}
	if current != len(all) {
		return fmt.Errorf("store %s: schema version %d, this callscope's is %d", d.name, current, len(all))
	}
	return nil
}
