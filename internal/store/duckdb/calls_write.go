package duckdb

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/rollup"
	"github.com/callscope/callscope/internal/store/tables"
)

type callKey struct{ tenant, id string }

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
// stored copy, as PutCalls says (store.PlanPut); models, when given, are
// the calls encs were encoded from. It returns one outcome per call.
func putBatch(tx *txConn, encs []*store.EncodedCall, models []*model.Call, now time.Time, plain bool) ([]model.Outcome, error) {
	plan, err := store.PlanPut(encs, models, storedCalls{tx})
	if err != nil {
		return nil, err
	}
	return plan.Outcomes, writeCalls(tx, plan.Writes, now, plain)
}

// storedCalls reads stored copies for store.PlanPut.
type storedCalls struct{ tx *txConn }

func (s storedCalls) Headers(tenant string, ids []string) (map[string]store.StoredHeader, error) {
	out := map[string]store.StoredHeader{}
	err := inChunks(ids, func(ph string, args []any) error {
		rows, err := s.tx.query(`SELECT id, content_hash, version, partial, source FROM calls WHERE tenant = ? AND id IN (`+ph+`)`, append([]any{tenant}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, source string
			var h store.StoredHeader
			if err := rows.Scan(&id, &h.Hash, &h.Version, &h.Partial, &source); err != nil {
				return err
			}
			h.Source = model.Source(source)
			out[id] = h
		}
		return rows.Err()
	})
	return out, err
}

func (s storedCalls) Details(tenant string, ids []string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := inChunks(ids, func(ph string, args []any) error {
		rows, err := s.tx.query(`SELECT id, detail, detail_zstd FROM calls WHERE tenant = ? AND id IN (`+ph+`)`, append([]any{tenant}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var text, z []byte
			if err := rows.Scan(&id, &text, &z); err != nil {
				return err
			}
			detail, err := detailJSON(text, z)
			if err != nil {
				return fmt.Errorf("stored call %s of tenant %s: %w", id, tenant, err)
			}
			out[id] = detail
		}
		return rows.Err()
	})
	return out, err
}

// writeCalls replaces the rows of every call written: the call, its
// people, its stream facts and its ACS participants, deleted and
// appended again together.
func writeCalls(tx *txConn, writes []store.PlannedWrite, now time.Time, plain bool) error {
	if len(writes) == 0 {
		return nil
	}
	stale := map[string][]string{}
	for _, w := range writes {
		if w.Stored {
			stale[w.Call.Tenant] = append(stale[w.Call.Tenant], w.Call.ID)
		}
	}
	delta := rollup.NewDelta()
	for tenant, ids := range stale {
		if err := subtractStored(tx, delta, tenant, ids); err != nil {
			return fmt.Errorf("take replaced calls out of the rollup: %w", err)
		}
		if err := subtractACSParticipants(tx, tenant, ids); err != nil {
			return fmt.Errorf("take replaced calls out of the ACS participants' sums: %w", err)
		}
		for _, q := range []string{
			`DELETE FROM stream_facts WHERE tenant = ? AND call_id IN (`,
			`DELETE FROM acs_participants WHERE tenant = ? AND call_id IN (`,
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

	for _, w := range writes {
		tx.index.put = append(tx.index.put, w.Call)
	}
	err := tx.appendRows("calls", func(add func(...driver.Value) error) error {
		for _, w := range writes {
			row, err := callRow(w.Call, now, plain)
			if err != nil {
				return fmt.Errorf("call %s: %w", w.Call.ID, err)
			}
			if err := add(row...); err != nil {
				return fmt.Errorf("call %s: %w", w.Call.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = tx.appendRows("call_people", func(add func(...driver.Value) error) error {
		var row []driver.Value
		for _, w := range writes {
			for i, p := range w.Call.People {
				row = tables.RowOf(tables.PeopleColumns, &tables.PersonRow{Tenant: w.Call.Tenant, CallID: w.Call.ID, Person: p, Own: w.Call.OwnOf(i)}, row)
				if err := add(row...); err != nil {
					return fmt.Errorf("call %s: %w", w.Call.ID, err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	written := make([][]model.StreamFact, 0, len(writes))
	for _, w := range writes {
		written = append(written, w.Call.Facts)
	}
	if err := appendFacts(tx, written); err != nil {
		return err
	}
	participants := make([][]model.ACSParticipantFact, 0, len(writes))
	for _, w := range writes {
		participants = append(participants, w.Call.ACSParticipants)
	}
	if err := appendACSParticipants(tx, participants); err != nil {
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
		tables.NullTimePtr(e.Start), tables.NullTimePtr(e.End),
		e.Partial, string(mods), e.Sessions, e.Streams, len(e.People),
		e.Hash, text, now,
		// Added by migration 002.
		tables.NullString(string(e.Rating)), tables.NullString(e.Rules),
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
		writes, err := store.PlanRewrite(encs, storedCalls{tx})
		if err != nil {
			return err
		}
		return writeCalls(tx, writes, d.now(), d.plain)
	})
}
