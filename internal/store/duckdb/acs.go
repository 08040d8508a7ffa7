package duckdb

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"

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
	err = d.writeTx(ctx, "put acs records", func(tx *txConn) error {
		var writes []store.ACSWrite
		var err error
		if outcomes, writes, err = batch.PlanPut(storedACS{tx, tenant}); err != nil {
			return err
		}
		return writeACS(tx, tenant, writes, d.now(), d.plain)
	})
	if err != nil {
		return nil, err
	}
	return outcomes, nil
}

// RewriteACSRecords implements store.Store.
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
	return d.writeTx(ctx, "rewrite acs records", func(tx *txConn) error {
		writes, err := batch.PlanRewrite(tenant, storedACS{tx, tenant})
		if err != nil {
			return err
		}
		return writeACS(tx, tenant, writes, d.now(), d.plain)
	})
}

// storedACS reads a tenant's stored records for store.ACSBatch.
type storedACS struct {
	tx     *txConn
	tenant string
}

func (s storedACS) ACSHeaders(corrs []string) (map[store.ACSKey]store.StoredACSHeader, error) {
	out := map[store.ACSKey]store.StoredACSHeader{}
	err := inChunks(corrs, func(ph string, args []any) error {
		rows, err := s.tx.query(`SELECT correlation_id, key, version, content_hash FROM acs_records
			WHERE tenant = ? AND correlation_id IN (`+ph+`)`, append([]any{s.tenant}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k store.ACSKey
			var h store.StoredACSHeader
			if err := rows.Scan(&k.CorrelationID, &k.Key, &h.Version, &h.Hash); err != nil {
				return err
			}
			out[k] = h
		}
		return rows.Err()
	})
	return out, err
}

func (s storedACS) ACSContents(keys []store.ACSKey) (map[store.ACSKey][]byte, error) {
	byCall := map[string][]string{}
	for _, k := range keys {
		byCall[k.CorrelationID] = append(byCall[k.CorrelationID], k.Key)
	}
	out := map[store.ACSKey][]byte{}
	for corr, ks := range byCall {
		err := inChunks(ks, func(ph string, args []any) error {
			rows, err := s.tx.query(`SELECT key, record, record_zstd FROM acs_records WHERE tenant = ? AND correlation_id = ? AND key IN (`+ph+`)`,
				append([]any{s.tenant, corr}, args...)...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var key string
				var text, z []byte
				if err := rows.Scan(&key, &text, &z); err != nil {
					return err
				}
				record, err := detailJSON(text, z)
				if err != nil {
					return fmt.Errorf("stored acs record %s/%s of tenant %s: %w", corr, key, s.tenant, err)
				}
				out[store.ACSKey{CorrelationID: corr, Key: key}] = record
			}
			return rows.Err()
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// writeACS replaces the stored records of writes. A plain store keeps a
// record's canonical JSON as text, others compressed.
func writeACS(tx *txConn, tenant string, writes []store.ACSWrite, now time.Time, plain bool) error {
	stale := map[string][]string{}
	for _, w := range writes {
		if w.Stored {
			stale[w.CorrelationID] = append(stale[w.CorrelationID], w.Key)
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
	if len(writes) == 0 {
		return nil
	}
	// Compressed on every core first: records are small, and compressing
	// them one by one on the writer was the largest part of storing them.
	zs := make([][]byte, len(writes))
	if !plain {
		store.OnEveryCore(len(writes), func(i int) { zs[i] = store.CompressRecord(writes[i].Canonical) })
	}
	return tx.appendRows("acs_records", func(add func(...driver.Value) error) error {
		for i, w := range writes {
			text, z := "", any(nil)
			if plain {
				text = string(w.Canonical)
			} else {
				z = zs[i]
			}
			if err := add(tenant, w.CorrelationID, w.Key, w.Version, w.Category, w.Hash, text, now,
				z); err != nil { // added by migration 010
				return fmt.Errorf("record %s/%s: %w", w.CorrelationID, w.Key, err)
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
