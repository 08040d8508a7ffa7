package api

import (
	"bufio"
	"context"
	"errors"
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
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
	_ "github.com/callscope/callscope/internal/store/postgres" // CALLSCOPE_LOAD_STORE=postgres://…
)

// The load benchmark (issue: 200 concurrent clients on a store of at
// least 20,000 realistic calls, half asking for a call's detail, half
// for a user's calls of the last 30 days; target on 2 cores: 1,000
// requests/s, p99 ≤ 50 ms, no errors, server memory bounded):
//
//	go test ./internal/api -run '^$' -bench 'Load$' -benchtime 1x
//
// The store holds what `callscope gen` makes for an organization of
// CALLSCOPE_LOAD_USERS people (default 400) over 30 days, ingested as
// `callscope ingest` does: about 23,000 calls and 2 GB of Graph JSON,
// town halls of 300 people and records of 3 MB included. Building it
// takes a few minutes; it is cached under os.TempDir, keyed by the
// schema version, loadVersion and the users, next to the list of what
// the clients ask for: each call with one of its people, and the
// people. Each run works on a copy, so the audit entries it writes
// never pile up in the cache. CALLSCOPE_LOAD_REQUESTS sets the requests
// per run (default 30,000). CALLSCOPE_LOAD_STORE=postgres://… runs the
// same on a PostgreSQL database, filled from the cached store the first
// time.
const (
	loadVersion = "v2"
	loadClients = 200
	loadTenant  = "tenant-a"
)

// loadEnd is the end of the generated 30 days, and the server's clock:
// every call is within a user's 30-day list.
var loadEnd = time.Date(2025, 3, 14, 18, 0, 0, 0, time.UTC)

// processCPU is the CPU time the process has used, its C threads
// (DuckDB's) included, which CPU profiles of Go code do not show.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// resetPeakRSS starts the process's peak resident set size afresh (Linux
// since 4.0), so that peakRSS tells the server's peak under load, not
// the store's build.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is the process's peak resident set size in MiB since the last
// resetPeakRSS, 0 where /proc does not tell.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
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

// loadSet is what the clients ask for: calls, each with one of its
// people to look up, and the people whose 30-day lists they read.
type loadSet struct {
	calls []loadTarget
	users []string
	// largest is the most sessions of a call.
	largest int
}

type loadTarget struct{ id, user string }

// loadStore returns a copy of the cached benchmark store and what to ask
// of it, building both first when they are not cached.
func loadStore(b *testing.B, users int) (string, *loadSet) {
	b.Helper()
	cached := filepath.Join(os.TempDir(), fmt.Sprintf("callscope-load-%s-schema%d-users%d.db", loadVersion, duckdb.SchemaVersion(), users))
	if _, err := os.Stat(cached); err != nil {
		buildLoadStore(b, cached, users)
	}
	if _, err := os.Stat(cached + ".people"); err != nil {
		// A store cached before it had a people index: opening it once
		// builds the index, so that each run need not.
		st, err := duckdb.Open(context.Background(), cached)
		if err != nil {
			b.Fatal(err)
		}
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
	}
	set, err := readLoadSet(cached + ".targets")
	if err != nil {
		b.Fatal(err)
	}
	dst := filepath.Join(b.TempDir(), "load.db")
	// The store's file, and its people index when there is one (a store
	// opened without it builds it).
	for _, suffix := range []string{"", ".people"} {
		if err := copyFile(cached+suffix, dst+suffix); err != nil && !(suffix != "" && errors.Is(err, os.ErrNotExist)) {
			b.Fatal(err)
		}
	}
	return dst, set
}

