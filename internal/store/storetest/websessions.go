package storetest

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// testWebSessions: a session round-trips under its id hash and is
// replaced whole; a touch only moves its last use forward; deleting and
// purging end sessions, and a session that is gone is not found. Stores
// that keep no web sessions skip it.
func testWebSessions(t *testing.T, s *suite) {
	st := s.open(t)
	ws, ok := st.(store.WebSessionStore)
	if !ok {
		t.Skip("the store keeps no web sessions")
	}
	ctx := context.Background()
	a := store.WebSession{IDHash: []byte{1, 2, 3}, Sealed: []byte("sealed-a"), Created: t0, Seen: t0.Add(time.Minute)}
	b := store.WebSession{IDHash: []byte{9}, Sealed: []byte("sealed-b"), Created: t0.Add(-48 * time.Hour), Seen: t0}
	for _, x := range []store.WebSession{a, b} {
		if err := ws.PutWebSession(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	get := func(id []byte) (store.WebSession, error) {
		t.Helper()
		return ws.WebSession(ctx, id)
	}
	got, err := get(a.IDHash)
	if err != nil || !bytes.Equal(got.Sealed, a.Sealed) || !got.Created.Equal(a.Created) || !got.Seen.Equal(a.Seen) {
		t.Fatalf("WebSession = %+v, %v; want %+v", got, err, a)
	}
	a.Sealed = []byte("sealed-a2")
	if err := ws.PutWebSession(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got, _ := get(a.IDHash); !bytes.Equal(got.Sealed, a.Sealed) {
		t.Errorf("a session put again keeps %q", got.Sealed)
	}
	for _, at := range []time.Time{t0.Add(10 * time.Minute), t0.Add(5 * time.Minute)} {
		if found, err := ws.TouchWebSession(ctx, a.IDHash, at); err != nil || !found {
			t.Fatalf("touching a stored session: %v, %v", found, err)
		}
	}
	if got, _ := get(a.IDHash); !got.Seen.Equal(t0.Add(10 * time.Minute)) {
		t.Errorf("after touches at +10m and +5m, seen %v", got.Seen)
	}
	if found, err := ws.TouchWebSession(ctx, []byte("gone"), t0); err != nil || found {
		t.Errorf("touching a session that is gone: %v, %v; want not found and no error", found, err)
	}
	// b was created two days before t0: a purge of sessions created
	// more than a day before t0 ends it, and not a.
	if n, err := ws.PurgeWebSessions(ctx, t0.Add(-time.Hour), t0.Add(-24*time.Hour)); err != nil || n != 1 {
		t.Errorf("PurgeWebSessions = %d, %v; want 1", n, err)
	}
	if _, err := get(b.IDHash); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a purged session: %v, want ErrNotFound", err)
	}
	if err := ws.DeleteWebSession(ctx, a.IDHash); err != nil {
		t.Fatal(err)
	}
	if _, err := get(a.IDHash); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a deleted session: %v, want ErrNotFound", err)
	}
	if err := ws.PutWebSession(ctx, store.WebSession{}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("an empty session: %v, want ErrInvalid", err)
	}
}
