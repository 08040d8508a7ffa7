package duckdb

import (
	"context"
	"database/sql"
)

// Raw runs fn on a connection of the store's engine while no write of
// the store's own runs: for tools that read or change the engine by
// hand, as the dashboard benchmark does to copy stream facts and to time
// hand-written SQL against Aggregate. The embedded file admits one
// process, so such a tool cannot open it beside the store. What fn
// writes bypasses the store's rules: facts it adds need RebuildRollups,
// and it must not touch calls or people, whose index the store keeps
// beside the file. callscope's own features never call it.
func (d *DB) Raw(ctx context.Context, fn func(*sql.Conn) error) error {
	if err := d.check(); err != nil {
		return err
	}
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return d.wrap("open a connection", err)
	}
	defer conn.Close()
	return fn(conn)
}