// buildLoadStore generates the organization's 30 days, ingests them into
// a new store at path, and writes path.targets.
func buildLoadStore(b *testing.B, path string, users int) {
	b.Helper()
	start := time.Now()
	ctx := context.Background()
	dir := b.TempDir()
	res, err := gen.Generate(ctx, dir, gen.Options{Seed: 1, Users: users, Days: 30, End: loadEnd, Plain: true})
	if err != nil {
		b.Fatal(err)
	}
	engine, err := quality.New(quality.Options{})
	if err != nil {
		b.Fatal(err)
	}
	tmp := path + ".building"
	for _, f := range []string{tmp, tmp + ".wal", tmp + ".people"} {
		os.Remove(f)
	}
	st, err := duckdb.Open(ctx, tmp)
	if err != nil {
		b.Fatal(err)
	}
	sum, err := ingest.Run(ctx, st, []string{dir}, ingest.Options{Tenant: loadTenant, Prepare: engine.Judge})
	if err != nil {
		b.Fatal(err)
	}
	if len(sum.Rejected) > 0 {
		b.Fatalf("ingest rejected %d inputs, the first: %v", len(sum.Rejected), sum.Rejected[0])
	}
	if err := writeLoadSet(ctx, st, tmp+".targets"); err != nil {
		b.Fatal(err)
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp+".targets", path+".targets"); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp+".people", path+".people"); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	b.Logf("built the store of %d calls (%.0f MB of Graph JSON, %.0f MB of ACS logs) in %v, cached at %s",
		res.Calls, float64(res.GraphBytes)/1e6, float64(res.ACSBytes)/1e6, time.Since(start).Round(time.Second), path)
}

