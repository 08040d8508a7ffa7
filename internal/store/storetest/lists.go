package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// listFixture stores calls at different times: c3 newest, then c2 and
// c2b at the same instant (ordered by id), c1, and c0 without a start.
func listFixture(t *testing.T, st store.Store) {
	t.Helper()
	c0 := simpleCall("tenant-a", "c0", 1, t0, 1, 1)
	c0.StartDateTime = model.Opt[time.Time]{}
	c1 := simpleCall("tenant-a", "c1", 1, t0.Add(-48*time.Hour), 1, 1)
	c2 := simpleCall("tenant-a", "c2", 1, t0.Add(-time.Hour), 1, 1)
	c2b := simpleCall("tenant-a", "c2b", 1, t0.Add(-time.Hour), 1, 1)
	c3 := simpleCall("tenant-a", "c3", 1, t0, 1, 1)
	// c1 is a call of a phone number with bob; alice is not in it.
	c1.Organizer, c1.Participants = nil, nil
	c1.Sessions[0].Caller = phone("+1 (425) 555-0100")
	c1.Sessions[0].Segments[0].Caller = c1.Sessions[0].Caller
	// c2b is carol's.
	c2b.Organizer, c2b.Participants = nil, nil
	c2b.Sessions[0].Caller = carol()
	put(t, st, outcomes(model.Inserted, model.Inserted, model.Inserted, model.Inserted, model.Inserted), c1, c0, c3, c2b, c2)
}

func testListOrder(t *testing.T, s *suite) {
	st := s.open(t)
	listFixture(t, st)
	wantIDs(t, "ListCalls", ids(list(t, st, store.CallFilter{Tenant: "tenant-a"})), []string{"c3", "c2", "c2b", "c1", "c0"})
}

