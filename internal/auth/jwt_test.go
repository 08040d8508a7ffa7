package auth_test

import (
	"errors"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/oidctest"
)

const (
	contosoTID  = "0f1e2d3c-aaaa-bbbb-cccc-000000000001"
	fabrikamTID = "99999999-aaaa-bbbb-cccc-000000000002"
)

// TestJWTFromEntra: a token of the organization's identity provider
// names a person with the callscope role of their Entra role and the
// callscope tenant of their tid. Tokens of another app, another issuer,
// another tenant, or expired, are refused; a person without a role is
// told apart. The provider is an OpenID Connect implementation run on
// 127.0.0.1 (package oidctest), as Entra cannot run here.
func TestJWTFromEntra(t *testing.T) {
	t.Parallel()
	contoso := oidctest.Start(t, contosoTID, "http://127.0.0.1/callback")
	fabrikam := oidctest.Start(t, fabrikamTID, "http://127.0.0.1/callback")
	newJWT := func() *auth.JWT {
		return &auth.JWT{Issuer: contoso.Issuer, Audiences: []string{contoso.ClientID},
			Tenants: map[string]string{contosoTID: "contoso"}}
	}
	j := newJWT()
	for user, want := range map[string]access.Role{"specialist": access.Specialist, "engineer": access.Engineer, "admin": access.Admin} {
		p, err := j.Principal(t.Context(), contoso.IDToken(t, contoso.ClientID, user))
		if err != nil || p.Role != want || p.Name != user+"@contoso.example" || len(p.Tenants) != 1 || p.Tenants[0] != "contoso" {
			t.Errorf("%s: %+v, %v; want role %s in contoso", user, p, err, want)
		}
	}
	if _, err := j.Principal(t.Context(), contoso.IDToken(t, contoso.ClientID, "nobody")); !errors.Is(err, auth.ErrNoRole) {
		t.Errorf("a person without a role: %v, want ErrNoRole", err)
	}
	for name, tc := range map[string]struct {
		token string
		jwt   *auth.JWT
	}{
		"another app's token":    {contoso.IDToken(t, "other-app", "admin"), j},
		"another issuer's token": {fabrikam.IDToken(t, fabrikam.ClientID, "admin"), j},
		"another tenant's token": {contoso.IDToken(t, contoso.ClientID, "admin"), &auth.JWT{Issuer: contoso.Issuer,
			Audiences: []string{contoso.ClientID}, Tenants: map[string]string{fabrikamTID: "fabrikam"}}},
		"an expired token": {contoso.IDToken(t, contoso.ClientID, "admin"), func() *auth.JWT {
			e := newJWT()
			e.Now = func() time.Time { return time.Now().Add(25 * time.Hour) }
			return e
		}()},
		"a damaged token": {contoso.IDToken(t, contoso.ClientID, "admin") + "x", j},
	} {
		if p, err := tc.jwt.Principal(t.Context(), tc.token); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Errorf("%s: %+v, %v; want ErrUnauthenticated", name, p, err)
		}
	}
}