// writeLoadSet lists every call of the store with the first of its
// people who has a UPN (a call without one is left out: the helpdesk
// looks people up by name or UPN), then every such person, one a line:
// "call ID UPN SESSIONS" and "user UPN".
func writeLoadSet(ctx context.Context, st store.Store, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	seen := map[string]bool{}
	var people []string
	err = st.ScanCalls(ctx, store.CallFilter{Tenant: loadTenant}, func(c *model.Call) error {
		for _, p := range model.People(c) {
			if p.UPN == "" {
				continue
			}
			fmt.Fprintf(w, "call %s %s %d\n", c.ID, p.UPN, len(c.Sessions))
			if !seen[p.UPN] {
				seen[p.UPN] = true
				people = append(people, p.UPN)
			}
			break
		}
		return nil
	})
	if err != nil {
		f.Close()
		return err
	}
	sort.Strings(people)
	for _, p := range people {
		fmt.Fprintf(w, "user %s\n", p)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func readLoadSet(path string) (*loadSet, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	set := &loadSet{}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 4 && f[0] == "call":
			set.calls = append(set.calls, loadTarget{id: f[1], user: f[2]})
			if n, _ := strconv.Atoi(f[3]); n > set.largest {
				set.largest = n
			}
		case len(f) == 2 && f[0] == "user":
			set.users = append(set.users, f[1])
		}
	}
	if len(set.calls) == 0 || len(set.users) == 0 {
		return nil, fmt.Errorf("%s: no calls or no users to ask for", path)
	}
	return set, nil
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

// loadServerStore opens the server database dsn names
// (CALLSCOPE_LOAD_STORE=postgres://…), filled from the embedded store
// at path when it holds nothing yet (store.Copy): the benchmark then
// times the same data on that server. A database that holds anything
// else is refused rather than mixed with the benchmark's data.
func loadServerStore(ctx context.Context, b *testing.B, dsn, path string) (store.Store, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	stats, err := st.Stats(ctx, "")
	if err != nil {
		return nil, errors.Join(err, st.Close())
	}
	if stats.Calls > 0 {
		mine, err := st.Stats(ctx, loadTenant)
		if err != nil || mine.Calls != stats.Calls {
			return nil, errors.Join(err, fmt.Errorf("%s holds calls of other tenants: give an empty database", dsn), st.Close())
		}
		return st, nil
	}
	from, err := duckdb.Open(ctx, path)
	if err != nil {
		return nil, errors.Join(err, st.Close())
	}
	start := time.Now()
	res, err := store.Copy(ctx, from, st, nil)
	if err = errors.Join(err, from.Close()); err != nil {
		return nil, errors.Join(err, st.Close())
	}
	b.Logf("copied %d calls into the server database in %v", res.Calls, time.Since(start).Round(time.Second))
	return st, nil
}

// BenchmarkLoad serves 200 concurrent clients over HTTP on 127.0.0.1,
// each request authenticated, redacted and audited: half ask for a
// random call's detail looking up one of its people (GET
// /api/v1/calls/{id}?user=), half for a random person's calls of the
// last 30 days (GET /api/v1/users/{user}/calls), as an engineer (all
// three sections) and as a specialist (the overview).
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
//     due, so a server that falls behind cannot hide it. "detail_p99_ms"
//     and "list_p99_ms" split p99 by kind, "max_kB" is the largest
//     answer, and "peak_MiB" the process's peak RSS over both runs.
func BenchmarkLoad(b *testing.B) {
	users := envInt(b, "CALLSCOPE_LOAD_USERS", 400)
	requests := envInt(b, "CALLSCOPE_LOAD_REQUESTS", 30_000)
	rate := envInt(b, "CALLSCOPE_LOAD_RATE", 1000)
	path, set := loadStore(b, users)
	ctx := context.Background()
	var st store.Store
	var err error
	if dsn := os.Getenv("CALLSCOPE_LOAD_STORE"); dsn != "" {
		st, err = loadServerStore(ctx, b, dsn, path)
	} else {
		st, err = duckdb.Open(ctx, path)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.Logf("%d calls (the largest of %d sessions), %d people", len(set.calls), set.largest, len(set.users))
	for _, role := range []access.Role{access.Engineer, access.Specialist} {
		b.Run(string(role), func(b *testing.B) {
			tokens := auth.Tokens{Store: st}
			secret, _, err := tokens.Create(ctx, "load-"+string(role), role, []string{loadTenant})
			if err != nil {
				b.Fatal(err)
			}
			srv, err := New(Config{Store: st, Auth: auth.Cache(tokens, 10*time.Second, nil),
				Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return loadEnd }})
			if err != nil {
				b.Fatal(err)
			}
			sctx, stop := context.WithCancel(ctx)
			addrc := make(chan net.Addr, 1)
			served := make(chan error, 1)
			go func() { served <- srv.Serve(sctx, "127.0.0.1:0", func(a net.Addr) { addrc <- a }) }()
			l := &loader{b: b, base: "http://" + (<-addrc).String(), secret: secret, set: set,
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
			resetPeakRSS()
			b.ResetTimer()
			for range b.N {
				capacity = l.run(requests, 0)
				paced = l.run(requests, rate)
			}
			b.StopTimer()
			b.ReportMetric(capacity.rps(), "max_req/s")
			b.ReportMetric(paced.rps(), "req/s")
			b.ReportMetric(paced.quantile(0.50, -1), "p50_ms")
			b.ReportMetric(paced.quantile(0.99, -1), "p99_ms")
			b.ReportMetric(paced.quantile(0.99, kindDetail), "detail_p99_ms")
			b.ReportMetric(paced.quantile(0.99, kindList), "list_p99_ms")
			b.ReportMetric(float64(max(capacity.largest, paced.largest))/1024, "max_kB")
			b.ReportMetric(peakRSS(), "peak_MiB")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// Kinds of request, half and half.
const (
	kindDetail = iota
	kindList
)

type loader struct {
	b      *testing.B
	client *http.Client
	base   string
	secret string
	set    *loadSet
}

type loadResult struct {
	lat     []time.Duration
	kinds   []int
	elapsed time.Duration
	largest int64
}

func (r loadResult) rps() float64 { return float64(len(r.lat)) / r.elapsed.Seconds() }

// quantile is the q-quantile of the latencies of requests of kind (-1
// for all), in milliseconds.
func (r loadResult) quantile(q float64, kind int) float64 {
	var s []time.Duration
	for i, d := range r.lat {
		if kind < 0 || r.kinds[i] == kind {
			s = append(s, d)
		}
	}
	if len(s) == 0 {
		return 0
	}
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[min(int(q*float64(len(s))), len(s)-1)].Microseconds()) / 1000
}

// run sends requests from loadClients clients: back to back when rate
// is 0, else on a schedule of rate requests a second in all.
func (l *loader) run(requests, rate int) loadResult {
	var next, failed, largest atomic.Int64
	var firstFailure atomic.Value
	res := loadResult{lat: make([]time.Duration, requests), kinds: make([]int, requests)}
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
				kind := n % 2
				var target string
				if kind == kindDetail {
					c := l.set.calls[rng.IntN(len(l.set.calls))]
					target = "/api/v1/calls/" + url.PathEscape(c.id) + "?user=" + url.QueryEscape(c.user)
				} else {
					target = "/api/v1/users/" + url.PathEscape(l.set.users[rng.IntN(len(l.set.users))]) + "/calls"
				}
				size, err := l.get(target)
				if err != nil {
					failed.Add(1)
					firstFailure.CompareAndSwap(nil, err.Error())
				}
				for old := largest.Load(); size > old && !largest.CompareAndSwap(old, size); old = largest.Load() {
				}
				res.lat[n], res.kinds[n] = time.Since(due), kind
			}
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.largest = largest.Load()
	if f := failed.Load(); f > 0 {
		l.b.Fatalf("%d of %d requests failed, the first: %v", f, requests, firstFailure.Load())
	}
	return res
}

// get fetches one answer and tells its size.
func (l *loader) get(target string) (int64, error) {
	req, err := http.NewRequest(http.MethodGet, l.base+target, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+l.secret)
	resp, err := l.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: %s", target, resp.Status)
	}
	return n, err
}

// BenchmarkLoadHandler is the server's part of each kind of the load
// benchmark's requests without HTTP and clients: lookup, redaction,
// views, encoding and the audit entry, on the load benchmark's store.
// cpu_µs/op counts DuckDB's threads too.
func BenchmarkLoadHandler(b *testing.B) {
	path, set := loadStore(b, envInt(b, "CALLSCOPE_LOAD_USERS", 400))
	ctx := context.Background()
	st, err := duckdb.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	targets := map[string]func(*rand.Rand) string{
		"detail": func(rng *rand.Rand) string {
			c := set.calls[rng.IntN(len(set.calls))]
			return "/api/v1/calls/" + url.PathEscape(c.id) + "?user=" + url.QueryEscape(c.user)
		},
		"list": func(rng *rand.Rand) string {
			return "/api/v1/users/" + url.PathEscape(set.users[rng.IntN(len(set.users))]) + "/calls"
		},
	}
	for _, role := range []access.Role{access.Engineer, access.Specialist} {
		tokens := auth.Tokens{Store: st}
		secret, _, err := tokens.Create(ctx, "handler-"+string(role), role, []string{loadTenant})
		if err != nil {
			b.Fatal(err)
		}
		srv, err := New(Config{Store: st, Auth: auth.Cache(tokens, 10*time.Second, nil),
			Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return loadEnd }})
		if err != nil {
			b.Fatal(err)
		}
		defer srv.Close()
		h := srv.Handler()
		for _, kind := range []string{"detail", "list"} {
			b.Run(string(role)+"/"+kind, func(b *testing.B) {
				var seed atomic.Uint64
				b.ReportAllocs()
				b.SetParallelism(8)
				b.ResetTimer()
				cpu0 := processCPU()
				defer func() { b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu_µs/op") }()
				b.RunParallel(func(pb *testing.PB) {
					rng := rand.New(rand.NewPCG(seed.Add(1), 7))
					for pb.Next() {
						req, _ := http.NewRequest(http.MethodGet, targets[kind](rng), nil)
						req.Header.Set("Authorization", "Bearer "+secret)
						rec := httptest.NewRecorder()
						h.ServeHTTP(rec, req)
						if rec.Code != http.StatusOK {
							b.Errorf("%s: status %d", req.URL, rec.Code)
							return
						}
					}
				})
			})
		}
	}
}
