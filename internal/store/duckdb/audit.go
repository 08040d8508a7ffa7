package duckdb

import (
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// Audit implements store.AuditStore. The entry's seq comes from a
// sequence, so that entries of the same microsecond keep their order.
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
	return d.writeTx(ctx, "audit "+e.Action, func(tx *txConn) error {
		return tx.exec(`INSERT INTO audit_log (time, actor, token_id, role, tenant, action, subject, detail)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Time, e.Actor, e.TokenID, e.Role, e.Tenant, e.Action, e.Subject, e.Detail)
	})
}

// AuditBatch implements store.AuditBatcher: one transaction, and so one
// commit, for many entries, where Audit pays a commit for each. The
// entries take their seq from the sequence in one query, in the order
// they were given, and go in through the appender: a server under load
// writes a batch ten times a second, and INSERTs of many rows of
// parameters, planned anew each time, made the audit writer 6.4 % of
// its CPU (3.4 % now, in the load benchmark's profiles).
func (d *DB) AuditBatch(ctx context.Context, entries []store.AuditEntry) error {
	if err := d.check(); err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	now := d.now()
	rows := make([]store.AuditEntry, len(entries))
	for i, e := range entries {
		if strings.TrimSpace(e.Action) == "" {
			return fmt.Errorf("audit: entry %d of %q has no action: %w", i, e.Actor, store.ErrInvalid)
		}
		if e.Time.IsZero() {
			e.Time = now
		}
		rows[i] = e
	}
	return d.writeTx(ctx, fmt.Sprintf("audit %d entries", len(rows)), func(tx *txConn) error {
		seqs, err := nextAuditSeqs(tx, len(rows))
		if err != nil {
			return err
		}
		return tx.appendRows("audit_log", func(add func(...driver.Value) error) error {
			for i, e := range rows {
				if err := add(seqs[i], e.Time, e.Actor, e.TokenID, e.Role, e.Tenant, e.Action, e.Subject, e.Detail); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// nextAuditSeqs draws n values of the audit sequence, in increasing
// order.
func nextAuditSeqs(tx *txConn, n int) ([]int64, error) {
	rows, err := tx.query(`SELECT nextval('audit_seq') FROM range(?)`, n)
	if err != nil {
		return nil, fmt.Errorf("draw audit sequence: %w", err)
	}
	defer rows.Close()
	seqs := make([]int64, 0, n)
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("draw audit sequence: %w", err)
		}
		seqs = append(seqs, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("draw audit sequence: %w", err)
	}
	if len(seqs) != n {
		return nil, fmt.Errorf("draw audit sequence: %d values for %d entries", len(seqs), n)
	}
	slices.Sort(seqs)
	return seqs, nil
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
		where = append(where, cond)
		args = append(args, arg)
	}
	if f.Tenant != "" {
		add("tenant = ?", f.Tenant)
	}
	if !f.Since.IsZero() {
		add("time >= ?", f.Since)
	}
	if !f.Until.IsZero() {
		add("time < ?", f.Until)
	}
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	q := `SELECT time, actor, token_id, role, tenant, action, subject, detail FROM audit_log
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY time DESC, seq DESC`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	if f.Offset > 0 {
		q += ` OFFSET ?`
		args = append(args, f.Offset)
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, d.wrap("read audit log", err)
	}
	defer rows.Close()
	var out []store.AuditEntry
	for rows.Next() {
		var e store.AuditEntry
		if err := rows.Scan(&e.Time, &e.Actor, &e.TokenID, &e.Role, &e.Tenant, &e.Action, &e.Subject, &e.Detail); err != nil {
			return nil, d.wrap("read audit log", err)
		}
		e.Time = e.Time.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
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
	var n int64
	err := d.writeTx(ctx, "purge audit log", func(tx *txConn) error {
		var err error
		n, err = tx.execCount(`DELETE FROM audit_log WHERE time < ?`, before)
		return err
	})
	return int(n), err
}
