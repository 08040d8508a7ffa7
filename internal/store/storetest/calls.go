package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

func testRoundTrip(t *testing.T, s *suite) {
	st := s.open(t)
	c := simpleCall("tenant-a", "call-1", 3, t0, 2, 4)
	put(t, st, outcomes(model.Inserted), c)
	wantCall(t, st, c)
	got := mustStats(t, st, "tenant-a")
	want := store.Stats{Calls: 1, Sessions: 2, Streams: 8, People: 2}
	if got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
}

func testSameCallTwice(t *testing.T, s *suite) {
	st := s.open(t)
	c := simpleCall("tenant-a", "call-1", 3, t0, 2, 4)
	put(t, st, outcomes(model.Inserted), c)
	before := snapshot(t, st, "tenant-a")
	put(t, st, outcomes(model.Unchanged), c)
	put(t, st, outcomes(model.Unchanged, model.Unchanged), clone(t, c), clone(t, c))
	if after := snapshot(t, st, "tenant-a"); after != before {
		t.Fatalf("storing the same call again changed the store:\nbefore %s\nafter  %s", before, after)
	}
}

func testNewerReplaces(t *testing.T, s *suite) {
	st := s.open(t)
	v1 := simpleCall("tenant-a", "call-1", 1, t0, 2, 4)
	v1.Sessions[1].Callee = carol()
	v2 := simpleCall("tenant-a", "call-1", 2, t0, 1, 3)
	put(t, st, outcomes(model.Inserted), v1)
	put(t, st, outcomes(model.Replaced), v2)
	wantCall(t, st, v2)
	got := mustStats(t, st, "tenant-a")
	if got.Calls != 1 || got.Sessions != 1 || got.Streams != 3 {
		t.Errorf("after replacing: Stats = %+v, want 1 call, 1 session, 3 streams (facts replaced, not added)", got)
	}
	// Carol took part only in version 1: her lookup goes with it.
	wantIDs(t, "calls of carol", ids(list(t, st, store.CallFilter{Tenant: "tenant-a", User: carolID})), nil)
}

func testOlderSkipped(t *testing.T, s *suite) {
	v1 := simpleCall("tenant-a", "call-1", 1, t0, 2, 4)
	v2 := simpleCall("tenant-a", "call-1", 2, t0, 1, 3)

	newerFirst := s.open(t)
	put(t, newerFirst, outcomes(model.Inserted), v2)
	before := snapshot(t, newerFirst, "tenant-a")
	put(t, newerFirst, outcomes(model.Older), v1)
	if after := snapshot(t, newerFirst, "tenant-a"); after != before {
		t.Fatalf("an older version changed the store:\nbefore %s\nafter  %s", before, after)
	}

	olderFirst := s.open(t)
	put(t, olderFirst, outcomes(model.Inserted), v1)
	put(t, olderFirst, outcomes(model.Replaced), v2)
	if a, b := snapshot(t, newerFirst, "tenant-a"), snapshot(t, olderFirst, "tenant-a"); a != b {
		t.Fatalf("the order of versions matters:\nnewer first %s\nolder first %s", a, b)
	}
}

func testVersionsInOneBatch(t *testing.T, s *suite) {
	st := s.open(t)
	v1 := simpleCall("tenant-a", "call-1", 1, t0, 2, 4)
	v2 := simpleCall("tenant-a", "call-1", 2, t0, 1, 3)
	other := simpleCall("tenant-a", "call-2", 1, t0, 1, 1)
	put(t, st, outcomes(model.Inserted, model.Replaced, model.Older, model.Inserted, model.Unchanged), v1, v2, v1, other, v2)
	wantCall(t, st, v2)
	if got := mustStats(t, st, "tenant-a"); got.Calls != 2 || got.Streams != 4 {
		t.Errorf("Stats = %+v, want 2 calls with 3+1 streams", got)
	}
}

