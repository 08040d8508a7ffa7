package duckdb

import (
	"context"
	"fmt"

	"github.com/callscope/callscope/internal/store"
)

// ScanACSRecords implements store.Store. It pages by (correlation id,
// key) so that fn may write between pages and memory stays flat.
func (d *DB) ScanACSRecords(ctx context.Context, tenant string, fn func(store.ACSRecord) error) error {
	if err := d.check(); err != nil {
		return err
	}
	if tenant == "" {
		return fmt.Errorf("scan acs records: no tenant: %w", store.ErrInvalid)
	}
	return store.ScanPages(scanPage, func(after *store.ACSRecord) ([]store.ACSRecord, error) {
		if after == nil {
			return d.acsPage(ctx, tenant, "", "")
		}
		return d.acsPage(ctx, tenant, after.CorrelationID, after.Key)
	}, fn)
}

// acsPage reads the tenant's records after (corr, key), decoded, and
// closes the result before the caller's fn sees them.
func (d *DB) acsPage(ctx context.Context, tenant, corr, key string) ([]store.ACSRecord, error) {
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, `SELECT correlation_id, key, version, record, record_zstd FROM acs_records
		WHERE tenant = ? AND (correlation_id > ? OR (correlation_id = ? AND key > ?))
		ORDER BY correlation_id, key LIMIT ?`, tenant, corr, corr, key, scanPage)
	if err != nil {
		return nil, d.wrap("scan acs records", err)
	}
	defer rows.Close()
	var out []store.ACSRecord
	for rows.Next() {
		var r store.ACSRecord
		var text, z []byte
		if err := rows.Scan(&r.CorrelationID, &r.Key, &r.Version, &text, &z); err != nil {
			return nil, d.wrap("scan acs records", err)
		}
		b, err := detailJSON(text, z)
		if err != nil {
			return nil, fmt.Errorf("acs record %s/%s of tenant %s: %w", r.CorrelationID, r.Key, tenant, err)
		}
		if r.Record, err = decodeACSRecord(b); err != nil {
			return nil, fmt.Errorf("acs record %s/%s of tenant %s: decode: %w", r.CorrelationID, r.Key, tenant, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("scan acs records", err)
	}
	return out, nil
}
