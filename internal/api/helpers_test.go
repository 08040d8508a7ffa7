package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// clock is a settable clock shared by a test server and its test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

var t0 = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

// fixture is a server over a real DuckDB store in a temporary folder,
// with one token per role of tenant-a and one admin token of tenant-b.
type fixture struct {
	t      testing.TB
	st     store.Store
	srv    *Server
	h      http.Handler
	clock  *clock
	tokens map[string]string // "admin", "engineer", "specialist", "admin-b", "both"
	logs   *syncBuffer
}

// syncBuffer collects log output from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func newFixture(t testing.TB, opts ...func(*Config)) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "callscope.db"))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, st: st, clock: &clock{t: t0}, tokens: map[string]string{}, logs: &syncBuffer{}}
	engine, err := quality.New(quality.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Store:  st,
		Auth:   auth.Tokens{Store: st, Now: f.clock.Now},
		Judge:  engine.Judge,
		Logger: slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:    f.clock.Now,
	}
	for _, o := range opts {
		o(&cfg)
	}
	f.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		f.srv.Close()
		st.Close()
	})
	f.h = f.srv.Handler()
	tokens := auth.Tokens{Store: st, Now: f.clock.Now}
	for name, spec := range map[string]struct {
		role    access.Role
		tenants []string
	}{
		"admin": {access.Admin, []string{"tenant-a"}}, "engineer": {access.Engineer, []string{"tenant-a"}},
		"specialist": {access.Specialist, []string{"tenant-a"}}, "admin-b": {access.Admin, []string{"tenant-b"}},
		"both": {access.Engineer, []string{"tenant-a", "tenant-b"}},
	} {
		secret, _, err := tokens.Create(ctx, name, spec.role, spec.tenants)
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[name] = secret
	}
	return f
}

// ingestExamples stores every example file under tenant, judged.
func (f *fixture) ingestExamples(tenant string) *ingest.Summary {
	f.t.Helper()
	engine, err := quality.New(quality.Options{})
	if err != nil {
		f.t.Fatal(err)
	}
	sum, err := ingest.Run(context.Background(), f.st, []string{"../../examples"}, ingest.Options{Tenant: tenant, Prepare: engine.Judge})
	if err != nil {
		f.t.Fatal(err)
	}
	return sum
}

// response is what a test request got.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends a request as the token named who ("" for none).
func (f *fixture) do(method, target, who string, body io.Reader, header ...string) response {
	f.t.Helper()
	req := httptest.NewRequest(method, target, body)
	if who != "" {
		secret, ok := f.tokens[who]
		if !ok {
			secret = who
		}
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
}

func (f *fixture) get(target, who string) response {
	f.t.Helper()
	return f.do(http.MethodGet, target, who, nil)
}

// wantError checks the one error shape.
func wantError(t testing.TB, r response, status int, code string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	var e struct {
		Error struct {
			Code, Message, RequestID string
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.body), &e); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, r.body)
	}
	if e.Error.Code != code || e.Error.Message == "" || e.Error.RequestID == "" || e.Error.RequestID != r.header.Get("X-Request-Id") {
		t.Fatalf("error = %+v (X-Request-Id %q), want code %s with a message and the request id", e.Error, r.header.Get("X-Request-Id"), code)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("error Content-Type = %q", ct)
	}
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
