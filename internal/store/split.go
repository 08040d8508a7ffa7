package store

import (
	"bytes"
	"errors"
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
