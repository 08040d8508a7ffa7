// Package dashbench is what `callscope bench cqd` needs of a store
// beyond store.Store, written for each engine by hand: copying a
// tenant's stream facts inside the engine, the dashboard's queries as an
// analyst would write them in its SQL, and settling the store before it
// is timed. callscope's own features never use it.
package dashbench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/rollup"
	"github.com/callscope/callscope/internal/store/tables"
)

// Engine is the bare engine under a store, reached beside it.
type Engine struct {
	dialect dialect
	raw     func(ctx context.Context, fn func(*sql.Conn) error) error
	close   func() error
}

// rawRunner is implemented by a store that one process alone can open
// (the embedded one): the engine is reached through the store.
type rawRunner interface {
	Raw(ctx context.Context, fn func(*sql.Conn) error) error
}

// Open reaches the engine under st, which was opened from dsn: through
// the store when only it may open the engine, with a connection of its
// own to a server database. Close releases what Open took, not st.
func Open(st store.Store, dsn string) (*Engine, error) {
	if r, ok := st.(rawRunner); ok {
		return &Engine{dialect: duckDB, raw: r.Raw, close: func() error { return nil }}, nil
	}
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return nil, fmt.Errorf("dashboard benchmark: no hand-written SQL for the store %T: %w", st, errors.ErrUnsupported)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("dashboard benchmark: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	return &Engine{dialect: postgreSQL, close: db.Close, raw: func(ctx context.Context, fn func(*sql.Conn) error) error {
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		return fn(conn)
	}}, nil
}

// Close releases the engine's connections.
func (e *Engine) Close() error { return e.close() }

// Replicate grows the tenant's stream facts to total rows by copying
// them, each copy with call ids of its own ("<id>~<k>"): a larger
// organization with the same buildings, networks and quality. With
// variants above 1, the copies fall into that many groups whose devices
// and client versions are named apart ("<name> v<k>"), as a larger
// organization has more models and builds, which the rollups must keep
// apart. The copies have no calls: nothing but the dashboard's queries,
// poor calls' filters and exports should meet them. The store's rollups
// are then computed again from the facts (store.RollupRebuilder), which
// st must implement. It returns the number of rows added.
func (e *Engine) Replicate(ctx context.Context, st store.Store, tenant string, total int64, variants int) (int64, error) {
	rebuilder, ok := st.(store.RollupRebuilder)
	if !ok {
		return 0, fmt.Errorf("copy stream facts: the store %T cannot rebuild its rollups: %w", st, errors.ErrUnsupported)
	}
	var n int64
	err := e.raw(ctx, func(c *sql.Conn) error {
		// Streams, as the store's statistics count them: not the rows of
		// sessions that failed without any (model.MediaNone).
		return c.QueryRowContext(ctx, `SELECT count(*) FROM stream_facts WHERE tenant = $1 AND media_kind <> 'none'`, tenant).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("count stream facts: %w", err)
	}
	if n == 0 || total <= n {
		return 0, nil
	}
	copies := (total + n - 1) / n
	variants = max(1, variants)
	var cols, exprs []string
	for _, c := range tables.FactColumns {
		cols = append(cols, c.Name)
		expr := "f." + c.Name
		switch {
		case c.Name == "call_id":
			expr = "f.call_id || '~' || r.k"
		case strings.HasSuffix(c.Name, "_capture_device"), strings.HasSuffix(c.Name, "_render_device"), strings.HasSuffix(c.Name, "_client_version"):
			expr = fmt.Sprintf("CASE WHEN r.k %% %d = 0 THEN f.%s ELSE f.%s || ' v' || (r.k %% %d) END", variants, c.Name, c.Name, variants)
		}
		exprs = append(exprs, expr)
	}
	var added int64
	err = e.raw(ctx, func(c *sql.Conn) error {
		res, err := c.ExecContext(ctx, `INSERT INTO stream_facts (`+strings.Join(cols, ", ")+`)
			SELECT `+strings.Join(exprs, ", ")+`
			FROM (SELECT * FROM stream_facts WHERE tenant = $1 AND media_kind <> 'none') f, generate_series(1, CAST($2 AS BIGINT)) r(k)
			LIMIT $3`, tenant, copies-1, total-n)
		if err != nil {
			return err
		}
		added, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("copy stream facts: %w", err)
	}
	if err := rebuilder.RebuildRollups(ctx, tenant); err != nil {
		return 0, err
	}
	return added, nil
}

// Settle brings the engine to the state a long-running server's is in
// before it is timed: DuckDB's write-ahead log checkpointed into the
// file; PostgreSQL's tables vacuumed and their statistics taken, as
// autovacuum would.
func (e *Engine) Settle(ctx context.Context) error {
	return e.raw(ctx, func(c *sql.Conn) error {
		stmts := []string{"CHECKPOINT"}
		if e.dialect == postgreSQL {
			stmts = []string{"VACUUM ANALYZE"}
		}
		for _, s := range stmts {
			if _, err := c.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("settle the store: %w", err)
			}
		}
		return nil
	})
}

// NewestStream is the start of the tenant's newest call with streams.
func (e *Engine) NewestStream(ctx context.Context, tenant string) (time.Time, error) {
	var t sql.NullTime
	err := e.raw(ctx, func(c *sql.Conn) error {
		return c.QueryRowContext(ctx, `SELECT max(call_start) FROM stream_facts WHERE tenant = $1`, tenant).Scan(&t)
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("newest stream: %w", err)
	}
	if !t.Valid {
		return time.Time{}, fmt.Errorf("newest stream of tenant %s: no streams", tenant)
	}
	return t.Time.UTC(), nil
}

// RollupRows counts each rollup's rows of the tenant, by table: how far
// they compress the facts.
func (e *Engine) RollupRows(ctx context.Context, tenant string) (map[string]int64, error) {
	out := map[string]int64{}
	err := e.raw(ctx, func(c *sql.Conn) error {
		for _, r := range rollup.Tables {
			var n int64
			if err := c.QueryRowContext(ctx, `SELECT count(*) FROM `+r.Name+` WHERE tenant = $1`, tenant).Scan(&n); err != nil {
				return err
			}
			out[r.Name] = n
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count rollup rows: %w", err)
	}
	return out, nil
}

// Aggregate runs q's hand-written SQL over the tenant's streams since
// since, its rows read as store.Aggregate's.
func (e *Engine) Aggregate(ctx context.Context, q Query, tenant string, since time.Time) ([]cqd.Row, error) {
	var out []cqd.Row
	err := e.raw(ctx, func(c *sql.Conn) error {
		rows, err := c.QueryContext(ctx, q.sql(e.dialect), tenant, since)
		if err != nil {
			return err
		}
		defer rows.Close()
		out, err = store.ScanAggregateRows(rows, len(q.Query.GroupBy), len(q.Query.MeasureList()))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%s, by hand: %w", q.Name, err)
	}
	return out, nil
}
