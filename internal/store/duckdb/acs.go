package duckdb

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

type acsKey struct{ correlationID, key string }

// acsState is the stored or batch-written version of one record.
type acsState struct {
	version  int64
	hash     string
	inDB     bool
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
	keys := make([]acsKey, len(recs))
	for i, r := range recs {
		if r.Record == nil || r.Key == "" {
			return nil, fmt.Errorf("put acs records: record %d has no record or no key: %w", i, store.ErrInvalid)
		}
		corr := r.CorrelationID
		if corr == "" {
			corr = r.Record.CorrelationID
		}
		if corr == "" {
			return nil, fmt.Errorf("put acs records: record %d (key %s) has no correlation id: %w", i, r.Key, store.ErrInvalid)
		}
		keys[i] = acsKey{corr, r.Key}
	}
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
			return nil, fmt.Errorf("put acs records: encode record %s/%s: %w", keys[i].correlationID, keys[i].key, err)
		}
	}
	outcomes := make([]model.Outcome, len(recs))
	err := d.writeTx(ctx, "put acs records", func(tx *txConn) error {
		states, err := loadACSStates(tx, tenant, keys)
		if err != nil {
			return err
		}
		var differ []acsKey // stored copies of the same version with other content
		for i, r := range recs {
			if st := states[keys[i]]; st != nil && r.Version == st.version && hashes[i] != st.hash {
				differ = append(differ, keys[i])
			}
		}
		if err := loadACSContent(tx, tenant, differ, states); err != nil {
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
		return writeACS(tx, tenant, order, states, d.now(), d.plain)
	})
	if err != nil {
		return nil, err
	}
	return outcomes, nil
}

