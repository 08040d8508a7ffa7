package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"
)

// TokenHashSize is the length of Token.Hash: a SHA-256 sum. The store
// refuses any other length, so that a secret passed by mistake in place
// of its hash is never written down.
const TokenHashSize = sha256.Size

// Token is an API token as the store keeps it. The secret a client sends
// is never stored, only its hash: making secrets, hashing them and
// comparing them in constant time is the job of the package that issues
// tokens, and a copy of the store gives nobody a usable token.
//
// Times are kept to the microsecond and come back in UTC.
type Token struct {
	// ID is the token's short public id ("tok_" and 8 random characters),
	// shown in lists and written to the audit log; unique in the store.
	ID string
	// Name says whom or what the token is for; it is the audit log's
	// actor.
	Name string
	// Role is what the token may see (admin, engineer, specialist); the
	// store keeps it without judging it.
	Role string
	// Tenants are the tenants whose data the token may read, in the
	// order given; no tenants come back as nil.
	Tenants []string
	// Hash is the SHA-256 sum of the secret (TokenHashSize bytes), unique
	// in the store.
	Hash []byte
	// CreatedAt is when the token was made; zero means now, by the
	// store's clock.
	CreatedAt time.Time
	// LastUsedAt is when the token was last used (TouchToken); zero if
	// never.
	LastUsedAt time.Time
	// RevokedAt is when the token was revoked; zero while it is active.
	RevokedAt time.Time
}

// Revoked reports whether the token may no longer be used.
func (t Token) Revoked() bool { return !t.RevokedAt.IsZero() }

// TokenStore keeps API tokens. Tokens are few and read on every request,
// so a backend may keep them in a small table it scans.
type TokenStore interface {
	// CreateToken stores a new token. ID, Name, Role and a Hash of
	// TokenHashSize bytes are required (ErrInvalid otherwise); an ID or
	// Hash that another token has already is an error wrapping
	// ErrConflict, and nothing is stored. Ids are not made here: the
	// caller picks one and retries with another on ErrConflict.
	CreateToken(ctx context.Context, t Token) error

	// Tokens returns every token, revoked ones included, newest first
	// (by CreatedAt descending, then by ID), for an administrator's list.
	Tokens(ctx context.Context) ([]Token, error)

	// TokenByHash returns the token whose Hash is hash, or an error
	// wrapping ErrNotFound. A revoked token is returned too, with its
	// RevokedAt, so that the caller can tell a client "revoked" rather
	// than "unknown"; refusing it is the caller's job. The lookup compares
	// hashes, not secrets, so the time it takes tells nobody anything
	// about a secret.
	TokenByHash(ctx context.Context, hash []byte) (Token, error)

	// RevokeToken marks the token revoked at at (which must not be zero),
	// or returns an error wrapping ErrNotFound when no token has the id.
	// Revoking a revoked token changes nothing: the first time stays,
	// since that is when the token stopped working.
	RevokeToken(ctx context.Context, id string, at time.Time) error

	// TouchToken records that the token was used at at (not zero), or
	// returns an error wrapping ErrNotFound. LastUsedAt never moves back,
	// so that requests finishing out of order leave the latest time. Each
	// touch is a write; a caller serving many requests may touch a token
	// once a minute rather than on every request.
	TouchToken(ctx context.Context, id string, at time.Time) error
}

// ValidateToken checks what CreateToken requires of a token, so that
// every store refuses the same tokens before it writes anything.
func ValidateToken(t Token) error {
	switch {
	case t.ID == "":
		return fmt.Errorf("create token: no id: %w", ErrInvalid)
	case t.Name == "":
		return fmt.Errorf("create token %s: no name: %w", t.ID, ErrInvalid)
	case t.Role == "":
		return fmt.Errorf("create token %s: no role: %w", t.ID, ErrInvalid)
	case len(t.Hash) != TokenHashSize:
		return fmt.Errorf("create token %s: hash has %d bytes, want the %d of a SHA-256 sum: %w",
			t.ID, len(t.Hash), TokenHashSize, ErrInvalid)
	}
	for _, tenant := range t.Tenants {
		if tenant == "" {
			return fmt.Errorf("create token %s: empty tenant: %w", t.ID, ErrInvalid)
		}
	}
	return nil
}
