package postgres

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestLeadPassesOn: of two stores on one database (two processes), one
// leads a job at a time; another job has a leader of its own; when the
// leader's session ends as a killed process's would, its lead is lost and
// the other takes over; a lead given up passes at once.
func TestLeadPassesOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := openTemp(t).(*DB)
	b, err := Open(ctx, a.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	ledA, releaseA, err := a.Lead(ctx, "retention")
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 3*leadPoll)
	if _, _, err := b.Lead(short, "retention"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a second leader of one job: %v, want to wait until its context ends", err)
	}
	cancel()
	ledOther, releaseOther, err := b.Lead(ctx, "acs")
	if err != nil {
		t.Fatalf("another job: %v", err)
	}
	releaseOther()
	if ledOther.Err() == nil {
		t.Error("a released lead's context did not end")
	}

	// b waits for the lead while a's session is ended by the server, as
	// when its process is killed with its connections.
	type lead struct {
		release func()
		err     error
	}
	got := make(chan lead, 1)
	go func() {
		_, release, err := b.Lead(ctx, "retention")
		got <- lead{release, err}
	}()
	// Only this test's database: other tests share the server, and their
	// writes hold advisory locks of their own.
	if _, err := a.pool.Exec(ctx, `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
		JOIN pg_database d ON d.oid = l.database AND d.datname = current_database()
		WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ledA.Done():
	case <-time.After(5 * leadPoll):
		t.Fatal("the leader did not notice that its session ended")
	}
	releaseA()
	select {
	case l := <-got:
		if l.err != nil {
			t.Fatal(l.err)
		}
		l.release()
	case <-time.After(5 * leadPoll):
		t.Fatal("the other process did not take the lead over")
	}

	// Given up, the lead passes to the next asker at once.
	_, releaseB, err := b.Lead(ctx, "retention")
	if err != nil {
		t.Fatal(err)
	}
	releaseB()
	quick, cancel := context.WithTimeout(ctx, 5*leadPoll)
	defer cancel()
	if _, release, err := a.Lead(quick, "retention"); err != nil {
		t.Fatalf("after a release: %v", err)
	} else {
		release()
	}
}
