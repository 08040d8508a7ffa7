package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/callscope/callscope/internal/store"
)

func init() {
	for _, prefix := range []string{"postgres://", "postgresql://"} {
		store.Register(prefix, func(ctx context.Context, dsn string, _ store.OpenOptions) (store.Store, error) {
			return Open(ctx, dsn)
		})
	}
}

// DB is an open PostgreSQL store, implementing store.Store.
type DB struct {
	pool   *pgxpool.Pool
	dsn    string
	name   string // the DSN without its password, for messages
	now    func() time.Time
	closed atomic.Bool
}

var _ store.Store = (*DB)(nil)

// Option changes how Open sets up a store.
type Option func(*DB)

// WithClock sets the clock that stamps stored rows (stored_at), so that
// tests and retention see the times they expect.
func WithClock(now func() time.Time) Option {
	return func(d *DB) { d.now = now }
}

// Open connects to the database dsn names (postgres://…) and brings its
// schema up to date.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	d := &DB{dsn: dsn, name: redact(dsn), now: time.Now}
	for _, o := range opts {
		o(d)
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w: %w", d.name, store.ErrInvalid, err)
	}
	if d.pool, err = pgxpool.NewWithConfig(ctx, cfg); err != nil {
		return nil, fmt.Errorf("open store %s: %w", d.name, err)
	}
	if err := d.pool.Ping(ctx); err != nil {
		d.pool.Close()
		return nil, fmt.Errorf("open store %s: %w", d.name, err)
	}
	if err := migrate(ctx, d.pool); err != nil {
		d.pool.Close()
		return nil, fmt.Errorf("open store %s: %w", d.name, err)
	}
	return d, nil
}

// Close closes the store's connections, after the statements in flight.
func (d *DB) Close() error {
	if d.closed.Swap(true) {
		return nil
	}
	d.pool.Close()
	return nil
}

// check returns ErrClosed once the store is closed.
func (d *DB) check() error {
	if d.closed.Load() {
		return fmt.Errorf("store %s: %w", d.name, store.ErrClosed)
	}
	return nil
}

// wrap adds what failed and the store's name to a database error, and
// marks errors of a store closed meanwhile as ErrClosed.
func (d *DB) wrap(what string, err error) error {
	if d.closed.Load() || errors.Is(err, pgx.ErrTxClosed) {
		return fmt.Errorf("%s: store %s: %w: %w", what, d.name, store.ErrClosed, err)
	}
	return fmt.Errorf("%s: store %s: %w", what, d.name, err)
}

// redact drops the password from a DSN, for messages and logs.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