// loadACSStates reads the version and content hash of every stored
// record of the calls keys belong to; the records themselves are read
// only where they must be compared (loadACSContent).
func loadACSStates(tx *txConn, tenant string, keys []acsKey) (map[acsKey]*acsState, error) {
	seen := map[string]bool{}
	var corrs []string
	for _, k := range keys {
		if !seen[k.correlationID] {
			seen[k.correlationID] = true
			corrs = append(corrs, k.correlationID)
		}
	}
	states := map[acsKey]*acsState{}
	err := inChunks(corrs, func(ph string, args []any) error {
		rows, err := tx.query(`SELECT correlation_id, key, version, content_hash FROM acs_records
			WHERE tenant = ? AND correlation_id IN (`+ph+`)`, append([]any{tenant}, args...)...)
		if err != nil {
			return fmt.Errorf("read stored acs records: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var k acsKey
			st := &acsState{inDB: true}
			if err := rows.Scan(&k.correlationID, &k.key, &st.version, &st.hash); err != nil {
				return fmt.Errorf("read stored acs records: %w", err)
			}
			states[k] = st
		}
		return rows.Err()
	})
	return states, err
}

// loadACSContent reads the stored records of keys into their states.
func loadACSContent(tx *txConn, tenant string, keys []acsKey, states map[acsKey]*acsState) error {
	byCall := map[string][]string{}
	for _, k := range keys {
		byCall[k.correlationID] = append(byCall[k.correlationID], k.key)
	}
	for corr, ks := range byCall {
		err := inChunks(ks, func(ph string, args []any) error {
			rows, err := tx.query(`SELECT key, record, record_zstd FROM acs_records WHERE tenant = ? AND correlation_id = ? AND key IN (`+ph+`)`,
				append([]any{tenant, corr}, args...)...)
			if err != nil {
				return fmt.Errorf("read stored acs records: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var key string
				var text, z []byte
				if err := rows.Scan(&key, &text, &z); err != nil {
					return fmt.Errorf("read stored acs records: %w", err)
				}
				record, err := detailJSON(text, z)
				if err != nil {
					return fmt.Errorf("stored acs record %s/%s of tenant %s: %w", corr, key, tenant, err)
				}
				states[acsKey{corr, key}].record = record
			}
			return rows.Err()
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// writeACS replaces the stored records of order with their states. A
// plain store keeps a record's canonical JSON as text, others compressed.
func writeACS(tx *txConn, tenant string, order []acsKey, states map[acsKey]*acsState, now time.Time, plain bool) error {
	stale := map[string][]string{}
	for _, k := range order {
		if states[k].inDB {
			stale[k.correlationID] = append(stale[k.correlationID], k.key)
		}
	}
	for corr, ks := range stale {
		err := inChunks(ks, func(ph string, args []any) error {
			return tx.exec(`DELETE FROM acs_records WHERE tenant = ? AND correlation_id = ? AND key IN (`+ph+`)`,
				append([]any{tenant, corr}, args...)...)
		})
		if err != nil {
			return fmt.Errorf("delete replaced acs records: %w", err)
		}
	}
	if len(order) == 0 {
		return nil
	}
	// Compressed on every core first: records are small, and compressing
	// them one by one on the writer was the largest part of storing them.
	zs := make([][]byte, len(order))
	if !plain {
		store.OnEveryCore(len(order), func(i int) { zs[i] = store.CompressRecord(states[order[i]].record) })
	}
	return tx.appendRows("acs_records", func(add func(...driver.Value) error) error {
		for i, k := range order {
			st := states[k]
			text, z := "", any(nil)
			if plain {
				text = string(st.record)
			} else {
				z = zs[i]
			}
			if err := add(tenant, k.correlationID, k.key, st.version, st.category, st.hash, text, now,
				z); err != nil { // added by migration 010
				return fmt.Errorf("record %s/%s: %w", k.correlationID, k.key, err)
			}
		}
		return nil
	})
}

// ACSRecords implements store.Store.
func (d *DB) ACSRecords(ctx context.Context, tenant, correlationID string) ([]*model.ACSRecord, error) {
	m, err := d.ACSRecordsOf(ctx, tenant, []string{correlationID})
	if err != nil {
		return nil, err
	}
	return m[correlationID], nil
}

// ACSRecordsOf implements store.Store: one query per chunk of calls, so
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
	err := inChunks(correlationIDs, func(ph string, args []any) error {
		stored, err := d.readACSRows(ctx, tenant, ph, args)
		if err != nil {
			return err
		}
		// Decoded on every core: assembling calls after an ingest waits
		// for this, while the writer stores the calls before.
		recs := make([]*model.ACSRecord, len(stored))
		errs := make([]error, len(stored))
		store.OnEveryCore(len(stored), func(i int) {
			st := &stored[i]
			b, err := detailJSON(st.text, st.z)
			if err != nil {
				errs[i] = fmt.Errorf("acs record %s/%s of tenant %s: %w", st.corr, st.key, tenant, err)
				return
			}
			if recs[i], err = decodeACSRecord(b); err != nil {
				errs[i] = fmt.Errorf("acs record %s/%s of tenant %s: decode: %w", st.corr, st.key, tenant, err)
			}
			st.text, st.z = nil, nil
		})
		for i, st := range stored {
			if errs[i] != nil {
				return errs[i]
			}
			out[st.corr] = append(out[st.corr], recs[i])
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// storedACSRow is a record as the table holds it.
type storedACSRow struct {
	corr, key string
	text, z   []byte
}

// readACSRows reads the stored records of the calls in args, in the order
// of their call and key.
func (d *DB) readACSRows(ctx context.Context, tenant, placeholders string, args []any) ([]storedACSRow, error) {
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, `SELECT correlation_id, key, record, record_zstd FROM acs_records
		WHERE tenant = ? AND correlation_id IN (`+placeholders+`) ORDER BY correlation_id, key`, append([]any{tenant}, args...)...)
	if err != nil {
		return nil, d.wrap("read acs records", err)
	}
	defer rows.Close()
	var out []storedACSRow
	for rows.Next() {
		var r storedACSRow
		if err := rows.Scan(&r.corr, &r.key, &r.text, &r.z); err != nil {
			return nil, d.wrap("read acs records", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("read acs records", err)
	}
	return out, nil
}
