package duckdb

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// migrationFS holds the schema as numbered SQL files (NNN_name.sql). A
// released file is never edited: a change is a new file, so that every
// store, however old, reaches the current schema by the same steps.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var out []migration
	for _, n := range names {
		base := path.Base(n)
		num, name, ok := strings.Cut(strings.TrimSuffix(base, ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNN_name.sql", base)
		}
		b, err := migrationFS.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", base, err)
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := range out {
		if out[i].version != i+1 {
			return nil, fmt.Errorf("migrations: expected version %d, found %d (%s)", i+1, out[i].version, out[i].name)
		}
	}
	return out, nil
}

// SchemaVersion is the newest schema this binary knows.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate brings the schema up to date, one migration per transaction:
// a store is always at one of the versions, never between two, and a
// failed step leaves it at the version before. (One transaction for all
// of them is not possible: DuckDB refuses to commit a transaction that
// both updates a table and alters it, as migrations 004 and 009 do.) It
// refuses a store whose schema is newer than this binary knows.
func migrate(ctx context.Context, db *sql.DB, name string, now time.Time) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	known := ms[len(ms)-1].version
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER     PRIMARY KEY,
		name       VARCHAR     NOT NULL,
		applied_at TIMESTAMPTZ NOT NULL
	)`); err != nil {
		return fmt.Errorf("migrate store %s: create schema_migrations: %w", name, err)
	}
	var current int
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("migrate store %s: read schema version: %w", name, err)
	}
	if current > known {
		return fmt.Errorf("store %s has schema version %d, but this callscope knows only versions up to %d; use a newer callscope: %w",
			name, current, known, store.ErrSchemaTooNew)
	}
	for _, m := range ms[current:] {
		if err := migrateStep(ctx, db, m, now); err != nil {
			return fmt.Errorf("migrate store %s to version %d (%s): %w", name, m.version, m.name, err)
		}
	}
	return nil
}

// migrateStep applies one migration and records it, together.
func migrateStep(ctx context.Context, db *sql.DB, m migration, now time.Time) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, now); err != nil {
		return fmt.Errorf("record the version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
