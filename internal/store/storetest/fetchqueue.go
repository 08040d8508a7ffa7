package storetest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

func due(t *testing.T, st store.Store, now time.Time, limit int) []store.PendingFetch {
	t.Helper()
	ps, err := st.DueFetches(context.Background(), now, limit)
	if err != nil {
		t.Fatalf("DueFetches: %v", err)
	}
	return ps
}

func note(t *testing.T, st store.Store, notes ...store.FetchNote) {
	t.Helper()
	if err := st.NoteFetches(context.Background(), notes); err != nil {
		t.Fatalf("NoteFetches: %v", err)
	}
}

func fetchIDs(ps []store.PendingFetch) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Tenant + "/" + p.RecordID
	}
	return out
}

// testFetchQueue: a record is pending once however often it is noted; it
// is due at its latest note's time; due records come earliest first.
func testFetchQueue(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	minute := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	note(t, st,
		store.FetchNote{Tenant: "tenant-a", RecordID: "r1", Noted: minute(0), Due: minute(1)},
		store.FetchNote{Tenant: "tenant-b", RecordID: "r1", Noted: minute(0), Due: minute(2)},
		store.FetchNote{Tenant: "tenant-a", RecordID: "r2", Noted: minute(0), Due: minute(3)},
	)
	if got := fetchIDs(due(t, st, minute(2), 10)); !slices.Equal(got, []string{"tenant-a/r1", "tenant-b/r1"}) {
		t.Fatalf("due at minute 2: %v", got)
	}
	if got := fetchIDs(due(t, st, minute(5), 2)); len(got) != 2 {
		t.Fatalf("limit 2 gave %v", got)
	}
	// Noted again while updates go on: one entry, due later, Seq moved.
	before := due(t, st, minute(1), 1)[0]
	note(t, st, store.FetchNote{Tenant: "tenant-a", RecordID: "r1", Noted: minute(1), Due: minute(30)})
	if got := fetchIDs(due(t, st, minute(5), 10)); !slices.Equal(got, []string{"tenant-b/r1", "tenant-a/r2"}) {
		t.Fatalf("due at minute 5 after a new note: %v", got)
	}
	after := due(t, st, minute(30), 10)
	if len(after) != 3 {
		t.Fatalf("pending: %v", fetchIDs(after))
	}
	r1 := after[2]
	if r1.RecordID != "r1" || r1.Tenant != "tenant-a" || r1.Seq <= before.Seq || !r1.FirstNoted.Equal(minute(0)) ||
		!r1.LastNoted.Equal(minute(1)) || !r1.Due.Equal(minute(30)) {
		t.Errorf("noted twice: %+v (first read %+v)", r1, before)
	}
	for tenant, want := range map[string]int{"": 3, "tenant-a": 2, "tenant-b": 1, "tenant-c": 0} {
		if n, err := st.PendingFetchCount(ctx, tenant); err != nil || n != want {
			t.Errorf("PendingFetchCount(%q) = %d, %v; want %d", tenant, n, err, want)
		}
	}
	for _, bad := range []store.FetchNote{{RecordID: "r"}, {Tenant: "t"}} {
		if err := st.NoteFetches(ctx, []store.FetchNote{bad}); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("NoteFetches(%+v) = %v, want ErrInvalid", bad, err)
		}
	}
	if _, err := st.DueFetches(ctx, minute(0), 0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("DueFetches with no limit = %v, want ErrInvalid", err)
	}
}

// testFetchMaxWait: notes that keep pushing a record's fetch back push it
// no later than MaxWait after its first note; without MaxWait, the
// latest note decides.
func testFetchMaxWait(t *testing.T, s *suite) {
	st := s.open(t)
	minute := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	const maxWait = 45 * time.Minute
	for m := 0; m <= 60; m += 20 {
		// An update every 20 minutes, each asking for 10 quiet ones.
		note(t, st,
			store.FetchNote{Tenant: "tenant-a", RecordID: "capped", Noted: minute(m), Due: minute(m + 10), MaxWait: maxWait},
			store.FetchNote{Tenant: "tenant-a", RecordID: "free", Noted: minute(m), Due: minute(m + 10)})
	}
	got := map[string]time.Time{}
	for _, p := range due(t, st, minute(100), 10) {
		got[p.RecordID] = p.Due
	}
	if !got["capped"].Equal(minute(45)) {
		t.Errorf("a record noted every 20 minutes with a 45-minute bound is due at %v, want %v", got["capped"], minute(45))
	}
	if !got["free"].Equal(minute(70)) {
		t.Errorf("without a bound, due at %v, want the last note's %v", got["free"], minute(70))
	}
	// A bound later than the note's own due time changes nothing.
	note(t, st, store.FetchNote{Tenant: "tenant-b", RecordID: "soon", Noted: minute(0), Due: minute(1), MaxWait: maxWait},
		store.FetchNote{Tenant: "tenant-b", RecordID: "soon", Noted: minute(2), Due: minute(12), MaxWait: maxWait})
	for _, p := range due(t, st, minute(100), 10) {
		if p.RecordID == "soon" && !p.Due.Equal(minute(12)) {
			t.Errorf("within the bound, due at %v, want %v", p.Due, minute(12))
		}
	}
}

