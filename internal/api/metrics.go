package api

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/store"
)

// metrics are the server's Prometheus metrics. Labels are bounded: the
// route is a pattern (or "unmatched"), the method one of a few.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec

	ingestRecords  prometheus.Counter
	ingestRejected prometheus.Counter
	ingestCalls    prometheus.Counter

	auditBatches prometheus.Counter
	auditErrors  prometheus.Counter
}

func newMetrics(reg prometheus.Registerer, st store.Store, now func() time.Time, log *slog.Logger) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "callscope_http_requests_total",
			Help: "HTTP requests served, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "callscope_http_request_duration_seconds",
			Help:    "Time to serve HTTP requests, by route pattern, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method", "status"}),
		ingestRecords: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "callscope_ingest_records_total",
			Help: "Telemetry records read from uploads.",
		}),
		ingestRejected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "callscope_ingest_rejected_total",
			Help: "Records or files of uploads that could not be read.",
		}),
		ingestCalls: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "callscope_ingest_calls_total",
			Help: "Calls read from uploads.",
		}),
		auditBatches: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "callscope_audit_batches_total",
			Help: "Batches of audit entries written.",
		}),
		auditErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "callscope_audit_write_errors_total",
			Help: "Batches of audit entries that could not be written (their requests failed).",
		}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.ingestRecords, m.ingestRejected, m.ingestCalls,
		m.auditBatches, m.auditErrors, newStoreCollector(st, now, log), newCollectionCollector(st, now, log)} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// request counts one served request.
func (m *metrics) request(route, method string, status int, d time.Duration) {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
	default:
		method = "other"
	}
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(route, method, code).Inc()
	m.latency.WithLabelValues(route, method, code).Observe(d.Seconds())
}

// ingested counts what an upload read.
func (m *metrics) ingested(sum *ingest.Summary) {
	m.ingestRecords.Add(float64(sum.Records))
	m.ingestRejected.Add(float64(len(sum.Rejected)))
	m.ingestCalls.Add(float64(sum.Calls))
}

// storeStatsEvery is how old the store counts on /metrics may be:
// counting is a scan of several tables, too much for every scrape.
const storeStatsEvery = 30 * time.Second

// storeStatsTimeout bounds one count, so that a slow store cannot hold a
// scrape.
const storeStatsTimeout = 5 * time.Second

// storeCollector reports what the store holds, counted at most every
// storeStatsEvery, on scrape; a scrape between counts gets the last one.
type storeCollector struct {
	st  store.Store
	now func() time.Time
	log *slog.Logger

	calls, sessions, streams, people *prometheus.Desc

	mu      sync.Mutex
	last    store.Stats
	counted time.Time
	ok      bool
}

func newStoreCollector(st store.Store, now func() time.Time, log *slog.Logger) *storeCollector {
	return &storeCollector{
		st: st, now: now, log: log,
		calls:    prometheus.NewDesc("callscope_store_calls", "Calls stored, all tenants.", nil, nil),
		sessions: prometheus.NewDesc("callscope_store_sessions", "Sessions of the stored calls, all tenants.", nil, nil),
		streams:  prometheus.NewDesc("callscope_store_streams", "Media streams of the stored calls, all tenants.", nil, nil),
		people:   prometheus.NewDesc("callscope_store_call_people", "People rows of the stored calls, all tenants.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.calls
	ch <- c.sessions
	ch <- c.streams
	ch <- c.people
}

// Collect implements prometheus.Collector.
func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now := c.now(); !c.ok || now.Sub(c.counted) >= storeStatsEvery {
		ctx, cancel := context.WithTimeout(context.Background(), storeStatsTimeout)
		s, err := c.st.Stats(ctx, "")
		cancel()
		if err != nil {
			c.log.Warn("store counts for /metrics", "error", err)
		} else {
			c.last, c.counted, c.ok = s, now, true
		}
	}
	if !c.ok {
		return
	}
	for _, g := range []struct {
		d *prometheus.Desc
		v int64
	}{{c.calls, c.last.Calls}, {c.sessions, c.last.Sessions}, {c.streams, c.last.Streams}, {c.people, c.last.People}} {
		// NewConstMetric fails only for labels that do not fit the
		// description, and these have none.
		if m, err := prometheus.NewConstMetric(g.d, prometheus.GaugeValue, float64(g.v)); err == nil {
			ch <- m
		}
	}
}

// metricsHandler serves a registry in the Prometheus text format.
func metricsHandler(g prometheus.Gatherer, log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(g, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)})
}

// serveMetrics is the /metrics route.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request, _ *reqCtx) error {
	if !s.metricsAllowed(r) {
		return &apiError{status: http.StatusUnauthorized, code: codeUnauthenticated,
			message: "/metrics needs the metrics token (Authorization: Bearer <token>)"}
	}
	s.promHandler.ServeHTTP(w, r)
	return nil
}
