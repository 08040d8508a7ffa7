package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/rollup"
	"github.com/callscope/callscope/internal/store/tables"
)

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
	err := d.inTx(ctx, "put calls", func(tx pgx.Tx) error {
		var err error
		outcomes, err = putCallsTx(ctx, tx, encs, models, d.now())
		return err
	})
	return outcomes, err
}

// putCallsTx stores encoded calls inside tx, each reconciled with its
// stored copy as PutCalls says (store.PlanPut); models, when given, are
// the calls encs were encoded from. Other writes that store calls with
// their own rows (a fetch finished) call it in their transaction.
func putCallsTx(ctx context.Context, tx pgx.Tx, encs []*store.EncodedCall, models []*model.Call, now time.Time) ([]model.Outcome, error) {
	tenants := make([]string, len(encs))
	for i, e := range encs {
		tenants[i] = e.Tenant
	}
	if err := lockTenants(ctx, tx, tenants); err != nil {
		return nil, err
	}
	plan, err := store.PlanPut(encs, models, storedCalls{ctx, tx})
	if err != nil {
		return nil, err
	}
	return plan.Outcomes, writeCalls(ctx, tx, plan.Writes, now)
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
	return d.inTx(ctx, "rewrite calls", func(tx pgx.Tx) error {
		tenants := make([]string, len(encs))
		for i, e := range encs {
			tenants[i] = e.Tenant
		}
		if err := lockTenants(ctx, tx, tenants); err != nil {
			return err
		}
		writes, err := store.PlanRewrite(encs, storedCalls{ctx, tx})
		if err != nil {
			return err
		}
		return writeCalls(ctx, tx, writes, d.now())
	})
}

// storedCalls reads stored copies for store.PlanPut.
type storedCalls struct {
	ctx context.Context
	tx  pgx.Tx
}

func (s storedCalls) Headers(tenant string, ids []string) (map[string]store.StoredHeader, error) {
	rows, err := s.tx.Query(s.ctx, `SELECT id, content_hash, version, partial, source FROM calls WHERE tenant = $1 AND id = ANY($2)`, tenant, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]store.StoredHeader{}
	for rows.Next() {
		var id, source string
		var h store.StoredHeader
		if err := rows.Scan(&id, &h.Hash, &h.Version, &h.Partial, &source); err != nil {
			return nil, err
		}
		h.Source = model.Source(source)
		out[id] = h
	}
	return out, rows.Err()
}

func (s storedCalls) Details(tenant string, ids []string) (map[string][]byte, error) {
	rows, err := s.tx.Query(s.ctx, `SELECT id, detail FROM calls WHERE tenant = $1 AND id = ANY($2)`, tenant, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var id string
		var z []byte
		if err := rows.Scan(&id, &z); err != nil {
			return nil, err
		}
		b, err := store.DecompressDetail(z)
		if err != nil {
			return nil, fmt.Errorf("stored call %s of tenant %s: decompress: %w", id, tenant, err)
		}
		out[id] = b
	}
	return out, rows.Err()
}

