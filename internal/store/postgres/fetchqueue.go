package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// NoteFetches implements store.FetchQueue. Each note is its own upsert,
// sent together in one batch: a record noted twice in one call moves its
// Seq twice, as two calls would, where one multi-row upsert would refuse
// to touch a row twice. The notes go in record order (stable, so that a
// record's later note still wins), so that two batches lock the records
// they share in the same order and never deadlock.
func (d *DB) NoteFetches(ctx context.Context, notes []store.FetchNote) error {
	if err := d.check(); err != nil {
		return err
	}
	for i, n := range notes {
		if n.Tenant == "" || n.RecordID == "" {
			return fmt.Errorf("note fetch %d: needs a tenant and a record id: %w", i, store.ErrInvalid)
		}
	}
	if len(notes) == 0 {
		return nil
	}
	notes = slices.Clone(notes)
	slices.SortStableFunc(notes, func(a, b store.FetchNote) int {
		return cmp.Or(cmp.Compare(a.Tenant, b.Tenant), cmp.Compare(a.RecordID, b.RecordID))
	})
	return d.inTx(ctx, "note fetches", func(tx pgx.Tx) error {
		var b pgx.Batch
		for _, n := range notes {
			b.Queue(`INSERT INTO graph_fetches AS f (tenant, record_id, seq, first_noted, last_noted, due, attempts)
				VALUES ($1, $2, 1, $3, $3, $4, 0)
				ON CONFLICT (tenant, record_id) DO UPDATE
				SET seq = f.seq + 1, last_noted = excluded.last_noted,
				due = CASE WHEN $5::bigint > 0 THEN least(excluded.due, f.first_noted + $5::bigint * interval '1 microsecond') ELSE excluded.due END`,
				n.Tenant, n.RecordID, n.Noted, n.Due, n.MaxWait.Microseconds())
		}
		return tx.SendBatch(ctx, &b).Close()
	})
}

// DueFetches implements store.FetchQueue. Records due at the same time
// come in bytewise order (COLLATE "C"), as in the embedded store.
func (d *DB) DueFetches(ctx context.Context, now time.Time, limit int) ([]store.PendingFetch, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		return nil, fmt.Errorf("due fetches: limit %d: %w", limit, store.ErrInvalid)
	}
	rows, err := d.pool.Query(ctx, `SELECT tenant, record_id, seq, first_noted, last_noted, due, attempts, coalesce(last_error, '')
		FROM graph_fetches WHERE due <= $1
		ORDER BY due, tenant COLLATE "C", record_id COLLATE "C" LIMIT $2`, now, limit)
	if err != nil {
		return nil, d.wrap("due fetches", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.PendingFetch, error) {
		var p store.PendingFetch
		err := row.Scan(&p.Tenant, &p.RecordID, &p.Seq, &p.FirstNoted, &p.LastNoted, &p.Due, &p.Attempts, &p.LastError)
		p.FirstNoted, p.LastNoted, p.Due = p.FirstNoted.UTC(), p.LastNoted.UTC(), p.Due.UTC()
		return p, err
	})
	if err != nil {
		return nil, d.wrap("due fetches", err)
	}
	return out, nil
}

// FinishFetch implements store.FetchQueue. The record is removed only at
// the Seq p was read with: a note that came during the fetch moved it,
// and leaves the record pending for that note.
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
	err := d.inTx(ctx, "finish fetch of "+p.RecordID, func(tx pgx.Tx) error {
		if len(encs) > 0 {
			var err error
			if outcomes, err = putCallsTx(ctx, tx, encs, calls, d.now()); err != nil {
				return err
			}
		}
		tag, err := tx.Exec(ctx, `DELETE FROM graph_fetches WHERE tenant = $1 AND record_id = $2 AND seq = $3`,
			p.Tenant, p.RecordID, p.Seq)
		removed = tag.RowsAffected() > 0
		return err
	})
	if err != nil {
		return nil, false, err
	}
	return outcomes, removed, nil
}

// RetryFetch implements store.FetchQueue. A record whose Seq moved since
// p was read was noted again, and its note's due time is not put off by
// the failure of an older fetch.
func (d *DB) RetryFetch(ctx context.Context, p store.PendingFetch, due time.Time, reason string) error {
	if err := d.check(); err != nil {
		return err
	}
	tag, err := d.pool.Exec(ctx, `UPDATE graph_fetches SET attempts = attempts + 1, last_error = $1,
			due = CASE WHEN seq = $2 THEN $3 ELSE greatest(due, $3) END
		WHERE tenant = $4 AND record_id = $5`, reason, p.Seq, due, p.Tenant, p.RecordID)
	if err != nil {
		return d.wrap("retry fetch of "+p.RecordID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("retry fetch: record %s of tenant %s is not pending: %w", p.RecordID, p.Tenant, store.ErrNotFound)
	}
	return nil
}

// PendingFetchCount implements store.FetchQueue.
func (d *DB) PendingFetchCount(ctx context.Context, tenant string) (int, error) {
	if err := d.check(); err != nil {
		return 0, err
	}
	var n int
	err := d.pool.QueryRow(ctx, `SELECT count(*) FROM graph_fetches WHERE $1 = '' OR tenant = $1`, tenant).Scan(&n)
	if err != nil {
		return 0, d.wrap("count pending fetches", err)
	}
	return n, nil
}

// ClaimFetches implements store.FetchQueue: the due records are locked
// as they are read, skipping those another claim holds, and leased in
// the same statement, so that processes sharing the queue split it.
func (d *DB) ClaimFetches(ctx context.Context, now, until time.Time, limit int) ([]store.PendingFetch, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	if limit <= 0 || !until.After(now) {
		return nil, fmt.Errorf("claim fetches: limit %d, lease until %s from %s: %w", limit, until, now, store.ErrInvalid)
	}
	rows, err := d.pool.Query(ctx, `WITH c AS (
			SELECT tenant, record_id, due FROM graph_fetches WHERE due <= $1
			ORDER BY due, tenant COLLATE "C", record_id COLLATE "C" LIMIT $2
			FOR UPDATE SKIP LOCKED)
		UPDATE graph_fetches g SET due = $3 FROM c
		WHERE g.tenant = c.tenant AND g.record_id = c.record_id
		RETURNING g.tenant, g.record_id, g.seq, g.first_noted, g.last_noted, c.due, g.attempts, coalesce(g.last_error, '')`,
		now, limit, until)
	if err != nil {
		return nil, d.wrap("claim fetches", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.PendingFetch, error) {
		var p store.PendingFetch
		err := row.Scan(&p.Tenant, &p.RecordID, &p.Seq, &p.FirstNoted, &p.LastNoted, &p.Due, &p.Attempts, &p.LastError)
		p.FirstNoted, p.LastNoted, p.Due = p.FirstNoted.UTC(), p.LastNoted.UTC(), p.Due.UTC()
		return p, err
	})
	if err != nil {
		return nil, d.wrap("claim fetches", err)
	}
	// UPDATE … RETURNING keeps no order: the earliest due first, as
	// DueFetches gives them.
	slices.SortFunc(out, func(a, b store.PendingFetch) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		if c := strings.Compare(a.Tenant, b.Tenant); c != 0 {
			return c
		}
		return strings.Compare(a.RecordID, b.RecordID)
	})
	return out, nil
}
