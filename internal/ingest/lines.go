package ingest

import (
	"io"
	"sort"
)

// lineTracker counts lines in the bytes a JSON decoder reads, so that an
// element found at a byte offset can be reported by line. It keeps only
// the newline offsets past the last mark: memory follows the size of the
// element being decoded, not of the file.
type lineTracker struct {
	r io.Reader
	// limit bounds the bytes read past mark: a record larger than that
	// ends the reading of the file rather than being held in memory.
	limit     int64
	offset    int64   // bytes read from r so far
	newlines  []int64 // offsets of '\n' at or after mark
	linesDone int     // newlines before mark
	mark      int64
}

func (t *lineTracker) Read(p []byte) (int, error) {
	if t.limit > 0 && t.offset-t.mark > t.limit+min(t.limit, bufSlack) {
		return 0, &tooLargeError{size: t.offset - t.mark, limit: int(t.limit)}
	}
	n, err := t.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			t.newlines = append(t.newlines, t.offset+int64(i))
		}
	}
	t.offset += int64(n)
	return n, err
}

// bufSlack bounds what the JSON decoder may read ahead of the value it is
// decoding, beyond the limit (at most the limit itself).
const bufSlack = 1 << 20

// Mark forgets newline positions before off: no later query asks about
// an earlier offset.
func (t *lineTracker) Mark(off int64) {
	if off <= t.mark {
		return
	}
	i := sort.Search(len(t.newlines), func(i int) bool { return t.newlines[i] >= off })
	t.linesDone += i
	t.newlines = append(t.newlines[:0], t.newlines[i:]...)
	t.mark = off
}

// LineAt returns the 1-based line of byte offset off (off ≥ the last mark).
func (t *lineTracker) LineAt(off int64) int {
	i := sort.Search(len(t.newlines), func(i int) bool { return t.newlines[i] >= off })
	return t.linesDone + i + 1
}
