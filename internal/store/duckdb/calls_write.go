package duckdb

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/rollup"
)

type callKey struct{ tenant, id string }

// callState is what the batch knows about one call: the stored copy until
// a batch item replaces it, then the call to write.
type callState struct {
	call   *model.Call        // nil while not decoded
	json   []byte             // canonical JSON of call, when decoded
	enc    *store.EncodedCall // what is written, once dirty
	hash   string
	stored storedHeader // of the stored copy, while it is what the state holds
	inDB   bool         // rows exist and must be deleted before writing
	dirty  bool         // to be written; then enc (and call, json) are the batch's own
}

// storedHeader is what model.Reconcile decides on before it looks at
// content: enough to skip an older version of a large meeting without
// decoding either copy.
type storedHeader struct {
	version int64
	partial bool
	source  model.Source
}

// older reports whether e is an older version of the stored call, as
// model.Reconcile would find: both whole Graph records.
func (h storedHeader) older(e *store.EncodedCall) bool {
	return h.version > 0 && !h.partial && !e.Partial && h.source != model.SourceACS && e.Source != model.SourceACS && e.Version < h.version
}

var _ store.EncodedCallPutter = (*DB)(nil)

// PutCalls implements store.Store.
func (d *DB) PutCalls(ctx context.Context, calls []*model.Call) ([]model.Outcome, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if len(calls) == 0 {
		return nil, nil
	}
	encs, err := store.EncodeCalls(calls)
	if err != nil {
		return nil, fmt.Errorf("put calls: %w", err)
	}
	return d.putEncoded(ctx, encs, calls)
}

// PutEncodedCalls implements store.EncodedCallPutter.
func (d *DB) PutEncodedCalls(ctx context.Context, encs []*store.EncodedCall) ([]model.Outcome, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	for i, e := range encs {
		if e == nil || e.Tenant == "" || e.ID == "" {
			return nil, fmt.Errorf("put calls: call %d needs a tenant and an id: %w", i, store.ErrInvalid)
		}
	}
	if len(encs) == 0 {
		return nil, nil
	}
	return d.putEncoded(ctx, encs, nil)
}

func (d *DB) putEncoded(ctx context.Context, encs []*store.EncodedCall, models []*model.Call) ([]model.Outcome, error) {
	var outcomes []model.Outcome
	err := d.writeTx(ctx, "put calls", func(tx *txConn) error {
		var err error
		outcomes, err = putBatch(tx, encs, models, d.now(), d.plain)
		return err
	})
	if err != nil {
		return nil, err
	}
	return outcomes, nil
}

// putBatch stores encoded calls inside tx, each reconciled with its
// stored copy, as PutCalls says; models, when given, are the calls encs
// were encoded from, which spares decoding them again to reconcile. It
// returns one outcome per call.
func putBatch(tx *txConn, encs []*store.EncodedCall, models []*model.Call, now time.Time, plain bool) ([]model.Outcome, error) {
	outcomes := make([]model.Outcome, len(encs))
	states, err := loadCallHashes(tx, encs)
	if err != nil {
		return nil, err
	}
	if err := completeWritten(encs, states); err != nil {
		return nil, err
	}
	if err := loadCallDetails(tx, encs, states); err != nil {
		return nil, err
	}
	var order []callKey // calls to write, in first-written order
	for i, e := range encs {
		k := callKey{e.Tenant, e.ID}
		st := states[k]
		if st == nil {
			st = &callState{enc: e, hash: e.Hash, dirty: true}
			if models != nil {
				st.call = models[i]
			}
			states[k] = st
			order = append(order, k)
			outcomes[i] = model.Inserted
			continue
		}
		if st.hash == e.Hash {
			outcomes[i] = model.Unchanged
			continue
		}
		if !st.dirty && st.stored.older(e) {
			outcomes[i] = model.Older
			continue
		}
		if err := st.decode(); err != nil {
			return nil, err
		}
		var incoming *model.Call
		var incomingJSON []byte
		if models != nil {
			// The model is at hand; its canonical JSON is the encoding's.
			incoming = models[i]
			if incomingJSON, err = e.JSON(); err != nil {
				return nil, err
			}
		} else if incoming, incomingJSON, err = decodeEncoded(e); err != nil {
			return nil, err
		}
		codec := newCallCodec(incoming, incomingJSON, st)
		res, out := model.Reconcile(st.call, incoming, codec.same)
		outcomes[i] = out
		if res == nil {
			continue
		}
		if res.Tenant != e.Tenant || res.ID != e.ID {
			return nil, fmt.Errorf("call %s: reconciling gave call %s of tenant %q", e.ID, res.ID, res.Tenant)
		}
		detail, err := codec.encode(res)
		if err != nil {
			return nil, fmt.Errorf("encode call %s: %w", e.ID, err)
		}
		enc := e
		if res != incoming {
			enc = store.EncodeCallJSON(res, detail)
		} else if err := enc.Complete(); err != nil {
			return nil, err
		}
		if !st.dirty {
			order = append(order, k)
		}
		st.call, st.json, st.hash, st.enc, st.dirty = res, detail, enc.Hash, enc, true
	}
	return outcomes, writeCalls(tx, order, states, now, plain)
}

