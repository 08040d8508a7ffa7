package store

import (
	"context"
	"time"
)

// Compactor is implemented by a store whose files can keep what was
// deleted or overwritten — pages the engine freed but did not erase, a
// write-ahead log, old versions of updated rows — and which can rewrite
// them from its live data alone. Retention uses it so that personal data
// it cleared is gone from the disk, not only from what queries return.
//
// Compact rewrites the store's files from the data live when it starts:
// afterwards no file of the store (database, write-ahead log, the
// engine's temporary files) holds a byte of a row deleted, or of a value
// overwritten, before the call. The live data is unchanged: the same
// rows, schema, migrations and settings.
//
// Goroutine safety: every method of the store may be called while
// Compact runs. Writers wait until it is done, since a write made during
// the copy would be lost; readers go on reading the old files, and wait
// only while the new file is swapped in (the time it takes to close and
// reopen the store, once reads in flight are done), seeing the data
// before or after, never a mix. Compactions of one store do not overlap.
//
// Failure: on error the store is left as it was (the files as before
// Compact started) and stays usable, unless the error wraps ErrClosed:
// then the new file could not be opened after the swap and the store
// must be opened again. Compact is idempotent; its cost grows with the
// live data, not with what was deleted, so callers run it after a change
// that removed personal data rather than after every write.
//
// A store that cannot compact (one kept in memory, a server database
// whose files are its administrator's business) returns an error
// wrapping errors.ErrUnsupported, or does not implement Compactor.
type Compactor interface {
	Compact(ctx context.Context) (CompactResult, error)
}

// CompactResult says what a compaction did.
type CompactResult struct {
	// BytesBefore and BytesAfter are the sizes of the store's files
	// (database and write-ahead log) before and after.
	BytesBefore int64 `json:"bytesBefore"`
	BytesAfter  int64 `json:"bytesAfter"`
	// Duration is how long Compact took, all of which writers waited;
	// Swap is the part of it that readers waited for.
	Duration time.Duration `json:"duration"`
	Swap     time.Duration `json:"swap"`
}

// ReaderGranter is implemented by a store that BI tools can read
// directly (a server database): GrantReader lets an existing database
// role read the store's reporting views (calls' summaries, stream facts
// with each end's building, the daily rollups, building files) and
// nothing else of it, so that the role cannot read a personal value
// whatever it asks. Granting twice is harmless.
type ReaderGranter interface {
	GrantReader(ctx context.Context, role string) error
}

// Leader is implemented by a store that several processes may share (a
// server database): Lead makes one process at a time the one that runs a
// background job of the whole installation (the Graph subscriber and
// sweeps, retention, the ACS export reader), and another takes over when
// it stops or dies. A store only one process can open needs none.
type Leader interface {
	// Lead waits until this process leads job, or ctx ends (its error).
	// The context it returns ends when the lead is lost (the database
	// no longer vouches for it, as when the connection holding it broke)
	// or ctx ends; release gives the lead up, and must be called.
	Lead(ctx context.Context, job string) (led context.Context, release func(), err error)
}

// RollupRebuilder is implemented by a store whose dashboard rollups can
// be computed again from its stream facts, for one tenant (every tenant
// when tenant is ""): what a schema change of the rollups needs, and
// what must follow a change made to the facts outside the store's
// writes (a repair by hand, the dashboard benchmark's copies). Its cost
// grows with the tenant's facts; memory does not.
type RollupRebuilder interface {
	RebuildRollups(ctx context.Context, tenant string) error
}
