package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store/duckdb"
)

// The load benchmark (issue: call-detail requests per second and p50/p99
// latency with 200 concurrent clients on a store of at least 100,000
// calls; target on 2 cores: 1,000 requests/s, p99 ≤ 50 ms):
//
//	go test ./internal/api -run '^$' -bench BenchmarkCallDetailLoad -benchtime 1x
//
// It builds the store once from a template call (examples/graph,
// varied ids, users and times), judged as ingest would, and caches it
// under os.TempDir, keyed by the schema version and loadVersion; each
// run works on a copy, so the audit entries it writes never pile up in
// the cache. CALLSCOPE_LOAD_REQUESTS sets the requests per run (default
// 30,000), CALLSCOPE_LOAD_CALLS the store size (default 100,000).
const (
	loadVersion  = "v1"
	loadClients  = 200
	loadTemplate = "../../examples/graph/callrecord-get-expanded-legacy.json"
	loadUsers    = 5000
	loadBatch    = 1000
)

// processCPU is the CPU time the process has used, its C threads
// (DuckDB's) included, which CPU profiles of Go code do not show.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func envInt(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// loadBase is the newest call's start; calls go back a minute each.
var loadBase = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

type loadUser struct{ id, upn, name string }

func userOf(n int) loadUser {
	return loadUser{
		id:   fmt.Sprintf("%08x-0000-4000-8000-%012x", n, n*7919),
		upn:  fmt.Sprintf("user%04d@contoso.com", n),
		name: fmt.Sprintf("Load User %04d", n),
	}
}

// loadCallID is the id of call i: GUID-shaped, spread out.
func loadCallID(i int) string {
	h := uint64(i)*0x9E3779B97F4A7C15 + 1
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(h>>32), uint16(h>>16), i%0x1000, (i>>12)%0x1000, uint64(i)*2654435761%(1<<48))
}

// loadCaller is the user who placed call i.
func loadCaller(i int) loadUser { return userOf(i % loadUsers) }

func loadCall(raw []byte, i int, judge func(*model.Call)) (*model.Call, error) {
	c, err := graph.DecodeCallRecord(raw)
	if err != nil {
		return nil, err
	}
	c.Tenant, c.ID = "tenant-a", loadCallID(i)
	caller, callee := loadCaller(i), userOf((i*7+1)%loadUsers)
	shift := loadBase.Sub(c.StartDateTime.Value()) - time.Duration(i)*time.Minute
	move := func(o *model.Opt[time.Time]) {
		if t, ok := o.Get(); ok {
			*o = model.Some(t.Add(shift))
		}
	}
	move(&c.StartDateTime)
	move(&c.EndDateTime)
	move(&c.LastModifiedDateTime)
	setUser := func(id *model.Identity, u loadUser) {
		if id == nil {
			return
		}
		id.ID, id.UserPrincipalName, id.DisplayName = model.Some(u.id), model.Some(u.upn), model.Some(u.name)
	}
	setEndpoint := func(e *model.Endpoint, u loadUser) {
		if e == nil {
			return
		}
		setUser(e.AssociatedIdentity, u)
		if e.Identity != nil {
			setUser(e.Identity.User, u)
		}
	}
	if c.OrganizerV2 != nil {
		c.OrganizerV2.ID = model.Some(caller.id)
		if c.OrganizerV2.Identity != nil {
			setUser(c.OrganizerV2.Identity.User, caller)
		}
	}
	if c.Organizer != nil {
		setUser(c.Organizer.User, caller)
	}
	for k, p := range c.Participants {
		u := caller
		if k > 0 {
			u = callee
		}
		setUser(p.User, u)
	}
	for _, s := range c.Sessions {
		move(&s.StartDateTime)
		move(&s.EndDateTime)
		setEndpoint(s.Caller, caller)
		setEndpoint(s.Callee, callee)
		for _, g := range s.Segments {
			move(&g.StartDateTime)
			move(&g.EndDateTime)
			setEndpoint(g.Caller, caller)
			setEndpoint(g.Callee, callee)
		}
	}
	judge(c)
	return c, nil
}

