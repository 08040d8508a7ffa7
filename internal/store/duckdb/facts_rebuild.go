package duckdb

import (
	"context"
	"database/sql/driver"
	"fmt"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/tables"
)

// factsRebuildBatch is how many calls' facts are written per transaction
// when a migration asks for the facts again.
const factsRebuildBatch = 256

// rebuildFactsIfAsked writes every stored call's stream facts again from
// the call, when a migration added fact columns (the setting
// facts-rebuild). A batch at a time, so memory does not follow the
// store; the setting goes last, so a rebuild cut short starts again at
// the next open, and writing a call's facts twice gives the same rows.
// The rollup is rebuilt after it (the migration asks for that too).
func (d *DB) rebuildFactsIfAsked(ctx context.Context) error {
	if asked, err := d.asked(ctx, "facts-rebuild"); err != nil || !asked {
		return err
	}
	tenants, err := d.Tenants(ctx)
	if err != nil {
		return err
	}
	var pending []*model.Call
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		err := d.writeTx(ctx, "rebuild stream facts", func(tx *txConn) error { return rewriteFacts(tx, pending) })
		pending = pending[:0]
		return err
	}
	for _, tenant := range tenants {
		err := d.ScanCalls(ctx, store.CallFilter{Tenant: tenant}, func(c *model.Call) error {
			if pending = append(pending, c); len(pending) >= factsRebuildBatch {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			return fmt.Errorf("rebuild stream facts of tenant %s: %w", tenant, err)
		}
	}
	return d.writeTx(ctx, "rebuild stream facts", func(tx *txConn) error {
		return tx.exec(`DELETE FROM settings WHERE key = 'facts-rebuild'`)
	})
}

// rewriteFacts replaces the stream facts of calls (all of one tenant's
// or several) with those the calls give now. It leaves the rollup alone.
func rewriteFacts(tx *txConn, calls []*model.Call) error {
	byTenant := map[string][]string{}
	for _, c := range calls {
		byTenant[c.Tenant] = append(byTenant[c.Tenant], c.ID)
	}
	for tenant, ids := range byTenant {
		err := inChunks(ids, func(ph string, args []any) error {
			return tx.exec(`DELETE FROM stream_facts WHERE tenant = ? AND call_id IN (`+ph+`)`, append([]any{tenant}, args...)...)
		})
		if err != nil {
			return err
		}
	}
	facts := make([][]model.StreamFact, len(calls))
	for i, c := range calls {
		facts[i] = model.Facts(c)
	}
	return appendFacts(tx, facts)
}

// appendFacts appends the stream facts of calls, a call's facts each.
func appendFacts(tx *txConn, facts [][]model.StreamFact) error {
	return tx.appendRows("stream_facts", func(add func(...driver.Value) error) error {
		var row []driver.Value
		for _, fs := range facts {
			for i := range fs {
				row = tables.RowOf(tables.FactColumns, &fs[i], row)
				if err := add(row...); err != nil {
					return fmt.Errorf("call %s: %w", fs[i].CallID, err)
				}
			}
		}
		return nil
	})
}