func testSameVersionMerges(t *testing.T, s *suite) {
	st := s.open(t)
	full := simpleCall("tenant-a", "call-1", 5, t0, 2, 2)
	head := clone(t, full)
	head.Sessions = head.Sessions[:1]
	put(t, st, outcomes(model.Inserted), head)
	put(t, st, outcomes(model.Merged), full)
	got := mustCall(t, st, "tenant-a", "call-1")
	if len(got.Sessions) != 2 {
		t.Fatalf("after merging: %d sessions, want 2", len(got.Sessions))
	}
	if stats := mustStats(t, st, "tenant-a"); stats.Sessions != 2 || stats.Streams != 4 {
		t.Errorf("after merging: Stats = %+v, want 2 sessions, 4 streams", stats)
	}
	before := snapshot(t, st, "tenant-a")
	put(t, st, outcomes(model.Unchanged, model.Unchanged), head, full)
	if after := snapshot(t, st, "tenant-a"); after != before {
		t.Fatalf("parts already merged changed the store:\nbefore %s\nafter  %s", before, after)
	}
}

func testPartialMerges(t *testing.T, s *suite) {
	full := simpleCall("tenant-a", "call-1", 5, t0, 2, 2)
	record := clone(t, full)
	record.Sessions, record.SessionsNextLink = nil, "https://graph.microsoft.com/v1.0/communications/callRecords/call-1/sessions?$skiptoken=x"
	page := &model.Call{Tenant: "tenant-a", Source: model.SourceGraph, ID: "call-1", Partial: true, Sessions: full.Sessions}

	recordFirst := s.open(t)
	put(t, recordFirst, outcomes(model.Inserted), record)
	put(t, recordFirst, outcomes(model.Merged), page)
	pageFirst := s.open(t)
	put(t, pageFirst, outcomes(model.Inserted), page)
	put(t, pageFirst, outcomes(model.Merged), record)

	a, b := snapshot(t, recordFirst, "tenant-a"), snapshot(t, pageFirst, "tenant-a")
	if a != b {
		t.Fatalf("the order of record and sessions page matters:\nrecord first %s\npage first   %s", a, b)
	}
	got := mustCall(t, recordFirst, "tenant-a", "call-1")
	if got.Partial || got.Version != 5 || len(got.Sessions) != 2 {
		t.Fatalf("merged call: partial %v, version %d, %d sessions; want a whole version 5 with 2 sessions", got.Partial, got.Version, len(got.Sessions))
	}
	if st := mustStats(t, recordFirst, "tenant-a"); st.Calls != 1 || st.Streams != 4 {
		t.Errorf("Stats = %+v, want 1 call with 4 streams", st)
	}
	put(t, recordFirst, outcomes(model.Unchanged, model.Unchanged), page, record)
}

func testACSCallReplaced(t *testing.T, s *suite) {
	st := s.open(t)
	a := acsCall("tenant-a", "corr-1", 2, "0")
	b := acsCall("tenant-a", "corr-1", 3, "487")
	put(t, st, outcomes(model.Inserted), a)
	put(t, st, outcomes(model.Unchanged), clone(t, a))
	put(t, st, outcomes(model.Replaced), b)
	wantCall(t, st, b)
	if got := mustStats(t, st, "tenant-a"); got.Streams != 3 {
		t.Errorf("Stats.Streams = %d, want 3", got.Streams)
	}
}

func testManySessions(t *testing.T, s *suite) {
	st := s.open(t)
	c := call("tenant-a", "meeting-1", 1, t0)
	c.Type = model.Some(model.CallTypeGroupCall)
	for i := range 60 {
		c.Sessions = append(c.Sessions, session(fmt.Sprintf("s%02d", i), t0.Add(time.Duration(i)*time.Second), alice(), server(), 2))
	}
	put(t, st, outcomes(model.Inserted), c)
	wantCall(t, st, c)
	sums := list(t, st, store.CallFilter{Tenant: "tenant-a"})
	if len(sums) != 1 || sums[0].Sessions != 60 || sums[0].Streams != 120 {
		t.Fatalf("summary = %+v, want 60 sessions and 120 streams", sums)
	}
}

