package postgres

import (
	"context"
	"testing"

	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/postgres/pgtest"
	"github.com/callscope/callscope/internal/store/storetest"
)

// server is a real PostgreSQL server, started for this package's tests
// (pgtest); each test gets a database of its own.
var server *pgtest.Server

func TestMain(m *testing.M) { pgtest.Main(m, &server) }

// openTemp opens a store on a new, empty database.
func openTemp(t *testing.T) store.Store {
	t.Helper()
	d, err := Open(context.Background(), server.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// reopen closes s and opens its database again, as a restart would.
func reopen(t *testing.T, s store.Store) store.Store {
	t.Helper()
	d := s.(*DB)
	dsn := d.dsn
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	return again
}

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, openTemp, storetest.WithReopen(reopen))
}
