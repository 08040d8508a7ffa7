package auth

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/callscope/callscope/internal/access"
)

// ErrNoRole: the credentials name a person the organization's identity
// provider knows, with none of the roles that give access to callscope.
// Callers answer it with 403 and the roles to ask for (RoleHelp).
var ErrNoRole = errors.New("no callscope role")

// EntraRoles maps the Microsoft Entra directory roles that give access
// to call quality data, by role template id (the wids claim), to
// callscope's roles, as Teams' own Call Analytics does.
var EntraRoles = map[string]access.Role{
	"fcf91098-03e3-41a9-b5ba-6f0ec8188a12": access.Specialist, // Teams Communications Support Specialist
	"f70938a0-fc10-4177-9e90-2178f8765737": access.Engineer,   // Teams Communications Support Engineer
	"69091246-20e8-4a56-aa4d-066075b2a7a8": access.Admin,      // Teams Administrator
	"baf37b3a-610e-45da-9e62-d9d1e5e8914b": access.Admin,      // Teams Communications Administrator
	"62e90394-69f5-4237-9190-012177145e10": access.Admin,      // Global Administrator
}

// RoleHelp names the Entra roles that give access, for a person who has
// none of them.
const RoleHelp = "Teams Communications Support Specialist (Tier 1), Teams Communications Support Engineer (Tier 2), " +
	"Teams Administrator or Teams Communications Administrator"

// Claims are what callscope reads of an ID or access token.
type Claims struct {
	Subject           string   `json:"sub"`
	ObjectID          string   `json:"oid"`
	Name              string   `json:"name"`
	PreferredUsername string   `json:"preferred_username"`
	UPN               string   `json:"upn"`
	Email             string   `json:"email"`
	TenantID          string   `json:"tid"`
	Wids              []string `json:"wids"`
	Roles             []string `json:"roles"`
	Groups            []string `json:"groups"`
}

// Who is the name the audit log records: the sign-in name first.
func (c Claims) Who() string {
	return cmp.Or(c.PreferredUsername, c.UPN, c.Email, c.Name, c.ObjectID, c.Subject)
}

// RoleMapping decides a person's callscope role from a token: Entra's
// directory roles (wids), and, by configuration, the app's own roles
// (the roles claim) or groups (by object id). The highest role found
// counts.
type RoleMapping struct {
	AppRoles, Groups map[string]access.Role
}

// Role is the person's role, false when they have none that counts.
func (m RoleMapping) Role(c Claims) (access.Role, bool) {
	var found []access.Role
	for _, w := range c.Wids {
		if r, ok := EntraRoles[strings.ToLower(w)]; ok {
			found = append(found, r)
		}
	}
	for _, v := range c.Roles {
		if r, ok := m.AppRoles[v]; ok {
			found = append(found, r)
		}
	}
	for _, g := range c.Groups {
		if r, ok := m.Groups[strings.ToLower(g)]; ok {
			found = append(found, r)
		}
	}
	for _, r := range access.Roles() { // highest first
		if slices.Contains(found, r) {
			return r, true
		}
	}
	return "", false
}

// JWT checks the JWTs of an OpenID Connect issuer (Microsoft Entra ID,
// or another) that requests bear (Either): an access token for callscope's app,
// or the ID token the web pages' sign-in received. The signature is
// checked against the issuer's published keys, and the issuer, the
// audience, the expiry and the tenant (tid) against the configuration.
type JWT struct {
	// Issuer is the issuer's URL (for Entra,
	// https://login.microsoftonline.com/<tenant id>/v2.0).
	Issuer string
	// Audiences are the accepted aud values: the app's client id, and its
	// Application ID URI (api://…) for access tokens.
	Audiences []string
	// Tenants maps the token's tid to the callscope tenant it reads; a
	// token of another tid is refused. With one entry under "", every
	// token of the issuer reads that tenant (an issuer with no tid).
	Tenants map[string]string
	Roles   RoleMapping
	// Client is the HTTP client for the issuer's discovery and keys.
	Client *http.Client
	// Now is the clock tokens expire by (default time.Now).
	Now func() time.Time

	mu       sync.Mutex
	verifier *oidc.IDTokenVerifier
	endpoint oauth2.Endpoint
	// failed and failure are the last discovery that failed: requests
	// in the next discoveryRetry get its error rather than each waiting
	// on the issuer again.
	failed  time.Time
	failure error
}

