package web

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store/duckdb"
)

// TestSessionsShared: sessions kept in a store are known to another
// process sharing it (another sessions value) and after a restart, with
// their names and CSRF token; ending one ends it everywhere; the store
// holds neither the session id nor the API token, and a session read with
// another id does not open.
func TestSessionsShared(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st, err := duckdb.Open(ctx, filepath.Join(t.TempDir(), "callscope.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	process := func() *sessions {
		s := newSessions(clock, time.Hour, 3*time.Hour)
		s.backend = st
		return s
	}
	a, b := process(), process()
	const token = "cs_secret-token-value"
	ss := a.create(token, me{Name: "Desk", Role: "engineer"})
	a.remember(ss, refName{"u1", "Anna Berg"})

	got := b.get(ss.id)
	if got == nil {
		t.Fatal("a session made by one process is unknown to another")
	}
	if got.token != token || got.csrf != ss.csrf || got.me.Name != "Desk" || b.nameOf(got, "u1") != "Anna Berg" {
		t.Errorf("the other process reads %+v", got)
	}
	if process().get("not-a-session") != nil {
		t.Error("an unknown id opens a session")
	}

	// What the store holds: no id, no token, no name in clear.
	idHash, _ := sessionKeys(ss.id)
	ws, err := st.WebSession(ctx, idHash)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{ss.id, token, "Anna Berg", ss.csrf} {
		if bytes.Contains(ws.Sealed, []byte(secret)) || bytes.Contains(idHash, []byte(secret)) {
			t.Errorf("the store holds %q in clear", secret)
		}
	}
	if _, err := unseal("another id", ws); err == nil {
		t.Error("a sealed session opens with another id's key")
	}

	// Used within the idle time, it lives after a restart.
	now = now.Add(50 * time.Minute)
	if process().get(ss.id) == nil {
		t.Fatal("a session used within the idle time expired after a restart")
	}
	b.end(ss.id)
	if process().get(ss.id) != nil {
		t.Error("a session ended in one process opens in a new one")
	}
	// a has it in memory: it ends there at a's next check of the store,
	// within touchEvery.
	now = now.Add(touchEvery)
	if a.get(ss.id) != nil {
		t.Error("a session signed out in another process lives on here")
	}
}
