package duckdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	duckdbdriver "github.com/duckdb/duckdb-go/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/callscope/callscope/internal/store"
)

func init() {
	store.Register(store.EmbeddedPrefix, func(ctx context.Context, dsn string, o store.OpenOptions) (store.Store, error) {
		var opts []Option
		if o.MemoryLimit != "" {
			opts = append(opts, WithMemoryLimit(o.MemoryLimit))
		}
		return Open(ctx, strings.TrimPrefix(dsn, store.EmbeddedPrefix), opts...)
	})
}

// DB is an open embedded store, implementing store.Store. It is safe for
// concurrent use; see the package doc.
type DB struct {
	// db is the engine's connection pool. Compact replaces it, so it is
	// used only under one of the locks below: a read holds handleMu
	// shared (see pin) until its rows are closed; a write holds writeMu,
	// which Compact holds from start to end.
	db   *sql.DB
	name string // the path as the user gave it, for messages
	lock *fileLock
	now  func() time.Time

	// writeMu serializes writers; see the package doc.
	writeMu sync.Mutex
	// handleMu guards db against its swap by Compact, which holds it
	// exclusively only while it closes the old file and opens the new.
	handleMu sync.RWMutex
	// unpin is handleMu.RUnlock, bound once so that pinning allocates
	// nothing on the read path.
	unpin  func()
	closed atomic.Bool

	// memoryLimit bounds the engine's own memory (DuckDB's default is
	// 80 % of the machine's RAM).
	memoryLimit string
	// people is the index of calls by person (peopleindex.go), nil for
	// a store in memory and while it is rebuilt: lists then come from the
	// tables.
	people atomic.Pointer[peopleIndex]

	// plain stores everything uncompressed, by callscope and by the
	// engine, so that a test scanning the file's bytes for personal
	// values is not fooled by compression.
	plain bool
}

var _ store.Store = (*DB)(nil)

// Option changes how Open sets up a store.
type Option func(*DB)

// WithClock sets the clock that stamps stored rows (stored_at), so that
// tests and retention see the times they expect.
func WithClock(now func() time.Time) Option {
	return func(d *DB) { d.now = now }
}

// DefaultMemoryLimit is the embedded engine's memory bound unless
// WithMemoryLimit (or store.OpenOptions) says otherwise; DuckDB's own
// default is 80 % of the machine's RAM. It is enough for dashboard
// queries over a large store, which spill to disk beyond it; ingest asks
// for less.
const DefaultMemoryLimit = "1GB"

// WithMemoryLimit sets the engine's memory bound, in DuckDB's notation
// ("128MB", "1GB").
func WithMemoryLimit(limit string) Option {
	return func(d *DB) { d.memoryLimit = limit }
}

// WithPlainStorage stores everything uncompressed (callscope's own
// compression of call detail and the engine's of columns), for tests that
// scan the store's bytes for values that must be gone.
func WithPlainStorage() Option {
	return func(d *DB) { d.plain = true }
}

// memoryPath opens a store that lives in memory only, for tests and demos.
const memoryPath = ":memory:"

