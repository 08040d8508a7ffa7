package duckdb

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/callscope/callscope/internal/store"
)

// Calls of more than store.SplitSessions sessions are kept in the
// people index split (store.SplitDetail): a view of a page decompresses
// and decodes the head and the page's chunk. Smaller calls are kept
// whole (bucketDetail), as one read is then cheaper than several.
const splitSessions = store.SplitSessions

var (
	// bucketHeads maps tenant and call id to the compressed head of a
	// split call.
	bucketHeads = []byte("heads")
	// bucketSegments maps tenant, call id and a chunk's number (4 bytes,
	// big-endian) to the compressed JSON array of its sessions' segments
	// (null for a session without).
	bucketSegments = []byte("segments")
)

func segmentKey(ck []byte, chunk int) []byte {
	return binary.BigEndian.AppendUint32(ck[:len(ck):len(ck)], uint32(chunk))
}

// splitOf splits a call's compressed detail z when its split is not at
// hand: the index is being rebuilt from the table; nil when it cannot be
// read as a call, and it is kept, and read, whole.
func splitOf(z []byte) (*store.SplitDetail, error) {
	if sp, framed, err := store.FramedSplit(z); framed {
		if err != nil {
			return nil, fmt.Errorf("people index: %w", err)
		}
		return sp, nil
	}
	full, err := store.DecompressDetail(z)
	if err != nil {
		return nil, fmt.Errorf("people index: %w", err)
	}
	sp, err := store.SplitCanonical(full)
	if err != nil {
		return nil, nil
	}
	return sp, nil
}

// putDetail keeps a call's compressed detail z, whole or split by its
// number of sessions; sp, when given, is its split.
func (b indexBuckets) putDetail(ck, z []byte, sessions int, sp *store.SplitDetail) error {
	if sessions <= splitSessions {
		return b.detail.Put(ck, z)
	}
	if sp == nil {
		var err error
		if sp, err = splitOf(z); err != nil {
			return err
		}
	}
	if sp == nil {
		return b.detail.Put(ck, z)
	}
	if err := b.heads.Put(ck, sp.Head); err != nil {
		return err
	}
	for n, chunk := range sp.Chunks {
		if err := b.segments.Put(segmentKey(ck, n), chunk); err != nil {
			return err
		}
	}
	return nil
}

// removeDetail takes a call's detail out of the index, whichever way it
// was kept. Call keys are prefix-free (appendPart), so the keys that
// start with ck are this call's.
func (b indexBuckets) removeDetail(ck []byte) error {
	for _, bk := range []*bolt.Bucket{b.detail, b.heads} {
		if err := bk.Delete(ck); err != nil {
			return err
		}
	}
	var keys [][]byte
	c := b.segments.Cursor()
	for k, _ := c.Seek(ck); k != nil && bytes.HasPrefix(k, ck); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := b.segments.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// lazyCall reads a call for a view: found is false when the index does
// not have it. A split call's segments are taken compressed, in the one
// read transaction, and decompressed when loaded.
func (ix *peopleIndex) lazyCall(tenant, id string) (lc *store.LazyCall, found bool, err error) {
	var full, head []byte
	segs := map[int][]byte{}
	err = ix.db.View(func(tx *bolt.Tx) error {
		ck := callKeyBytes(tenant, id)
		if z := tx.Bucket(bucketDetail).Get(ck); z != nil {
			// Decompressed inside the transaction: z is the file's
			// mapped memory, valid only until it ends.
			full, err = store.DecompressDetail(z)
			return err
		}
		z := tx.Bucket(bucketHeads).Get(ck)
		if z == nil {
			return nil
		}
		if head, err = store.DecompressDetail(z); err != nil {
			return err
		}
		c := tx.Bucket(bucketSegments).Cursor()
		for k, v := c.Seek(ck); k != nil && bytes.HasPrefix(k, ck); k, v = c.Next() {
			if len(k) != len(ck)+4 {
				return fmt.Errorf("people index: segments key %q", k)
			}
			segs[int(binary.BigEndian.Uint32(k[len(ck):]))] = bytes.Clone(v) // a chunk's number
		}
		return nil
	})
	switch {
	case err != nil:
		return nil, false, err
	case full != nil:
		lc, err := store.DecodeLazyCall(full)
		return lc, err == nil, err
	case head == nil:
		return nil, false, nil
	}
	lc, err = store.SplitLazyCall(head, func(n int) ([]byte, error) {
		z := segs[n]
		delete(segs, n)
		return z, nil
	})
	return lc, err == nil, err
}
