package acsblob

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// readLinesOf passes in through a completeLines, in chunks of one byte
// when slow, and returns what came out and the reader.
func readLinesOf(t *testing.T, in string, final, slow bool) (string, *completeLines) {
	t.Helper()
	var src io.Reader = strings.NewReader(in)
	if slow {
		src = iotest.OneByteReader(src)
	}
	c := newCompleteLines(src, nil)
	c.final, c.skipBOM = final, true
	out, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("%q: %v", in, err)
	}
	return string(out), c
}

func TestCompleteLines(t *testing.T) {
	f := func(in string, final bool, want string, lines int, unterminated bool) {
		t.Helper()
		for _, slow := range []bool{false, true} {
			got, c := readLinesOf(t, in, final, slow)
			if got != want || c.lines != lines || c.unterminated != unterminated {
				t.Errorf("%q final=%v slow=%v: got %q, %d lines, unterminated %v; want %q, %d, %v",
					in, final, slow, got, c.lines, c.unterminated, want, lines, unterminated)
			}
			consumed := int64(len(want))
			if strings.HasPrefix(in, "\ufeff") {
				consumed += 3
			}
			if c.consumed != consumed {
				t.Errorf("%q: consumed %d, want %d", in, c.consumed, consumed)
			}
			tail := want[max(len(want)-tailSize, 0):]
			if string(c.tail) != tail {
				t.Errorf("%q: tail %q, want %q", in, c.tail, tail)
			}
		}
	}
	f("", false, "", 0, false)
	f("{}\n", false, "{}\n", 1, false)
	f("{}\n{}\n", false, "{}\n{}\n", 2, false)
	f("{}\n{\"a\":", false, "{}\n", 1, false)          // half a line waits
	f("{}\n{\"a\":", true, "{}\n", 1, false)           // also when settled: it is not whole
	f("{}\n{\"a\":1}", false, "{}\n", 1, false)        // whole, but the blob may still grow
	f("{}\n{\"a\":1}", true, "{}\n{\"a\":1}", 2, true) // settled and whole: read
	f("{\"a\":1}", true, "{\"a\":1}", 1, true)
	f("{}\n\n", false, "{}\n\n", 2, false)
	f("{}\r\n", false, "{}\r\n", 1, false)
	f("\ufeff{}\n", false, "{}\n", 1, false) // a byte-order mark is dropped, and counted
	f("{}\n"+strings.Repeat("x", 100)+"\n", false, "{}\n"+strings.Repeat("x", 100)+"\n", 2, false)
}

// The tail carries over from earlier reads when little is read now.
func TestCompleteLinesKeepsTail(t *testing.T) {
	c := newCompleteLines(strings.NewReader("b\n"), []byte("0123456789a\n"))
	if _, err := io.ReadAll(c); err != nil {
		t.Fatal(err)
	}
	if got := string(c.tail); got != "0123456789a\nb\n" {
		t.Errorf("tail %q", got)
	}
	long := strings.Repeat("y", 200) + "\n"
	c = newCompleteLines(strings.NewReader(long), []byte("old\n"))
	io.ReadAll(c)
	if got := string(c.tail); got != long[len(long)-tailSize:] {
		t.Errorf("tail %q", got)
	}
}

// A broken read ends the lines at the last newline before it, and the
// error is kept for the caller rather than given to ingest.
func TestCompleteLinesFailure(t *testing.T) {
	broken := errors.New("connection reset")
	src := io.MultiReader(strings.NewReader("{}\n{\"a\""), iotest.ErrReader(broken))
	c := newCompleteLines(src, nil)
	out, err := io.ReadAll(c)
	if err != nil || string(out) != "{}\n" {
		t.Fatalf("got %q, %v", out, err)
	}
	if !errors.Is(c.failure(), broken) || c.consumed != 3 {
		t.Errorf("failure %v, consumed %d", c.failure(), c.consumed)
	}
	ok := newCompleteLines(strings.NewReader("{}\n"), nil)
	io.ReadAll(ok)
	if ok.failure() != nil {
		t.Errorf("failure at a clean end: %v", ok.failure())
	}
}

