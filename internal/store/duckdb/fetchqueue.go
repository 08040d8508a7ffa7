package duckdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// NoteFetches implements store.FetchQueue.
func (d *DB) NoteFetches(ctx context.Context, notes []store.FetchNote) error {
	for i, n := range notes {
		if n.Tenant == "" || n.RecordID == "" {
			return fmt.Errorf("note fetch %d: needs a tenant and a record id: %w", i, store.ErrInvalid)
		}
	}
	if len(notes) == 0 {
		return nil
	}
	return d.writeTx(ctx, "note fetches", func(tx *txConn) error {
		for _, n := range notes {
			updated, err := tx.execCount(`UPDATE graph_fetches SET seq = seq + 1, last_noted = ?,
				due = CASE WHEN ? > 0 THEN least(CAST(? AS TIMESTAMPTZ), first_noted + to_microseconds(CAST(? AS BIGINT))) ELSE ? END
				WHERE tenant = ? AND record_id = ?`, n.Noted.UTC(), n.MaxWait.Microseconds(), n.Due.UTC(), n.MaxWait.Microseconds(), n.Due.UTC(), n.Tenant, n.RecordID)
			if err != nil {
				return err
			}
			if updated > 0 {
				continue
			}
			if err := tx.exec(`INSERT INTO graph_fetches (tenant, record_id, seq, first_noted, last_noted, due, attempts)
				VALUES (?, ?, 1, ?, ?, ?, 0)`, n.Tenant, n.RecordID, n.Noted.UTC(), n.Noted.UTC(), n.Due.UTC()); err != nil {
				return err
			}
		}
		return nil
	})
}

// DueFetches implements store.FetchQueue.
func (d *DB) DueFetches(ctx context.Context, now time.Time, limit int) ([]store.PendingFetch, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		return nil, fmt.Errorf("due fetches: limit %d: %w", limit, store.ErrInvalid)
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, `SELECT tenant, record_id, seq, first_noted, last_noted, due, attempts, last_error
		FROM graph_fetches WHERE due <= ? ORDER BY due, tenant, record_id LIMIT ?`, now.UTC(), limit)
	if err != nil {
		return nil, d.wrap("due fetches", err)
	}
	defer rows.Close()
	var out []store.PendingFetch
	for rows.Next() {
		var p store.PendingFetch
		var reason sql.NullString
		if err := rows.Scan(&p.Tenant, &p.RecordID, &p.Seq, &p.FirstNoted, &p.LastNoted, &p.Due, &p.Attempts, &reason); err != nil {
			return nil, d.wrap("due fetches", err)
		}
		p.FirstNoted, p.LastNoted, p.Due, p.LastError = p.FirstNoted.UTC(), p.LastNoted.UTC(), p.Due.UTC(), reason.String
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("due fetches", err)
	}
	return out, nil
}

// FinishFetch implements store.FetchQueue.
func (d *DB) FinishFetch(ctx context.Context, p store.PendingFetch, calls []*model.Call) ([]model.Outcome, bool, error) {
	if err := d.check(); err != nil {
		return nil, false, err
	}
	var encs []*store.EncodedCall
	if len(calls) > 0 {
		var err error
		if encs, err = store.EncodeCalls(calls); err != nil {
			return nil, false, fmt.Errorf("finish fetch of %s: %w", p.RecordID, err)
		}
	}
	var outcomes []model.Outcome
	removed := false
	err := d.writeTx(ctx, "finish fetch of "+p.RecordID, func(tx *txConn) error {
		if encs != nil {
			var err error
			if outcomes, err = putBatch(tx, encs, calls, d.now(), d.plain); err != nil {
				return err
			}
		}
		n, err := tx.execCount(`DELETE FROM graph_fetches WHERE tenant = ? AND record_id = ? AND seq = ?`, p.Tenant, p.RecordID, p.Seq)
		removed = n > 0
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return outcomes, removed, nil
}

// RetryFetch implements store.FetchQueue.
func (d *DB) RetryFetch(ctx context.Context, p store.PendingFetch, due time.Time, reason string) error {
	return d.writeTx(ctx, "retry fetch of "+p.RecordID, func(tx *txConn) error {
		n, err := tx.execCount(`UPDATE graph_fetches SET attempts = attempts + 1, last_error = ?,
				due = CASE WHEN seq = ? THEN ? ELSE greatest(due, ?) END
			WHERE tenant = ? AND record_id = ?`, reason, p.Seq, due.UTC(), due.UTC(), p.Tenant, p.RecordID)
		if err == nil && n == 0 {
			err = fmt.Errorf("record %s of tenant %s is not pending: %w", p.RecordID, p.Tenant, store.ErrNotFound)
		}
		return err
	})
}

// PendingFetchCount implements store.FetchQueue.
func (d *DB) PendingFetchCount(ctx context.Context, tenant string) (int, error) {
	if err := d.check(); err != nil {
		return 0, err
	}
	var n int
	defer d.pin()()
	err := d.db.QueryRowContext(ctx, `SELECT count(*) FROM graph_fetches WHERE ? = '' OR tenant = ?`, tenant, tenant).Scan(&n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, d.wrap("count pending fetches", err)
	}
	return n, nil
}

// ClaimFetches implements store.FetchQueue: the store's one writer
// reads and leases in one transaction, so two claims never meet.
func (d *DB) ClaimFetches(ctx context.Context, now, until time.Time, limit int) ([]store.PendingFetch, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if limit <= 0 || !until.After(now) {
		return nil, fmt.Errorf("claim fetches: limit %d, lease until %s from %s: %w", limit, until, now, store.ErrInvalid)
	}
	var out []store.PendingFetch
	err := d.writeTx(ctx, "claim fetches", func(tx *txConn) error {
		rows, err := tx.query(`SELECT tenant, record_id, seq, first_noted, last_noted, due, attempts, last_error
			FROM graph_fetches WHERE due <= ? ORDER BY due, tenant, record_id LIMIT ?`, now.UTC(), limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p store.PendingFetch
			var reason sql.NullString
			if err := rows.Scan(&p.Tenant, &p.RecordID, &p.Seq, &p.FirstNoted, &p.LastNoted, &p.Due, &p.Attempts, &reason); err != nil {
				rows.Close()
				return err
			}
			p.FirstNoted, p.LastNoted, p.Due, p.LastError = p.FirstNoted.UTC(), p.LastNoted.UTC(), p.Due.UTC(), reason.String
			out = append(out, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, p := range out {
			if err := tx.exec(`UPDATE graph_fetches SET due = ? WHERE tenant = ? AND record_id = ?`, until.UTC(), p.Tenant, p.RecordID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
