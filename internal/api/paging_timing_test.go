package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// heldCall is a store that answers Call with one call held in memory, so
// that what is measured is the server's work on it (redaction, views,
// encoding, audit), not the store's read.
type heldCall struct {
	store.Store
	c *model.Call
}

func (h heldCall) Call(ctx context.Context, tenant, id string) (*model.Call, error) {
	if id != h.c.ID {
		return h.Store.Call(ctx, tenant, id)
	}
	return h.c, nil
}

// townHallServer is a fixture whose store holds the town hall in memory.
func townHallServer(tb testing.TB) (*fixture, *townHall) {
	tb.Helper()
	plain := newFixture(tb)
	th := plain.storeTownHall("tenant-a")
	c, err := plain.st.Call(context.Background(), "tenant-a", th.id)
	if err != nil {
		tb.Fatal(err)
	}
	f := newFixture(tb, func(cfg *Config) { cfg.Store = heldCall{Store: cfg.Store, c: c} })
	return f, th
}

// BenchmarkCallViewPages is one request for a page of the town hall's
// views, by page size, from concurrent clients (so that audit entries
// are written in batches, as under load): the server's work follows the
// page, not the call's 230 sessions. cpu_µs/op is the process's CPU
// time per request.
//
//	go test ./internal/api -run '^$' -bench CallViewPages
func BenchmarkCallViewPages(b *testing.B) {
	f, th := townHallServer(b)
	base := "/api/v1/calls/" + th.id
	for _, tc := range []struct{ name, who, target string }{
		{"detail/engineer/10", "engineer", base + "?limit=10"},
		{"detail/engineer/50", "engineer", base},
		{"detail/engineer/200", "engineer", base + "?limit=200"},
		{"detail/specialist/50", "specialist", base + "?user=" + th.upns[5]},
		{"participants/100", "specialist", base + "/participants?user=" + th.upns[5]},
		{"timeline/100", "specialist", base + "/timeline?user=" + th.upns[5]},
		{"verdicts/50", "specialist", base + "/verdicts?user=" + th.upns[5]},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var size atomic.Int64
			b.ReportAllocs()
			b.SetParallelism(8)
			cpu0 := processCPU()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest(http.MethodGet, tc.target, nil)
					req.Header.Set("Authorization", "Bearer "+f.tokens[tc.who])
					rec := httptest.NewRecorder()
					f.h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Errorf("%s: %d %s", tc.target, rec.Code, rec.Body)
						return
					}
					size.Store(int64(rec.Body.Len()))
				}
			})
			b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu_µs/op")
			b.ReportMetric(float64(size.Load())/1024, "kB/answer")
		})
	}
}

// TestCallViewWorkFollowsPage: a page of 10 sessions allocates a small
// part of what one of 200 does, for the same call: a third at most (it
// measured a quarter, 7,904 against 31,642; a page that decoded every
// session would come close to the whole).
func TestCallViewWorkFollowsPage(t *testing.T) {
	f, th := townHallServer(t)
	bytesOf := func(limit int) float64 {
		target := "/api/v1/calls/" + th.id + "?limit=" + strconv.Itoa(limit)
		return testing.AllocsPerRun(5, func() {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			req.Header.Set("Authorization", "Bearer "+f.tokens["engineer"])
			rec := httptest.NewRecorder()
			f.h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: %d", target, rec.Code)
			}
		})
	}
	small, large := bytesOf(10), bytesOf(sessionsMaxLimit)
	t.Logf("allocations: %0.f for 10 sessions, %0.f for %d", small, large, sessionsMaxLimit)
	if small*3 > large {
		t.Errorf("a page of 10 sessions makes %0.f allocations, one of %d %0.f: the work does not follow the page", small, sessionsMaxLimit, large)
	}
}
