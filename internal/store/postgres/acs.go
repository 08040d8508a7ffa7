package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// acsKey is where a record is kept within its tenant.
type acsKey struct{ correlationID, key string }

// acsState is the stored or batch-written version of one record. record
// is its canonical JSON, read from the table only where a record of the
// same version but other content must be compared with it.
type acsState struct {
	version  int64
	hash     string
	dirty    bool
	category string
	record   []byte
}

// PutACSRecords implements store.Store.
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
	keys, err := acsKeys("put acs records", recs, true)
	if err != nil {
		return nil, err
	}
	enc, hashes, err := encodeACSRecords(recs, keys)
	if err != nil {
		return nil, err
	}
	outcomes := make([]model.Outcome, len(recs))
	err = d.inTx(ctx, "put acs records", func(tx pgx.Tx) error {
		if err := lockTenantRecords(ctx, tx, "acs records", tenant); err != nil {
			return err
		}
		states, err := loadACSStates(ctx, tx, tenant, keys)
		if err != nil {
			return err
		}
		var differ []acsKey // stored copies of the same version with other content
		for i, r := range recs {
			if st := states[keys[i]]; st != nil && r.Version == st.version && hashes[i] != st.hash {
				differ = append(differ, keys[i])
			}
		}
		if err := loadACSContent(ctx, tx, tenant, differ, states); err != nil {
			return err
		}
		var order []acsKey
		for i, r := range recs {
			k, h := keys[i], hashes[i]
			st := states[k]
			switch {
			case st == nil:
				st = &acsState{}
				states[k] = st
				outcomes[i] = model.Inserted
			case r.Version < st.version:
				outcomes[i] = model.Older
				continue
			case r.Version == st.version && (h == st.hash || !model.FullerJSON(enc[i], st.record)):
				// The same version again, or a thinner copy of it: keeping
				// the fuller copy makes the result independent of arrival order.
				outcomes[i] = model.Unchanged
				continue
			default:
				outcomes[i] = model.Replaced
			}
			if !st.dirty {
				order = append(order, k)
			}
			st.version, st.hash, st.dirty = r.Version, h, true
			st.category, st.record = string(r.Record.Category), enc[i]
		}
		return writeACS(ctx, tx, tenant, order, states, d.now())
	})
	if err != nil {
		return nil, err
	}
	return outcomes, nil
}

// acsKeys works out where each record is kept: under its own correlation
// id when none is given. A put needs one; a rewrite without one is left
// to fail as not found, as nothing is stored under it.
func acsKeys(what string, recs []store.ACSRecord, needCorrelation bool) ([]acsKey, error) {
	keys := make([]acsKey, len(recs))
	for i, r := range recs {
		if r.Record == nil || r.Key == "" {
			return nil, fmt.Errorf("%s: record %d has no record or no key: %w", what, i, store.ErrInvalid)
		}
		corr := r.CorrelationID
		if corr == "" {
			corr = r.Record.CorrelationID
		}
		if corr == "" && needCorrelation {
			return nil, fmt.Errorf("%s: record %d (key %s) has no correlation id: %w", what, i, r.Key, store.ErrInvalid)
		}
		keys[i] = acsKey{corr, r.Key}
	}
	return keys, nil
}

// encodeACSRecords returns the canonical JSON and hash of each record,
// worked out on every core unless the caller did (store.EncodeACSRecord).
func encodeACSRecords(recs []store.ACSRecord, keys []acsKey) ([][]byte, []string, error) {
	enc := make([][]byte, len(recs))
	hashes := make([]string, len(recs))
	errs := make([]error, len(recs))
	store.OnEveryCore(len(recs), func(i int) {
		if recs[i].Canonical != nil && recs[i].Hash != "" {
			enc[i], hashes[i] = recs[i].Canonical, recs[i].Hash
			return
		}
		if enc[i], errs[i] = model.MarshalCanonical(recs[i].Record); errs[i] == nil {
			hashes[i] = store.ContentHash(enc[i])
		}
	})
	for i, err := range errs {
		if err != nil {
			return nil, nil, fmt.Errorf("put acs records: encode record %s/%s: %w", keys[i].correlationID, keys[i].key, err)
		}
	}
	return enc, hashes, nil
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

// distinctACSKeys returns the correlation ids and keys of keys, each pair
// once, as the two arrays the queries unnest.
func distinctACSKeys(keys []acsKey) (corrs, ks []string) {
	seen := make(map[acsKey]bool, len(keys))
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			corrs, ks = append(corrs, k.correlationID), append(ks, k.key)
		}
	}
	return corrs, ks
}

