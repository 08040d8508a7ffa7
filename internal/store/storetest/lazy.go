package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// testLazyCall: a store that reads calls lazily (store.LazyCallReader)
// gives the call without its sessions' segments, and the segments of the
// sessions asked for, equal to the whole call's; indexes out of range are
// left alone, and an unknown call is not found. Stores that do not read
// lazily skip it.
func testLazyCall(t *testing.T, s *suite) {
	st := s.open(t)
	lr, ok := st.(store.LazyCallReader)
	if !ok {
		t.Skip("the store reads calls whole")
	}
	ctx := context.Background()
	c := simpleCall("tenant-a", "lazy-1", 1, t0, 30, 2)
	put(t, st, outcomes(model.Inserted), c)
	whole := mustCall(t, st, "tenant-a", "lazy-1")
	if len(whole.Sessions) != 30 || len(whole.Sessions[3].Segments) == 0 {
		t.Fatalf("the stored call has %d sessions, the fourth %d segments: the test tests nothing", len(whole.Sessions), len(whole.Sessions[3].Segments))
	}
	lc, err := lr.LazyCall(ctx, "tenant-a", "lazy-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(lc.Call.Sessions) != len(whole.Sessions) {
		t.Fatalf("lazy call has %d sessions, want %d", len(lc.Call.Sessions), len(whole.Sessions))
	}
	for i, ss := range lc.Call.Sessions {
		if ss.Segments != nil {
			t.Fatalf("session %d came with its segments", i)
		}
	}
	if err := lc.Load([]int{3, 17, 25, -1, 99}); err != nil {
		t.Fatal(err)
	}
	for i, ss := range lc.Call.Sessions {
		loaded := i == 3 || i == 17 || i == 25
		if loaded && canonical(t, ss) != canonical(t, whole.Sessions[i]) {
			t.Errorf("session %d loaded differs from the whole call's", i)
		}
		if !loaded && ss.Segments != nil {
			t.Errorf("session %d was loaded without being asked for", i)
		}
	}
	// Newer versions, large and small: what a view reads is the version
	// stored, whichever way the one before was kept.
	for _, v := range []struct {
		version  int64
		sessions int
		want     model.Outcome
	}{{2, 45, model.Replaced}, {3, 4, model.Replaced}, {4, 30, model.Replaced}} {
		c := simpleCall("tenant-a", "lazy-1", v.version, t0, v.sessions, 1)
		put(t, st, outcomes(v.want), c)
		whole := mustCall(t, st, "tenant-a", "lazy-1")
		lc, err := lr.LazyCall(ctx, "tenant-a", "lazy-1")
		if err != nil {
			t.Fatal(err)
		}
		all := make([]int, len(lc.Call.Sessions))
		for i := range all {
			all[i] = i
		}
		if err := lc.Load(all); err != nil {
			t.Fatal(err)
		}
		if got, want := canonical(t, lc.Call), canonical(t, whole); got != want {
			t.Errorf("version %d of %d sessions, loaded lazily, differs from the whole call", v.version, v.sessions)
		}
	}
	if _, err := lr.LazyCall(ctx, "tenant-b", "lazy-1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another tenant's lazy call: %v, want ErrNotFound", err)
	}
}
