package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/go-json-experiment/json/jsontext"
)

// SplitSessions is how many sessions a call may have and still be kept
// whole for views. A town hall's record is megabytes, nearly all of it
// its sessions' segments, and a view shows a page of its sessions: a
// larger call is kept as its head (the record without its sessions'
// segments) and its sessions' segments in chunks of SplitSessions
// sessions, so that a view decompresses and decodes the head and its
// page's chunk, not the megabytes of the rest. A chunk is a page of the
// API's default size; sessions one by one compressed half as well.
const SplitSessions = 20

// SplitDetail is a large call's canonical JSON, split and compressed as
// DecompressDetail reads it: Head is the call with every session's
// segments null, and each of Chunks the JSON array of SplitSessions
// sessions' segments (null for a session without), in session order.
type SplitDetail struct {
	Head   []byte
	Chunks [][]byte
}

// SplitCanonical splits a call's canonical JSON when it has more than
// SplitSessions sessions, and returns nil otherwise. It reads the bytes
// as tokens and cuts them, without decoding the call or encoding it
// again: splitting is on ingest's path, for every large meeting.
func SplitCanonical(b []byte) (*SplitDetail, error) {
	segs, err := sessionSegments(b)
	if err != nil || len(segs) <= SplitSessions {
		return nil, err
	}
	head := make([]byte, 0, len(b)/8)
	at := 0
	for _, s := range segs {
		if s.end > s.start {
			head = append(head, b[at:s.start]...)
			head = append(head, "null"...)
			at = s.end
		}
	}
	head = append(head, b[at:]...)
	sp := &SplitDetail{Head: CompressDetail(head)}
	chunk := make([]byte, 0, 64<<10)
	for first := 0; first < len(segs); first += SplitSessions {
		chunk = append(chunk[:0], '[')
		for i := first; i < min(first+SplitSessions, len(segs)); i++ {
			if i > first {
				chunk = append(chunk, ',')
			}
			if s := segs[i]; s.end > s.start {
				chunk = append(chunk, b[s.start:s.end]...)
			} else {
				chunk = append(chunk, "null"...)
			}
		}
		sp.Chunks = append(sp.Chunks, CompressDetail(append(chunk, ']')))
	}
	return sp, nil
}

// span is where a session's segments are in the call's JSON; empty for a
// session without segments.
type span struct{ start, end int }

var errNotCall = errors.New("split call: not a call's JSON object")

// sessionSegments finds every session of the call's JSON and, for each,
// where its "segments" value is.
func sessionSegments(b []byte) ([]span, error) {
	dec := jsontext.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil, errNotCall
	}
	var segs []span
	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return nil, err
		}
		if name.String() != "sessions" || dec.PeekKind() != '[' {
			if err := dec.SkipValue(); err != nil {
				return nil, err
			}
			continue
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
		for dec.PeekKind() != ']' {
			s, err := segmentsOf(dec)
			if err != nil {
				return nil, err
			}
			segs = append(segs, s)
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return nil, err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return nil, errNotCall
	}
	return segs, nil
}

// segmentsOf reads one session and returns where its segments are.
func segmentsOf(dec *jsontext.Decoder) (span, error) {
	if dec.PeekKind() != '{' {
		return span{}, dec.SkipValue() // null
	}
	if _, err := dec.ReadToken(); err != nil {
		return span{}, err
	}
	var s span
	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return span{}, err
		}
		if name.String() == "segments" {
			v, err := dec.ReadValue()
			if err != nil {
				return span{}, err
			}
			end := int(dec.InputOffset())
			s = span{end - len(v), end}
			continue
		}
		if err := dec.SkipValue(); err != nil {
			return span{}, err
		}
	}
	_, err := dec.ReadToken()
	return s, err
}

// A large call's detail (EncodedCall.Detail) is its split itself, framed
// (Framed): the head and chunks are compressed once, for the views and
// for the record alike, rather than the whole record compressed again
// beside them. DecompressDetail puts the record back together.

// splitMagic starts a framed split. No zstd frame starts so (zstd frames
// start with 28 b5 2f fd, skippable ones with 5? 2a 4d 18), so a detail
// is told from an older store's plain compressed one by its first bytes.
var splitMagic = []byte("\xffcsp")