// completeWritten completes, on every core, the calls encoded light
// (store.EncodeCallLight) that are not stored with the same content:
// those are the ones written. Should a copy found unchanged be written
// all the same, after another copy of its call in the batch, putBatch
// completes it then.
func completeWritten(encs []*store.EncodedCall, states map[callKey]*callState) error {
	var light []*store.EncodedCall
	for _, e := range encs {
		if st := states[callKey{e.Tenant, e.ID}]; e.Light() && (st == nil || st.hash != e.Hash) {
			light = append(light, e)
		}
	}
	errs := make([]error, len(light))
	store.OnEveryCore(len(light), func(i int) { errs[i] = light[i].Complete() })
	return errors.Join(errs...)
}

// decode makes sure the state's call is decoded: a call of the batch
// that was stored from its encoding alone is decoded when a later item
// of the same batch must be reconciled with it.
func (st *callState) decode() error {
	if st.call != nil {
		return nil
	}
	if st.enc == nil {
		// Reconcile would take a nil stored call for a new one.
		return fmt.Errorf("stored copy was not read")
	}
	c, b, err := decodeEncoded(st.enc)
	if err != nil {
		return err
	}
	st.call, st.json = c, b
	return nil
}

func decodeEncoded(e *store.EncodedCall) (*model.Call, []byte, error) {
	b, err := e.JSON()
	if err != nil {
		return nil, nil, err
	}
	c, err := decodeCall(b)
	if err != nil {
		return nil, nil, fmt.Errorf("call %s: %w", e.ID, err)
	}
	return c, b, nil
}

