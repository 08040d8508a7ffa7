package duckdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/store"
)

var _ store.Compactor = (*DB)(nil)

// DuckDB neither erases the pages it frees nor shrinks its file: after a
// delete or an update, the old bytes stay in freed blocks until they
// happen to be reused, and CHECKPOINT and VACUUM leave them there (a
// byte scan after either still finds every personal value retention
// cleared). The only way to be rid of them is the one DuckDB documents
// for reclaiming space: copy the live data into a fresh file
// (COPY FROM DATABASE, which takes tables, indexes, sequences with their
// current values, and macros) and put that file in place of the old.

// compactMarker is what a compaction's files are called beside the store
// while it runs: <store>.compact-<random>, the new file, and the old file
// and the engine's old spill folder on their way out.
const compactMarker = ".compact-"

// Compact implements store.Compactor: it checkpoints, copies the live
// data into a new file beside the store, and swaps that file in.
// Writers wait for the whole of it; readers only for the swap. The copy
// runs within the engine's memory limit, spilling to its temporary
// folder beyond it, so memory does not grow with the store.
func (d *DB) Compact(ctx context.Context) (store.CompactResult, error) {
	var res store.CompactResult
	if err := d.check(); err != nil {
		return res, err
	}
	if d.name == memoryPath {
		return res, fmt.Errorf("compact store %s: a store in memory has no files: %w", d.name, errors.ErrUnsupported)
	}
	start := time.Now()
	// A write committed after the copy started would be lost with the old
	// file, so writers wait from here to the end.
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	if err := d.check(); err != nil {
		return res, err
	}
	// What an earlier compaction failed to remove goes first; holding
	// writeMu, no other compaction of this store is running.
	if err := removeCompactLeftovers(d.name); err != nil {
		return res, err
	}
	path, err := d.realPath()
	if err != nil {
		return res, err
	}
	res.BytesBefore = filesSize(path, d.walPath())
	// Emptying the log now, with readers still reading, keeps the swap
	// short: closing the engine then has nothing left to write.
	if _, err := d.db.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return res, d.wrap("compact: checkpoint", err)
	}
	suffix := make([]byte, 8)
	if _, err := rand.Read(suffix); err != nil {
		return res, fmt.Errorf("compact store %s: name the new file: %w", d.name, err)
	}
	f := compactFiles{
		fresh: path + compactMarker + hex.EncodeToString(suffix),
		spill: d.name + compactMarker + hex.EncodeToString(suffix) + ".tmp",
	}
	f.old = f.fresh + ".old"
	if err := d.copyLive(ctx, f.fresh, "compact_"+hex.EncodeToString(suffix)); err != nil {
		return res, errors.Join(d.wrap("compact", err), removeDatabaseFiles(f.fresh))
	}
	swapped := time.Now()
	if err := d.swap(f, path); err != nil {
		return res, errors.Join(err, removeDatabaseFiles(f.fresh), f.removeOld())
	}
	res.Swap = time.Since(swapped)
	// The people index holds identifiers too: built anew from the live
	// data, its old file, free pages and all, is gone. Lists come from the
	// tables meanwhile.
	if err := d.rebuildPeople(ctx); err != nil {
		return res, fmt.Errorf("compact store %s: %w", d.name, err)
	}
	// Out of the swap, so that readers do not wait for it: freeing a file
	// of gigabytes takes seconds.
	if err := f.removeOld(); err != nil {
		return res, fmt.Errorf("compact store %s: the new file is in place, but the old one is still there: %w", d.name, err)
	}
	res.BytesAfter = filesSize(path, d.walPath())
	res.Duration = time.Since(start)
	return res, nil
}

// rebuildPeople builds the people index again from the store's tables.
// The caller holds writeMu.
func (d *DB) rebuildPeople(ctx context.Context) error {
	if ix := d.people.Swap(nil); ix != nil {
		if err := ix.close(); err != nil {
			return err
		}
	}
	ix, err := d.buildPeopleIndex(ctx, d.name+peopleIndexSuffix)
	if err != nil {
		return err
	}
	d.people.Store(ix)
	return nil
}