func testRepeatedSessionIDs(t *testing.T, s *suite) {
	st := s.open(t)
	// An auto attendant hands the call to a call queue: one session id,
	// several sessions.
	c := call("tenant-a", "call-1", 1, t0,
		session("same", t0, phone(pstnNum), server(), 2),
		session("same", t0.Add(30*time.Second), phone(pstnNum), server(), 2),
		session("same", t0.Add(90*time.Second), phone(pstnNum), alice(), 2),
	)
	put(t, st, outcomes(model.Inserted), c)
	wantCall(t, st, c)
	if got := mustStats(t, st, "tenant-a"); got.Sessions != 3 || got.Streams != 6 {
		t.Errorf("Stats = %+v, want 3 sessions, 6 streams", got)
	}
	put(t, st, outcomes(model.Unchanged), clone(t, c))
}

func testTenantScope(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	a := simpleCall("tenant-a", "meeting-1", 1, t0, 1, 2)
	b := simpleCall("tenant-b", "meeting-1", 1, t0, 2, 1)
	b.Sessions[1].Callee = carol()
	onlyB := simpleCall("tenant-b", "call-b", 1, t0.Add(time.Hour), 1, 1)
	put(t, st, outcomes(model.Inserted, model.Inserted, model.Inserted), a, b, onlyB)

	wantCall(t, st, a)
	wantCall(t, st, b)
	_, err := st.Call(ctx, "tenant-a", "call-b")
	wantErr(t, "Call of another tenant's call", err, store.ErrNotFound)

	wantIDs(t, "ListCalls(tenant-a)", ids(list(t, st, store.CallFilter{Tenant: "tenant-a"})), []string{"meeting-1"})
	for _, sum := range list(t, st, store.CallFilter{Tenant: "tenant-a"}) {
		if sum.Tenant != "tenant-a" || sum.Sessions != 1 {
			t.Errorf("tenant-a lists %+v", sum)
		}
	}
	wantIDs(t, "tenant-a's calls of carol", ids(list(t, st, store.CallFilter{Tenant: "tenant-a", User: carolID})), nil)
	wantIDs(t, "tenant-b's calls of carol", ids(list(t, st, store.CallFilter{Tenant: "tenant-b", User: carolID})), []string{"meeting-1"})

	var scanned []*model.Call
	err = st.ScanCalls(ctx, store.CallFilter{Tenant: "tenant-a"}, func(c *model.Call) error {
		scanned = append(scanned, c)
		return nil
	})
	if err != nil {
		t.Fatalf("ScanCalls: %v", err)
	}
	if len(scanned) != 1 || canonical(t, scanned[0]) != canonical(t, a) {
		t.Fatalf("ScanCalls(tenant-a) visited %d calls, want tenant-a's one", len(scanned))
	}

	if got := mustStats(t, st, "tenant-a"); got.Calls != 1 || got.Sessions != 1 || got.Streams != 2 {
		t.Errorf("Stats(tenant-a) = %+v", got)
	}
	if got := mustStats(t, st, ""); got.Calls != 3 || got.Sessions != 4 || got.Streams != 5 {
		t.Errorf("Stats(all) = %+v, want 3 calls, 4 sessions, 5 streams", got)
	}

	// Replacing tenant-b's copy leaves tenant-a's alone.
	b2 := simpleCall("tenant-b", "meeting-1", 2, t0, 1, 1)
	put(t, st, outcomes(model.Replaced), b2)
	wantCall(t, st, a)
	if got := mustStats(t, st, "tenant-a"); got.Streams != 2 {
		t.Errorf("replacing tenant-b's call changed tenant-a's: %+v", got)
	}
}