// loadCallHashes finds which calls of the batch are stored, with their
// content hashes: enough to tell an unchanged call without decoding it.
func loadCallHashes(tx *txConn, encs []*store.EncodedCall) (map[callKey]*callState, error) {
	states := map[callKey]*callState{}
	for tenant, ids := range idsByTenant(encs, nil) {
		err := inChunks(ids, func(ph string, args []any) error {
			rows, err := tx.query(`SELECT id, content_hash, version, partial, source FROM calls WHERE tenant = ? AND id IN (`+ph+`)`, append([]any{tenant}, args...)...)
			if err != nil {
				return fmt.Errorf("read stored calls: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var id, hash, source string
				var version int64
				var partial bool
				if err := rows.Scan(&id, &hash, &version, &partial, &source); err != nil {
					return fmt.Errorf("read stored calls: %w", err)
				}
				states[callKey{tenant, id}] = &callState{hash: hash, inDB: true,
					stored: storedHeader{version: version, partial: partial, source: model.Source(source)}}
			}
			return rows.Err()
		})
		if err != nil {
			return nil, err
		}
	}
	return states, nil
}

// loadCallDetails decodes the stored copies that some call of the batch
// differs from; only those need reconciling.
func loadCallDetails(tx *txConn, encs []*store.EncodedCall, states map[callKey]*callState) error {
	need := func(e *store.EncodedCall) bool {
		st := states[callKey{e.Tenant, e.ID}]
		return st != nil && st.hash != e.Hash && !st.stored.older(e)
	}
	for tenant, ids := range idsByTenant(encs, need) {
		err := inChunks(ids, func(ph string, args []any) error {
			rows, err := tx.query(`SELECT id, detail, detail_zstd FROM calls WHERE tenant = ? AND id IN (`+ph+`)`, append([]any{tenant}, args...)...)
			if err != nil {
				return fmt.Errorf("read stored calls: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var id string
				var text, z []byte
				if err := rows.Scan(&id, &text, &z); err != nil {
					return fmt.Errorf("read stored calls: %w", err)
				}
				detail, err := detailJSON(text, z)
				if err != nil {
					return fmt.Errorf("stored call %s of tenant %s: %w", id, tenant, err)
				}
				c, err := decodeCall(detail)
				if err != nil {
					return fmt.Errorf("stored call %s of tenant %s: %w", id, tenant, err)
				}
				st := states[callKey{tenant, id}]
				st.call, st.json = c, detail
			}
			return rows.Err()
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// idsByTenant lists the distinct ids of the calls for which keep (nil:
// all) holds, grouped by tenant.
func idsByTenant(encs []*store.EncodedCall, keep func(*store.EncodedCall) bool) map[string][]string {
	seen := map[callKey]bool{}
	out := map[string][]string{}
	for _, e := range encs {
		k := callKey{e.Tenant, e.ID}
		if seen[k] || keep != nil && !keep(e) {
			continue
		}
		seen[k] = true
		out[e.Tenant] = append(out[e.Tenant], e.ID)
	}
	return out
}

// writeCalls replaces the rows of every call in order: the call, its
// people and its stream facts, deleted and appended again together.
func writeCalls(tx *txConn, order []callKey, states map[callKey]*callState, now time.Time, plain bool) error {
	if len(order) == 0 {
		return nil
	}
	stale := map[string][]string{}
	for _, k := range order {
		if states[k].inDB {
			stale[k.tenant] = append(stale[k.tenant], k.id)
		}
	}
	delta := rollup.NewDelta()
	for tenant, ids := range stale {
		if err := subtractStored(tx, delta, tenant, ids); err != nil {
			return fmt.Errorf("take replaced calls out of the rollup: %w", err)
		}
		for _, q := range []string{
			`DELETE FROM stream_facts WHERE tenant = ? AND call_id IN (`,
			`DELETE FROM call_people WHERE tenant = ? AND call_id IN (`,
			`DELETE FROM calls WHERE tenant = ? AND id IN (`,
		} {
			err := inChunks(ids, func(ph string, args []any) error {
				return tx.exec(q+ph+`)`, append([]any{tenant}, args...)...)
			})
			if err != nil {
				return fmt.Errorf("delete replaced calls: %w", err)
			}
		}
	}

	for _, k := range order {
		tx.index.put = append(tx.index.put, states[k].enc)
	}
	err := tx.appendRows("calls", func(add func(...driver.Value) error) error {
		for _, k := range order {
			row, err := callRow(states[k].enc, now, plain)
			if err != nil {
				return fmt.Errorf("call %s: %w", k.id, err)
			}
			if err := add(row...); err != nil {
				return fmt.Errorf("call %s: %w", k.id, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = tx.appendRows("call_people", func(add func(...driver.Value) error) error {
		var row []driver.Value
		for _, k := range order {
			for _, p := range states[k].enc.People {
				row = rowOf(peopleColumns, &personRow{tenant: k.tenant, callID: k.id, Person: p}, row)
				if err := add(row...); err != nil {
					return fmt.Errorf("call %s: %w", k.id, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	written := make([][]model.StreamFact, 0, len(order))
	for _, k := range order {
		written = append(written, states[k].enc.Facts)
	}
	if err := appendFacts(tx, written); err != nil {
		return err
	}
	delta.AddFacts(written)
	return writeDelta(tx, delta)
}

// callRow is one row of calls, in column order. A plain store keeps the
// canonical JSON as text, others compressed.
func callRow(e *store.EncodedCall, now time.Time, plain bool) ([]driver.Value, error) {
	mods, _ := json.Marshal(e.Modalities) // a []string always encodes
	text, z := "", any(e.Detail)
	if plain {
		b, err := e.JSON()
		if err != nil {
			return nil, err
		}
		text, z = string(b), nil
	}
	return []driver.Value{
		e.Tenant, e.ID, e.Version, string(e.Source), string(e.Type),
		nullTimePtr(e.Start), nullTimePtr(e.End),
		e.Partial, string(mods), e.Sessions, len(e.Facts), len(e.People),
		e.Hash, text, now,
		// Added by migration 002.
		nullString(string(e.Rating)), nullString(e.Rules),
		// Added by migration 004.
		e.RedIssues, e.YellowIssues,
		// Added by migration 009.
		z,
	}, nil
}

// RewriteCalls implements store.Store.
func (d *DB) RewriteCalls(ctx context.Context, calls []*model.Call) error {
	if err := d.check(); err != nil {
		return err
	}
	if len(calls) == 0 {
		return nil
	}
	encs, err := store.EncodeCalls(calls)
	if err != nil {
		return fmt.Errorf("rewrite calls: %w", err)
	}
	return d.writeTx(ctx, "rewrite calls", func(tx *txConn) error {
		states, err := loadCallHashes(tx, encs)
		if err != nil {
			return err
		}
		var order []callKey
		for i, e := range encs {
			k := callKey{e.Tenant, e.ID}
			st := states[k]
			if st == nil {
				return fmt.Errorf("call %s of tenant %s: %w", e.ID, e.Tenant, store.ErrNotFound)
			}
			if !st.dirty {
				order = append(order, k)
			}
			st.call, st.json, st.hash, st.enc, st.dirty = calls[i], nil, e.Hash, e, true
		}
		return writeCalls(tx, order, states, d.now(), d.plain)
	})
}