// testFinishFetch: finishing stores the calls and removes the record in
// one step; a record noted again meanwhile stays pending for that note.
func testFinishFetch(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	note(t, st, store.FetchNote{Tenant: "tenant-a", RecordID: "call-1", Noted: t0, Due: t0},
		store.FetchNote{Tenant: "tenant-a", RecordID: "call-2", Noted: t0, Due: t0})
	ps := due(t, st, t0, 10)
	out, removed, err := st.FinishFetch(ctx, ps[0], []*model.Call{simpleCall("tenant-a", "call-1", 1, t0, 1, 2)})
	if err != nil || !removed || !slices.Equal(out, outcomes(model.Inserted)) {
		t.Fatalf("FinishFetch = %v, %v, %v", out, removed, err)
	}
	if _, err := st.Call(ctx, "tenant-a", "call-1"); err != nil {
		t.Fatalf("the fetched call is not stored: %v", err)
	}
	// call-2 is noted again while its fetch is under way: the fetch's
	// version is stored, the record stays pending for the newer note.
	note(t, st, store.FetchNote{Tenant: "tenant-a", RecordID: "call-2", Noted: t0.Add(time.Minute), Due: t0.Add(time.Hour)})
	out, removed, err = st.FinishFetch(ctx, ps[1], []*model.Call{simpleCall("tenant-a", "call-2", 1, t0, 1, 2)})
	if err != nil || removed || !slices.Equal(out, outcomes(model.Inserted)) {
		t.Fatalf("FinishFetch of a record noted again = %v, %v, %v; want stored and kept", out, removed, err)
	}
	if got := fetchIDs(due(t, st, t0.Add(time.Hour), 10)); !slices.Equal(got, []string{"tenant-a/call-2"}) {
		t.Fatalf("pending after the fetches: %v", got)
	}
	// A record that no longer exists is finished with no calls.
	p := due(t, st, t0.Add(time.Hour), 1)[0]
	if out, removed, err := st.FinishFetch(ctx, p, nil); err != nil || !removed || len(out) != 0 {
		t.Fatalf("FinishFetch with no calls = %v, %v, %v", out, removed, err)
	}
	if n, _ := st.PendingFetchCount(ctx, ""); n != 0 {
		t.Errorf("%d pending after every fetch finished", n)
	}
	// A call that cannot be stored leaves the record pending.
	note(t, st, store.FetchNote{Tenant: "tenant-a", RecordID: "call-3", Noted: t0, Due: t0})
	p = due(t, st, t0, 1)[0]
	if _, _, err := st.FinishFetch(ctx, p, []*model.Call{{ID: "call-3"}}); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("FinishFetch of a call without a tenant = %v, want ErrInvalid", err)
	}
	if n, _ := st.PendingFetchCount(ctx, "tenant-a"); n != 1 {
		t.Errorf("a failed finish removed the record (%d pending)", n)
	}
}