func testInvalid(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	noTenant := simpleCall("", "call-1", 1, t0, 1, 1)
	noID := simpleCall("tenant-a", "", 1, t0, 1, 1)
	good := simpleCall("tenant-a", "call-2", 1, t0, 1, 1)
	for name, calls := range map[string][]*model.Call{
		"no tenant": {good, noTenant}, "no id": {good, noID}, "nil call": {good, nil},
	} {
		_, err := st.PutCalls(ctx, calls)
		wantErr(t, "PutCalls with "+name, err, store.ErrInvalid)
	}
	if got := mustStats(t, st, ""); got.Calls != 0 {
		t.Errorf("a rejected batch stored %d calls", got.Calls)
	}
	_, err := st.ListCalls(ctx, store.CallFilter{})
	wantErr(t, "ListCalls without tenant", err, store.ErrInvalid)
	_, err = st.ListCalls(ctx, store.CallFilter{Tenant: "tenant-a", Limit: -1})
	wantErr(t, "ListCalls with negative limit", err, store.ErrInvalid)
	err = st.ScanCalls(ctx, store.CallFilter{}, func(*model.Call) error { return nil })
	wantErr(t, "ScanCalls without tenant", err, store.ErrInvalid)
	_, err = st.Call(ctx, "tenant-a", "nope")
	wantErr(t, "Call of a missing call", err, store.ErrNotFound)
	_, err = st.PutACSRecords(ctx, "", []store.ACSRecord{{Key: "k", Record: acsRecord("c", "1", 1)}})
	wantErr(t, "PutACSRecords without tenant", err, store.ErrInvalid)
	_, err = st.PutACSRecords(ctx, "tenant-a", []store.ACSRecord{{Record: acsRecord("c", "1", 1)}})
	wantErr(t, "PutACSRecords without key", err, store.ErrInvalid)
	_, err = st.PutUsageRows(ctx, "", []*model.UsageRow{usageRow("1", 1)})
	wantErr(t, "PutUsageRows without tenant", err, store.ErrInvalid)
}

func testConcurrentWriters(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	const writers, each = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*2)
	for w := range writers {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range each {
				id := fmt.Sprintf("call-%d-%d", w, i)
				// The same call twice from two goroutines at once.
				if _, err := st.PutCalls(ctx, []*model.Call{simpleCall("tenant-a", id, 1, t0, 1, 2)}); err != nil {
					errs <- err
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for i := range each {
				id := fmt.Sprintf("call-%d-%d", w, i)
				if _, err := st.PutCalls(ctx, []*model.Call{simpleCall("tenant-a", id, 1, t0, 1, 2)}); err != nil {
					errs <- err
					return
				}
				if _, err := st.ListCalls(ctx, store.CallFilter{Tenant: "tenant-a", User: aliceID}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent write: %v", err)
	}
	if got := mustStats(t, st, "tenant-a"); got.Calls != writers*each || got.Streams != 2*writers*each {
		t.Errorf("Stats = %+v, want %d calls with 2 streams each", got, writers*each)
	}
}

func testClosed(t *testing.T, s *suite) {
	st := s.open(t)
	if err := st.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	_, err := st.Call(context.Background(), "tenant-a", "call-1")
	wantErr(t, "Call after Close", err, store.ErrClosed)
	_, err = st.PutCalls(context.Background(), []*model.Call{simpleCall("tenant-a", "call-1", 1, t0, 1, 1)})
	wantErr(t, "PutCalls after Close", err, store.ErrClosed)
}

func testReopen(t *testing.T, s *suite) {
	if s.reopen == nil {
		t.Skip("backend has no reopen")
	}
	st := s.open(t)
	ctx := context.Background()
	c := simpleCall("tenant-a", "call-1", 2, t0, 2, 3)
	put(t, st, outcomes(model.Inserted), c)
	if _, err := st.PutACSRecords(ctx, "tenant-a", []store.ACSRecord{{Key: "d1", Record: acsRecord("corr-1", "1", 5)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutUsageRows(ctx, "tenant-a", []*model.UsageRow{usageRow("u1", 60)}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, st, "tenant-a")
	st = s.reopen(t, st)
	if after := snapshot(t, st, "tenant-a"); after != before {
		t.Fatalf("reopening changed the store:\nbefore %s\nafter  %s", before, after)
	}
	put(t, st, outcomes(model.Unchanged), c)
	recs, err := st.ACSRecords(ctx, "tenant-a", "corr-1")
	if err != nil || len(recs) != 1 {
		t.Fatalf("ACSRecords after reopen = %d records, %v", len(recs), err)
	}
}
