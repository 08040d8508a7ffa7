package acsblob

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// maxHeld bounds the unfinished line a completeLines holds back: ingest
// rejects longer lines anyway, and memory must not follow a broken blob.
// A variable so that tests need not hold that much.
var maxHeld = 256 << 20

// tailSize is how many bytes before a blob's offset are remembered, to
// recognise a blob rewritten with other content at least as long.
const tailSize = 64

var bom = []byte{0xEF, 0xBB, 0xBF}

// completeLines passes on the bytes of src up to its last newline and
// holds back what follows it: the line Azure Monitor may still be
// appending to. It streams; what it holds is at most one line. It counts
// what it passed on, so that the blob's offset and line count follow.
type completeLines struct {
	src io.Reader
	// final says the blob is settled: a last line without a newline is
	// passed on too when it is a whole JSON value.
	final bool
	// skipBOM drops a byte-order mark at the very start of a blob, as
	// ingest does for a file.
	skipBOM bool

	buf   []byte // read from src, not yet passed on
	ready int    // bytes of buf up to and including its last newline
	err   error  // src's error; io.EOF at its end

	consumed     int64  // bytes of src passed on or dropped
	lines        int    // newlines passed on
	unterminated bool   // the last thing passed on was a line without newline
	tookLast     bool   // buf holds a settled last line being passed on
	tail         []byte // the last tailSize bytes passed on
}

func newCompleteLines(src io.Reader, tail []byte) *completeLines {
	return &completeLines{src: src, buf: make([]byte, 0, 64<<10), tail: append(make([]byte, 0, tailSize), tail...)}
}

func (c *completeLines) Read(p []byte) (int, error) {
	for c.ready == 0 {
		if c.err != nil {
			if c.final && c.takeLast() {
				break
			}
			return 0, io.EOF // the rest is an unfinished line: next time
		}
		c.fill()
	}
	n := copy(p, c.buf[:c.ready])
	c.pass(p[:n])
	c.buf = c.buf[:copy(c.buf, c.buf[n:])]
	c.ready -= n
	if c.ready == 0 && c.tookLast {
		c.tookLast = false
		c.lines++ // a settled last line counts as a line
		c.unterminated = true
	}
	return n, nil
}

// fill reads more of src, growing buf only while no newline is in it.
func (c *completeLines) fill() {
	if len(c.buf) >= maxHeld {
		c.err = fmt.Errorf("a line longer than %d MiB", maxHeld>>20)
		return
	}
	if len(c.buf) == cap(c.buf) {
		c.buf = append(c.buf, make([]byte, cap(c.buf))...)[:len(c.buf)]
	}
	start := len(c.buf)
	n, err := c.src.Read(c.buf[start:cap(c.buf)])
	c.buf = c.buf[:start+n]
	if c.skipBOM && len(c.buf) >= len(bom) {
		c.skipBOM = false
		if bytes.HasPrefix(c.buf, bom) {
			c.buf = c.buf[:copy(c.buf, c.buf[len(bom):])]
			c.consumed += int64(len(bom))
			start = 0
		}
	}
	if i := bytes.LastIndexByte(c.buf[start:], '\n'); i >= 0 {
		c.ready = start + i + 1
	}
	if err != nil {
		c.err = err
	}
}

// takeLast makes a settled blob's last line, written without a newline,
// ready when it is whole; a broken one stays unread.
func (c *completeLines) takeLast() bool {
	if !errors.Is(c.err, io.EOF) || len(bytes.TrimSpace(c.buf)) == 0 || !json.Valid(c.buf) {
		return false
	}
	c.ready = len(c.buf)
	c.tookLast = true
	return true
}

func (c *completeLines) pass(b []byte) {
	c.consumed += int64(len(b))
	c.lines += bytes.Count(b, []byte{'\n'})
	c.unterminated = false
	// In place, so that passing a blob allocates nothing per read.
	if len(b) >= tailSize {
		c.tail = append(c.tail[:0], b[len(b)-tailSize:]...)
		return
	}
	keep := min(len(c.tail), tailSize-len(b))
	c.tail = append(c.tail[:0], c.tail[len(c.tail)-keep:]...)
	c.tail = append(c.tail, b...)
}

// failure is src's error other than its end: the blob was read only up
// to consumed.
func (c *completeLines) failure() error {
	if c.err == nil || errors.Is(c.err, io.EOF) {
		return nil
	}
	return c.err
}
