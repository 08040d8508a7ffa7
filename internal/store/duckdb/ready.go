package duckdb

import (
	"context"
	"fmt"
)

// Ready implements store.Readier: the file was migrated when it was
// opened, by this process alone, so it is ready while it answers.
func (d *DB) Ready(ctx context.Context) error {
	if err := d.check(); err != nil {
		return err
	}
	defer d.pin()()
	if err := d.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store %s: %w", d.name, err)
	}
	return nil
}