// loadStore returns a copy of the cached benchmark store, building the
// cache first when there is none.
func loadStore(b *testing.B, calls int) string {
	b.Helper()
	cached := filepath.Join(os.TempDir(), fmt.Sprintf("callscope-load-%s-schema%d-%d.db", loadVersion, duckdb.SchemaVersion(), calls))
	if _, err := os.Stat(cached); err != nil {
		buildLoadStore(b, cached, calls)
	}
	dst := filepath.Join(b.TempDir(), "load.db")
	if err := copyFile(cached, dst); err != nil {
		b.Fatal(err)
	}
	return dst
}

func buildLoadStore(b *testing.B, path string, calls int) {
	b.Helper()
	start := time.Now()
	raw, err := os.ReadFile(loadTemplate)
	if err != nil {
		b.Fatal(err)
	}
	engine, err := quality.New(quality.Options{})
	if err != nil {
		b.Fatal(err)
	}
	tmp := path + ".building"
	os.Remove(tmp)
	os.Remove(tmp + ".wal")
	ctx := context.Background()
	st, err := duckdb.Open(ctx, tmp)
	if err != nil {
		b.Fatal(err)
	}
	for first := 0; first < calls; first += loadBatch {
		batch := make([]*model.Call, 0, loadBatch)
		for i := first; i < min(first+loadBatch, calls); i++ {
			c, err := loadCall(raw, i, engine.Judge)
			if err != nil {
				b.Fatal(err)
			}
			batch = append(batch, c)
		}
		if _, err := st.PutCalls(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	b.Logf("built the store of %d calls in %v (cached at %s)", calls, time.Since(start).Round(time.Second), path)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// BenchmarkCallDetailLoad serves GET /api/v1/calls/{id}?user= for random
// calls of a 100,000-call store to 200 concurrent clients over HTTP on
// 127.0.0.1, each request authenticated, redacted and audited, as an
// engineer (all three sections) and as a specialist (the overview).
//
// After a warm-up (the store's blocks come into DuckDB's buffer pool, as
// they would on a server that has run for a while), two runs:
//
//   - capacity: the 200 clients send back to back; "max_req/s" is the
//     most the server delivers. Latency here is set by Little's law
//     (200 clients / throughput), not by the server, so it is not the
//     figure to hold against the target.
//   - target: the 200 clients send 5 requests a second each, 1,000 a
//     second in all, on a fixed schedule; "req/s", "p50_ms" and "p99_ms"
//     are what they got, each latency counted from when the request was
//     due, so a server that falls behind cannot hide it.
func BenchmarkCallDetailLoad(b *testing.B) {
	calls := envInt(b, "CALLSCOPE_LOAD_CALLS", 100_000)
	requests := envInt(b, "CALLSCOPE_LOAD_REQUESTS", 30_000)
	rate := envInt(b, "CALLSCOPE_LOAD_RATE", 1000)
	path := loadStore(b, calls)
	ctx := context.Background()
	st, err := duckdb.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for _, role := range []access.Role{access.Engineer, access.Specialist} {
		b.Run(string(role), func(b *testing.B) {
			tokens := auth.Tokens{Store: st}
			secret, _, err := tokens.Create(ctx, "load-"+string(role), role, []string{"tenant-a"})
			if err != nil {
				b.Fatal(err)
			}
			srv, err := New(Config{Store: st, Auth: auth.Cache(tokens, 10*time.Second, nil), Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				b.Fatal(err)
			}
			sctx, stop := context.WithCancel(ctx)
			addrc := make(chan net.Addr, 1)
			served := make(chan error, 1)
			go func() { served <- srv.Serve(sctx, "127.0.0.1:0", func(a net.Addr) { addrc <- a }) }()
			l := &loader{b: b, base: "http://" + (<-addrc).String(), secret: secret, calls: calls,
				client: &http.Client{Transport: &http.Transport{MaxIdleConns: loadClients, MaxIdleConnsPerHost: loadClients}, Timeout: 30 * time.Second}}
			defer func() {
				l.client.CloseIdleConnections()
				stop()
				if err := <-served; err != nil {
					b.Error(err)
				}
			}()
			l.run(min(requests, 20_000), 0) // warm-up
			var capacity, paced loadResult
			b.ResetTimer()
			for range b.N {
				capacity = l.run(requests, 0)
				paced = l.run(requests, rate)
			}
			b.StopTimer()
			b.ReportMetric(capacity.rps(), "max_req/s")
			b.ReportMetric(paced.rps(), "req/s")
			b.ReportMetric(paced.quantile(0.50), "p50_ms")
			b.ReportMetric(paced.quantile(0.99), "p99_ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}

type loader struct {
	b      *testing.B
	client *http.Client
	base   string
	secret string
	calls  int
}

type loadResult struct {
	lat     []time.Duration
	elapsed time.Duration
}

func (r loadResult) rps() float64 { return float64(len(r.lat)) / r.elapsed.Seconds() }

// quantile is the q-quantile of the latencies, in milliseconds.
func (r loadResult) quantile(q float64) float64 {
	s := append([]time.Duration(nil), r.lat...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[min(int(q*float64(len(s))), len(s)-1)].Microseconds()) / 1000
}

// run sends requests from loadClients clients: back to back when rate
// is 0, else on a schedule of rate requests a second in all.
func (l *loader) run(requests, rate int) loadResult {
	var next atomic.Int64
	var failed atomic.Int64
	lat := make([]time.Duration, requests)
	var wg sync.WaitGroup
	start := time.Now()
	// Client w sends at start + (w + k·loadClients)/rate: evenly spread.
	slot := time.Duration(0)
	if rate > 0 {
		slot = time.Second / time.Duration(rate)
	}
	for w := range loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), uint64(requests)))
			timer := time.NewTimer(0)
			defer timer.Stop()
			<-timer.C
			for k := 0; ; k++ {
				n := int(next.Add(1)) - 1
				if n >= requests {
					return
				}
				due := time.Now()
				if rate > 0 {
					due = start.Add(time.Duration(w+k*loadClients) * slot)
					if wait := time.Until(due); wait > 0 {
						timer.Reset(wait)
						<-timer.C
					}
				}
				i := rng.IntN(l.calls)
				if !l.get(loadCallID(i), loadCaller(i).upn) {
					failed.Add(1)
				}
				lat[n] = time.Since(due)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if f := failed.Load(); f > 0 {
		l.b.Fatalf("%d of %d requests failed", f, requests)
	}
	return loadResult{lat: lat, elapsed: elapsed}
}

// get fetches one call's detail and reports whether it came.
func (l *loader) get(id, user string) bool {
	req, err := http.NewRequest(http.MethodGet, l.base+"/api/v1/calls/"+id+"?user="+url.QueryEscape(user), nil)
	if err != nil {
		return false
	}
	req.Header.Set("Authorization", "Bearer "+l.secret)
	resp, err := l.client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err == nil && resp.StatusCode == http.StatusOK
}

// BenchmarkCallDetailHandler is the server's part of a call-detail
// request without HTTP and clients: lookup, redaction, views, encoding
// and the audit entry, on the load benchmark's store.
func BenchmarkCallDetailHandler(b *testing.B) {
	calls := envInt(b, "CALLSCOPE_LOAD_CALLS", 100_000)
	path := loadStore(b, calls)
	ctx := context.Background()
	st, err := duckdb.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	for _, role := range []access.Role{access.Engineer, access.Specialist} {
		b.Run(string(role), func(b *testing.B) {
			tokens := auth.Tokens{Store: st}
			secret, _, err := tokens.Create(ctx, "handler-"+string(role), role, []string{"tenant-a"})
			if err != nil {
				b.Fatal(err)
			}
			srv, err := New(Config{Store: st, Auth: auth.Cache(tokens, 10*time.Second, nil), Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				b.Fatal(err)
			}
			defer srv.Close()
			h := srv.Handler()
			var seed atomic.Uint64
			b.ReportAllocs()
			b.SetParallelism(8)
			b.ResetTimer()
			cpu0 := processCPU()
			defer func() { b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu_µs/op") }()
			b.RunParallel(func(pb *testing.PB) {
				rng := rand.New(rand.NewPCG(seed.Add(1), 7))
				for pb.Next() {
					i := rng.IntN(calls)
					req, _ := http.NewRequest(http.MethodGet, "/api/v1/calls/"+loadCallID(i)+"?user="+url.QueryEscape(loadCaller(i).upn), nil)
					req.Header.Set("Authorization", "Bearer "+secret)
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Errorf("status %d", rec.Code)
						return
					}
				}
			})
		})
	}
}
