package web

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/store"
)

// Config is what the pages need; New fills in the defaults.
type Config struct {
	// API is the API's handler, which every page gets its data from;
	// required.
	API http.Handler
	// Logger receives the causes of failed pages; nil discards them.
	Logger *slog.Logger
	// Now is the clock of sessions (default time.Now).
	Now func() time.Time
	// SessionIdle signs a session out after this long unused (default
	// 8 hours, a working day); SessionMaxAge after this long whatever
	// (default 12 hours).
	SessionIdle, SessionMaxAge time.Duration
	// SecureCookies marks the cookies Secure even when the request came
	// without TLS: for a server behind a proxy that ends HTTPS.
	SecureCookies bool
	// MaxUploadBytes caps a form with a file (the building file; default
	// 64 MiB); other forms are capped at 64 KiB.
	MaxUploadBytes int64
	// Sessions, when set, keeps sign-ins in the store (sealed), so that
	// they survive a restart and every process sharing the store serves
	// them; nil keeps them in this process's memory only.
	Sessions store.WebSessionStore
	// Audit, when set, records sign-ins, sign-outs and refused sign-ins
	// in the audit log, beside what the API records of what was viewed.
	Audit store.AuditStore
	// OIDC, when set, offers signing in with the organization's identity
	// provider beside API tokens.
	OIDC *OIDC
}

// Defaults of Config.
const (
	DefaultSessionIdle    = 8 * time.Hour
	DefaultSessionMaxAge  = 12 * time.Hour
	DefaultMaxUploadBytes = 64 << 20
)

// maxFormBytes caps a form without a file: a token and a few fields.
const maxFormBytes = 64 << 10

// Server serves the pages. It is safe for concurrent use.
type Server struct {
	cfg      Config
	log      *slog.Logger
	api      apiClient
	sessions *sessions
	pages    *templates
	mux      *http.ServeMux
}

// New builds the pages' handler over the API's.
func New(cfg Config) (*Server, error) {
	if cfg.API == nil {
		return nil, errors.New("web: no API handler")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SessionIdle <= 0 {
		cfg.SessionIdle = DefaultSessionIdle
	}
	if cfg.SessionMaxAge <= 0 {
		cfg.SessionMaxAge = DefaultSessionMaxAge
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = DefaultMaxUploadBytes
	}
	tpl, err := loadTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, log: cfg.Logger, api: apiClient{h: cfg.API}, pages: tpl,
		sessions: newSessions(cfg.Now, cfg.SessionIdle, cfg.SessionMaxAge), mux: http.NewServeMux()}
	s.sessions.backend, s.sessions.log = cfg.Sessions, cfg.Logger
	s.routes()
	return s, nil
}

// routes is the list of pages.
func (s *Server) routes() {
	s.mux.Handle("GET /static/", staticFiles())
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("GET /signin", s.signInForm)
	s.mux.HandleFunc("POST /signin", s.signIn)
	if s.cfg.OIDC != nil {
		if s.cfg.OIDC.Label == "" {
			s.cfg.OIDC.Label = "your organization's account"
		}
		s.mux.HandleFunc("GET "+oidcStartPath, s.oidcStart)
		s.mux.HandleFunc("GET "+oidcCallbackPath, s.oidcCallback)
	}
	s.mux.Handle("POST /signout", s.form("", s.signOut))
	s.mux.Handle("GET /users", s.page("", s.usersPage))
	s.mux.Handle("GET /users/{ref}/calls", s.page("", s.userCallsPage))
	s.mux.Handle("GET /calls/{id}", s.page("", s.callPage))
	s.mux.Handle("GET /dashboard", s.page(access.SeeDashboard, s.dashboardPage))
	s.mux.Handle("GET /dashboard/breakdown", s.page(access.SeeDashboard, s.breakdownPage))
	s.mux.Handle("GET /dashboard/download", s.page(access.SeeDashboard, s.dashboardDownload))
	s.mux.Handle("GET /poor-calls", s.page(access.SeeDashboard, s.poorCallsPage))
	s.mux.Handle("GET /reliability", s.page(access.SeeDashboard, s.reliabilityPage))
	s.mux.Handle("GET /telephony", s.page(access.SeeDashboard, s.telephonyPage))
	s.mux.Handle("GET /telephony/direct-routing", s.page(access.SeeDashboard, s.directRoutingPage))
	s.mux.Handle("GET /telephony/rows", s.page(access.SeeDashboard, s.telephonyRowsPage))
	s.mux.Handle("GET /telephony/download", s.page(access.SeeDashboard, s.telephonyDownload))
	s.mux.Handle("GET /acs", s.page(access.SeeDashboard, s.acsPage))
	s.mux.Handle("GET /acs/calls", s.page(access.SeeDashboard, s.acsCallsPage))
	s.mux.Handle("GET /acs/download", s.page(access.SeeDashboard, s.acsDownloadPage))
	s.mux.Handle("GET /reliability/calls", s.page(access.SeeDashboard, s.failedCallsPage))
	s.mux.Handle("GET /buildings", s.page(access.ManageSettings, s.buildingsPage))
	s.mux.Handle("POST /buildings", s.form(access.ManageSettings, s.uploadBuildings))
	s.mux.Handle("GET /buildings/file.csv", s.page(access.ManageSettings, s.buildingCSV))
	s.mux.Handle("GET /buildings/missing", s.page(access.ManageSettings, s.missingPage))
	s.mux.Handle("GET /collection", s.page(access.ManageSettings, s.collectionPage))
	s.mux.HandleFunc("/", s.notFound)
}

