package web

import (
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/store"
)

// Cookie and form field names.
const (
	sessionCookie = "callscope_session"
	// signinCookie pairs the sign-in form with the browser it was given
	// to, so that another site cannot sign a browser in under its own
	// token (login CSRF).
	signinCookie = "callscope_signin"
	csrfField    = "csrf"
)

// me is who a token acts as, as GET /api/v1/me tells.
type me struct {
	Name        string              `json:"name"`
	TokenID     string              `json:"tokenId"`
	Role        string              `json:"role"`
	Tenant      string              `json:"tenant"`
	Tenants     []string            `json:"tenants"`
	Permissions []access.Permission `json:"permissions"`
}

// can reports whether the API said the token has the permission: the
// pages offer what the API allows, and never decide it themselves.
func (m me) can(p access.Permission) bool { return slices.Contains(m.Permissions, p) }

// current returns the request's session, nil if it has none.
func (s *Server) current(r *http.Request) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	ss := s.sessions.get(c.Value)
	if ss != nil && !s.renew(r.Context(), r, ss) {
		s.sessions.end(ss.id)
		return nil
	}
	return ss
}

type signinData struct {
	Token string
	Next  string
	Error string
	// Provider names the identity provider people sign in with, when
	// there is one.
	Provider string
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) {
	if s.current(r) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderSignIn(w, r, http.StatusOK, "")
}

// renderSignIn shows the sign-in form with a fresh form token.
func (s *Server) renderSignIn(w http.ResponseWriter, r *http.Request, status int, msg string) {
	tok := randomToken()
	http.SetCookie(w, &http.Cookie{Name: signinCookie, Value: tok, Path: "/signin", MaxAge: 3600,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "signin", pageData{Title: "Sign in", CSRF: tok,
		Data: signinData{Next: safeNext(r.FormValue("next")), Error: msg, Provider: s.providerLabel()}})
}

// signIn takes a token from the form, asks the API who it is, and
// starts a session.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	s.limitBody(w, r)
	if status, msg := parseForm(r); status != 0 {
		s.errorPage(w, r, nil, status, msg)
		return
	}
	c, err := r.Cookie(signinCookie)
	if err != nil || !sameToken(r.PostFormValue(csrfField), c.Value) {
		s.log.Warn("sign-in without a valid form token refused")
		s.errorPage(w, r, nil, http.StatusForbidden, "This sign-in form has expired or did not come from callscope. Open the sign-in page again.")
		return
	}
	token := strings.TrimSpace(r.PostFormValue("token"))
	if token == "" {
		s.renderSignIn(w, r, http.StatusBadRequest, "Give your API token.")
		return
	}
	var who me
	if err := s.api.getJSON(r.Context(), token, "/api/v1/me", nil, &who); err != nil {
		if ae, ok := asAPIError(err); ok && ae.Status == http.StatusUnauthorized {
			s.audit(r, store.AuditEntry{Action: actionSignInRefused, Detail: "an unknown, revoked or mistyped token, from " + clientAddr(r)})
			s.renderSignIn(w, r, http.StatusUnauthorized, "That token is not valid (unknown, revoked or mistyped).")
			return
		}
		s.log.Error("sign-in failed", "error", err.Error())
		s.renderSignIn(w, r, http.StatusInternalServerError, "Signing in failed; the cause is in the server's log.")
		return
	}
	ss := s.sessions.create(token, who)
	s.clearCookie(w, r, signinCookie)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: ss.id, Path: "/",
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	s.log.Info("signed in", "actor", who.Name, "role", who.Role)
	s.audit(r, store.AuditEntry{Action: actionSignIn, Actor: who.Name, TokenID: who.TokenID, Role: who.Role, Tenant: who.Tenant,
		Detail: "with an API token, from " + clientAddr(r)})
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request, ss *session) error {
	s.sessions.end(ss.id)
	s.clearCookie(w, r, sessionCookie)
	s.log.Info("signed out", "actor", ss.me.Name)
	s.audit(r, store.AuditEntry{Action: actionSignOut, Actor: ss.me.Name, TokenID: ss.me.TokenID, Role: ss.me.Role, Tenant: ss.me.Tenant})
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
	return nil
}

// secure reports whether cookies must be Secure: always over TLS, and
// behind a proxy that ends TLS when Config.SecureCookies says so.
func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.cfg.SecureCookies }

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	path := "/"
	switch name {
	case signinCookie:
		path = "/signin"
	case oidcCookie:
		path = oidcStartPath
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
}

// safeNext keeps a redirect after sign-in on this site: only a local
// path, never "//host" or a URL.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if next == "" || err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(next, "/") ||
		strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.HasPrefix(next, "/signin") {
		return "/users"
	}
	return next
}

// Audit actions of the pages' own.
const (
	actionSignIn        = "sign-in"
	actionSignOut       = "sign-out"
	actionSignInRefused = "sign-in-refused"
)

// audit records e in the audit log when the pages keep one; a failure is
// logged, since a sign-in is not undone for it.
func (s *Server) audit(r *http.Request, e store.AuditEntry) {
	if s.cfg.Audit == nil {
		return
	}
	e.Time = s.cfg.Now()
	if err := s.cfg.Audit.Audit(r.Context(), e); err != nil {
		s.log.Error("audit entry not written", "action", e.Action, "error", err.Error())
	}
}

// clientAddr is the address a request came from, for the audit log.
func clientAddr(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// providerLabel names the identity provider, "" without one.
func (s *Server) providerLabel() string {
	if s.cfg.OIDC == nil {
		return ""
	}
	return s.cfg.OIDC.Label
}