// genLines is an endless-looking blob of size bytes of JSON lines, made
// as it is read, so that the test holds no blob in memory either.
type genLines struct{ left int64 }

func (g *genLines) Read(p []byte) (int, error) {
	if g.left <= 0 {
		return 0, io.EOF
	}
	const line = `{"time":"2024-05-01T10:00:00Z","category":"CallSummary","properties":{"x":"` + "0123456789abcdef" + `"}}` + "\n"
	n := 0
	for n < len(p) && g.left > 0 {
		k := copy(p[n:], line[int(int64(len(line))-1-((g.left-1)%int64(len(line)))):])
		k = min(k, int(g.left))
		n += k
		g.left -= int64(k)
	}
	return n, nil
}

// Memory follows one line, not the blob: 64 MiB pass through a buffer
// that never grows past its first size.
func TestCompleteLinesStreams(t *testing.T) {
	const size = 64 << 20
	c := newCompleteLines(&genLines{left: size}, nil)
	first := cap(c.buf)
	n, err := io.Copy(io.Discard, c)
	if err != nil {
		t.Fatal(err)
	}
	if n != size || c.consumed != size {
		t.Errorf("passed %d bytes, consumed %d; want %d", n, c.consumed, size)
	}
	if cap(c.buf) != first {
		t.Errorf("buffer grew from %d to %d bytes", first, cap(c.buf))
	}
}

// A line longer than maxHeld is not held in memory: the reader stops.
func TestCompleteLinesBoundsALine(t *testing.T) {
	defer func(n int) { maxHeld = n }(maxHeld)
	maxHeld = 1 << 20
	src := io.MultiReader(strings.NewReader("{}\n"), io.LimitReader(zeros{}, int64(maxHeld)*4))
	c := newCompleteLines(src, nil)
	out, _ := io.ReadAll(c)
	if string(out) != "{}\n" || c.failure() == nil || cap(c.buf) > 3*maxHeld {
		t.Errorf("got %q, failure %v, held %d bytes; want the first line and an error", out, c.failure(), cap(c.buf))
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// FuzzCompleteLines: whatever the bytes and however they arrive, what
// comes out is the input up to its last newline (or whole, when settled
// and whole JSON), and the counts agree with it.
func FuzzCompleteLines(f *testing.F) {
	f.Add([]byte("{}\n{\"a\":1}\n"), false, uint8(1))
	f.Add([]byte("{}\n{\"a\":"), true, uint8(3))
	f.Add([]byte("\xef\xbb\xbf{}\n"), false, uint8(2))
	f.Add([]byte("\n\n{}"), true, uint8(7))
	f.Fuzz(func(t *testing.T, in []byte, final bool, chunk uint8) {
		src := iotest.HalfReader(bytes.NewReader(in))
		if chunk%2 == 1 {
			src = iotest.OneByteReader(bytes.NewReader(in))
		}
		c := newCompleteLines(src, nil)
		c.final = final
		out, err := io.ReadAll(c)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(in, out) {
			t.Fatalf("%q is not a prefix of %q", out, in)
		}
		if c.consumed != int64(len(out)) {
			t.Fatalf("consumed %d, passed %d", c.consumed, len(out))
		}
		if len(out) > 0 && out[len(out)-1] != '\n' && !c.unterminated {
			t.Fatalf("%q ends without a newline but is not marked so", out)
		}
		rest := in[len(out):]
		if !final && bytes.IndexByte(rest, '\n') >= 0 {
			t.Fatalf("a complete line held back: %q", rest)
		}
		if !bytes.Equal(c.tail, out[max(len(out)-tailSize, 0):]) {
			t.Fatalf("tail %q of %q", c.tail, out)
		}
		want := bytes.Count(out, []byte{'\n'})
		if c.unterminated {
			want++
		}
		if c.lines != want {
			t.Fatalf("%d lines counted in %q", c.lines, out)
		}
	})
}
