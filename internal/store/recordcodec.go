package store

import (
	_ "embed"
	"fmt"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/callscope/callscope/internal/model"
)

// An ACS log record is about a kilobyte of JSON, most of it property
// names and values every record repeats. Compressed alone, a record
// shrank by a third (1.5×): a frame that small has no history to match
// against. Compressed against a dictionary of typical records, it shrinks
// to a fifth (4.6×), at nearly the same speed (81 against 90 MB/s on one
// core), and the store's records, write-ahead log and checkpoints are
// that much smaller.
//
// recordDict is the canonical JSON of records of every category: one of
// each category from the public documentation's examples, then records
// made by callscope's generator, the commonest categories last, where a
// match costs least. It is frozen: stored records name it by
// recordDictID and cannot be read without the very same bytes
// (TestRecordDictionaryIsFrozen). A better dictionary needs a new id,
// and both kept.
//
//go:embed acsrecords.dict
var recordDict []byte

// recordDictID names recordDict in every frame compressed with it: "CS"
// and 1, above the ids the zstd format reserves.
const recordDictID = 0x43530001

// CompressRecord compresses one small JSON document, an ACS log record,
// with the records' dictionary. DecompressDetail reads it back.
func CompressRecord(b []byte) []byte {
	return recordEncoder().EncodeAll(b, make([]byte, 0, len(b)/3+64))
}

var recordEncoder = sync.OnceValue(func() *zstd.Encoder {
	e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)),
		zstd.WithWindowSize(1<<20), zstd.WithLowerEncoderMem(true), zstd.WithEncoderDictRaw(recordDictID, recordDict))
	if err != nil {
		panic(fmt.Sprintf("zstd record encoder: %v", err)) // only for invalid options
	}
	return e
})

// EncodeACSRecord works out r's canonical JSON and hash, so that the
// store's single writer need not. Compressing is left to the store,
// which does it only for records it writes: compressing every record as
// it was decoded made a second ingest of the same exports a fifth
// slower, for records found unchanged.
func EncodeACSRecord(r *ACSRecord) error {
	if r.Record == nil {
		return fmt.Errorf("encode ACS record %s: no record: %w", r.Key, ErrInvalid)
	}
	b, err := model.MarshalCanonical(r.Record)
	if err != nil {
		return fmt.Errorf("encode ACS record %s: %w", r.Key, err)
	}
	r.Canonical, r.Hash = b, ContentHash(b)
	return nil
}
