package duckdb

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	duckdbdriver "github.com/duckdb/duckdb-go/v2"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/storetest"
)

// storeAtVersion creates a store at path as a callscope that knew only
// the migrations up to version left it, and returns the engine on it for
// the caller to fill and close: upgrades are tested from the very files
// older stores were made by.
func storeAtVersion(t *testing.T, path string, version int) *sql.DB {
	t.Helper()
	connector, err := duckdbdriver.NewConnector(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	applyMigrations(t, db, 0, version)
	return db
}

// applyMigrations applies the migrations after version from up to
// version to, by themselves: what a test of one migration checks, before
// later ones (a rollup rebuilt from facts) change the store further.
func applyMigrations(t *testing.T, db *sql.DB, from, to int) {
	t.Helper()
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[from:to] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("migration %d: %v", m.version, err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (?, ?, now())`, m.version, m.name); err != nil {
			t.Fatal(err)
		}
	}
}

// writeVersion2Store creates a store at path as a callscope that knew
// only migrations 001 and 002 left it, holding one call, so that the
// upgrade is tested from the very files older stores were made by.
func writeVersion2Store(t *testing.T, path string) {
	t.Helper()
	db := storeAtVersion(t, path, 2)
	defer db.Close()
	// A call as version 2 wrote it: the columns of 001 and 002.
	if _, err := db.Exec(`INSERT INTO calls VALUES ('tenant-a', 'call-1', 1, 'graph', 'peerToPeer', ?, NULL, false,
		'[]', 0, 0, 0, 'hash', '{"id":"call-1"}', now(), NULL, NULL)`, time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
}

// TestUpgradeFromVersion2 opens a store written before tokens, the audit
// log and settings existed: it gains them and keeps its calls.
func TestUpgradeFromVersion2(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "callscope.db")
	writeVersion2Store(t, path)
	d := openAt(t, path)
	var version int
	if err := d.db.QueryRow(`SELECT max(version) FROM schema_migrations`).Scan(&version); err != nil || version != SchemaVersion() {
		t.Fatalf("schema version after upgrade = %d, %v; want %d", version, err, SchemaVersion())
	}
	sums, err := d.ListCalls(ctx, store.CallFilter{Tenant: "tenant-a", Before: time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC)})
	if err != nil || len(sums) != 1 {
		t.Fatalf("calls after upgrade = %+v, %v", sums, err)
	}
	if err := d.SetSetting(ctx, "default-tenant", "tenant-a"); err != nil {
		t.Fatal(err)
	}
	if err := d.Audit(ctx, store.AuditEntry{Actor: "cli", Action: "upgrade"}); err != nil {
		t.Fatal(err)
	}
	tok := store.Token{ID: "tok_aaaaaaaa", Name: "n", Role: "admin", Hash: make([]byte, store.TokenHashSize)}
	if err := d.CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := d.PutCalls(ctx, []*model.Call{storetest.SampleCall("tenant-a", "call-2", 1, time.Now(), 1, 1)}); err != nil {
		t.Fatal(err)
	}
}
