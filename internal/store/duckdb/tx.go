package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"

	duckdbdriver "github.com/duckdb/duckdb-go/v2"
)

// writeTx runs fn in one transaction, serialized with every other writer
// of the store. The transaction is driven by BEGIN / COMMIT on a dedicated
// connection rather than by sql.Tx, because DuckDB's appender, which
// makes bulk inserts fast, needs the raw connection, and it joins the
// transaction open on it.
func (d *DB) writeTx(ctx context.Context, what string, fn func(tx *txConn) error) error {
	if err := d.check(); err != nil {
		return err
	}
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	if err := d.check(); err != nil {
		return err
	}
	return d.inTx(ctx, what, fn)
}

// inTx is writeTx's work once it holds the lock: fn in a transaction,
// the people index brought up to date once it commits.
func (d *DB) inTx(ctx context.Context, what string, fn func(tx *txConn) error) error {
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return d.wrap(what, err)
	}
	defer conn.Close()
	tx, err := begin(ctx, conn)
	if err != nil {
		return d.wrap(what, err)
	}
	if err := fn(tx); err != nil {
		tx.rollback()
		return d.wrap(what, err)
	}
	// The store takes a new stamp with the write, the index only once it
	// has the write too: should the process stop between the two
	// commits, the stamps differ, and the next Open rebuilds the index.
	ix, stamp := d.people.Load(), ""
	if ix != nil && !tx.index.empty() {
		var err error
		if stamp, err = newStamp(); err == nil {
			err = setStamp(tx, stamp, d.now())
		}
		if err != nil {
			tx.rollback()
			return d.wrap(what, err)
		}
	}
	// A commit is not interrupted: cut off, it could not tell whether it
	// took place, nor could the people index follow.
	if _, err := conn.ExecContext(context.WithoutCancel(ctx), "COMMIT"); err != nil {
		tx.rollback()
		return d.wrap(what, fmt.Errorf("commit: %w", err))
	}
	if ix != nil && !tx.index.empty() {
		if err := ix.apply(&tx.index, stamp); err != nil {
			// The write is committed; the index, stamped otherwise than
			// the store, is rebuilt when the store is next opened, and
			// until then calls and lists are read from the tables.
			d.people.Store(nil)
			_ = ix.close()
		}
	}
	return nil
}

// begin opens a transaction on conn. Should BEGIN fail, the transaction
// may have begun all the same (a context that ends mid-statement
// interrupts it wherever it is), so it is rolled back, or the connection
// discarded: never handed back to the pool inside a transaction, where
// the next read on it would fail.
func begin(ctx context.Context, conn *sql.Conn) (*txConn, error) {
	tx := &txConn{ctx: ctx, conn: conn}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		tx.rollback()
		return nil, err
	}
	return tx, nil
}

// txConn is a connection with an open transaction.
type txConn struct {
	// index is what the transaction did to calls, for the people index
	// once it commits.
	index indexChange
	ctx   context.Context
	conn  *sql.Conn
}

// rollback ends a failed transaction. It uses a fresh context, since the
// caller's may be what failed; if even that fails, the connection is
// discarded rather than handed back to the pool inside a transaction.
func (t *txConn) rollback() {
	if _, err := t.conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		_ = t.conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

func (t *txConn) exec(query string, args ...any) error {
	_, err := t.conn.ExecContext(t.ctx, query, args...)
	return err
}

func (t *txConn) query(query string, args ...any) (*sql.Rows, error) {
	return t.conn.QueryContext(t.ctx, query, args...)
}

func (t *txConn) queryRow(query string, args ...any) *sql.Row {
	return t.conn.QueryRowContext(t.ctx, query, args...)
}

// execCount runs a statement and returns how many rows it changed, for
// deletes that report their count and updates that must find their row.
func (t *txConn) execCount(query string, args ...any) (int64, error) {
	res, err := t.conn.ExecContext(t.ctx, query, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("count changed rows: %w", err)
	}
	return n, nil
}

// appendRows bulk-inserts into table through DuckDB's appender; fill
// calls add once per row, with a value for every column in table order.
func (t *txConn) appendRows(table string, fill func(add func(row ...driver.Value) error) error) error {
	return t.conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("append to %s: unexpected driver connection %T", table, dc)
		}
		a, err := duckdbdriver.NewAppender(c, "", "", table)
		if err != nil {
			return fmt.Errorf("append to %s: %w", table, err)
		}
		if err := fill(a.AppendRow); err != nil {
			_ = a.Close()
			return fmt.Errorf("append to %s: %w", table, err)
		}
		if err := a.Close(); err != nil {
			return fmt.Errorf("append to %s: %w", table, err)
		}
		return nil
	})
}

// maxParams bounds the ids in one IN list, keeping statements small.
const maxParams = 1000

// inChunks calls fn with ids split into slices of at most maxParams, each
// with its "?, ?, …" placeholder list.
func inChunks(ids []string, fn func(placeholders string, ids []any) error) error {
	for start := 0; start < len(ids); start += maxParams {
		end := min(start+maxParams, len(ids))
		args := make([]any, 0, end-start)
		for _, id := range ids[start:end] {
			args = append(args, id)
		}
		if err := fn(placeholders(len(args)), args); err != nil {
			return err
		}
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
