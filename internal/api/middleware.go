package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/callscope/callscope/internal/auth"
)

// reqState is what the outermost middleware knows of a request and the
// inner ones fill in: its id, and once routed, its route and token.
type reqState struct {
	id    string
	start time.Time
	route string
	token string
}

type stateKey struct{}

// stateOf returns the request's state; a request that did not come
// through observe (a test calling a handler directly) gets a fresh one.
func stateOf(ctx context.Context) *reqState {
	if st, ok := ctx.Value(stateKey{}).(*reqState); ok {
		return st
	}
	return &reqState{id: "unknown", start: time.Now(), route: unmatchedRoute}
}

// reqCtx is what a handler gets: the request's state, who is asking, and
// for which tenant.
type reqCtx struct {
	*reqState
	principal auth.Principal
	tenant    string
	// tenantParam is the ?tenant= the request gave, "" if none, for the
	// links a response builds.
	tenantParam string
}

// requestIDs makes request ids: a random prefix per process and a
// counter, unique without a random read per request.
type requestIDs struct {
	prefix string
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	b := make([]byte, 4)
	// crypto/rand.Read does not fail on supported platforms (Go 1.24+).
	_, _ = rand.Read(b)
	return &requestIDs{prefix: hex.EncodeToString(b)}
}

func (g *requestIDs) next() string {
	return fmt.Sprintf("%s-%06d", g.prefix, g.n.Add(1))
}

var ids = newRequestIDs()

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (uploads
// extend their deadlines through it).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe is the outermost middleware: it gives the request an id,
// recovers panics into a 500 in the one error shape, and logs and
// counts the request by route pattern, never by path, which may hold a
// user's name or phone number.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &reqState{id: ids.next(), start: s.cfg.Now(), route: unmatchedRoute}
		wall := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Request-Id", st.id)
		r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "id", st.id, "route", st.route, "panic", scrub(fmt.Sprint(v)), "stack", scrub(string(debug.Stack())))
				if sw.status == 0 {
					writeError(sw, asAPIError(errors.New("panic")), st.id)
				}
			}
			status := sw.status
			if status == 0 {
				status = http.StatusOK
			}
			elapsed := time.Since(wall)
			s.metrics.request(st.route, r.Method, status, elapsed)
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelError
			}
			s.log.LogAttrs(r.Context(), level, "request",
				slog.String("id", st.id), slog.String("method", r.Method), slog.String("route", st.route),
				slog.Int("status", status), slog.Float64("ms", float64(elapsed.Microseconds())/1000),
				slog.Int64("bytes", sw.bytes), slog.String("token", st.token))
		}()
		next.ServeHTTP(sw, r)
	})
}

// endpoint wraps a route's handler: body limit, authentication, tenant,
// permission, and the one error shape for whatever the handler returns.
func (s *Server) endpoint(rt route) http.Handler {
	pattern := rt.pattern()
	limit := s.cfg.MaxBodyBytes
	if rt.upload {
		limit = s.cfg.MaxUploadBytes
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := stateOf(r.Context())
		st.route = pattern
		rc := &reqCtx{reqState: st}
		err := s.admit(w, r, rt, rc, limit)
		if err == nil {
			err = rt.h(w, r, rc)
		}
		if err != nil {
			s.fail(w, r, rc, err)
		}
	})
}

// admit checks what every request of a route must pass before its
// handler runs.
func (s *Server) admit(w http.ResponseWriter, r *http.Request, rt route, rc *reqCtx, limit int64) error {
	if r.ContentLength > limit {
		return tooLarge(limit)
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if rt.public {
		return nil
	}
	// Personal data: no cache may keep it.
	w.Header().Set("Cache-Control", "no-store")
	p, err := s.cfg.Auth.Authenticate(r)
	if errors.Is(err, auth.ErrUnauthenticated) || errors.Is(err, auth.ErrRevoked) {
		level := slog.LevelInfo
		if errors.Is(err, auth.ErrRevoked) {
			level = slog.LevelWarn
		}
		s.log.Log(r.Context(), level, "authentication refused", "id", rc.id, "route", rc.route, "reason", err.Error())
		return &apiError{status: http.StatusUnauthorized, code: codeUnauthenticated,
			message: "a valid bearer token is required (Authorization: Bearer <token>)"}
	}
	if errors.Is(err, auth.ErrNoRole) {
		s.log.Info("authentication refused", "id", rc.id, "route", rc.route, "reason", err.Error())
		return forbidden("your account has none of the roles that give access to callscope: ask for one of " + auth.RoleHelp)
	}
	if err != nil {
		return err
	}
	rc.principal = p
	rc.token = p.TokenID
	q := r.URL.Query()["tenant"]
	switch {
	case len(q) > 1:
		return badParam("tenant", "given %d times; give it once", len(q))
	case len(q) == 1:
		t := strings.TrimSpace(q[0])
		if t == "" {
			return badParam("tenant", "empty; leave it out for the token's default tenant")
		}
		if !p.HasTenant(t) {
			// As if nothing existed: a 403 would confirm the tenant.
			return notFound("tenant")
		}
		rc.tenant, rc.tenantParam = t, t
	default:
		if len(p.Tenants) == 0 {
			return notFound("tenant")
		}
		rc.tenant = p.Tenants[0]
	}
	if rt.perm != "" && !p.Role.Can(rt.perm) {
		return forbidden(fmt.Sprintf("the %s role may not do this (needs %s)", p.Role, rt.perm))
	}
	return nil
}

// fail sends an error in the one shape, logging the cause of internal
// errors with the request id; the client sees only the id.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, rc *reqCtx, err error) {
	ae := asAPIError(err)
	if ae.status >= 500 {
		s.log.Error("request failed", "id", rc.id, "route", rc.route, "status", ae.status, "error", scrub(err.Error()))
	}
	if sw, ok := w.(*statusWriter); ok && sw.status != 0 {
		// Too late for an error response: the handler broke its
		// contract and wrote first. The log line is all that can be done.
		return
	}
	writeError(w, ae, rc.id)
}

// scrub masks long digit runs in text bound for the log, since an error
// or a panic may quote a phone number: digit runs of five or more (with
// the separators people write numbers with) keep their first two digits.
func scrub(s string) string {
	b := []byte(s)
	for i := 0; i < len(b); {
		if b[i] < '0' || b[i] > '9' {
			i++
			continue
		}
		j, digits := i, 0
		for j < len(b) && (b[j] >= '0' && b[j] <= '9' || (b[j] == ' ' || b[j] == '-' || b[j] == '.') && j+1 < len(b) && b[j+1] >= '0' && b[j+1] <= '9') {
			if b[j] >= '0' && b[j] <= '9' {
				digits++
			}
			j++
		}
		if digits >= 5 {
			seen := 0
			for k := i; k < j; k++ {
				if b[k] >= '0' && b[k] <= '9' {
					if seen >= 2 {
						b[k] = '#'
					}
					seen++
				}
			}
		}
		i = j
	}
	return string(b)
}
