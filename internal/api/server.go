package api

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// Config is what the server needs; New fills in the defaults.
type Config struct {
	// Store is where calls, tokens and the audit log live; required.
	Store store.Store
	// Auth tells who a request acts as; required. Wrap auth.Tokens in
	// auth.Cache on a busy server.
	Auth auth.Authenticator
	// Policy decides what each role sees; it is validated by New.
	Policy access.Policy
	// Judge, when set, computes quality verdicts of uploaded calls before
	// they are stored, as `callscope ingest` does (quality.Engine.Judge).
	Judge func(*model.Call)
	// MaxBodyBytes caps request bodies other than uploads (default 1 MiB).
	MaxBodyBytes int64
	// MaxUploadBytes caps one upload (default 1 GiB). Uploads are
	// streamed into the store, never held in memory whole.
	MaxUploadBytes int64
	// MaxRecordBytes caps one record of an upload (default
	// ingest.DefaultMaxRecordBytes): a larger one is rejected, the rest
	// stored.
	MaxRecordBytes int
	// Logger receives one line per request and the causes of internal
	// errors; nil discards them.
	Logger *slog.Logger
	// Now is the clock (default time.Now): audit entries, the days of
	// user call lists.
	Now func() time.Time
	// Registry receives the server's Prometheus metrics; nil makes a new
	// registry. /metrics serves it, so it must also be a
	// prometheus.Gatherer (a *prometheus.Registry is both).
	Registry prometheus.Registerer
	// TLS, when set, makes Serve answer HTTPS only, with HSTS (TLSConfig
	// makes one).
	TLS *tls.Config
	// MetricsToken, when set, is the bearer token /metrics wants; empty
	// leaves /metrics open, as Prometheus scrapers usually reach it.
	MetricsToken string
	// RefKey seals the opaque user references of search results (32
	// bytes); nil makes a random key, so references last until restart.
	RefKey []byte
	// Pages, when set, makes the handler of the web pages (package web)
	// from the API's own handler, which the pages get all their data
	// through, so that they show exactly what the API would: redacted
	// for the role and audited the same way. The pages serve every path
	// outside /api/ and the routes of the table; requests to them are
	// logged and counted under the route "pages". An error it returns
	// is New's.
	Pages func(api http.Handler) (http.Handler, error)
	// Notifications, when set, receives Microsoft Graph's change
	// notifications (package collect's Receiver) at NotificationsPath,
	// without a token, since Graph sends none: the receiver checks each
	// notification's clientState instead. Its requests are logged and
	// counted under that path.
	Notifications http.Handler
}

// NotificationsPath is where Graph's change notifications are received:
// the subscription's notificationUrl and lifecycleNotificationUrl end in
// it.
const NotificationsPath = "/graph/notifications"

// Defaults of Config.
const (
	DefaultMaxBodyBytes   = 1 << 20
	DefaultMaxUploadBytes = 1 << 30
)

// Server timeouts. Uploads extend their own deadlines (uploadTimeout),
// so that the server-wide ones can stay short for everything else.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 60 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	uploadTimeout     = 30 * time.Minute
	// shutdownTimeout bounds how long in-flight requests may take to
	// finish once the server is told to stop.
	shutdownTimeout = 30 * time.Second
)

// lookupSlots is how many call lookups may run at once: two per core
// keep the cores busy while one waits.
func lookupSlots() int { return max(4, 2*runtime.GOMAXPROCS(0)) }

// Server is the HTTP API. It is safe for concurrent use. Close it when
// done (Serve does), so that every audit entry is written.
type Server struct {
	cfg     Config
	log     *slog.Logger
	handler http.Handler
	mux     *http.ServeMux
	routes  []route
	metrics *metrics
	gather  prometheus.Gatherer
	// promHandler serves /metrics.
	promHandler http.Handler
	audit       *auditWriter
	refs        *userRefs
	// lookups holds a slot per call lookup in flight; see lookupCall.
	lookups chan struct{}

	closeOnce sync.Once
	closeErr  error
}