// discoveryRetry is how long a failed discovery of the issuer stands.
const discoveryRetry = 10 * time.Second

// Principal checks a raw JWT and returns who it names.
func (j *JWT) Principal(ctx context.Context, raw string) (Principal, error) {
	p, _, err := j.Check(ctx, raw)
	return p, err
}

// Verified is what a checked token says beyond the principal.
type Verified struct {
	Nonce   string
	Expires time.Time
}

// Check is Principal, also returning the token's nonce and expiry, for a
// sign-in that sent a nonce and keeps the token.
func (j *JWT) Check(ctx context.Context, raw string) (Principal, Verified, error) {
	ver, err := j.verifierFor(ctx)
	if err != nil {
		return Principal{}, Verified{}, err
	}
	tok, err := ver.Verify(ctx, raw)
	if err != nil {
		return Principal{}, Verified{}, fmt.Errorf("%w: %v", ErrUnauthenticated, err)
	}
	var c Claims
	if err := tok.Claims(&c); err != nil {
		return Principal{}, Verified{}, fmt.Errorf("%w: claims: %v", ErrUnauthenticated, err)
	}
	p, err := j.principalOf(tok.Audience, c)
	return p, Verified{Nonce: tok.Nonce, Expires: tok.Expiry}, err
}

// principalOf maps a checked token's audience and claims to a principal.
func (j *JWT) principalOf(aud []string, c Claims) (Principal, error) {
	if !slices.ContainsFunc(aud, func(a string) bool { return slices.Contains(j.Audiences, a) }) {
		return Principal{}, fmt.Errorf("%w: audience %v is not callscope's", ErrUnauthenticated, aud)
	}
	tenant, ok := j.Tenants[strings.ToLower(c.TenantID)]
	if !ok {
		tenant, ok = j.Tenants[""]
	}
	if !ok {
		return Principal{}, fmt.Errorf("%w: a token of tenant %q, not one callscope serves", ErrUnauthenticated, c.TenantID)
	}
	role, ok := j.Roles.Role(c)
	if !ok {
		return Principal{Name: c.Who(), Tenants: []string{tenant}}, fmt.Errorf("%w: %s has none of the roles %s", ErrNoRole, c.Who(), RoleHelp)
	}
	return Principal{Name: c.Who(), Role: role, Tenants: []string{tenant}}, nil
}

// verifierFor discovers the issuer once it can: an issuer that cannot be
// reached at start is asked again by the next request.
func (j *JWT) verifierFor(ctx context.Context) (*oidc.IDTokenVerifier, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.verifier != nil {
		return j.verifier, nil
	}
	if j.failure != nil && time.Since(j.failed) < discoveryRetry {
		return nil, j.failure
	}
	if j.Client != nil {
		ctx = oidc.ClientContext(ctx, j.Client)
	}
	p, err := oidc.NewProvider(context.WithoutCancel(ctx), j.Issuer)
	if err != nil {
		j.failed, j.failure = time.Now(), fmt.Errorf("OpenID Connect issuer %s: %w", j.Issuer, err)
		return nil, j.failure
	}
	// The audience is checked above, against several values.
	j.verifier = p.Verifier(&oidc.Config{SkipClientIDCheck: true, Now: j.Now})
	j.endpoint = p.Endpoint()
	return j.verifier, nil
}

// Endpoint is the issuer's authorization and token endpoints, for the
// web pages' sign-in.
func (j *JWT) Endpoint(ctx context.Context) (oauth2.Endpoint, error) {
	if _, err := j.verifierFor(ctx); err != nil {
		return oauth2.Endpoint{}, err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.endpoint, nil
}

// LooksLikeJWT tells a JWT (three base64url parts) from a callscope
// token.
func LooksLikeJWT(s string) bool {
	return strings.Count(s, ".") == 2 && !strings.HasPrefix(s, SecretPrefix)
}

// Either authenticates JWTs with JWT and everything else with Tokens:
// automation keeps its callscope tokens beside people's Entra sign-ins.
type Either struct {
	JWT    *JWT
	Tokens Authenticator
}

// Authenticate implements Authenticator.
func (e Either) Authenticate(r *http.Request) (Principal, error) {
	if raw, err := bearerOf(r, maxJWTLen); err == nil && e.JWT != nil && LooksLikeJWT(raw) {
		return e.JWT.Principal(r.Context(), raw)
	}
	return e.Tokens.Authenticate(r)
}
