package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// testClaimFetches: a claim leases what it returns, earliest first, so
// that the next claim gets the rest; a lease runs out at its time, and
// finishing or retrying a claimed record ends it. Workers claiming at
// once (processes sharing a store) never get the same record.
func testClaimFetches(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	minute := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	for i := range 5 {
		note(t, st, store.FetchNote{Tenant: "tenant-a", RecordID: fmt.Sprintf("r%d", i), Noted: minute(0), Due: minute(i)})
	}
	claim := func(now time.Time, limit int) []string {
		t.Helper()
		ps, err := st.ClaimFetches(ctx, now, now.Add(10*time.Minute), limit)
		if err != nil {
			t.Fatalf("ClaimFetches: %v", err)
		}
		return fetchIDs(ps)
	}
	if got := claim(minute(5), 3); !slices.Equal(got, []string{"tenant-a/r0", "tenant-a/r1", "tenant-a/r2"}) {
		t.Fatalf("first claim = %v, want the three earliest", got)
	}
	if got := claim(minute(5), 3); !slices.Equal(got, []string{"tenant-a/r3", "tenant-a/r4"}) {
		t.Fatalf("second claim = %v, want the two not leased", got)
	}
	if got := claim(minute(6), 3); len(got) != 0 {
		t.Fatalf("a claim while everything is leased = %v", got)
	}
	if got := due(t, st, minute(14), 10); len(got) != 0 {
		t.Fatalf("leased records are due before their lease ends: %v", fetchIDs(got))
	}
	if n, err := st.PendingFetchCount(ctx, "tenant-a"); err != nil || n != 5 {
		t.Fatalf("leased records are still pending: %d, %v", n, err)
	}
	// r0 is fetched, r1 fails and is put off; the others' leases run out.
	p0 := due(t, st, minute(15), 10)[0]
	if p0.RecordID != "r0" {
		t.Fatalf("due after the lease: %v", p0)
	}
	if _, removed, err := st.FinishFetch(ctx, p0, nil); err != nil || !removed {
		t.Fatalf("FinishFetch of a claimed record: %v, %v", removed, err)
	}
	p1 := due(t, st, minute(15), 1)[0]
	if err := st.RetryFetch(ctx, p1, minute(40), "throttled"); err != nil {
		t.Fatal(err)
	}
	if got := claim(minute(20), 10); !slices.Equal(got, []string{"tenant-a/r2", "tenant-a/r3", "tenant-a/r4"}) {
		t.Fatalf("a claim after the leases ran out = %v", got)
	}
	if _, err := st.ClaimFetches(ctx, minute(0), minute(0), 1); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a lease that ends when it starts: %v, want ErrInvalid", err)
	}
	if _, err := st.ClaimFetches(ctx, minute(0), minute(1), 0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a claim of nothing: %v, want ErrInvalid", err)
	}

	// Four workers claim a hundred records together.
	const records = 100
	var notes []store.FetchNote
	for i := range records {
		notes = append(notes, store.FetchNote{Tenant: "tenant-b", RecordID: fmt.Sprintf("b%03d", i), Noted: minute(0), Due: minute(0)})
	}
	note(t, st, notes...)
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for {
				ps, err := st.ClaimFetches(ctx, minute(1), minute(60), 7)
				if err != nil {
					t.Errorf("ClaimFetches: %v", err)
					return
				}
				if len(ps) == 0 {
					return
				}
				mu.Lock()
				for _, p := range ps {
					seen[p.Tenant+"/"+p.RecordID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s claimed %d times", id, n)
		}
	}
	if len(seen) != records {
		t.Errorf("the workers claimed %d records, want %d", len(seen), records)
	}
}
