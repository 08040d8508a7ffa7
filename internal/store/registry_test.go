package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// fakeStore is a Store that only remembers the DSN it was opened with.
type fakeStore struct {
	Store
	dsn string
}

func TestOpenRoutesByPrefix(t *testing.T) {
	Register(EmbeddedPrefix, func(_ context.Context, dsn string, _ OpenOptions) (Store, error) { return &fakeStore{dsn: dsn}, nil })
	Register("fake://", func(_ context.Context, dsn string, _ OpenOptions) (Store, error) {
		return &fakeStore{dsn: "short " + dsn}, nil
	})
	Register("fake://long/", func(_ context.Context, dsn string, _ OpenOptions) (Store, error) {
		return &fakeStore{dsn: "long " + dsn}, nil
	})

	f := func(dsn, want string) {
		t.Helper()
		s, err := Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("Open(%q): %v", dsn, err)
		}
		if got := s.(*fakeStore).dsn; got != want {
			t.Errorf("Open(%q) opened %q, want %q", dsn, got, want)
		}
	}
	f("callscope.db", "duckdb:callscope.db")
	f("/var/lib/callscope/data.db", "duckdb:/var/lib/callscope/data.db")
	f(`C:\data\callscope.db`, `duckdb:C:\data\callscope.db`)
	f("duckdb:x.db", "duckdb:x.db")
	f("fake://a", "short fake://a")
	f("fake://long/a", "long fake://long/a")
}

func TestOpenRejects(t *testing.T) {
	f := func(dsn string, want error, text string) {
		t.Helper()
		_, err := Open(context.Background(), dsn)
		if !errors.Is(err, want) {
			t.Fatalf("Open(%q) = %v, want %v", dsn, err, want)
		}
		if !strings.Contains(err.Error(), text) {
			t.Errorf("Open(%q) = %q, want it to say %q", dsn, err, text)
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q) = %q shows the password", dsn, err)
		}
	}
	f("", ErrInvalid, "empty DSN")
	// This package's tests link no backend: the PostgreSQL store
	// registers itself when its package is imported, as the binary does.
	f("postgres://u:secret@db/callscope", ErrUnsupported, "no backend")
	f("mysql://u:secret@db/x", ErrUnsupported, "no backend")
}

func TestLockedError(t *testing.T) {
	err := error(&LockedError{Path: "callscope.db", PID: 1234, Err: errors.New("cause")})
	want := "store callscope.db is in use by another process (PID 1234); stop it first, or work through it if it is a callscope server"
	if err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
	if !errors.Is(err, ErrLocked) {
		t.Error("LockedError is not ErrLocked")
	}
	if got := (&LockedError{Path: "x.db"}).Error(); !strings.Contains(got, "in use by another process;") {
		t.Errorf("without PID: %q", got)
	}
}
