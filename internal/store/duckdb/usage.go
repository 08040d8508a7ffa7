package duckdb

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/tables"
)

type usageKey struct{ kind, id string }

type usageState struct {
	hash  string
	inDB  bool
	dirty bool
	row   *model.UsageRow
	enc   []byte
}

// contentKeyPrefix marks the id of a usage row that came without one:
// its key is the hash of its content.
const contentKeyPrefix = "sha256:"

// PutUsageRows implements store.Store.
func (d *DB) PutUsageRows(ctx context.Context, tenant string, rows []*model.UsageRow) ([]model.Outcome, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if tenant == "" {
		return nil, fmt.Errorf("put usage rows: no tenant: %w", store.ErrInvalid)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	keys := make([]usageKey, len(rows))
	enc := make([][]byte, len(rows))
	hashes := make([]string, len(rows))
	for i, r := range rows {
		if r == nil || r.Kind == "" {
			return nil, fmt.Errorf("put usage rows: row %d is nil or has no kind: %w", i, store.ErrInvalid)
		}
		b, err := json.Marshal(r)
		if err != nil {
			return nil, fmt.Errorf("put usage rows: encode row %d: %w", i, err)
		}
		enc[i], hashes[i] = b, store.ContentHash(b)
		id := r.ID
		if id == "" {
			id = contentKeyPrefix + hashes[i]
		}
		keys[i] = usageKey{string(r.Kind), id}
	}
	outcomes := make([]model.Outcome, len(rows))
	err := d.writeTx(ctx, "put usage rows", func(tx *txConn) error {
		states, err := loadUsageStates(tx, tenant, keys)
		if err != nil {
			return err
		}
		var order []usageKey
		for i, r := range rows {
			k := keys[i]
			st := states[k]
			switch {
			case st == nil:
				st = &usageState{}
				states[k] = st
				outcomes[i] = model.Inserted
			case st.hash == hashes[i] || !model.FullerJSON(enc[i], st.enc):
				// The same row again, or a thinner copy of it (a v1.0 row after
				// its beta copy): keep the fuller, whatever the arrival order.
				outcomes[i] = model.Unchanged
				continue
			default:
				outcomes[i] = model.Replaced
			}
			if !st.dirty {
				order = append(order, k)
			}
			st.hash, st.dirty, st.row, st.enc = hashes[i], true, r, enc[i]
		}
		return writeUsage(tx, tenant, order, states, d.now())
	})
	if err != nil {
		return nil, err
	}
	return outcomes, nil
}

func loadUsageStates(tx *txConn, tenant string, keys []usageKey) (map[usageKey]*usageState, error) {
	byKind := map[string][]string{}
	seen := map[usageKey]bool{}
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			byKind[k.kind] = append(byKind[k.kind], k.id)
		}
	}
	states := map[usageKey]*usageState{}
	for kind, ids := range byKind {
		err := inChunks(ids, func(ph string, args []any) error {
			rows, err := tx.query(`SELECT id, content_hash, row FROM usage_rows WHERE tenant = ? AND kind = ? AND id IN (`+ph+`)`,
				append([]any{tenant, kind}, args...)...)
			if err != nil {
				return fmt.Errorf("read stored usage rows: %w", err)
			}
			defer rows.Close()
			for rows.Next() {
				k := usageKey{kind: kind}
				st := &usageState{inDB: true}
				if err := rows.Scan(&k.id, &st.hash, &st.enc); err != nil {
					return fmt.Errorf("read stored usage rows: %w", err)
				}
				states[k] = st
			}
			return rows.Err()
		})
		if err != nil {
			return nil, err
		}
	}
	return states, nil
}

func writeUsage(tx *txConn, tenant string, order []usageKey, states map[usageKey]*usageState, now time.Time) error {
	stale := map[string][]string{}
	for _, k := range order {
		if states[k].inDB {
			stale[k.kind] = append(stale[k.kind], k.id)
		}
	}
	for kind, ids := range stale {
		err := inChunks(ids, func(ph string, args []any) error {
			return tx.exec(`DELETE FROM usage_rows WHERE tenant = ? AND kind = ? AND id IN (`+ph+`)`,
				append([]any{tenant, kind}, args...)...)
		})
		if err != nil {
			return fmt.Errorf("delete replaced usage rows: %w", err)
		}
	}
	if len(order) == 0 {
		return nil
	}
	return tx.appendRows("usage_rows", func(add func(...driver.Value) error) error {
		for _, k := range order {
			st := states[k]
			start := st.row.StartDateTime.Ptr()
			if start == nil {
				start = st.row.SentDateTime.Ptr()
			}
			if err := add(tenant, k.kind, k.id, tables.NullTimePtr(start), st.hash, string(st.enc), now); err != nil {
				return fmt.Errorf("usage row %s/%s: %w", k.kind, k.id, err)
			}
		}
		return nil
	})
}
