package duckdb

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

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
	id := hex.EncodeToString(s.IDHash)
	return d.writeTx(ctx, "put web session", func(tx *txConn) error {
		if err := tx.exec(`DELETE FROM web_sessions WHERE id_hash = ?`, id); err != nil {
			return err
		}
		return tx.exec(`INSERT INTO web_sessions (id_hash, sealed, created, seen) VALUES (?, ?, ?, ?)`, id, s.Sealed, s.Created.UTC(), s.Seen.UTC())
	})
}

// WebSession implements store.WebSessionStore.
func (d *DB) WebSession(ctx context.Context, idHash []byte) (store.WebSession, error) {
	s := store.WebSession{IDHash: idHash}
	if err := d.check(); err != nil {
		return s, err
	}
	defer d.pin()()
	err := d.db.QueryRowContext(ctx, `SELECT sealed, created, seen FROM web_sessions WHERE id_hash = ?`, hex.EncodeToString(idHash)).
		Scan(&s.Sealed, &s.Created, &s.Seen)
	if errors.Is(err, sql.ErrNoRows) {
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
	var n int64
	err := d.writeTx(ctx, "touch web session", func(tx *txConn) error {
		var err error
		n, err = tx.execCount(`UPDATE web_sessions SET seen = greatest(seen, ?) WHERE id_hash = ?`, seen.UTC(), hex.EncodeToString(idHash))
		return err
	})
	return n > 0, err
}

// DeleteWebSession implements store.WebSessionStore.
func (d *DB) DeleteWebSession(ctx context.Context, idHash []byte) error {
	if err := d.check(); err != nil {
		return err
	}
	return d.writeTx(ctx, "delete web session", func(tx *txConn) error {
		return tx.exec(`DELETE FROM web_sessions WHERE id_hash = ?`, hex.EncodeToString(idHash))
	})
}

// PurgeWebSessions implements store.WebSessionStore.
func (d *DB) PurgeWebSessions(ctx context.Context, seenBefore, createdBefore time.Time) (int, error) {
	if err := d.check(); err != nil {
		return 0, err
	}
	var n int64
	err := d.writeTx(ctx, "purge web sessions", func(tx *txConn) error {
		var err error
		n, err = tx.execCount(`DELETE FROM web_sessions WHERE seen < ? OR created < ?`, seenBefore.UTC(), createdBefore.UTC())
		return err
	})
	return int(n), err
}
