package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// acsScanPage is how many records ScanACSRecords reads per query.
const acsScanPage = 256

// ScanACSRecords implements store.Store. It pages by (correlation id,
// key), compared bytewise as the contract orders them, so that fn may
// write between pages and memory stays flat.
func (d *DB) ScanACSRecords(ctx context.Context, tenant string, fn func(store.ACSRecord) error) error {
	if err := d.check(); err != nil {
		return err
	}
	if tenant == "" {
		return fmt.Errorf("scan acs records: no tenant: %w", store.ErrInvalid)
	}
	return store.ScanPages(acsScanPage, func(after *store.ACSRecord) ([]store.ACSRecord, error) {
		if after == nil {
			return d.acsPage(ctx, tenant, "", "")
		}
		return d.acsPage(ctx, tenant, after.CorrelationID, after.Key)
	}, fn)
}

func (d *DB) acsPage(ctx context.Context, tenant, corr, key string) ([]store.ACSRecord, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	rows, err := d.pool.Query(ctx, `SELECT correlation_id, key, version, record FROM acs_records
		WHERE tenant = $1 AND (correlation_id COLLATE "C", key COLLATE "C") > ($2, $3)
		ORDER BY correlation_id COLLATE "C", key COLLATE "C" LIMIT $4`, tenant, corr, key, acsScanPage)
	if err != nil {
		return nil, d.wrap("scan acs records", err)
	}
	page, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.ACSRecord, error) {
		var r store.ACSRecord
		var z []byte
		if err := row.Scan(&r.CorrelationID, &r.Key, &r.Version, &z); err != nil {
			return r, err
		}
		b, err := store.DecompressDetail(z)
		if err != nil {
			return r, fmt.Errorf("acs record %s/%s: decompress: %w", r.CorrelationID, r.Key, err)
		}
		var rec model.ACSRecord
		if err := model.DecodeJSON(b, &rec); err != nil {
			return r, fmt.Errorf("acs record %s/%s: decode: %w", r.CorrelationID, r.Key, err)
		}
		r.Record = &rec
		return r, nil
	})
	if err != nil {
		return nil, d.wrap("scan acs records of tenant "+tenant, err)
	}
	return page, nil
}
