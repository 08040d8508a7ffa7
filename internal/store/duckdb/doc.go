// Package duckdb is callscope's embedded store: one DuckDB file, opened by
// one process at a time, needing no server. Importing the package (a blank
// import is enough) registers it with package store for DSNs that are
// plain file paths or start with "duckdb:".
//
// Calls are kept whole as canonical JSON beside the columns that lists and
// filters need, their stream facts flattened into a wide table for
// aggregates, and their people in a lookup table. Beside telemetry it
// keeps what the server needs: API tokens (hashes of their secrets only),
// the audit log, and the store's own settings. All SQL of the store lives
// in this package.
//
// Goroutine safety: a DB may be used from many goroutines. Writers are
// serialized by a mutex, because DuckDB aborts one of two transactions
// that touch the same rows, and a batch that fails halfway is worse than a
// batch that waits. Readers run concurrently with each other and with the
// writer, each seeing the last committed state. Compact, which puts a
// rewritten file in place of the store's, holds writers off for its whole
// run and readers only while it swaps the files: every read pins the
// database handle (DB.pin) for as long as it uses it.
package duckdb
