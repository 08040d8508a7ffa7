package postgres

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/tables"
)

// tokenColumns are read by every token query, in scanToken's order.
const tokenColumns = `id, name, role, tenants, secret_hash, created_at, last_used_at, revoked_at`

// CreateToken implements store.TokenStore. The table's keys, not a check
// before the insert, keep ids and hashes unique: a creator racing another
// for one id waits for the other's commit and then gets the violation.
func (d *DB) CreateToken(ctx context.Context, t store.Token) error {
	if err := d.check(); err != nil {
		return err
	}
	if err := store.ValidateToken(t); err != nil {
		return err
	}
	created := t.CreatedAt
	if created.IsZero() {
		created = d.now()
	}
	tenants := t.Tenants
	if tenants == nil {
		tenants = []string{} // nil would be NULL, which the column refuses
	}
	_, err := d.pool.Exec(ctx, `INSERT INTO api_tokens (`+tokenColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		t.ID, t.Name, t.Role, tenants, hex.EncodeToString(t.Hash), created, tables.NullTime(t.LastUsedAt), tables.NullTime(t.RevokedAt))
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" { // unique_violation
		if pgErr.ConstraintName == "api_tokens_pkey" {
			return fmt.Errorf("create token %s: id is taken: %w", t.ID, store.ErrConflict)
		}
		// The hash is not named: it identifies a live secret.
		return fmt.Errorf("create token %s: another token has the same secret: %w", t.ID, store.ErrConflict)
	}
	if err != nil {
		return d.wrap("create token "+t.ID, err)
	}
	return nil
}

// Tokens implements store.TokenStore. Ids are ordered bytewise (COLLATE
// "C"), as the embedded store orders them, whatever the database's
// locale.
func (d *DB) Tokens(ctx context.Context) ([]store.Token, error) {
	if err := d.check(); err != nil {
		return nil, err
	}
	rows, err := d.pool.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens ORDER BY created_at DESC, id COLLATE "C"`)
	if err != nil {
		return nil, d.wrap("list tokens", err)
	}
	out, err := pgx.CollectRows(rows, scanToken)
	if err != nil {
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
	rows, err := d.pool.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE secret_hash = $1`, hex.EncodeToString(hash))
	if err != nil {
		return store.Token{}, d.wrap("find token", err)
	}
	t, err := pgx.CollectExactlyOneRow(rows, scanToken)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Token{}, fmt.Errorf("find token: no token has this secret: %w", store.ErrNotFound)
	}
	if err != nil {
		return store.Token{}, d.wrap("find token", err)
	}
	return t, nil
}

// RevokeToken implements store.TokenStore. coalesce keeps the first
// revocation time while still counting the row, so that a token revoked
// twice is found rather than reported missing.
func (d *DB) RevokeToken(ctx context.Context, id string, at time.Time) error {
	if err := d.check(); err != nil {
		return err
	}
	if id == "" || at.IsZero() {
		return fmt.Errorf("revoke token %q: need an id and a time: %w", id, store.ErrInvalid)
	}
	tag, err := d.pool.Exec(ctx, `UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2`, at, id)
	if err != nil {
		return d.wrap("revoke token "+id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("revoke token: token %s: %w", id, store.ErrNotFound)
	}
	return nil
}

// TouchToken implements store.TokenStore. greatest ignores NULL, so the
// first touch sets the time and later ones only move it forward.
func (d *DB) TouchToken(ctx context.Context, id string, at time.Time) error {
	if err := d.check(); err != nil {
		return err
	}
	if id == "" || at.IsZero() {
		return fmt.Errorf("touch token %q: need an id and a time: %w", id, store.ErrInvalid)
	}
	tag, err := d.pool.Exec(ctx, `UPDATE api_tokens SET last_used_at = greatest(last_used_at, $1) WHERE id = $2`, at, id)
	if err != nil {
		return d.wrap("touch token "+id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("touch token: token %s: %w", id, store.ErrNotFound)
	}
	return nil
}

// scanToken reads one row of tokenColumns.
func scanToken(row pgx.CollectableRow) (store.Token, error) {
	var t store.Token
	var hash string
	var created time.Time
	var used, revoked *time.Time
	if err := row.Scan(&t.ID, &t.Name, &t.Role, &t.Tenants, &hash, &created, &used, &revoked); err != nil {
		return t, err
	}
	if len(t.Tenants) == 0 {
		t.Tenants = nil
	}
	b, err := hex.DecodeString(hash)
	if err != nil {
		return t, fmt.Errorf("token %s: hash: %w", t.ID, err)
	}
	t.Hash = b
	// NULL is the zero time: never used, not revoked.
	utc := func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return t.UTC()
	}
	t.CreatedAt, t.LastUsedAt, t.RevokedAt = created.UTC(), utc(used), utc(revoked)
	return t, nil
}
