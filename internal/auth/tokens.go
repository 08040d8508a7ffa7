package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/store"
)

// Tokens authenticates requests by the API tokens of a store, and makes
// new ones. Its zero Now is time.Now. It holds no state of its own, so a
// Tokens value may be copied and used from many goroutines.
type Tokens struct {
	Store store.TokenStore
	// Now is the clock; tests set it.
	Now func() time.Time
	// Logger receives what goes wrong without failing the request (a
	// last-used time that could not be written); nil discards it.
	Logger *slog.Logger
}

var _ Authenticator = Tokens{}

// touchEvery is how stale a token's last-used time may get: each touch
// is a write, and a write per request would cost more than the request.
const touchEvery = time.Minute

func (t Tokens) now() time.Time {
	if t.Now == nil {
		return time.Now()
	}
	return t.Now()
}

// Authenticate implements Authenticator. The token is found by the hash
// of the bearer secret and its hash compared again in constant time; a
// revoked token, or one whose role or tenants are no longer valid, is
// refused. The token's last-used time is written at most once a minute.
func (t Tokens) Authenticate(r *http.Request) (Principal, error) {
	secret, err := bearer(r)
	if err != nil {
		return Principal{}, err
	}
	hash := HashSecret(secret)
	ctx := r.Context()
	tok, err := t.Store.TokenByHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return Principal{}, fmt.Errorf("%w: unknown token", ErrUnauthenticated)
	}
	if err != nil {
		return Principal{}, fmt.Errorf("authenticate: %w", err)
	}
	if subtle.ConstantTimeCompare(tok.Hash, hash) != 1 {
		return Principal{}, fmt.Errorf("%w: unknown token", ErrUnauthenticated)
	}
	if tok.Revoked() {
		return Principal{}, fmt.Errorf("%w: token %s was revoked at %s", ErrRevoked, tok.ID, tok.RevokedAt.Format(time.RFC3339))
	}
	role, err := access.ParseRole(tok.Role)
	if err != nil {
		return Principal{}, fmt.Errorf("%w: token %s: %w", ErrUnauthenticated, tok.ID, err)
	}
	if len(tok.Tenants) == 0 {
		return Principal{}, fmt.Errorf("%w: token %s has no tenant", ErrUnauthenticated, tok.ID)
	}
	if now := t.now(); now.Sub(tok.LastUsedAt) >= touchEvery {
		if err := t.Store.TouchToken(ctx, tok.ID, now); err != nil && t.Logger != nil {
			// The request is still the token's: a missed last-used time
			// is not worth refusing it.
			t.Logger.Warn("token last-used time not recorded", "token", tok.ID, "error", err)
		}
	}
	return Principal{Name: tok.Name, TokenID: tok.ID, Role: role, Tenants: append([]string(nil), tok.Tenants...)}, nil
}

// Limits on what a token is made with, so that names and tenants stay
// printable in lists and in the audit log.
const (
	maxNameLen   = 100
	maxTenantLen = 200
	maxTenants   = 100
	// idAttempts bounds retries when a random id is taken: with 36^8
	// ids, a second collision means something else is wrong.
	idAttempts = 5
)

// Create makes a new token for name with role over tenants (the first
// is the default of its requests) and stores it. The secret is returned
// here once and is not kept anywhere: whoever asked for the token must
// pass it on now. Invalid input is an error wrapping ErrInvalid.
func (t Tokens) Create(ctx context.Context, name string, role access.Role, tenants []string) (string, store.Token, error) {
	name = strings.TrimSpace(name)
	if err := checkText("name", name, maxNameLen); err != nil {
		return "", store.Token{}, err
	}
	if !role.Valid() {
		return "", store.Token{}, fmt.Errorf("%w: role %q: want admin, engineer or specialist", ErrInvalid, role)
	}
	clean, err := checkTenants(tenants)
	if err != nil {
		return "", store.Token{}, err
	}
	secret, hash, err := NewSecret()
	if err != nil {
		return "", store.Token{}, err
	}
	tok := store.Token{Name: name, Role: string(role), Tenants: clean, Hash: hash, CreatedAt: t.now().UTC()}
	for range idAttempts {
		if tok.ID, err = newTokenID(); err != nil {
			return "", store.Token{}, err
		}
		err = t.Store.CreateToken(ctx, tok)
		if !errors.Is(err, store.ErrConflict) {
			break
		}
	}
	if err != nil {
		return "", store.Token{}, fmt.Errorf("create token %q: %w", name, err)
	}
	tok.Hash = append([]byte(nil), hash...)
	return secret, tok, nil
}

func checkTenants(tenants []string) ([]string, error) {
	if len(tenants) == 0 {
		return nil, fmt.Errorf("%w: no tenant: a token reads the data of at least one", ErrInvalid)
	}
	if len(tenants) > maxTenants {
		return nil, fmt.Errorf("%w: %d tenants: at most %d", ErrInvalid, len(tenants), maxTenants)
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(tenants))
	for _, tn := range tenants {
		tn = strings.TrimSpace(tn)
		if err := checkText("tenant", tn, maxTenantLen); err != nil {
			return nil, err
		}
		if seen[tn] {
			return nil, fmt.Errorf("%w: tenant %q given twice", ErrInvalid, tn)
		}
		seen[tn] = true
		out = append(out, tn)
	}
	return out, nil
}

// checkText refuses empty, overlong and unprintable values.
func checkText(what, s string, max int) error {
	switch {
	case s == "":
		return fmt.Errorf("%w: empty %s", ErrInvalid, what)
	case utf8.RuneCountInString(s) > max:
		return fmt.Errorf("%w: %s longer than %d characters", ErrInvalid, what, max)
	case !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0:
		return fmt.Errorf("%w: %s %q has characters that cannot be printed", ErrInvalid, what, s)
	}
	return nil
}

// idAlphabet makes ids that read and type easily: no case, no symbols.
const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// newTokenID makes a public token id, "tok_" and 8 random characters.
func newTokenID() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make token id: %w", err)
	}
	for i := range b {
		// 256 is not a multiple of 36; the slight bias does not matter
		// for an id that is public anyway.
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return "tok_" + string(b), nil
}
