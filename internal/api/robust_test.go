package api

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// TestPanicIsStable500: a panicking handler becomes a 500 in the one
// shape, with nothing of the panic in the response; the log has it,
// phone numbers masked.
func TestPanicIsStable500(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	h := f.srv.observe(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret detail for +15551234567")
	}))
	rec := newRecorder()
	h.ServeHTTP(rec, mustRequest(t, http.MethodGet, "/api/v1/me"))
	r := response{rec.Code, rec.Header(), rec.Body.String()}
	wantError(t, r, http.StatusInternalServerError, codeInternal)
	if strings.Contains(r.body, "secret") || strings.Contains(r.body, "goroutine") {
		t.Errorf("panic text in the response: %s", r.body)
	}
	logs := f.logs.String()
	if !strings.Contains(logs, "secret detail") || strings.Contains(logs, "5551234567") {
		t.Errorf("panic not logged, or logged with the phone number:\n%s", logs)
	}
}

func mustRequest(t *testing.T, method, target string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestUnknownRoutes: 404 and 405 in the one shape, not ServeMux's text.
func TestUnknownRoutes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, target := range []string{"/", "/api", "/api/v2/me", "/api/v1/call", "/api/v1/calls/x/y/z", "/favicon.ico"} {
		wantError(t, f.get(target, "admin"), http.StatusNotFound, codeNotFound)
		wantError(t, f.get(target, ""), http.StatusNotFound, codeNotFound)
	}
	r := f.do(http.MethodDelete, "/api/v1/calls/x", "admin", nil)
	wantError(t, r, http.StatusMethodNotAllowed, codeMethodNotAllowed)
	if got := r.header.Get("Allow"); got != "GET, HEAD" {
		t.Errorf("Allow = %q", got)
	}
	r = f.do(http.MethodGet, "/api/v1/ingest", "admin", nil)
	wantError(t, r, http.StatusMethodNotAllowed, codeMethodNotAllowed)
	if got := r.header.Get("Allow"); got != "POST" {
		t.Errorf("Allow = %q", got)
	}
	if r := f.do(http.MethodHead, "/healthz", "", nil); r.status != 200 {
		t.Errorf("HEAD /healthz: %d", r.status)
	}
}

// blockingStore holds Call until released, to keep a request in flight.
type blockingStore struct {
	store.Store
	entered chan struct{}
	release chan struct{}
	once    sync.Once
}

func (b *blockingStore) Call(ctx context.Context, tenant, id string) (*model.Call, error) {
	b.once.Do(func() { close(b.entered) })
	<-b.release
	return b.Store.Call(ctx, tenant, id)
}

// TestGracefulShutdown: a real server on 127.0.0.1 finishes the request
// in flight when told to stop, writes its audit entry, then returns.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	bs := &blockingStore{entered: make(chan struct{}), release: make(chan struct{})}
	stopping := make(chan struct{})
	f := newFixture(t, func(c *Config) {
		bs.Store = c.Store
		c.Store = bs
		c.Logger = slog.New(&signalHandler{Handler: c.Logger.Handler(), msg: "shutting down", ch: stopping, once: new(sync.Once)})
	})
	f.ingestExamples("tenant-a")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan net.Addr, 1)
	served := make(chan error, 1)
	go func() { served <- f.srv.Serve(ctx, "127.0.0.1:0", func(a net.Addr) { addrc <- a }) }()
	addr := (<-addrc).String()

	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/api/v1/calls/e523d2ed-2966-4b6b-925b-754a88034cc5/verdicts", nil)
		req.Header.Set("Authorization", "Bearer "+f.tokens["engineer"])
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{resp.StatusCode, string(b), err}
	}()
	select {
	case <-bs.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the request never reached the store")
	}
	cancel() // stop while the request is in flight
	select {
	case <-stopping:
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not begin to shut down")
	}
	select {
	case err := <-served:
		t.Fatalf("Serve returned before the request in flight finished: %v", err)
	default:
	}
	close(bs.release)
	res := <-done
	if res.err != nil || res.status != 200 || !strings.Contains(res.body, `"sessions"`) {
		t.Fatalf("request in flight: %d %v %s", res.status, res.err, res.body)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Serve did not return")
	}
	entries, err := bs.Store.AuditLog(context.Background(), store.AuditFilter{Actor: "engineer"})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit of the request in flight: %+v %v", entries, err)
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("still accepting connections after Serve returned")
	}
	if err := f.srv.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// signalHandler closes ch when a record with message msg is logged.
type signalHandler struct {
	slog.Handler
	msg  string
	ch   chan struct{}
	once *sync.Once
}

func (h *signalHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == h.msg {
		h.once.Do(func() { close(h.ch) })
	}
	return h.Handler.Handle(ctx, r)
}

func (h *signalHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &signalHandler{Handler: h.Handler.WithAttrs(as), msg: h.msg, ch: h.ch, once: h.once}
}

// TestServeListenError: an address that cannot be bound is an error
// naming it.
func TestServeListenError(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	err := f.srv.Serve(context.Background(), "127.0.0.1:-1", nil)
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:-1") {
		t.Fatalf("Serve on a bad address = %v", err)
	}
	var opErr *net.OpError
	var addrErr *net.AddrError
	if !errors.As(err, &opErr) && !errors.As(err, &addrErr) {
		t.Logf("error type %T", err)
	}
}
