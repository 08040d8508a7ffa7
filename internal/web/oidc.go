package web

import (
	"cmp"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/store"
)

// OIDC is signing in with the organization's identity provider
// (Microsoft Entra ID, or another OpenID Connect issuer): the
// authorization-code flow with PKCE. The session keeps the ID token,
// which the pages send to the API like any other bearer token, and
// renews it with the refresh token before it expires.
type OIDC struct {
	// ClientID and ClientSecret are callscope's app registration.
	ClientID, ClientSecret string
	// PublicURL is where browsers reach callscope (https://host), for the
	// redirect URI PublicURL/signin/oidc/callback registered with the
	// app; empty takes the request's host.
	PublicURL string
	// Verifier checks the ID tokens (issuer, keys, audience, tenant) and
	// names their principal, as the API does.
	Verifier *auth.JWT
	// Label names the provider on the sign-in page ("Microsoft").
	Label string
}

// Paths of the sign-in through the identity provider.
const (
	oidcStartPath    = "/signin/oidc"
	oidcCallbackPath = "/signin/oidc/callback"
	// oidcCookie carries the flow's state, PKCE verifier, nonce and next
	// page from the start to the callback, for ten minutes; SameSite=Lax,
	// since the callback is a navigation from the provider's site.
	oidcCookie = "callscope_oidc"
	// refreshBefore is how long before its expiry a session's ID token
	// is renewed.
	refreshBefore = 5 * time.Minute
)

type oidcFlow struct {
	State    string `json:"s"`
	Verifier string `json:"v"`
	Nonce    string `json:"n"`
	Next     string `json:"x"`
}

func (s *Server) oauth2Config(ctx context.Context, r *http.Request) (*oauth2.Config, error) {
	o := s.cfg.OIDC
	ep, err := o.Verifier.Endpoint(ctx)
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(o.PublicURL, "/")
	if base == "" {
		scheme := "http://"
		if r.TLS != nil || s.cfg.SecureCookies {
			scheme = "https://"
		}
		base = scheme + r.Host
	}
	return &oauth2.Config{ClientID: o.ClientID, ClientSecret: o.ClientSecret, Endpoint: ep, RedirectURL: base + oidcCallbackPath,
		Scopes: []string{"openid", "profile", "email", "offline_access"}}, nil
}

// oidcStart is GET /signin/oidc: off to the identity provider.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) {
	cfg, err := s.oauth2Config(r.Context(), r)
	if err != nil {
		s.log.Error("sign-in: the identity provider cannot be reached", "error", err.Error())
		s.errorPage(w, r, nil, http.StatusBadGateway, "Signing in with "+s.cfg.OIDC.Label+" is not possible now: callscope cannot reach it. Try again later, or sign in with an API token.")
		return
	}
	f := oidcFlow{State: randomToken(), Verifier: oauth2.GenerateVerifier(), Nonce: randomToken(), Next: safeNext(r.URL.Query().Get("next"))}
	b, _ := json.Marshal(f) // four strings always encode
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: base64.RawURLEncoding.EncodeToString(b), Path: oidcStartPath, MaxAge: 600,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, cfg.AuthCodeURL(f.State, oauth2.S256ChallengeOption(f.Verifier), oauth2.SetAuthURLParam("nonce", f.Nonce)), http.StatusFound)
}

