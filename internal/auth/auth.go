package auth

import (
	"errors"
	"net/http"
	"strings"

	"github.com/callscope/callscope/internal/access"
)

// Sentinel errors of Authenticate. Callers answer both with 401, but log
// them apart: a revoked token still in use is worth an administrator's
// attention, a missing header is not.
var (
	// ErrUnauthenticated: no credentials, or credentials that name no
	// one (an unknown secret, a malformed header).
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrRevoked: the credentials named a token that has been revoked.
	ErrRevoked = errors.New("token revoked")
	// ErrInvalid: a token cannot be made as asked (no name, an unknown
	// role, no tenant…).
	ErrInvalid = errors.New("invalid token request")
)

// Principal is who a request acts as: what the API needs to decide what
// it may see, and what the audit log records.
type Principal struct {
	// Name is the token's name; the audit log's actor.
	Name string
	// TokenID is the token's public id ("" for principals that are not
	// tokens).
	TokenID string
	// Role decides what the principal may see and do.
	Role access.Role
	// Tenants are the tenants whose data the principal may read, the
	// default first.
	Tenants []string
}

// HasTenant reports whether the principal may read the tenant's data.
func (p Principal) HasTenant(tenant string) bool {
	for _, t := range p.Tenants {
		if t == tenant {
			return true
		}
	}
	return false
}

// Authenticator finds the principal behind a request. It returns an
// error wrapping ErrUnauthenticated or ErrRevoked when the request's
// credentials do not name an active principal, and any other error when
// it could not tell (the store failed), which the caller must not
// answer with 401, lest a client drop a good token.
type Authenticator interface {
	Authenticate(r *http.Request) (Principal, error)
}

// maxSecretLen bounds what is hashed: real secrets are 46 characters.
// maxJWTLen bounds a JWT: Entra's, with many groups, run to a few KB.
const (
	maxSecretLen = 256
	maxJWTLen    = 16 << 10
)

// bearer returns the secret of an "Authorization: Bearer <secret>"
// header. The scheme is compared without regard to case (RFC 9110).
func bearer(r *http.Request) (string, error) { return bearerOf(r, maxSecretLen) }

// bearerOf is bearer for a credential of at most limit bytes.
func bearerOf(r *http.Request, limit int) (string, error) {
	h := r.Header.Values("Authorization")
	if len(h) == 0 {
		return "", errors.Join(ErrUnauthenticated, errors.New("no Authorization header"))
	}
	if len(h) > 1 {
		return "", errors.Join(ErrUnauthenticated, errors.New("more than one Authorization header"))
	}
	scheme, secret, ok := strings.Cut(strings.TrimSpace(h[0]), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", errors.Join(ErrUnauthenticated, errors.New("authorization is not a bearer token"))
	}
	secret = strings.TrimSpace(secret)
	if secret == "" || len(secret) > limit {
		return "", errors.Join(ErrUnauthenticated, errors.New("malformed bearer token"))
	}
	return secret, nil
}