// ServeHTTP serves a page with the headers every page has.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// No script, nothing from another origin, no framing: the pages need
	// none of it, so an injected tag could do nothing either.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	// Page addresses hold user references; no other site should see them.
	h.Set("Referrer-Policy", "no-referrer")
	s.mux.ServeHTTP(w, r)
}

// pageError is a page's own refusal (no such tab, no file chosen): a
// status and a message for the user.
type pageError struct {
	status int
	msg    string
}

func (e *pageError) Error() string { return fmt.Sprintf("%d: %s", e.status, e.msg) }

// pageFunc serves one page of a signed-in session. Errors it returns are
// shown as an error page; it must not have written anything before.
type pageFunc func(w http.ResponseWriter, r *http.Request, ss *session) error

// page wraps a GET page: a session is required (else the sign-in page,
// coming back here afterwards), and perm, when set, is the permission
// the role needs.
func (s *Server) page(perm access.Permission, f pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ss := s.current(r)
		if ss == nil {
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		if perm != "" && !ss.me.can(perm) {
			s.errorPage(w, r, ss, http.StatusForbidden, "The "+ss.me.Role+" role may not use this page.")
			return
		}
		s.serve(w, r, ss, f)
	})
}

// form wraps a POST form: a session and its CSRF token are required,
// else 403, and perm as for page.
func (s *Server) form(perm access.Permission, f pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.limitBody(w, r)
		ss := s.current(r)
		if ss == nil {
			s.errorPage(w, r, nil, http.StatusForbidden, "You are not signed in (or your session ended). Sign in and try again.")
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		if status, msg := parseForm(r); status != 0 {
			s.errorPage(w, r, ss, status, msg)
			return
		}
		if !sameToken(formValue(r, csrfField), ss.csrf) {
			s.log.Warn("form without a valid CSRF token refused", "path", r.URL.Path, "actor", ss.me.Name)
			s.errorPage(w, r, ss, http.StatusForbidden, "This form has expired or did not come from callscope. Go back, reload the page and try again.")
			return
		}
		if perm != "" && !ss.me.can(perm) {
			s.errorPage(w, r, ss, http.StatusForbidden, "The "+ss.me.Role+" role may not do this.")
			return
		}
		s.serve(w, r, ss, f)
	})
}

// serve runs f and turns its error into a page: the API's refusals with
// their status and message, a token the API no longer accepts into a
// new sign-in, anything else into a 500 whose cause is logged.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, ss *session, f pageFunc) {
	err := f(w, r, ss)
	if err == nil {
		return
	}
	var pe *pageError
	if errors.As(err, &pe) {
		s.errorPage(w, r, ss, pe.status, pe.msg)
		return
	}
	if ae, ok := asAPIError(err); ok {
		if ae.Status == http.StatusUnauthorized {
			// Revoked or expired token: the session is worth nothing.
			s.sessions.end(ss.id)
			s.clearCookie(w, r, sessionCookie)
			http.Redirect(w, r, "/signin", http.StatusSeeOther)
			return
		}
		msg := ae.Message
		if ae.Status >= 500 {
			msg = "The server could not answer. Quote request " + ae.RequestID + " when reporting it."
		}
		s.errorPage(w, r, ss, ae.Status, msg)
		return
	}
	s.log.Error("page failed", "path", r.URL.Path, "error", err.Error())
	s.errorPage(w, r, ss, http.StatusInternalServerError, "The page could not be made; the cause is in the server's log.")
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	if s.current(r) == nil {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/users", http.StatusSeeOther)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, s.current(r), http.StatusNotFound, "There is no such page.")
}

// limitBody caps what a form may send: a file form MaxUploadBytes, any
// other a few kilobytes, so that nobody fills the server's memory or
// disk through a page.
func (s *Server) limitBody(w http.ResponseWriter, r *http.Request) {
	limit := int64(maxFormBytes)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		limit = s.cfg.MaxUploadBytes
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
}

// parseForm reads a posted form, urlencoded or multipart; a form that
// cannot be read is a status and a message for the user.
func parseForm(r *http.Request) (int, string) {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(maxFormMemory)
	} else {
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("The form is larger than %d bytes.", tooBig.Limit)
	case err != nil:
		return http.StatusBadRequest, "The form could not be read."
	}
	return 0, ""
}

// formValue reads a field of a form parseForm read.
func formValue(r *http.Request, name string) string {
	if r.MultipartForm != nil {
		if vs := r.MultipartForm.Value[name]; len(vs) > 0 {
			return vs[0]
		}
		return ""
	}
	return r.PostFormValue(name)
}

// maxFormMemory is how much of a multipart form is kept in memory; the
// rest of an uploaded file goes to a temporary file.
const maxFormMemory = 8 << 20

// sameToken compares tokens in constant time; an empty one never
// matches.
func sameToken(got, want string) bool {
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
