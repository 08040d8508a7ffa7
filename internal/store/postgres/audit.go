package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/store"
)

var _ store.AuditBatcher = (*DB)(nil)

// auditColumns are what an entry writes, in auditRow's order; seq, the
// order of writing, comes from the table's identity.
var auditColumns = []string{"time", "actor", "token_id", "role", "tenant", "action", "subject", "detail"}

// Audit implements store.AuditStore. The entry's seq comes from the
// identity, so that entries of the same microsecond keep their order.
func (d *DB) Audit(ctx context.Context, e store.AuditEntry) error {
	if err := d.check(); err != nil {
		return err
	}
	if strings.TrimSpace(e.Action) == "" {
		return fmt.Errorf("audit: entry of %q has no action: %w", e.Actor, store.ErrInvalid)
	}
	if e.Time.IsZero() {
		e.Time = d.now()
	}
	_, err := d.pool.Exec(ctx, `INSERT INTO audit_log (`+strings.Join(auditColumns, ", ")+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, auditRow(e)...)
	if err != nil {
		return d.wrap("audit "+e.Action, err)
	}
	return nil
}

// AuditBatch implements store.AuditBatcher: one transaction, and so one
// commit, for many entries, where Audit pays a commit for each. COPY
// writes the rows in the order given and draws their seq in that order,
// which is what keeps entries of one instant in the order of writing.
func (d *DB) AuditBatch(ctx context.Context, entries []store.AuditEntry) error {
	if err := d.check(); err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	now := d.now()
	rows := make([][]any, len(entries))
	for i, e := range entries {
		if strings.TrimSpace(e.Action) == "" {
			return fmt.Errorf("audit: entry %d of %q has no action: %w", i, e.Actor, store.ErrInvalid)
		}
		if e.Time.IsZero() {
			e.Time = now
		}
		rows[i] = auditRow(e)
	}
	// COPY is one statement, all rows or none, so it needs no transaction
	// of its own.
	_, err := d.pool.CopyFrom(ctx, pgx.Identifier{"audit_log"}, auditColumns, pgx.CopyFromRows(rows))
	if err != nil {
		return d.wrap(fmt.Sprintf("audit %d entries", len(entries)), err)
	}
	return nil
}

// auditRow is the values of auditColumns for e.
func auditRow(e store.AuditEntry) []any {
	return []any{e.Time, e.Actor, e.TokenID, e.Role, e.Tenant, e.Action, e.Subject, e.Detail}
}

// AuditLog implements store.AuditStore.
func (d *DB) AuditLog(ctx context.Context, f store.AuditFilter) ([]store.AuditEntry, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if f.Limit < 0 || f.Offset < 0 {
		return nil, fmt.Errorf("read audit log: negative limit or offset: %w", store.ErrInvalid)
	}
	where := []string{"true"}
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, cond+" $"+strconv.Itoa(len(args)))
	}
	if f.Tenant != "" {
		add("tenant =", f.Tenant)
	}
	if !f.Since.IsZero() {
		add("time >=", f.Since)
	}
	if !f.Until.IsZero() {
		add("time <", f.Until)
	}
	if f.Actor != "" {
		add("actor =", f.Actor)
	}
	q := `SELECT ` + strings.Join(auditColumns, ", ") + ` FROM audit_log
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY time DESC, seq DESC`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q += ` LIMIT $` + strconv.Itoa(len(args))
	}
	if f.Offset > 0 {
		args = append(args, f.Offset)
		q += ` OFFSET $` + strconv.Itoa(len(args))
	}
	rows, err := d.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, d.wrap("read audit log", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.AuditEntry, error) {
		var e store.AuditEntry
		err := row.Scan(&e.Time, &e.Actor, &e.TokenID, &e.Role, &e.Tenant, &e.Action, &e.Subject, &e.Detail)
		e.Time = e.Time.UTC()
		return e, err
	})
	if err != nil {
		return nil, d.wrap("read audit log", err)
	}
	return out, nil
}

// PurgeAudit implements store.AuditStore.
func (d *DB) PurgeAudit(ctx context.Context, before time.Time) (int, error) {
	if err := d.check(); err != nil {
		return 0, err
	}
	if before.IsZero() {
		return 0, fmt.Errorf("purge audit log: no time to purge before: %w", store.ErrInvalid)
	}
	tag, err := d.pool.Exec(ctx, `DELETE FROM audit_log WHERE time < $1`, before)
	if err != nil {
		return 0, d.wrap("purge audit log", err)
	}
	return int(tag.RowsAffected()), nil
}