// writeCalls replaces the rows of every call written: the call, its
// people, its stream facts and its ACS participants, deleted and copied
// in again together, and
// the rollups changed by as much.
func writeCalls(ctx context.Context, tx pgx.Tx, writes []store.PlannedWrite, now time.Time) error {
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
		if err := deleteCallRows(ctx, tx, delta, tenant, ids); err != nil {
			return fmt.Errorf("replace calls: %w", err)
		}
	}
	calls := make([][]any, 0, len(writes))
	var people, facts, parts, participants [][]any
	acsFacts := make([][]model.ACSParticipantFact, 0, len(writes))
	written := make([][]model.StreamFact, 0, len(writes))
	for _, w := range writes {
		row, err := callRow(w.Call, now)
		if err != nil {
			return err
		}
		calls = append(calls, row)
		for i := range w.Call.People {
			vals := tables.RowOf(tables.PeopleColumns, &tables.PersonRow{Tenant: w.Call.Tenant, CallID: w.Call.ID, Person: w.Call.People[i], Own: w.Call.OwnOf(i)}, nil)
			row := make([]any, 0, len(vals)+2)
			row = append(row, vals[0], vals[1], i)
			for _, v := range vals[2:] {
				row = append(row, v)
			}
			people = append(people, append(row, tables.NullTimePtr(w.Call.Start)))
		}
		for i := range w.Call.Facts {
			vals := tables.RowOf(tables.FactColumns, &w.Call.Facts[i], nil)
			row := make([]any, len(vals))
			for j, v := range vals {
				row[j] = v
			}
			facts = append(facts, row)
		}
		written = append(written, w.Call.Facts)
		parts = append(parts, partRows(w.Call)...)
		participants = append(participants, acsParticipantRows(w.Call.ACSParticipants)...)
		acsFacts = append(acsFacts, w.Call.ACSParticipants)
	}
	if err := copyRows(ctx, tx, "calls", callColumns, calls); err != nil {
		return err
	}
	if err := copyRows(ctx, tx, "call_people", peopleColumns, people); err != nil {
		return err
	}
	if err := copyRows(ctx, tx, "stream_facts", factColumns, facts); err != nil {
		return err
	}
	if err := copyRows(ctx, tx, "call_parts", partColumns, parts); err != nil {
		return err
	}
	if err := copyRows(ctx, tx, "acs_participants", acsParticipantColumns, participants); err != nil {
		return err
	}
	if err := copyRows(ctx, tx, "acs_participant_days", acsDayColumns, acsDayRows(acsFacts)); err != nil {
		return err
	}
	if err := compactACSWritten(ctx, tx, acsFacts); err != nil {
		return err
	}
	delta.AddFacts(written)
	return writeDelta(ctx, tx, delta)
}

// deleteCallRows deletes the tenant's calls ids with their people,
// facts and ACS participants, counting the facts out of delta first.
func deleteCallRows(ctx context.Context, tx pgx.Tx, delta *rollup.Delta, tenant string, ids []string) error {
	rows, err := tx.Query(ctx, `SELECT `+strings.Join(rollup.StoredColumns, ", ")+` FROM stream_facts WHERE tenant = $1 AND call_id = ANY($2)`, tenant, ids)
	if err != nil {
		return err
	}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			rows.Close()
			return err
		}
		if err := delta.SubtractStored(vals); err != nil {
			rows.Close()
			return err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := subtractACSParticipants(ctx, tx, tenant, ids); err != nil {
		return err
	}
	for _, table := range []string{"stream_facts", "call_people", "call_parts", "acs_participants"} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE tenant = $1 AND call_id = ANY($2)`, tenant, ids); err != nil {
			return err
		}
	}
	_, err = tx.Exec(ctx, `DELETE FROM calls WHERE tenant = $1 AND id = ANY($2)`, tenant, ids)
	return err
}

// callColumns are the columns of calls callRow fills, in its order.
var callColumns = []string{"tenant", "id", "version", "source", "type", "start_time", "end_time", "partial", "modalities",
	"sessions", "streams", "participants", "content_hash", "detail", "stored_at", "rating", "rules", "red_issues", "yellow_issues"}

// callRow is one row of calls.
func callRow(e *store.EncodedCall, now time.Time) ([]any, error) {
	if len(e.Detail) == 0 {
		return nil, fmt.Errorf("call %s: encoded without its detail", e.ID)
	}
	mods := e.Modalities
	if mods == nil {
		mods = []string{}
	}
	return []any{
		e.Tenant, e.ID, e.Version, string(e.Source), string(e.Type),
		tables.NullTimePtr(e.Start), tables.NullTimePtr(e.End),
		e.Partial, mods, e.Sessions, e.Streams, len(e.People),
		e.Hash, e.Detail, now,
		tables.NullString(string(e.Rating)), tables.NullString(e.Rules),
		e.RedIssues, e.YellowIssues,
	}, nil
}

// peopleColumns and factColumns are the columns of call_people and
// stream_facts in the rows writeCalls copies.
var (
	peopleColumns = func() []string {
		names := []string{"tenant", "call_id", "ordinal"}
		for _, c := range tables.PeopleColumns[2:] {
			names = append(names, c.Name)
		}
		// The call's start, by which a user's calls are listed newest
		// first from the person's index (migration 006).
		return append(names, "start_time")
	}()
	factColumns = func() []string {
		names := make([]string, len(tables.FactColumns))
		for i, c := range tables.FactColumns {
			names[i] = c.Name
		}
		return names
	}()
)

// copyRows copies rows into table with COPY, the fastest way in.
func copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	return nil
}
