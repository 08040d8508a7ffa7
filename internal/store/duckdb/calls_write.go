package duckdb

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

type callKey struct{ tenant, id string }

// callState is what the batch knows about one call: the stored copy until
// a batch item replaces it, then the call to write.
type callState struct {
	call   *model.Call // nil while the stored copy is not decoded
	detail []byte      // canonical JSON of call
	hash   string
	inDB   bool // rows exist and must be deleted before writing
	dirty  bool // to be written; then call and detail are the batch's own
}

// PutCalls implements store.Store.
func (d *DB) PutCalls(ctx context.Context, calls []*model.Call) ([]model.Outcome, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if len(calls) == 0 {
		return nil, nil
	}
	batch, err := encodeCalls(calls)
	if err != nil {
		return nil, fmt.Errorf("put calls: %w", err)
	}
	var outcomes []model.Outcome
	err = d.writeTx(ctx, "put calls", func(tx *txConn) error {
		var err error
		outcomes, err = batch.put(tx, d.now())
		return err
	})
	if err != nil {
		return nil, err
	}
	return outcomes, nil
}

// callBatch is calls to store with their canonical encodings and
// content hashes, worked out before the write transaction.
type callBatch struct {
	calls  []*model.Call
	enc    [][]byte
	hashes []string
}

func encodeCalls(calls []*model.Call) (*callBatch, error) {
	b := &callBatch{calls: calls, enc: make([][]byte, len(calls)), hashes: make([]string, len(calls))}
	for i, c := range calls {
		if c == nil {
			return nil, fmt.Errorf("call %d is nil: %w", i, store.ErrInvalid)
		}
		if c.Tenant == "" || c.ID == "" {
			return nil, fmt.Errorf("call %d (id %q, tenant %q) needs both a tenant and an id: %w", i, c.ID, c.Tenant, store.ErrInvalid)
		}
		enc, err := json.Marshal(c)
		if err != nil {
			return nil, fmt.Errorf("encode call %s: %w", c.ID, err)
		}
		b.enc[i], b.hashes[i] = enc, contentHash(enc)
	}
	return b, nil
}

// put stores the batch inside tx: each call reconciled with its stored
// copy, as PutCalls says. It returns one outcome per call.
func (b *callBatch) put(tx *txConn, now time.Time) ([]model.Outcome, error) {
	calls, enc, hashes := b.calls, b.enc, b.hashes
	outcomes := make([]model.Outcome, len(calls))
	states, err := loadCallHashes(tx, calls)
	if err != nil {
		return nil, err
	}
	if err := loadCallDetails(tx, calls, hashes, states); err != nil {
		return nil, err
	}
	var order []callKey // calls to write, in first-written order
	for i, c := range calls {
		k := callKey{c.Tenant, c.ID}
		st := states[k]
		if st == nil {
			states[k] = &callState{call: c, detail: enc[i], hash: hashes[i], dirty: true}
			order = append(order, k)
			outcomes[i] = model.Inserted
			continue
		}
		if st.hash == hashes[i] {
			outcomes[i] = model.Unchanged
			continue
		}
		if st.call == nil {
			// Reconcile would take a nil stored call for a new one.
			return nil, fmt.Errorf("call %s: stored copy was not read", c.ID)
		}
		codec := newCallCodec(c, enc[i], st)
		res, out := model.Reconcile(st.call, c, codec.same)
		outcomes[i] = out
		if res == nil {
			continue
		}
		if res.Tenant != c.Tenant || res.ID != c.ID {
			return nil, fmt.Errorf("call %s: reconciling gave call %s of tenant %q", c.ID, res.ID, res.Tenant)
		}
		detail, err := codec.encode(res)
		if err != nil {
			return nil, fmt.Errorf("encode call %s: %w", c.ID, err)
		}
		if !st.dirty {
			order = append(order, k)
		}
		st.call, st.detail, st.hash, st.dirty = res, detail, contentHash(detail), true
	}
	return outcomes, writeCalls(tx, order, states, now)
}

