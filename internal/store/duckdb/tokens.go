package duckdb

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/tables"
)

// tokenColumns are read by every token query, in scanToken's order.
const tokenColumns = `id, name, role, tenants, secret_hash, created_at, last_used_at, revoked_at`

// CreateToken implements store.TokenStore. The id and hash are checked
// inside the write transaction, so that two creators racing for one id
// cannot both pass the check.
func (d *DB) CreateToken(ctx context.Context, t store.Token) error {
	if err := d.check(); err != nil {
		return err
	}
	if err := store.ValidateToken(t); err != nil {
		return err
	}
	tenants, err := json.Marshal(nonNilStrings(t.Tenants))
	if err != nil {
		return fmt.Errorf("create token %s: encode tenants: %w", t.ID, err)
	}
	created := t.CreatedAt
	if created.IsZero() {
		created = d.now()
	}
	hash := hex.EncodeToString(t.Hash)
	return d.writeTx(ctx, "create token "+t.ID, func(tx *txConn) error {
		var sameID, sameHash int
		err := tx.queryRow(`SELECT count(*) FILTER (WHERE id = ?), count(*) FILTER (WHERE secret_hash = ?) FROM api_tokens`,
			t.ID, hash).Scan(&sameID, &sameHash)
		if err != nil {
			return fmt.Errorf("read stored tokens: %w", err)
		}
		if sameID > 0 {
			return fmt.Errorf("token id %s is taken: %w", t.ID, store.ErrConflict)
		}
		if sameHash > 0 {
			// The hash is not named: it identifies a live secret.
			return fmt.Errorf("another token has the same secret: %w", store.ErrConflict)
		}
		return tx.exec(`INSERT INTO api_tokens (`+tokenColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, t.Name, t.Role, string(tenants), hash, created, tables.NullTime(t.LastUsedAt), tables.NullTime(t.RevokedAt))
	})
}

// Tokens implements store.TokenStore.
func (d *DB) Tokens(ctx context.Context) ([]store.Token, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	defer d.pin()()
	rows, err := d.db.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens ORDER BY created_at DESC, id`)
	if err != nil {
		return nil, d.wrap("list tokens", err)
	}
	defer rows.Close()
	var out []store.Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, d.wrap("list tokens", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, d.wrap("list tokens", err)
	}
	return out, nil
}

// TokenByHash implements store.TokenStore.
func (d *DB) TokenByHash(ctx context.Context, hash []byte) (store.Token, error) {
	if err := d.check(); err != nil {
		return store.Token{}, err
	}
	if len(hash) != store.TokenHashSize {
		return store.Token{}, fmt.Errorf("find token: hash has %d bytes, want %d: %w", len(hash), store.TokenHashSize, store.ErrInvalid)
	}
	defer d.pin()()
	row := d.db.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE secret_hash = ?`, hex.EncodeToString(hash))
	t, err := scanToken(row)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Token{}, fmt.Errorf("find token: no token has this secret: %w", store.ErrNotFound)
	}
	if err != nil {
		return store.Token{}, d.wrap("find token", err)
	}
	return t, nil
}

// RevokeToken implements store.TokenStore.
func (d *DB) RevokeToken(ctx context.Context, id string, at time.Time) error {
	if err := d.check(); err != nil {
		return err
	}
	if id == "" || at.IsZero() {
		return fmt.Errorf("revoke token %q: need an id and a time: %w", id, store.ErrInvalid)
	}
	return d.writeTx(ctx, "revoke token "+id, func(tx *txConn) error {
		if err := tokenExists(tx, id); err != nil {
			return err
		}
		return tx.exec(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, at, id)
	})
}

// TouchToken implements store.TokenStore.
func (d *DB) TouchToken(ctx context.Context, id string, at time.Time) error {
	if err := d.check(); err != nil {
		return err
	}
	if id == "" || at.IsZero() {
		return fmt.Errorf("touch token %q: need an id and a time: %w", id, store.ErrInvalid)
	}
	return d.writeTx(ctx, "touch token "+id, func(tx *txConn) error {
		n, err := tx.execCount(`UPDATE api_tokens SET last_used_at = greatest(coalesce(last_used_at, ?), ?) WHERE id = ?`, at, at, id)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("token %s: %w", id, store.ErrNotFound)
		}
		return nil
	})
}

// tokenExists returns an error wrapping ErrNotFound when no token has id.
func tokenExists(tx *txConn, id string) error {
	var n int
	if err := tx.queryRow(`SELECT count(*) FROM api_tokens WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("read stored tokens: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("token %s: %w", id, store.ErrNotFound)
	}
	return nil
}

// rowScanner is what *sql.Row and *sql.Rows have in common.
type rowScanner interface {
	Scan(dest ...any) error
}

// scanToken reads one row of tokenColumns.
func scanToken(r rowScanner) (store.Token, error) {
	var t store.Token
	var tenants, hash string
	var created, used, revoked sql.NullTime
	if err := r.Scan(&t.ID, &t.Name, &t.Role, &tenants, &hash, &created, &used, &revoked); err != nil {
		return t, err
	}
	if err := json.Unmarshal([]byte(tenants), &t.Tenants); err != nil {
		return t, fmt.Errorf("token %s: tenants: %w", t.ID, err)
	}
	if len(t.Tenants) == 0 {
		t.Tenants = nil
	}
	b, err := hex.DecodeString(hash)
	if err != nil {
		return t, fmt.Errorf("token %s: hash: %w", t.ID, err)
	}
	t.Hash = b
	t.CreatedAt, t.LastUsedAt, t.RevokedAt = utc(created), utc(used), utc(revoked)
	return t, nil
}

// nonNilStrings makes a nil slice encode as [] rather than null.
func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
