package duckdb

import (
	"fmt"

	"github.com/callscope/callscope/internal/store"
)

// A call's canonical JSON is most of what the store holds: tens of KB for
// a call, megabytes for a large meeting, and repetitive (the same keys in
// every stream). It is stored as store.EncodedCall compresses it (zstd,
// about a tenth of the size), which also cuts what a commit writes to the
// write-ahead log and what a read takes from disk; calls stored before
// schema version 9, and every call of a plain store (WithPlainStorage),
// keep it as text in the detail column.

// detailJSON returns the canonical JSON of a stored call from its detail
// and detail_zstd columns, whichever holds it.
func detailJSON(detail, z []byte) ([]byte, error) {
	if len(z) == 0 {
		return detail, nil
	}
	b, err := store.DecompressDetail(z)
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	return b, nil
}