// loadCallHashes finds which calls of the batch are stored, with their
// content hashes: enough to tell an unchanged call without decoding it.
func loadCallHashes(tx *txConn, calls []*model.Call) (map[callKey]*callState, error) {
	states := map[callKey]*callState{}
	for tenant, ids := range idsByTenant(calls, nil) {
		err := inChunks(ids, func(ph string, args []any) error {
			rows, err := tx.query(`SELECT id, content_hash FROM calls WHERE tenant = ? AND id IN (`+ph+`)`, append([]any{tenant}, args...)...)
			if err != nil {
				return fmt.Errorf("read stored calls: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var id, hash string
				if err := rows.Scan(&id, &hash); err != nil {
					return fmt.Errorf("read stored calls: %w", err)
				}
				states[callKey{tenant, id}] = &callState{hash: hash, inDB: true}
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
func loadCallDetails(tx *txConn, calls []*model.Call, hashes []string, states map[callKey]*callState) error {
	need := func(i int, c *model.Call) bool {
		st := states[callKey{c.Tenant, c.ID}]
		return st != nil && st.hash != hashes[i]
	}
	for tenant, ids := range idsByTenant(calls, need) {
		err := inChunks(ids, func(ph string, args []any) error {
			rows, err := tx.query(`SELECT id, detail FROM calls WHERE tenant = ? AND id IN (`+ph+`)`, append([]any{tenant}, args...)...)
			if err != nil {
				return fmt.Errorf("read stored calls: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				var id string
				var detail []byte
				if err := rows.Scan(&id, &detail); err != nil {
					return fmt.Errorf("read stored calls: %w", err)
				}
				c, err := decodeCall(detail)
				if err != nil {
					return fmt.Errorf("stored call %s of tenant %s: %w", id, tenant, err)
				}
				st := states[callKey{tenant, id}]
				st.call, st.detail = c, detail
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
func idsByTenant(calls []*model.Call, keep func(int, *model.Call) bool) map[string][]string {
	seen := map[callKey]bool{}
	out := map[string][]string{}
	for i, c := range calls {
		k := callKey{c.Tenant, c.ID}
		if seen[k] || keep != nil && !keep(i, c) {
			continue
		}
		seen[k] = true
		out[c.Tenant] = append(out[c.Tenant], c.ID)
	}
	return out
}

// writeCalls replaces the rows of every call in order: the call, its
// people and its stream facts, deleted and appended again together.
func writeCalls(tx *txConn, order []callKey, states map[callKey]*callState, now time.Time) error {
	if len(order) == 0 {
		return nil
	}
	stale := map[string][]string{}
	for _, k := range order {
		if states[k].inDB {
			stale[k.tenant] = append(stale[k.tenant], k.id)
		}
	}
	delta := newRollupDelta()
	for tenant, ids := range stale {
		if err := delta.subtractStored(tx, tenant, ids); err != nil {
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

	facts := make(map[callKey][]model.StreamFact, len(order))
	people := make(map[callKey][]model.Person, len(order))
	for _, k := range order {
		c := states[k].call
		facts[k], people[k] = model.Facts(c), model.People(c)
	}
	err := tx.appendRows("calls", func(add func(...driver.Value) error) error {
		for _, k := range order {
			st := states[k]
			if err := add(callRow(st, len(facts[k]), len(people[k]), now)...); err != nil {
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
			for _, p := range people[k] {
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
		written = append(written, facts[k])
	}
	if err := appendFacts(tx, written); err != nil {
		return err
	}
	delta.addFacts(written)
	return delta.write(tx)
}

// callRow is one row of calls, in column order.
func callRow(st *callState, streams, participants int, now time.Time) []driver.Value {
	c := st.call
	sessions := 0
	for _, s := range c.Sessions {
		if s != nil {
			sessions++
		}
	}
	modalities := make([]string, 0, len(c.Modalities))
	for _, m := range c.Modalities {
		modalities = append(modalities, string(m))
	}
	mods, _ := json.Marshal(modalities) // a []string always encodes
	return []driver.Value{
		c.Tenant, c.ID, c.Version, string(c.Source), string(c.Type.Value()),
		nullTimePtr(c.StartDateTime.Ptr()), nullTimePtr(c.EndDateTime.Ptr()),
		c.Partial, string(mods), sessions, streams, participants,
		st.hash, string(st.detail), now,
		// Added by migration 002.
		nullString(string(c.CallRating())), nullString(c.Rules),
		// Added by migration 004.
		issueCount(c, model.SeverityRed), issueCount(c, model.SeverityYellow),
	}
}

// issueCount counts the issues of the call's sessions of one severity.
func issueCount(c *model.Call, sev model.Severity) int {
	n := 0
	for _, s := range c.Sessions {
		if s == nil {
			continue
		}
		for _, is := range s.Issues {
			if is.Severity == sev {
				n++
			}
		}
	}
	return n
}

// RewriteCalls implements store.Store.
func (d *DB) RewriteCalls(ctx context.Context, calls []*model.Call) error {
	if err := d.check(); err != nil {
		return err
	}
	if len(calls) == 0 {
		return nil
	}
	return d.writeTx(ctx, "rewrite calls", func(tx *txConn) error {
		states, err := loadCallHashes(tx, calls)
		if err != nil {
			return err
		}
		var order []callKey
		for _, c := range calls {
			if c == nil || c.Tenant == "" || c.ID == "" {
				return fmt.Errorf("call needs a tenant and an id: %w", store.ErrInvalid)
			}
			k := callKey{c.Tenant, c.ID}
			st := states[k]
			if st == nil {
				return fmt.Errorf("call %s of tenant %s: %w", c.ID, c.Tenant, store.ErrNotFound)
			}
			detail, err := json.Marshal(c)
			if err != nil {
				return fmt.Errorf("encode call %s: %w", c.ID, err)
			}
			if !st.dirty {
				order = append(order, k)
			}
			st.call, st.detail, st.hash, st.dirty = c, detail, contentHash(detail), true
		}
		return writeCalls(tx, order, states, d.now())
	})
}
