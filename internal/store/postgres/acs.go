package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// PutACSRecords implements store.Store: store.ACSBatch decides, this
// reads and writes.
func (d *DB) PutACSRecords(ctx context.Context, tenant string, recs []store.ACSRecord) ([]model.Outcome, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if tenant == "" {
		return nil, fmt.Errorf("put acs records: no tenant: %w", store.ErrInvalid)
	}
	if len(recs) == 0 {
		return nil, nil
	}
	batch, err := store.PrepareACS("put acs records", recs, false)
	if err != nil {
		return nil, err
	}
	var outcomes []model.Outcome
	err = d.inTx(ctx, "put acs records", func(tx pgx.Tx) error {
		if err := lockTenantRecords(ctx, tx, "acs records", tenant); err != nil {
			return err
		}
		var writes []store.ACSWrite
		var err error
		if outcomes, writes, err = batch.PlanPut(storedACS{ctx, tx, tenant}); err != nil {
			return err
		}
		return writeACS(ctx, tx, tenant, writes, d.now())
	})
	if err != nil {
		return nil, err
	}
	return outcomes, nil
}

// lockTenantRecords takes, for the rest of tx, the tenant's write lock of
// one kind of record (what): a put reads the stored versions and then
// writes, and two processes putting the same records at once would each
// decide against the copy stored before the other's write, or both
// insert a new key. One lock per tenant, rather than per record, keeps
// the server's lock table small whatever the batch size, and no
// transaction holds two of them, so none waits on another in a cycle.
func lockTenantRecords(ctx context.Context, tx pgx.Tx, what, tenant string) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('callscope ' || $1 || ' ' || $2, 0))`, what, tenant); err != nil {
		return fmt.Errorf("lock the tenant's %s: %w", what, err)
	}
	return nil
}

// storedACS reads a tenant's stored records for store.ACSBatch.
type storedACS struct {
	ctx    context.Context
	tx     pgx.Tx
	tenant string
}

func (s storedACS) ACSHeaders(corrs []string) (map[store.ACSKey]store.StoredACSHeader, error) {
	rows, err := s.tx.Query(s.ctx, `SELECT correlation_id, key, version, content_hash FROM acs_records
		WHERE tenant = $1 AND correlation_id = ANY($2)`, s.tenant, corrs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[store.ACSKey]store.StoredACSHeader{}
	for rows.Next() {
		var k store.ACSKey
		var h store.StoredACSHeader
		if err := rows.Scan(&k.CorrelationID, &k.Key, &h.Version, &h.Hash); err != nil {
			return nil, err
		}
		out[k] = h
	}
	return out, rows.Err()
}

func (s storedACS) ACSContents(keys []store.ACSKey) (map[store.ACSKey][]byte, error) {
	corrs, ks := make([]string, len(keys)), make([]string, len(keys))
	for i, k := range keys {
		corrs[i], ks[i] = k.CorrelationID, k.Key
	}
	rows, err := s.tx.Query(s.ctx, `SELECT a.correlation_id, a.key, a.record
		FROM unnest($2::text[], $3::text[]) AS u(correlation_id, key)
		JOIN acs_records a ON a.tenant = $1 AND a.correlation_id = u.correlation_id AND a.key = u.key`, s.tenant, corrs, ks)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[store.ACSKey][]byte{}
	for rows.Next() {
		var k store.ACSKey
		var z []byte
		if err := rows.Scan(&k.CorrelationID, &k.Key, &z); err != nil {
			return nil, err
		}
		b, err := store.DecompressDetail(z)
		if err != nil {
			return nil, fmt.Errorf("stored acs record %s/%s of tenant %s: decompress: %w", k.CorrelationID, k.Key, s.tenant, err)
		}
		out[k] = b
	}
	return out, rows.Err()
}

// writeACS stores writes over what is stored under the same keys, in one
// statement however large the batch.
func writeACS(ctx context.Context, tx pgx.Tx, tenant string, writes []store.ACSWrite, now time.Time) error {
	if len(writes) == 0 {
		return nil
	}
	n := len(writes)
	corrs, ks, cats, hashes := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	versions := make([]int64, n)
	for i, w := range writes {
		corrs[i], ks[i], versions[i], cats[i], hashes[i] = w.CorrelationID, w.Key, w.Version, w.Category, w.Hash
	}
	// Compressed on every core: compressing records one by one was the
	// largest part of storing them.
	zs := make([][]byte, n)
	store.OnEveryCore(n, func(i int) { zs[i] = store.CompressRecord(writes[i].Canonical) })
	_, err := tx.Exec(ctx, `INSERT INTO acs_records (tenant, correlation_id, key, version, category, content_hash, record, stored_at)
		SELECT $1, u.correlation_id, u.key, u.version, u.category, u.content_hash, u.record, $8
		FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::bytea[])
			AS u(correlation_id, key, version, category, content_hash, record)
		ON CONFLICT (tenant, correlation_id, key) DO UPDATE SET
			version = EXCLUDED.version, category = EXCLUDED.category, content_hash = EXCLUDED.content_hash,
			record = EXCLUDED.record, stored_at = EXCLUDED.stored_at`,
		tenant, corrs, ks, versions, cats, hashes, zs, now)
	if err != nil {
		return fmt.Errorf("write acs records: %w", err)
	}
	return nil
}

// ACSRecords implements store.Store.
func (d *DB) ACSRecords(ctx context.Context, tenant, correlationID string) ([]*model.ACSRecord, error) {
	m, err := d.ACSRecordsOf(ctx, tenant, []string{correlationID})
	if err != nil {
		return nil, err
	}
	return m[correlationID], nil
}

// storedACSRow is a record as the table holds it.
type storedACSRow struct {
	corr, key string
	z         []byte
}

// ACSRecordsOf implements store.Store: one query for all the calls, so
// that assembling thousands of calls after an ingest batch does not cost
// a query each.
func (d *DB) ACSRecordsOf(ctx context.Context, tenant string, correlationIDs []string) (map[string][]*model.ACSRecord, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if tenant == "" {
		return nil, fmt.Errorf("acs records: no tenant: %w", store.ErrInvalid)
	}
	out := make(map[string][]*model.ACSRecord, len(correlationIDs))
	if len(correlationIDs) == 0 {
		return out, nil
	}
	// Keys are ordered by their bytes, as Go and the embedded store order
	// strings, whatever the database's collation.
	rows, err := d.pool.Query(ctx, `SELECT correlation_id, key, record FROM acs_records
		WHERE tenant = $1 AND correlation_id = ANY($2) ORDER BY correlation_id, key COLLATE "C"`, tenant, correlationIDs)
	if err != nil {
		return nil, d.wrap("read acs records", err)
	}
	stored, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (storedACSRow, error) {
		var s storedACSRow
		err := r.Scan(&s.corr, &s.key, &s.z)
		return s, err
	})
	if err != nil {
		return nil, d.wrap("read acs records", err)
	}
	// Decoded on every core: assembling calls after an ingest waits for
	// this.
	recs := make([]*model.ACSRecord, len(stored))
	errs := make([]error, len(stored))
	store.OnEveryCore(len(stored), func(i int) {
		st := &stored[i]
		b, err := store.DecompressDetail(st.z)
		if err != nil {
			errs[i] = fmt.Errorf("acs record %s/%s of tenant %s: decompress: %w", st.corr, st.key, tenant, err)
			return
		}
		var r model.ACSRecord
		if err := model.DecodeJSON(b, &r); err != nil {
			errs[i] = fmt.Errorf("acs record %s/%s of tenant %s: decode: %w", st.corr, st.key, tenant, err)
			return
		}
		recs[i], st.z = &r, nil
	})
	for i, st := range stored {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out[st.corr] = append(out[st.corr], recs[i])
	}
	return out, nil
}

// RewriteACSRecords implements store.Store. Records are replaced under
// their keys with the version given, as the embedded store does.
func (d *DB) RewriteACSRecords(ctx context.Context, tenant string, recs []store.ACSRecord) error {
	if err := d.check(); err != nil {
		return err
	}
	if tenant == "" {
		return fmt.Errorf("rewrite acs records: no tenant: %w", store.ErrInvalid)
	}
	if len(recs) == 0 {
		return nil
	}
	batch, err := store.PrepareACS("rewrite acs records", recs, true)
	if err != nil {
		return err
	}
	return d.inTx(ctx, "rewrite acs records", func(tx pgx.Tx) error {
		if err := lockTenantRecords(ctx, tx, "acs records", tenant); err != nil {
			return err
		}
		writes, err := batch.PlanRewrite(tenant, storedACS{ctx, tx, tenant})
		if err != nil {
			return err
		}
		return writeACS(ctx, tx, tenant, writes, d.now())
	})
}
