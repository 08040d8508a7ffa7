package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/callscope/callscope/internal/store"
)

var _ store.WebSessionStore = (*DB)(nil)

// PutWebSession implements store.WebSessionStore.
func (d *DB) PutWebSession(ctx context.Context, s store.WebSession) error {
	if err := d.check(); err != nil {
		return err
	}
	if len(s.IDHash) == 0 || len(s.Sealed) == 0 {
		return fmt.Errorf("put web session: no id or no content: %w", store.ErrInvalid)
	}
	_, err := d.pool.Exec(ctx, `INSERT INTO web_sessions (id_hash, sealed, created, seen) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id_hash) DO UPDATE SET sealed = EXCLUDED.sealed, created = EXCLUDED.created, seen = EXCLUDED.seen`,
		s.IDHash, s.Sealed, s.Created, s.Seen)
	if err != nil {
		return d.wrap("put web session", err)
	}
	return nil
}

// WebSession implements store.WebSessionStore.
func (d *DB) WebSession(ctx context.Context, idHash []byte) (store.WebSession, error) {
	s := store.WebSession{IDHash: idHash}
	if err := d.check(); err != nil {
		return s, err
	}
	err := d.pool.QueryRow(ctx, `SELECT sealed, created, seen FROM web_sessions WHERE id_hash = $1`, idHash).Scan(&s.Sealed, &s.Created, &s.Seen)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, fmt.Errorf("web session: %w", store.ErrNotFound)
	}
	if err != nil {
		return s, d.wrap("read web session", err)
	}
	s.Created, s.Seen = s.Created.UTC(), s.Seen.UTC()
	return s, nil
}

// TouchWebSession implements store.WebSessionStore.
func (d *DB) TouchWebSession(ctx context.Context, idHash []byte, seen time.Time) (bool, error) {
	if err := d.check(); err != nil {
		return false, err
	}
	tag, err := d.pool.Exec(ctx, `UPDATE web_sessions SET seen = greatest(seen, $2) WHERE id_hash = $1`, idHash, seen)
	if err != nil {
		return false, d.wrap("touch web session", err)
	}
	return tag.RowsAffected() > 0, nil
}

// DeleteWebSession implements store.WebSessionStore.
func (d *DB) DeleteWebSession(ctx context.Context, idHash []byte) error {
	if err := d.check(); err != nil {
		return err
	}
	if _, err := d.pool.Exec(ctx, `DELETE FROM web_sessions WHERE id_hash = $1`, idHash); err != nil {
		return d.wrap("delete web session", err)
	}
	return nil
}

// PurgeWebSessions implements store.WebSessionStore.
func (d *DB) PurgeWebSessions(ctx context.Context, seenBefore, createdBefore time.Time) (int, error) {
	if err := d.check(); err != nil {
		return 0, err
	}
	tag, err := d.pool.Exec(ctx, `DELETE FROM web_sessions WHERE seen < $1 OR created < $2`, seenBefore, createdBefore)
	if err != nil {
		return 0, d.wrap("purge web sessions", err)
	}
	return int(tag.RowsAffected()), nil
}
