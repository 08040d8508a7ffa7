package duckdb

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/callscope/callscope/internal/store"
)

// A town hall's record is megabytes, nearly all of it its sessions'
// segments, and a view shows a page of its sessions. In the people index
// a call of more than splitSessions sessions is kept as a head (the
// record without its sessions' segments) and each session's segments
// apart, all compressed: a view decompresses and decodes the head and
// its page's segments, not the megabytes of the rest. Smaller calls are
// kept whole (bucketDetail), as one read is then cheaper than several.
const splitSessions = 20

var (
	// bucketHeads maps tenant and call id to the compressed head of a
	// split call.
	bucketHeads = []byte("heads")
	// bucketSegments maps tenant, call id and a session's index (4 bytes,
	// big-endian) to the compressed JSON of that session's segments.
	bucketSegments = []byte("segments")
)

func segmentKey(ck []byte, session int) []byte {
	return binary.BigEndian.AppendUint32(ck[:len(ck):len(ck)], uint32(session))
}

// putDetail keeps a call's compressed detail z, whole or split by its
// number of sessions.
func (b indexBuckets) putDetail(ck, z []byte, sessions int) error {
	if sessions <= splitSessions {
		return b.detail.Put(ck, z)
	}
	full, err := store.DecompressDetail(z)
	if err != nil {
		return fmt.Errorf("people index: %w", err)
	}
	c, raw, err := splitCall(full)
	if err != nil {
		// Not for the fast engine: kept whole, and read whole.
		return b.detail.Put(ck, z)
	}
	head, err := json.Marshal(c) // the sessions' segments are nil
	if err != nil {
		return err
	}
	if err := b.heads.Put(ck, store.CompressDetail(head)); err != nil {
		return err
	}
	for i, r := range raw {
		if r == nil {
			continue
		}
		if err := b.segments.Put(segmentKey(ck, i), store.CompressDetail(r)); err != nil {
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
			segs[int(binary.BigEndian.Uint32(k[len(ck):]))] = bytes.Clone(v)
		}
		return nil
	})
	switch {
	case err != nil:
		return nil, false, err
	case full != nil:
		lc, err := decodeLazyCall(full)
		return lc, err == nil, err
	case head == nil:
		return nil, false, nil
	}
	c, err := decodeCall(head)
	if err != nil {
		return nil, false, err
	}
	return &store.LazyCall{Call: c, Load: func(sessions []int) error {
		for _, i := range sessions {
			z, ok := segs[i]
			if !ok || i < 0 || i >= len(c.Sessions) {
				continue
			}
			raw, err := store.DecompressDetail(z)
			if err != nil {
				return fmt.Errorf("call %s: session %d: %w", id, i, err)
			}
			if err := decodeSegments(c, i, raw); err != nil {
				return err
			}
			delete(segs, i)
		}
		return nil
	}}, true, nil
}