func testListSummary(t *testing.T, s *suite) {
	st := s.open(t)
	c := simpleCall("tenant-a", "call-1", 7, t0, 3, 2)
	c.Sessions[2].Callee = carol()
	partial := &model.Call{Tenant: "tenant-a", Source: model.SourceGraph, ID: "call-2", Partial: true,
		Sessions: []*model.Session{session("p1", t0, alice(), bob(), 1)}}
	put(t, st, outcomes(model.Inserted, model.Inserted), c, partial)
	got := list(t, st, store.CallFilter{Tenant: "tenant-a"})
	want := []store.CallSummary{{
		Tenant: "tenant-a", ID: "call-1", Version: 7, Source: model.SourceGraph, Type: "peerToPeer",
		Start: t0, End: t0.Add(10 * time.Minute), Modalities: []string{"audio", "video"},
		Sessions: 3, Streams: 6, Participants: 3,
	}, {
		Tenant: "tenant-a", ID: "call-2", Source: model.SourceGraph,
		Sessions: 1, Streams: 1, Participants: 2, Partial: true,
	}}
	if len(got) != len(want) {
		t.Fatalf("ListCalls = %+v, want %+v", got, want)
	}
	for i := range want {
		g, w := got[i], want[i]
		if !g.Start.Equal(w.Start) || !g.End.Equal(w.End) {
			t.Errorf("summary %d: start, end = %v, %v; want %v, %v", i, g.Start, g.End, w.Start, w.End)
		}
		g.Start, g.End, w.Start, w.End = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if len(g.Modalities) == 0 {
			g.Modalities = nil // no modalities may be nil or empty
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("summary %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func testListByUser(t *testing.T, s *suite) {
	st := s.open(t)
	listFixture(t, st)
	f := func(user string, want ...string) {
		t.Helper()
		wantIDs(t, "calls of "+user, ids(list(t, st, store.CallFilter{Tenant: "tenant-a", User: user})), want)
	}
	f(aliceID, "c3", "c2", "c0")
	f(aliceUPN, "c3", "c2", "c0")
	f("ALICE@contoso.COM", "c3", "c2", "c0")
	f(bobID, "c3", "c2", "c2b", "c1", "c0")
	f(carolID, "c2b")
	f("carol@fabrikam.com", "c2b")
	f(pstnNum, "c1")
	f("+1 425-555-0100", "c1")
	f("nobody@contoso.com")
	f("44444444-4444-4444-4444-444444444444")
}

func testListSince(t *testing.T, s *suite) {
	st := s.open(t)
	listFixture(t, st)
	f := func(since time.Time, want ...string) {
		t.Helper()
		wantIDs(t, "calls since "+since.String(), ids(list(t, st, store.CallFilter{Tenant: "tenant-a", Since: since})), want)
	}
	f(time.Time{}, "c3", "c2", "c2b", "c1", "c0")
	f(t0.Add(-24*time.Hour), "c3", "c2", "c2b")
	f(t0.Add(-time.Hour), "c3", "c2", "c2b")
	f(t0.Add(-time.Hour+time.Microsecond), "c3")
	f(t0.Add(time.Second))
	wantIDs(t, "alice's calls since", ids(list(t, st, store.CallFilter{Tenant: "tenant-a", User: aliceID, Since: t0.Add(-time.Minute)})), []string{"c3"})
}

func testListLimitOffset(t *testing.T, s *suite) {
	st := s.open(t)
	listFixture(t, st)
	f := func(limit, offset int, want ...string) {
		t.Helper()
		what := fmt.Sprintf("ListCalls(limit %d, offset %d)", limit, offset)
		wantIDs(t, what, ids(list(t, st, store.CallFilter{Tenant: "tenant-a", Limit: limit, Offset: offset})), want)
	}
	f(0, 0, "c3", "c2", "c2b", "c1", "c0")
	f(2, 0, "c3", "c2")
	f(2, 2, "c2b", "c1")
	f(2, 4, "c0")
	f(0, 3, "c1", "c0")
	f(1, 5)
	f(10, 0, "c3", "c2", "c2b", "c1", "c0")
}

func testScanEachOnce(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	// More calls than a backend is likely to read per page.
	const n = 600
	var calls []*model.Call
	for i := range n {
		calls = append(calls, simpleCall("tenant-a", fmt.Sprintf("call-%04d", i), 1, t0.Add(time.Duration(i)*time.Minute), 1, 1))
	}
	if _, err := st.PutCalls(ctx, calls); err != nil {
		t.Fatal(err)
	}
	put(t, st, outcomes(model.Inserted), simpleCall("tenant-b", "call-0001", 1, t0, 1, 1))
	seen := map[string]int{}
	err := st.ScanCalls(ctx, store.CallFilter{Tenant: "tenant-a"}, func(c *model.Call) error {
		if c.Tenant != "tenant-a" {
			t.Errorf("scan of tenant-a visited a call of %s", c.Tenant)
		}
		seen[c.ID]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != n {
		t.Errorf("ScanCalls visited %d calls, want %d", len(seen), n)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("ScanCalls visited %s %d times", id, k)
		}
	}
	count := func(f store.CallFilter) int {
		k := 0
		if err := st.ScanCalls(ctx, f, func(*model.Call) error { k++; return nil }); err != nil {
			t.Fatal(err)
		}
		return k
	}
	if got := count(store.CallFilter{Tenant: "tenant-a", Since: t0.Add(500 * time.Minute)}); got != 100 {
		t.Errorf("ScanCalls since minute 500 visited %d, want 100", got)
	}
	if got := count(store.CallFilter{Tenant: "tenant-a", Limit: 300, Offset: 250}); got != 300 {
		t.Errorf("ScanCalls with limit 300 visited %d", got)
	}
	if got := count(store.CallFilter{Tenant: "tenant-a", Offset: 590}); got != 10 {
		t.Errorf("ScanCalls with offset 590 visited %d, want 10", got)
	}
}

func testScanWhileWriting(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	const n = 300
	var calls []*model.Call
	for i := range n {
		calls = append(calls, simpleCall("tenant-a", fmt.Sprintf("call-%04d", i), 1, t0, 1, 1))
	}
	if _, err := st.PutCalls(ctx, calls); err != nil {
		t.Fatal(err)
	}
	visits := 0
	err := st.ScanCalls(ctx, store.CallFilter{Tenant: "tenant-a"}, func(c *model.Call) error {
		visits++
		// Reclassification rewrites each call it visits.
		newer := simpleCall(c.Tenant, c.ID, c.Version+1, t0, 1, 2)
		_, err := st.PutCalls(ctx, []*model.Call{newer})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if visits != n {
		t.Errorf("ScanCalls visited %d calls while rewriting them, want %d", visits, n)
	}
	if got := mustStats(t, st, "tenant-a"); got.Streams != 2*n {
		t.Errorf("Stats = %+v, want %d streams", got, 2*n)
	}
}

func testScanStops(t *testing.T, s *suite) {
	st := s.open(t)
	listFixture(t, st)
	stop := errors.New("stop")
	visits := 0
	err := st.ScanCalls(context.Background(), store.CallFilter{Tenant: "tenant-a"}, func(*model.Call) error {
		visits++
		return stop
	})
	if !errors.Is(err, stop) || visits != 1 {
		t.Fatalf("ScanCalls = %v after %d visits, want fn's error after 1", err, visits)
	}
}