// New checks cfg, fills in its defaults and builds the server. It starts
// the audit writer, which Close stops.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("api: no store")
	}
	if cfg.Auth == nil {
		return nil, errors.New("api: no authenticator")
	}
	if err := cfg.Policy.Validate(); err != nil {
		return nil, fmt.Errorf("api: policy: %w", err)
	}
	if cfg.MaxBodyBytes < 0 || cfg.MaxUploadBytes < 0 {
		return nil, errors.New("api: negative body limit")
	}
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxUploadBytes == 0 {
		cfg.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	gather, ok := cfg.Registry.(prometheus.Gatherer)
	if !ok {
		return nil, errors.New("api: the metrics registry must also be a prometheus.Gatherer, to serve /metrics")
	}
	key := cfg.RefKey
	if key == nil {
		key = make([]byte, refKeySize)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("api: make user reference key: %w", err)
		}
	}
	refs, err := newUserRefs(key)
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	s := &Server{cfg: cfg, log: cfg.Logger, gather: gather, refs: refs,
		lookups: make(chan struct{}, lookupSlots())}
	if s.metrics, err = newMetrics(cfg.Registry, cfg.Store, cfg.Now, cfg.Logger); err != nil {
		return nil, fmt.Errorf("api: metrics: %w", err)
	}
	s.promHandler = metricsHandler(gather, cfg.Logger)
	s.routes = s.table()
	s.mux = http.NewServeMux()
	for _, rt := range s.routes {
		s.mux.Handle(rt.pattern(), s.endpoint(rt))
	}
	s.handler = s.observe(s.mux)
	if cfg.Notifications != nil {
		s.mux.Handle(NotificationsPath, s.labelled(NotificationsPath, cfg.Notifications))
	}
	if cfg.Pages != nil {
		pages, err := cfg.Pages(s.handler)
		if err != nil {
			return nil, fmt.Errorf("api: pages: %w", err)
		}
		s.mux.Handle("/api/", http.HandlerFunc(s.fallback))
		// The API's own paths outside /api/ (/healthz, /metrics) keep its
		// 405 for other methods rather than becoming pages.
		seen := map[string]bool{}
		for _, rt := range s.routes {
			if !strings.HasPrefix(rt.path, "/api/") && !seen[rt.path] {
				seen[rt.path] = true
				s.mux.Handle(rt.path, http.HandlerFunc(s.fallback))
			}
		}
		s.mux.Handle("/", s.labelled(pagesRoute, pages))
	} else {
		s.mux.Handle("/", http.HandlerFunc(s.fallback))
	}
	s.audit = newAuditWriter(cfg.Store, cfg.Logger, s.metrics)
	return s, nil
}

// Handler returns the API's handler, for tests and for servers set up
// elsewhere.
func (s *Server) Handler() http.Handler { return s.handler }

// Close writes the audit entries still queued and stops the audit
// writer; requests served afterwards fail. Closing twice is harmless.
func (s *Server) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.audit.close() })
	return s.closeErr
}

// Serve listens on addr (e.g. "127.0.0.1:0"), reports the bound address
// through ready (which may be nil), and serves until ctx is done. Then it
// stops accepting connections, lets requests in flight finish (for at
// most 30 seconds), writes the audit entries still queued, and returns;
// a clean stop returns nil. The server is closed when Serve returns.
func (s *Server) Serve(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	h := s.handler
	if s.cfg.TLS != nil {
		h = hsts(h)
	}
	srv := &http.Server{
		Handler:           h,
		TLSConfig:         s.cfg.TLS,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	if ready != nil {
		ready(ln.Addr())
	}
	s.log.Info("serving", "addr", ln.Addr().String())
	served := make(chan error, 1)
	go func() {
		if s.cfg.TLS != nil {
			// The certificate comes from TLSConfig.GetCertificate.
			served <- srv.ServeTLS(ln, "", "")
			return
		}
		served <- srv.Serve(ln)
	}()

	select {
	case err = <-served:
		// The listener failed before anyone asked to stop.
		return errors.Join(fmt.Errorf("serve on %s: %w", ln.Addr(), err), s.Close())
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "addr", ln.Addr().String())
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err = srv.Shutdown(sctx)
	if err != nil {
		err = fmt.Errorf("shut down: %w", errors.Join(err, srv.Close()))
	}
	if serr := <-served; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, fmt.Errorf("serve on %s: %w", ln.Addr(), serr))
	}
	return errors.Join(err, s.Close())
}
