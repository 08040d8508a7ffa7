package duckdb

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/tables"
)

// dueCall is the condition that a row of table, which names its call by
// callCol, belongs to a call due for deletion; its arguments are
// dueArgs'.
func dueCall(table, callCol string) string {
	return `(? = '' OR ` + table + `.tenant = ?) AND EXISTS (SELECT 1 FROM calls c
		WHERE c.tenant = ` + table + `.tenant AND c.id = ` + table + `.` + callCol + ` AND c.start_time < ?)`
}

func dueArgs(tenant string, before time.Time) []any { return []any{tenant, tenant, before} }

// DeleteCalls implements store.Store. Rows that hang off a call go
// before the call itself, since they find their call through it.
func (d *DB) DeleteCalls(ctx context.Context, tenant string, before time.Time) (int, error) {
	if err := d.check(); err != nil {
		return 0, err
	}
	if before.IsZero() {
		return 0, fmt.Errorf("delete calls of tenant %q: no time to delete before: %w", tenant, store.ErrInvalid)
	}
	var n int64
	err := d.writeTx(ctx, "delete calls", func(tx *txConn) error {
		due, err := tx.query(`SELECT tenant, id FROM calls WHERE (? = '' OR tenant = ?) AND start_time < ?`, dueArgs(tenant, before)...)
		if err != nil {
			return fmt.Errorf("find old calls: %w", err)
		}
		for due.Next() {
			var k callKey
			if err := due.Scan(&k.tenant, &k.id); err != nil {
				due.Close()
				return fmt.Errorf("find old calls: %w", err)
			}
			tx.index.deleted = append(tx.index.deleted, k)
		}
		if err := errors.Join(due.Err(), due.Close()); err != nil {
			return fmt.Errorf("find old calls: %w", err)
		}
		// The dashboards' rollup follows the facts.
		if err := subtractRollups(tx, dueCall("f", "call_id"), dueArgs(tenant, before)...); err != nil {
			return fmt.Errorf("take old calls out of the rollup: %w", err)
		}
		if err := tx.exec(tables.ACSDaysOf("-", dueCall("p", "call_id")), dueArgs(tenant, before)...); err != nil {
			return fmt.Errorf("take old calls out of the ACS participants' sums: %w", err)
		}
		for _, dep := range []struct{ table, callCol string }{
			{"stream_facts", "call_id"},
			{"acs_participants", "call_id"},
			{"call_people", "call_id"},
			{"acs_records", "correlation_id"},
		} {
			if err := tx.exec(`DELETE FROM `+dep.table+` WHERE `+dueCall(dep.table, dep.callCol), dueArgs(tenant, before)...); err != nil {
				return fmt.Errorf("delete %s of old calls: %w", dep.table, err)
			}
		}
		n, err = tx.execCount(`DELETE FROM calls WHERE (? = '' OR tenant = ?) AND start_time < ?`, dueArgs(tenant, before)...)
		if err != nil {
			return fmt.Errorf("delete old calls: %w", err)
		}
		// The days of the calls gone come to nothing but for calls of
		// their last day that started after before.
		if err := compactACSDays(tx, `(? = '' OR p.tenant = ?) AND p.day <= CAST(? AS DATE)`, tenant, tenant, before.UTC().Format(time.DateOnly)); err != nil {
			return err
		}
		return nil
	})
	return int(n), err
}
