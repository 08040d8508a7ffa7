package duckdb

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// A call's list entry in the people index is written in a binary form of
// its own: a user's list reads dozens of entries per request, and
// decoding them from JSON was a quarter of the CPU of answering a list.
// The form is versioned by peopleIndexVersion.

const (
	entryHasStart = 1 << iota
	entryHasEnd
	entryPartial
)

// appendEntry appends le's binary form to b (le.Idents aside, which the
// index keeps apart).
func appendEntry(b []byte, le *listEntry) []byte {
	var flags byte
	if le.Start != nil {
		flags |= entryHasStart
	}
	if le.End != nil {
		flags |= entryHasEnd
	}
	if le.Partial {
		flags |= entryPartial
	}
	b = append(b, flags)
	b = binary.AppendVarint(b, le.Version)
	if le.Start != nil {
		b = binary.AppendVarint(b, le.Start.UnixMicro())
	}
	if le.End != nil {
		b = binary.AppendVarint(b, le.End.UnixMicro())
	}
	for _, s := range []string{string(le.Source), le.Type, string(le.Rating), le.Rules} {
		b = appendPart(b, s)
	}
	// 0 for no list, as opposed to an empty one: the tables tell them
	// apart, and so must the index.
	if le.Modalities == nil {
		b = binary.AppendUvarint(b, 0)
	} else {
		b = binary.AppendUvarint(b, uint64(len(le.Modalities))+1)
		for _, m := range le.Modalities {
			b = appendPart(b, m)
		}
	}
	for _, n := range []int{le.Sessions, le.Streams, le.Participants, le.RedIssues, le.YellowIssues} {
		b = binary.AppendVarint(b, int64(n))
	}
	return b
}

var errBadEntry = errors.New("people index: entry cut short or damaged")

// entryReader reads an entry's binary form; the first fault sticks.
type entryReader struct {
	b   []byte
	bad bool
}

// next reads one value with read (binary.Varint or binary.Uvarint).
func next[T int64 | uint64](r *entryReader, read func([]byte) (T, int)) T {
	v, n := read(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *entryReader) varint() int64   { return next(r, binary.Varint) }
func (r *entryReader) uvarint() uint64 { return next(r, binary.Uvarint) }

// str copies a part out: the bytes are the index file's mapped memory.
func (r *entryReader) str() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.bad, r.b = true, nil
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *entryReader) micros() *time.Time {
	t := time.UnixMicro(r.varint()).UTC()
	return &t
}

// decodeEntry reads an entry that appendEntry wrote.
func decodeEntry(raw []byte) (listEntry, error) {
	var le listEntry
	if len(raw) == 0 {
		return le, errBadEntry
	}
	flags := raw[0]
	if flags&^(entryHasStart|entryHasEnd|entryPartial) != 0 {
		return le, errBadEntry
	}
	r := entryReader{b: raw[1:]}
	le.Version = r.varint()
	if flags&entryHasStart != 0 {
		le.Start = r.micros()
	}
	if flags&entryHasEnd != 0 {
		le.End = r.micros()
	}
	le.Partial = flags&entryPartial != 0
	le.Source, le.Type, le.Rating, le.Rules = model.Source(r.str()), r.str(), model.Rating(r.str()), r.str()
	if n := r.uvarint(); n > 0 {
		if n-1 > uint64(len(r.b)) { // each modality takes a byte at least
			return le, errBadEntry
		}
		le.Modalities = make([]string, n-1)
		for i := range le.Modalities {
			le.Modalities[i] = r.str()
		}
	}
	ints := []*int{&le.Sessions, &le.Streams, &le.Participants, &le.RedIssues, &le.YellowIssues}
	for _, p := range ints {
		*p = int(r.varint())
	}
	if r.bad || len(r.b) != 0 {
		return le, errBadEntry
	}
	return le, nil
}

// ownBytes is the value of a person's key: their own verdict (nil when
// not known), as decodeOwn reads it.
func (le *listEntry) ownBytes(ident string) []byte {
	v, ok := le.Own[ident]
	if !ok {
		return nil
	}
	b := binary.AppendUvarint(nil, uint64(v.Sessions))
	b = appendPart(b, string(v.Rating))
	b = binary.AppendUvarint(b, uint64(v.RedIssues))
	return binary.AppendUvarint(b, uint64(v.YellowIssues))
}

// decodeOwn reads ownBytes; false for an empty or damaged value, which
// lists show as not known.
func decodeOwn(b []byte) (model.OwnVerdict, bool) {
	if len(b) == 0 {
		return model.OwnVerdict{}, false
	}
	r := entryReader{b: b}
	v := model.OwnVerdict{Sessions: int(r.uvarint()), Rating: model.Rating(r.str()), RedIssues: int(r.uvarint()), YellowIssues: int(r.uvarint())}
	if r.bad || len(r.b) != 0 {
		return model.OwnVerdict{}, false
	}
	return v, true
}

// ownSessions is the sessions of an own verdict's value, -1 for none.
func ownSessions(b []byte) int {
	if v, ok := decodeOwn(b); ok {
		return v.Sessions
	}
	return -1
}