// oidcCallback is GET /signin/oidc/callback: the provider's answer. The
// state must be this browser's, the code is exchanged with the PKCE
// verifier, and the ID token must carry this sign-in's nonce and name a
// person with a callscope role.
func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	refuse := func(status int, msg, why string) {
		s.log.Warn("sign-in refused", "reason", why)
		s.audit(r, store.AuditEntry{Action: actionSignInRefused, Detail: why + ", from " + clientAddr(r)})
		s.errorPage(w, r, nil, status, msg)
	}
	s.clearCookie(w, r, oidcCookie)
	var f oidcFlow
	c, err := r.Cookie(oidcCookie)
	if err == nil {
		var b []byte
		if b, err = base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			err = json.Unmarshal(b, &f)
		}
	}
	q := r.URL.Query()
	if err != nil || f.State == "" || !sameToken(q.Get("state"), f.State) {
		refuse(http.StatusForbidden, "This sign-in did not start here, or took too long. Sign in again.", "an identity provider answer without this browser's state")
		return
	}
	if e := q.Get("error"); e != "" {
		refuse(http.StatusForbidden, s.cfg.OIDC.Label+" did not sign you in: "+cmp.Or(q.Get("error_description"), e), "the identity provider refused: "+e)
		return
	}
	cfg, err := s.oauth2Config(r.Context(), r)
	if err != nil {
		s.log.Error("sign-in: the identity provider cannot be reached", "error", err.Error())
		s.errorPage(w, r, nil, http.StatusBadGateway, "Signing in is not possible now: callscope cannot reach "+s.cfg.OIDC.Label+". Try again later.")
		return
	}
	tok, err := cfg.Exchange(r.Context(), q.Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		refuse(http.StatusForbidden, "Signing in failed: "+s.cfg.OIDC.Label+" did not accept this sign-in's code. Sign in again.", "code exchange: "+err.Error())
		return
	}
	idToken, _ := tok.Extra("id_token").(string)
	p, v, err := s.cfg.OIDC.Verifier.Check(r.Context(), idToken)
	switch {
	case errors.Is(err, auth.ErrNoRole):
		s.log.Info("sign-in refused: no role", "actor", p.Name)
		s.audit(r, store.AuditEntry{Action: actionSignInRefused, Actor: p.Name, Tenant: cmp.Or(p.Tenants...), Detail: "none of callscope's roles"})
		s.render(w, r, http.StatusForbidden, "norole", pageData{Title: "No access", Data: noRoleData{Name: p.Name, Roles: auth.RoleHelp}})
		return
	case err != nil:
		refuse(http.StatusForbidden, "Signing in failed: the answer of "+s.cfg.OIDC.Label+" could not be checked. Sign in again.", "ID token: "+err.Error())
		return
	case !sameToken(v.Nonce, f.Nonce):
		refuse(http.StatusForbidden, "Signing in failed: the answer was not for this sign-in. Sign in again.", "an ID token with another sign-in's nonce")
		return
	}
	var who me
	if err := s.api.getJSON(r.Context(), idToken, "/api/v1/me", nil, &who); err != nil {
		s.log.Error("sign-in failed", "error", err.Error())
		s.errorPage(w, r, nil, http.StatusInternalServerError, "Signing in failed; the cause is in the server's log.")
		return
	}
	ss := s.sessions.createRefreshable(idToken, tok.RefreshToken, who)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: ss.id, Path: "/", HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	s.log.Info("signed in", "actor", who.Name, "role", who.Role, "with", s.cfg.OIDC.Label)
	s.audit(r, store.AuditEntry{Action: actionSignIn, Actor: who.Name, Role: who.Role, Tenant: who.Tenant,
		Detail: "with " + s.cfg.OIDC.Label + ", from " + clientAddr(r)})
	// A redirect by a page, not a 302, so that the session cookie
	// (SameSite=Strict) is sent with the next request: a navigation that
	// began on the provider's site would not carry it.
	w.Header().Set("Cache-Control", "no-store")
	// The cookie is this server's, but checked again all the same: the
	// next page stays on this site.
	s.render(w, r, http.StatusOK, "continue", pageData{Title: "Signed in", Data: safeNext(f.Next)})
}

type noRoleData struct{ Name, Roles string }

// renew renews a session's ID token with its refresh token when it is
// about to expire; false when that failed and the session must end.
func (s *Server) renew(ctx context.Context, r *http.Request, ss *session) bool {
	if ss.refresh == "" || s.cfg.OIDC == nil {
		return true
	}
	_, v, err := s.cfg.OIDC.Verifier.Check(ctx, ss.token)
	if err == nil && s.cfg.Now().Add(refreshBefore).Before(v.Expires) {
		return true
	}
	cfg, cerr := s.oauth2Config(ctx, r)
	if cerr != nil {
		return err == nil // cannot renew now: go on while the token lasts
	}
	tok, rerr := cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: ss.refresh}).Token()
	if rerr != nil {
		s.log.Info("session not renewed", "actor", ss.me.Name, "error", rerr.Error())
		return err == nil
	}
	idToken, _ := tok.Extra("id_token").(string)
	if _, _, err := s.cfg.OIDC.Verifier.Check(ctx, idToken); err != nil {
		// The person lost their role, or left: the session ends.
		s.log.Info("session ended at renewal", "actor", ss.me.Name, "error", err.Error())
		return false
	}
	s.sessions.renewed(ss, idToken, cmp.Or(tok.RefreshToken, ss.refresh))
	return true
}