// Framed is the split as one value: splitMagic, the number of chunks and
// the length of the head and of each chunk (uvarints), then the head and
// the chunks.
func (sp *SplitDetail) Framed() []byte {
	size := len(splitMagic) + binary.MaxVarintLen64*(2+len(sp.Chunks)) + len(sp.Head)
	for _, c := range sp.Chunks {
		size += len(c)
	}
	b := make([]byte, 0, size)
	b = append(b, splitMagic...)
	b = binary.AppendUvarint(b, uint64(len(sp.Chunks)))
	b = binary.AppendUvarint(b, uint64(len(sp.Head)))
	for _, c := range sp.Chunks {
		b = binary.AppendUvarint(b, uint64(len(c)))
	}
	b = append(b, sp.Head...)
	for _, c := range sp.Chunks {
		b = append(b, c...)
	}
	return b
}

var errFramedSplit = errors.New("split call: damaged frame")

// FramedSplit reads what Framed wrote; false for a detail that is not a
// framed split (a small call's, or one stored before splits were framed).
// The parts share z's bytes.
func FramedSplit(z []byte) (*SplitDetail, bool, error) {
	if !bytes.HasPrefix(z, splitMagic) {
		return nil, false, nil
	}
	rest := z[len(splitMagic):]
	next := func() (int, error) {
		n, size := binary.Uvarint(rest)
		if size <= 0 || n > uint64(len(z)) {
			return 0, errFramedSplit
		}
		rest = rest[size:]
		return int(n), nil
	}
	chunks, err := next()
	if err != nil {
		return nil, true, err
	}
	lens := make([]int, 0, min(chunks, len(rest))+1)
	for range chunks + 1 {
		n, err := next()
		if err != nil {
			return nil, true, err
		}
		lens = append(lens, n)
	}
	part := func(n int) ([]byte, error) {
		if n > len(rest) {
			return nil, errFramedSplit
		}
		p := rest[:n:n]
		rest = rest[n:]
		return p, nil
	}
	sp := &SplitDetail{Chunks: make([][]byte, chunks)}
	if sp.Head, err = part(lens[0]); err != nil {
		return nil, true, err
	}
	for i := range sp.Chunks {
		if sp.Chunks[i], err = part(lens[i+1]); err != nil {
			return nil, true, err
		}
	}
	if len(rest) != 0 {
		return nil, true, errFramedSplit
	}
	return sp, true, nil
}

// join puts the call's canonical JSON back together: each session's
// segments, null in the head, taken from its chunk.
func (sp *SplitDetail) join() ([]byte, error) {
	head, err := zstdDecoder().DecodeAll(sp.Head, nil)
	if err != nil {
		return nil, fmt.Errorf("split call: head: %w", err)
	}
	spans, err := sessionSegments(head)
	if err != nil {
		return nil, fmt.Errorf("split call: head: %w", err)
	}
	if want := (len(spans) + SplitSessions - 1) / SplitSessions; len(sp.Chunks) != want {
		return nil, fmt.Errorf("split call: %d chunks for %d sessions", len(sp.Chunks), len(spans))
	}
	out := make([]byte, 0, 8*len(head))
	at, i := 0, 0
	var raw []byte
	for n, z := range sp.Chunks {
		if raw, err = zstdDecoder().DecodeAll(z, raw[:0]); err != nil {
			return nil, fmt.Errorf("split call: chunk %d: %w", n, err)
		}
		err := eachElement(raw, func(v []byte) error {
			if i >= len(spans) || i >= (n+1)*SplitSessions {
				return errFramedSplit
			}
			if s := spans[i]; s.end > s.start {
				out = append(append(out, head[at:s.start]...), v...)
				at = s.end
			}
			i++
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("split call: chunk %d: %w", n, err)
		}
		if n < len(sp.Chunks)-1 && i != (n+1)*SplitSessions {
			return nil, fmt.Errorf("split call: chunk %d: segments for %d sessions, not %d", n, i-n*SplitSessions, SplitSessions)
		}
	}
	if i != len(spans) {
		return nil, fmt.Errorf("split call: segments for %d of %d sessions", i, len(spans))
	}
	return append(out, head[at:]...), nil
}

// eachElement calls fn with each element of the JSON array b.
func eachElement(b []byte, fn func(v []byte) error) error {
	dec := jsontext.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '[' {
		return errFramedSplit
	}
	for dec.PeekKind() != ']' {
		v, err := dec.ReadValue()
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		return errFramedSplit
	}
	return nil
}