// loadACSStates reads the version and content hash of the stored records
// under keys; the records themselves are read only where they must be
// compared (loadACSContent).
func loadACSStates(ctx context.Context, tx pgx.Tx, tenant string, keys []acsKey) (map[acsKey]*acsState, error) {
	corrs, ks := distinctACSKeys(keys)
	rows, err := tx.Query(ctx, `SELECT a.correlation_id, a.key, a.version, a.content_hash
		FROM unnest($2::text[], $3::text[]) AS u(correlation_id, key)
		JOIN acs_records a ON a.tenant = $1 AND a.correlation_id = u.correlation_id AND a.key = u.key`, tenant, corrs, ks)
	if err != nil {
		return nil, fmt.Errorf("read stored acs records: %w", err)
	}
	defer rows.Close()
	states := map[acsKey]*acsState{}
	for rows.Next() {
		var k acsKey
		st := &acsState{}
		if err := rows.Scan(&k.correlationID, &k.key, &st.version, &st.hash); err != nil {
			return nil, fmt.Errorf("read stored acs records: %w", err)
		}
		states[k] = st
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read stored acs records: %w", err)
	}
	return states, nil
}

// loadACSContent reads the stored records of keys into their states.
func loadACSContent(ctx context.Context, tx pgx.Tx, tenant string, keys []acsKey, states map[acsKey]*acsState) error {
	if len(keys) == 0 {
		return nil
	}
	corrs, ks := distinctACSKeys(keys)
	rows, err := tx.Query(ctx, `SELECT a.correlation_id, a.key, a.record
		FROM unnest($2::text[], $3::text[]) AS u(correlation_id, key)
		JOIN acs_records a ON a.tenant = $1 AND a.correlation_id = u.correlation_id AND a.key = u.key`, tenant, corrs, ks)
	if err != nil {
		return fmt.Errorf("read stored acs records: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k acsKey
		var z []byte
		if err := rows.Scan(&k.correlationID, &k.key, &z); err != nil {
			return fmt.Errorf("read stored acs records: %w", err)
		}
		b, err := store.DecompressDetail(z)
		if err != nil {
			return fmt.Errorf("stored acs record %s/%s of tenant %s: decompress: %w", k.correlationID, k.key, tenant, err)
		}
		states[k].record = b
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read stored acs records: %w", err)
	}
	return nil
}

// writeACS stores the records of order as their states hold them, over
// what is stored under the same keys, in one statement however large the
// batch.
func writeACS(ctx context.Context, tx pgx.Tx, tenant string, order []acsKey, states map[acsKey]*acsState, now time.Time) error {
	if len(order) == 0 {
		return nil
	}
	n := len(order)
	corrs, ks, cats, hashes := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	versions := make([]int64, n)
	for i, k := range order {
		st := states[k]
		corrs[i], ks[i], versions[i], cats[i], hashes[i] = k.correlationID, k.key, st.version, st.category, st.hash
	}
	// Compressed on every core: compressing records one by one was the
	// largest part of storing them.
	zs := make([][]byte, n)
	store.OnEveryCore(n, func(i int) { zs[i] = store.CompressRecord(states[order[i]].record) })
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
	keys, err := acsKeys("rewrite acs records", recs, false)
	if err != nil {
		return err
	}
	// Encoded again rather than taken from Canonical: a rewrite changes
	// the record, and a caller's Canonical may be of the record before.
	states := make(map[acsKey]*acsState, len(recs))
	var order []acsKey
	for i, r := range recs {
		enc, err := model.MarshalCanonical(r.Record)
		if err != nil {
			return fmt.Errorf("rewrite acs records: encode record %s/%s: %w", keys[i].correlationID, keys[i].key, err)
		}
		if states[keys[i]] == nil {
			order = append(order, keys[i])
		}
		// A later record of the batch under the same key wins.
		states[keys[i]] = &acsState{version: r.Version, hash: store.ContentHash(enc), category: string(r.Record.Category), record: enc}
	}
	return d.inTx(ctx, "rewrite acs records", func(tx pgx.Tx) error {
		if err := lockTenantRecords(ctx, tx, "acs records", tenant); err != nil {
			return err
		}
		stored, err := loadACSStates(ctx, tx, tenant, order)
		if err != nil {
			return err
		}
		for _, k := range order {
			if stored[k] == nil {
				return fmt.Errorf("acs record %s/%s of tenant %s: %w", k.correlationID, k.key, tenant, store.ErrNotFound)
			}
		}
		return writeACS(ctx, tx, tenant, order, states, d.now())
	})
}