// compactFiles are the names one compaction uses beside the store.
type compactFiles struct {
	fresh string // the new file, while it is written
	old   string // a link to the old file, from the swap until it is removed
	spill string // the old engine's temporary folder, likewise
}

// removeOld removes the old file's link and the old spill folder.
func (f compactFiles) removeOld() error {
	var errs []error
	if err := os.Remove(f.old); err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, err)
	}
	if err := os.RemoveAll(f.spill); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// realPath is the store's file with symbolic links resolved: the new file
// must replace the file itself, not a link to it, which would leave the
// old file, and all it holds, where the link pointed.
func (d *DB) realPath() (string, error) {
	p, err := filepath.EvalSymlinks(d.name)
	if err != nil {
		return "", fmt.Errorf("compact store %s: %w", d.name, err)
	}
	return p, nil
}

// walPath is where the engine keeps the store's write-ahead log: beside
// the path it was opened with.
func (d *DB) walPath() string { return d.name + ".wal" }

// copyLive writes the live data of the store into a new file, fresh,
// attached to the engine as alias meanwhile, complete and synced to
// disk. On error the caller removes fresh.
func (d *DB) copyLive(ctx context.Context, fresh, alias string) error {
	switch _, err := os.Lstat(fresh); {
	case err == nil:
		return fmt.Errorf("new file %s exists already", fresh)
	case !errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("new file %s: %w", fresh, err)
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var current string
	if err := conn.QueryRowContext(ctx, "SELECT current_database()").Scan(&current); err != nil {
		return fmt.Errorf("name of the store's database: %w", err)
	}
	lit, ok := sqlLiteral(fresh)
	if !ok {
		return fmt.Errorf("new file %q: cannot be written in SQL", fresh)
	}
	// One thread copies a 4.6 GB store in half the time two take (48 s
	// against 100 s), and in the same memory: under the memory limit,
	// each thread's row groups spill. The setting is the engine's, not
	// the connection's, so readers run on one thread meanwhile too; the
	// swap opens a new engine, with the default, and a failed copy puts
	// it back.
	if _, err := conn.ExecContext(ctx, "SET threads = 1"); err != nil {
		return fmt.Errorf("copy on one thread: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "ATTACH "+lit+" AS "+quoteIdent(alias)); err != nil {
		return errors.Join(fmt.Errorf("create %s: %w", fresh, err), resetThreads(conn))
	}
	steps := []string{
		"COPY FROM DATABASE " + quoteIdent(current) + " TO " + quoteIdent(alias),
		// Checkpointed explicitly so that a failure shows here, rather
		// than being lost in DETACH; afterwards the new file has no log.
		"CHECKPOINT " + quoteIdent(alias),
	}
	for _, q := range steps {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			// The new file is given up; detach it so that it can go.
			_, derr := conn.ExecContext(context.Background(), "DETACH "+quoteIdent(alias))
			return errors.Join(fmt.Errorf("copy into %s: %w", fresh, err), derr, resetThreads(conn))
		}
	}
	if _, err := conn.ExecContext(ctx, "DETACH "+quoteIdent(alias)); err != nil {
		return errors.Join(fmt.Errorf("close %s: %w", fresh, err), resetThreads(conn))
	}
	switch _, err := os.Stat(fresh + ".wal"); {
	case err == nil:
		return errors.Join(fmt.Errorf("new file %s: its write-ahead log is still there after a checkpoint", fresh), resetThreads(conn))
	case !errors.Is(err, os.ErrNotExist):
		return errors.Join(fmt.Errorf("new file %s: %w", fresh, err), resetThreads(conn))
	}
	if err := syncFile(fresh); err != nil {
		return errors.Join(err, resetThreads(conn))
	}
	return nil
}

// resetThreads gives the engine back the threads copyLive took from it.
func resetThreads(conn *sql.Conn) error {
	if _, err := conn.ExecContext(context.Background(), "RESET threads"); err != nil {
		return fmt.Errorf("reset the engine's threads: %w", err)
	}
	return nil
}

// swap puts f.fresh in place of the store's file at path: it waits for
// reads in flight, closes the engine (the log is empty, so nothing is
// written), renames the new file over the old and opens it. The old file
// stays linked as f.old, and the old spill folder is moved to f.spill,
// for the caller to remove once readers are back. Until the rename the
// old file is intact; if anything fails before it, the old file is
// opened again and the store goes on as before.
func (d *DB) swap(f compactFiles, path string) error {
	d.handleMu.Lock()
	defer d.handleMu.Unlock()
	// The swap runs to its end whatever happens to the caller's context:
	// a store left closed halfway would serve nobody.
	ctx := context.Background()
	if err := d.db.Close(); err != nil {
		return d.reopenAfter(ctx, fmt.Errorf("compact store %s: close the old file: %w", d.name, err))
	}
	// The engine checkpointed on close, which empties and removes its log.
	// A log left with content would be replayed into the new file, which
	// does not hold what it describes: give up instead.
	if fi, err := os.Stat(d.walPath()); err == nil && fi.Size() > 0 {
		return d.reopenAfter(ctx, fmt.Errorf("compact store %s: the write-ahead log still holds %d bytes after closing", d.name, fi.Size()))
	} else if err == nil {
		if err := os.Remove(d.walPath()); err != nil {
			return d.reopenAfter(ctx, fmt.Errorf("compact store %s: %w", d.name, err))
		}
	}
	// Spill files of the old engine may hold rows it sorted or copied;
	// none is in use now that it is closed. Moved aside rather than
	// removed here, like the old file below, to keep the swap short.
	if err := os.Rename(d.name+".tmp", f.spill); err != nil && !errors.Is(err, os.ErrNotExist) {
		if err := os.RemoveAll(d.name + ".tmp"); err != nil {
			return d.reopenAfter(ctx, fmt.Errorf("compact store %s: remove the engine's temporary files: %w", d.name, err))
		}
	}
	// A link keeps the old file's blocks from being freed by the rename,
	// which would take seconds for a large store; where links cannot be
	// made the rename frees them, and readers wait that much longer.
	_ = os.Link(path, f.old)
	if err := os.Rename(f.fresh, path); err != nil {
		return d.reopenAfter(ctx, fmt.Errorf("compact store %s: put the new file in place: %w", d.name, err))
	}
	// From here the new file is the store; a failure to open it leaves
	// the store closed, but its data safe on disk.
	syncErr := syncDir(filepath.Dir(path))
	db, err := d.connect(ctx)
	if err != nil {
		d.closed.Store(true)
		d.lock.release()
		return fmt.Errorf("compact store %s: open the new file: %w: %w", d.name, store.ErrClosed, errors.Join(err, syncErr))
	}
	d.db = db
	if syncErr != nil {
		return fmt.Errorf("compact store %s: the new file is in place, but %w", d.name, syncErr)
	}
	return nil
}

// reopenAfter opens the store's file again after a swap gave up before
// the rename, and returns failed with whatever reopening added.
func (d *DB) reopenAfter(ctx context.Context, failed error) error {
	db, err := d.connect(ctx)
	if err != nil {
		d.closed.Store(true)
		d.lock.release()
		return fmt.Errorf("%w; opening the old file again failed too, the store is closed: %w: %w", failed, store.ErrClosed, err)
	}
	d.db = db
	return failed
}

// removeCompactLeftovers removes what a compaction cut short (a crash,
// a kill, a failure to remove) left beside the store at path — a new
// file never swapped in, an old file or spill folder on its way out —
// all of which hold the personal data of their day. They lie beside the
// file itself, or, for the spill folder, beside the path as given when
// that is a link.
func removeCompactLeftovers(path string) error {
	if path == memoryPath {
		return nil
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("store %s: %w", path, err)
	}
	var errs []error
	for _, p := range []string{path, real} {
		dir, base := filepath.Split(p)
		dir = filepath.Clean(dir)
		entries, err := os.ReadDir(dir)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), base+compactMarker) {
				if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
					errs = append(errs, err)
				}
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store %s: remove what a compaction left: %w", path, err)
	}
	return nil
}

// removeDatabaseFiles removes a database file and its log, if there.
func removeDatabaseFiles(path string) error {
	if path == "" {
		return nil
	}
	var errs []error
	for _, p := range []string{path, path + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// filesSize is the total size of the files that exist among paths.
func filesSize(paths ...string) int64 {
	var n int64
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return f.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}

// quoteIdent writes name as a quoted SQL identifier.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
