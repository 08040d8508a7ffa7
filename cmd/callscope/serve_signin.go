package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/msgraph"
	"github.com/callscope/callscope/internal/web"
)

// signinFlags are the organization's identity provider (Microsoft Entra
// ID by default, any OpenID Connect issuer otherwise), whose tokens the
// API takes beside callscope's own.
type signinFlags struct {
	issuer, tenantID, clientID string
	clientSecret               string
	audiences                  string
	appRoles, groups           string
}

func addSigninFlags(fs *flag.FlagSet) *signinFlags {
	f := &signinFlags{}
	fs.StringVar(&f.tenantID, "signin-tenant-id", "", "Microsoft Entra directory (tenant) id of the organization whose people sign in; their tokens read --tenant")
	fs.StringVar(&f.clientID, "signin-client-id", "", "application (client) id of callscope's app registration for signing in")
	fs.StringVar(&f.clientSecret, "signin-client-secret", "", "the app's client secret, for the web pages' sign-in (better: CALLSCOPE_SIGNIN_CLIENT_SECRET); without it only the API takes the provider's tokens")
	fs.StringVar(&f.issuer, "signin-issuer", "", "OpenID Connect issuer (default: Entra's, https://login.microsoftonline.com/<signin-tenant-id>/v2.0)")
	fs.StringVar(&f.audiences, "signin-audiences", "", "more accepted token audiences, comma-separated (the app's Application ID URI, api://…)")
	fs.StringVar(&f.appRoles, "signin-app-roles", "", "app roles that give a callscope role, comma-separated value=role (e.g. CallQuality.Admin=admin)")
	fs.StringVar(&f.groups, "signin-groups", "", "groups that give a callscope role, comma-separated objectid=role")
	return f
}

// authenticator is who the API takes: callscope tokens, and, with the
// sign-in flags, the identity provider's tokens for people.
func (f *signinFlags) authenticator(tokens auth.Authenticator, tenant string) (auth.Authenticator, *auth.JWT, error) {
	if f.clientID == "" {
		if f.tenantID != "" || f.issuer != "" || f.audiences != "" || f.appRoles != "" || f.groups != "" || f.clientSecret != "" {
			return nil, nil, errors.New("the --signin-… flags need --signin-client-id, the app people sign in to")
		}
		return tokens, nil, nil
	}
	issuer, tenants := f.issuer, map[string]string{}
	switch {
	case f.tenantID != "":
		if !msgraph.IsTenantGUID(f.tenantID) {
			return nil, nil, fmt.Errorf("--signin-tenant-id %q is not a directory id (a GUID, on the app registration's Overview page)", f.tenantID)
		}
		tenants[strings.ToLower(strings.TrimSpace(f.tenantID))] = tenant
		if issuer == "" {
			issuer = "https://login.microsoftonline.com/" + strings.ToLower(strings.TrimSpace(f.tenantID)) + "/v2.0"
		}
	case issuer != "":
		// An issuer of one organization that names no tenant in its
		// tokens: every token of it reads --tenant.
		tenants[""] = tenant
	default:
		return nil, nil, errors.New("--signin-client-id needs --signin-tenant-id (Entra) or --signin-issuer")
	}
	appRoles, err := roleMap("--signin-app-roles", f.appRoles, false)
	if err != nil {
		return nil, nil, err
	}
	groups, err := roleMap("--signin-groups", f.groups, true)
	if err != nil {
		return nil, nil, err
	}
	j := &auth.JWT{Issuer: issuer, Audiences: append([]string{f.clientID}, splitList(f.audiences)...), Tenants: tenants,
		Roles: auth.RoleMapping{AppRoles: appRoles, Groups: groups}}
	return auth.Either{JWT: j, Tokens: tokens}, j, nil
}

// roleMap reads value=role pairs; lower keeps keys in lower case (object
// ids, compared without regard to case).
func roleMap(flagName, list string, lower bool) (map[string]access.Role, error) {
	out := map[string]access.Role{}
	for _, pair := range splitList(list) {
		k, v, ok := strings.Cut(pair, "=")
		role := access.Role(strings.TrimSpace(v))
		if !ok || strings.TrimSpace(k) == "" || !role.Valid() {
			return nil, fmt.Errorf("%s: %q is not value=role with role one of specialist, engineer, admin", flagName, pair)
		}
		k = strings.TrimSpace(k)
		if lower {
			k = strings.ToLower(k)
		}
		out[k] = role
	}
	return out, nil
}

// webSignIn is the web pages' sign-in with the provider, nil without a
// client secret.
func (f *signinFlags) webSignIn(j *auth.JWT, publicURL string) *web.OIDC {
	if j == nil || f.clientSecret == "" {
		return nil
	}
	label := "Microsoft"
	if f.issuer != "" && !strings.HasPrefix(f.issuer, "https://login.microsoftonline.") {
		label = "your organization's account"
	}
	return &web.OIDC{ClientID: f.clientID, ClientSecret: f.clientSecret, PublicURL: publicURL, Verifier: j, Label: label}
}
