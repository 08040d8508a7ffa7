package duckdb

import (
	"context"

	"github.com/callscope/callscope/internal/store"
)

// Stats implements store.Store.
func (d *DB) Stats(ctx context.Context, tenant string) (store.Stats, error) {
	var s store.Stats
	if err := d.check(); err != nil {
		return s, err
	}
	const scope = `(? = '' OR tenant = ?)`
	defer d.pin()()
	err := d.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM calls WHERE `+scope+`),
		(SELECT coalesce(sum(sessions), 0) FROM calls WHERE `+scope+`),
		(SELECT count(*) FROM stream_facts WHERE `+scope+` AND media_kind <> 'none'),
		(SELECT count(*) FROM call_people WHERE `+scope+`),
		(SELECT count(*) FROM acs_records WHERE `+scope+`),
		(SELECT count(*) FROM usage_rows WHERE `+scope+`)`,
		tenant, tenant, tenant, tenant, tenant, tenant, tenant, tenant, tenant, tenant, tenant, tenant,
	).Scan(&s.Calls, &s.Sessions, &s.Streams, &s.People, &s.ACSRecords, &s.UsageRows)
	if err != nil {
		return s, d.wrap("stats", err)
	}
	return s, nil
}
