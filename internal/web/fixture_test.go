package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/api"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/building"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
	"github.com/callscope/callscope/internal/web"
)

// demoTenant is the tenant of the generated data.
const demoTenant = "contoso"

// demoEnd is the end of the generated month and the server's clock, so
// that every run sees the same calls (the generator otherwise ends its
// month at the current hour).
var demoEnd = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

// demo is a real callscope server on 127.0.0.1, with the API and the
// pages as `callscope serve` mounts them, over a store filled with a
// month of generated telemetry and a token per role. One is shared by
// the package's tests: generating and storing the data is the slow part.
type demo struct {
	base    string
	handler http.Handler
	st      store.Store
	tokens  map[access.Role]string
	// buildings is the generated building file.
	buildings string
	dir       string
}

var shared struct {
	once sync.Once
	d    *demo
	err  error
	stop func()
}

// TestMain stops the shared server after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared.stop != nil {
		shared.stop()
	}
	os.Exit(code)
}

// demoServer returns the shared server, starting it on first use.
func demoServer(t testing.TB) *demo {
	t.Helper()
	shared.once.Do(func() { shared.d, shared.stop, shared.err = startDemo() })
	if shared.err != nil {
		t.Fatalf("demo server: %v", shared.err)
	}
	return shared.d
}

func startDemo() (*demo, func(), error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "callscope-web-test-")
	if err != nil {
		return nil, nil, err
	}
	d := &demo{dir: dir, tokens: map[access.Role]string{}, buildings: filepath.Join(dir, "data", "buildings.csv")}
	fail := func(err error) (*demo, func(), error) {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	if _, err := gen.Generate(ctx, filepath.Join(dir, "data"), gen.Options{Seed: 3, Users: 12, Days: 30, End: demoEnd}); err != nil {
		return fail(fmt.Errorf("generate: %w", err))
	}
	st, err := duckdb.Open(ctx, filepath.Join(dir, "callscope.db"))
	if err != nil {
		return fail(err)
	}
	d.st = st
	engine, err := quality.New(quality.Options{})
	if err != nil {
		return fail(err)
	}
	if _, err := ingest.Run(ctx, st, []string{filepath.Join(dir, "data", "graph"), filepath.Join(dir, "data", "acs")},
		ingest.Options{Tenant: demoTenant, Prepare: engine.Judge}); err != nil {
		return fail(fmt.Errorf("ingest: %w", err))
	}
	f, err := os.Open(d.buildings)
	if err != nil {
		return fail(err)
	}
	m, err := building.Parse(f, d.buildings)
	f.Close()
	if err != nil {
		return fail(err)
	}
	if err := st.ReplaceBuildings(ctx, demoTenant, m.All(), time.Now()); err != nil {
		return fail(err)
	}
	for _, role := range access.Roles() {
		secret, _, err := auth.Tokens{Store: st}.Create(ctx, "test "+string(role), role, []string{demoTenant})
		if err != nil {
			return fail(err)
		}
		d.tokens[role] = secret
	}
	logger := slog.New(slog.DiscardHandler)
	if os.Getenv("CALLSCOPE_TEST_LOG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	srv, err := api.New(api.Config{Store: st, Auth: auth.Tokens{Store: st}, Judge: engine.Judge, Logger: logger,
		Now: func() time.Time { return demoEnd },
		Pages: func(h http.Handler) (http.Handler, error) {
			return web.New(web.Config{API: h, Logger: logger, Audit: st})
		}})
	if err != nil {
		return fail(err)
	}
	d.handler = srv.Handler()
	sctx, cancel := context.WithCancel(ctx)
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, "127.0.0.1:0", func(a net.Addr) { ready <- "http://" + a.String() }) }()
	select {
	case d.base = <-ready:
	case err := <-done:
		cancel()
		return fail(fmt.Errorf("serve: %w", err))
	}
	stop := func() {
		cancel()
		<-done
		st.Close()
		os.RemoveAll(dir)
	}
	return d, stop, nil
}
