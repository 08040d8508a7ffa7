package main

import (
	"runtime/debug"
)

// Ingest keeps its memory flat whatever the size of its input and of the
// store: its batches are bounded in bytes, and so are the two heaps it
// has, the engine's and Go's.
const (
	// ingestStoreMemory bounds the embedded engine while ingesting: enough
	// for a batch's writes and for checkpoints.
	ingestStoreMemory = "160MB"
	// ingestGoMemory is Go's soft limit while ingesting, past which the
	// collector works harder rather than letting the heap double. Much
	// lower, and a few large meetings in flight keep it collecting without
	// end (96 MiB made ingest three times slower).
	ingestGoMemory = 192 << 20
)

// boundGoMemory sets Go's soft memory limit for ingesting, unless
// GOMEMLIMIT sets one; the returned function puts the previous one back.
func boundGoMemory(cx *cmdContext) func() {
	if _, ok := cx.lookupEnv("GOMEMLIMIT"); ok {
		return func() {}
	}
	prev := debug.SetMemoryLimit(ingestGoMemory)
	return func() { debug.SetMemoryLimit(prev) }
}