// testRetryFetch: a failed fetch waits for its next due time, counted,
// with its reason; a note that came meanwhile is not put off.
func testRetryFetch(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	note(t, st, store.FetchNote{Tenant: "tenant-a", RecordID: "r1", Noted: t0, Due: t0})
	p := due(t, st, t0, 1)[0]
	if err := st.RetryFetch(ctx, p, t0.Add(10*time.Minute), "429 Too Many Requests"); err != nil {
		t.Fatal(err)
	}
	if got := due(t, st, t0.Add(9*time.Minute), 10); len(got) != 0 {
		t.Fatalf("due before its retry time: %v", fetchIDs(got))
	}
	got := due(t, st, t0.Add(10*time.Minute), 10)
	if len(got) != 1 || got[0].Attempts != 1 || got[0].LastError != "429 Too Many Requests" {
		t.Fatalf("after a retry: %+v", got)
	}
	// Noted again (due at once), then the older fetch fails: the note's
	// earlier time is kept only if later than the retry's.
	note(t, st, store.FetchNote{Tenant: "tenant-a", RecordID: "r1", Noted: t0.Add(11 * time.Minute), Due: t0.Add(40 * time.Minute)})
	if err := st.RetryFetch(ctx, got[0], t0.Add(20*time.Minute), "503"); err != nil {
		t.Fatal(err)
	}
	if got := due(t, st, t0.Add(39*time.Minute), 10); len(got) != 0 {
		t.Fatalf("a retry brought a newer note forward: %v", fetchIDs(got))
	}
	if got := due(t, st, t0.Add(40*time.Minute), 10); len(got) != 1 || got[0].Attempts != 2 {
		t.Fatalf("after a second failure: %+v", got)
	}
	if err := st.RetryFetch(ctx, store.PendingFetch{Tenant: "tenant-a", RecordID: "nope"}, t0, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RetryFetch of a record not pending = %v, want ErrNotFound", err)
	}
}

// testFetchQueueSurvivesRestart: a restart in the middle of a backlog
// loses nothing, and what was stored before it is not fetched again.
func testFetchQueueSurvivesRestart(t *testing.T, s *suite) {
	if s.reopen == nil {
		t.Skip("backend has no reopen")
	}
	st := s.open(t)
	ctx := context.Background()
	var notes []store.FetchNote
	for i := range 10 {
		notes = append(notes, store.FetchNote{Tenant: "tenant-a", RecordID: fmt.Sprintf("call-%d", i), Noted: t0, Due: t0})
	}
	note(t, st, notes...)
	for _, p := range due(t, st, t0, 4) {
		if _, _, err := st.FinishFetch(ctx, p, []*model.Call{simpleCall("tenant-a", p.RecordID, 1, t0, 1, 1)}); err != nil {
			t.Fatal(err)
		}
	}
	st = s.reopen(t, st)
	left := due(t, st, t0, 100)
	if len(left) != 6 {
		t.Fatalf("%d pending after a restart, want 6: %v", len(left), fetchIDs(left))
	}
	for _, p := range left {
		if _, err := st.Call(ctx, "tenant-a", p.RecordID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s is pending again though it was stored (%v)", p.RecordID, err)
		}
	}
}

// testCallVersions: the stored versions of the calls asked for, of one
// tenant, and nothing for calls not stored.
func testCallVersions(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	put(t, st, outcomes(model.Inserted, model.Inserted, model.Inserted),
		simpleCall("tenant-a", "call-1", 3, t0, 1, 1), simpleCall("tenant-a", "call-2", 1, t0, 1, 1),
		simpleCall("tenant-b", "call-3", 2, t0, 1, 1))
	got, err := st.CallVersions(ctx, "tenant-a", []string{"call-1", "call-2", "call-3", "nope"})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int64{"call-1": 3, "call-2": 1}; !maps.Equal(got, want) {
		t.Errorf("CallVersions = %v, want %v (another tenant's call-3 left out)", got, want)
	}
	if got, err := st.CallVersions(ctx, "tenant-a", nil); err != nil || len(got) != 0 {
		t.Errorf("CallVersions of nothing = %v, %v", got, err)
	}
	if _, err := st.CallVersions(ctx, "", []string{"call-1"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("CallVersions without a tenant = %v, want ErrInvalid", err)
	}
}

// testCallCounts: the sessions and streams of the calls asked for, of
// one tenant, as the stored calls have them, and nothing for calls not
// stored.
func testCallCounts(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	put(t, st, outcomes(model.Inserted, model.Inserted, model.Inserted),
		simpleCall("tenant-a", "call-1", 3, t0, 2, 3), simpleCall("tenant-a", "call-2", 1, t0, 1, 1),
		simpleCall("tenant-b", "call-3", 2, t0, 4, 1))
	got, err := st.CallCounts(ctx, "tenant-a", []string{"call-1", "call-2", "call-3", "nope"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]store.CallCounts{"call-1": {Sessions: 2, Streams: 6}, "call-2": {Sessions: 1, Streams: 1}}
	if !maps.Equal(got, want) {
		t.Errorf("CallCounts = %v, want %v (another tenant's call-3 left out)", got, want)
	}
	if got, err := st.CallCounts(ctx, "tenant-a", nil); err != nil || len(got) != 0 {
		t.Errorf("CallCounts of nothing = %v, %v", got, err)
	}
	if _, err := st.CallCounts(ctx, "", []string{"call-1"}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("CallCounts without a tenant = %v, want ErrInvalid", err)
	}
}