// Open opens the store at path, creating the file if it is missing, and
// brings its schema up to date. When another process holds the file, the
// error wraps store.ErrLocked and names that process. The path ":memory:"
// opens a store that lives in memory until closed.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	if strings.TrimSpace(path) == "" {
		return nil, fmt.Errorf("open store: empty path: %w", store.ErrInvalid)
	}
	if strings.ContainsAny(path, "?") {
		// DuckDB reads what follows '?' as settings.
		return nil, fmt.Errorf("open store %s: a path must not contain '?': %w", path, store.ErrInvalid)
	}
	d := &DB{name: path, now: time.Now, memoryLimit: DefaultMemoryLimit}
	d.unpin = d.handleMu.RUnlock
	for _, o := range opts {
		o(d)
	}
	lock, err := lockInProcess(path)
	if err != nil {
		return nil, err
	}
	d.lock = lock

	db, err := d.connect(ctx)
	if err != nil {
		lock.release()
		if pid, ok := lockHolder(err); ok {
			return nil, &store.LockedError{Path: path, PID: pid, Err: err}
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	d.db = db
	// Holding the engine's lock now, no other process compacts this
	// store: what a compaction cut short left behind can go.
	if err := removeCompactLeftovers(path); err != nil {
		return nil, errors.Join(err, d.Close())
	}
	if err := migrate(ctx, d.db, path, d.now()); err != nil {
		return nil, errors.Join(err, d.Close())
	}
	if err := d.rebuildFactsIfAsked(ctx); err != nil {
		return nil, errors.Join(err, d.Close())
	}
	if err := d.rebuildRollupIfAsked(ctx); err != nil {
		return nil, errors.Join(err, d.Close())
	}
	if err := d.rebuildACSParticipantsIfAsked(ctx); err != nil {
		return nil, errors.Join(err, d.Close())
	}
	if err := d.openPeople(ctx); err != nil {
		return nil, errors.Join(err, d.Close())
	}
	return d, nil
}

// openPeople opens the people index beside the store, building it first
// when it may not match the store's tables.
func (d *DB) openPeople(ctx context.Context) error {
	if d.name == memoryPath {
		return nil
	}
	path := d.name + peopleIndexSuffix
	stamp, err := d.storedStamp(ctx)
	if err != nil {
		return d.wrap("open people index", err)
	}
	ix, fresh, err := openPeopleIndex(path, stamp)
	switch {
	case errors.Is(err, bolt.ErrTimeout):
		return err // another process has it open
	case err != nil:
		// Derived data that cannot be read (overwritten, cut short by a
		// full disk or a copy) is built again, as a missing index is.
		ix, fresh = nil, true
	}
	if fresh {
		if ix != nil {
			if err := ix.close(); err != nil {
				return err
			}
		}
		if ix, err = d.buildPeopleIndex(ctx, path); err != nil {
			return err
		}
	}
	d.people.Store(ix)
	return nil
}

// connect opens the engine on the store's file with the store's
// settings, and checks that it answers: what Open does first, and what
// Compact does again on the file it swapped in.
func (d *DB) connect(ctx context.Context) (*sql.DB, error) {
	dsn := d.name
	if dsn == memoryPath {
		dsn = ""
	}
	// A larger checkpoint threshold than DuckDB's 16 MB: ingest commits a
	// batch at a time, and checkpointing after every few batches made
	// commits the largest cost of ingesting (57 s → 44 s for 10,000 calls).
	settings := "?checkpoint_threshold=256MB&allocator_flush_threshold=8MB&memory_limit=" + d.memoryLimit
	connector, err := duckdbdriver.NewConnector(dsn+settings, func(execer driver.ExecerContext) error {
		if !d.plain {
			return nil
		}
		// Run for every connection the pool opens, long after ctx may be
		// done.
		_, err := execer.ExecContext(context.Background(), "SET force_compression = 'uncompressed'", nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(connector)
	// database/sql keeps two idle connections by default and closes the
	// rest after each burst of concurrent reads, so a busy server would
	// connect and disconnect on most requests; keep a few per core.
	db.SetMaxIdleConns(idleConns())
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return db, nil
}

// pin keeps the database handle from being swapped by Compact until the
// function it returns is called: every read calls it, and defers the
// release until its rows are closed. It waits only while a compaction
// swaps the file in. A read must not pin twice (a read calling another
// read): a swap waiting between the two would deadlock it.
func (d *DB) pin() (release func()) {
	d.handleMu.RLock()
	return d.unpin
}

// idleConns is how many idle connections the pool keeps.
func idleConns() int { return max(8, 4*runtime.GOMAXPROCS(0)) }

// Close checkpoints and closes the database file, releasing it for other
// processes.
func (d *DB) Close() error {
	if d.closed.Swap(true) {
		return nil
	}
	// Wait for a writer in flight, so that it is not cut off mid-batch,
	// and for reads in flight.
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	d.handleMu.Lock()
	defer d.handleMu.Unlock()
	var err error
	if d.db != nil {
		if cerr := d.db.Close(); cerr != nil {
			err = fmt.Errorf("close store %s: %w", d.name, cerr)
		}
	}
	if ix := d.people.Swap(nil); ix != nil {
		if cerr := ix.close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("close store %s: %w", d.name, cerr))
		}
	}
	d.lock.release()
	return err
}

// check returns ErrClosed once the store is closed, so that callers get a
// store error rather than database/sql's.
func (d *DB) check() error {
	if d.closed.Load() {
		return fmt.Errorf("store %s: %w", d.name, store.ErrClosed)
	}
	return nil
}

// wrap adds what failed and the store's name to a database error, and
// marks errors of a store closed meanwhile as ErrClosed.
func (d *DB) wrap(what string, err error) error {
	if errors.Is(err, sql.ErrConnDone) || d.closed.Load() {
		return fmt.Errorf("%s: store %s: %w: %w", what, d.name, store.ErrClosed, err)
	}
	return fmt.Errorf("%s: store %s: %w", what, d.name, err)
}
