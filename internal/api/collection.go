package api

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/callscope/callscope/internal/collect"
	"github.com/callscope/callscope/internal/store"
)

// collectionStatus is GET /api/v1/collection: what collection from
// Graph and ACS storage last did for the tenant, whichever process of
// those sharing the store did it.
func (s *Server) collectionStatus(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	st, err := collect.ReadStatus(r.Context(), s.cfg.Store, func(t string) bool { return t == rc.tenant }, s.cfg.Now())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, st, plain)
}

// readyz is the readiness probe: the store answers and its schema is
// this callscope's (store.Readier). The reason is logged, not told: the
// probe needs no token.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request, _ *reqCtx) error {
	if rd, ok := s.cfg.Store.(store.Readier); ok {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := rd.Ready(ctx); err != nil {
			s.log.Warn("not ready", "err", err)
			return writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "not ready"}, plain)
		}
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready"}, plain)
}

// metricsAllowed tells whether a scrape of /metrics may be answered: by
// anyone, or, with Config.MetricsToken, by who sends it as a bearer
// token.
func (s *Server) metricsAllowed(r *http.Request) bool {
	if s.cfg.MetricsToken == "" {
		return true
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.MetricsToken)) == 1
}

// collectionCollector reports the collection status of every tenant on
// /metrics, read at most every storeStatsEvery.
type collectionCollector struct {
	st  store.Store
	now func() time.Time
	log *slog.Logger

	lastSuccess, failures, subscriptionExpiry, pending, failing *prometheus.Desc

	mu     sync.Mutex
	last   *collect.Status
	readAt time.Time
}

func newCollectionCollector(st store.Store, now func() time.Time, log *slog.Logger) *collectionCollector {
	return &collectionCollector{st: st, now: now, log: log,
		lastSuccess: prometheus.NewDesc("callscope_collection_job_last_success_timestamp_seconds",
			"When a collection job (graph.sweep, graph.usage, acs.poll <container>) last succeeded, in Unix seconds; 0 if never.", []string{"tenant", "job"}, nil),
		failures: prometheus.NewDesc("callscope_collection_job_failures",
			"Failures of a collection job since its last success.", []string{"tenant", "job"}, nil),
		subscriptionExpiry: prometheus.NewDesc("callscope_graph_subscription_expiry_timestamp_seconds",
			"When the tenant's Graph subscription to call records expires unless renewed, in Unix seconds.", []string{"tenant"}, nil),
		pending: prometheus.NewDesc("callscope_graph_fetch_queue_pending", "Call records waiting to be fetched from Graph, all tenants.", nil, nil),
		failing: prometheus.NewDesc("callscope_graph_fetch_queue_failing", "Call records whose fetches failed and are put off, all tenants.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *collectionCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.lastSuccess, c.failures, c.subscriptionExpiry, c.pending, c.failing} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *collectionCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := c.now(); c.last == nil || now.Sub(c.readAt) >= storeStatsEvery {
		ctx, cancel := context.WithTimeout(context.Background(), storeStatsTimeout)
		st, err := collect.ReadStatus(ctx, c.st, func(string) bool { return true }, now)
		cancel()
		if err != nil {
			c.log.Warn("collection status for /metrics", "error", err)
		} else {
			c.last, c.readAt = st, now
		}
	}
	if c.last == nil {
		return
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		if m, err := prometheus.NewConstMetric(d, prometheus.GaugeValue, v, labels...); err == nil {
			ch <- m
		}
	}
	for _, j := range c.last.Jobs {
		at := 0.0
		if !j.LastSuccess.IsZero() {
			at = float64(j.LastSuccess.UnixMilli()) / 1000
		}
		gauge(c.lastSuccess, at, j.Tenant, j.Name)
		gauge(c.failures, float64(j.Failures), j.Tenant, j.Name)
	}
	for _, sub := range c.last.Subscriptions {
		gauge(c.subscriptionExpiry, float64(sub.Expires.UnixMilli())/1000, sub.Tenant)
	}
	gauge(c.pending, float64(c.last.Queue.Pending))
	gauge(c.failing, float64(c.last.Queue.Failing))
}
