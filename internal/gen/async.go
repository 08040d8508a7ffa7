package gen

import (
	"io"
	"sync/atomic"
)

// asyncWriter passes what is written to w on a goroutine of its own, so
// that compressing and writing the last calls overlaps building the next
// ones: with megabyte meetings, gzip is otherwise half of the time.
// Writes are copied into chunks of a fixed size, at most asyncChunks of
// them exist, so memory does not grow with the output or its lines. The bytes reach w in the order
// written, so the output is the same as writing to w directly.
type asyncWriter struct {
	w     io.Writer
	chunk []byte
	full  chan []byte // chunks for the goroutine to write
	free  chan []byte // chunks written, to fill again
	done  chan error
	err   atomic.Pointer[error] // the goroutine's first error, seen by Write
}

const (
	asyncChunk  = 1 << 20
	asyncChunks = 3
)

func newAsyncWriter(w io.Writer) *asyncWriter {
	a := &asyncWriter{w: w, full: make(chan []byte, asyncChunks-1), free: make(chan []byte, asyncChunks), done: make(chan error, 1)}
	for range asyncChunks - 1 {
		a.free <- nil // allocated on first use
	}
	go a.run()
	return a
}

func (a *asyncWriter) run() {
	var err error
	for b := range a.full {
		if err == nil {
			if _, err = a.w.Write(b); err != nil {
				a.err.Store(&err)
			}
		}
		a.free <- b[:0]
	}
	a.done <- err
}

// Write queues p, in pieces of whole chunks, so that a line of megabytes
// does not make a chunk grow. An error of an earlier write is returned as
// soon as the goroutine has met it.
func (a *asyncWriter) Write(p []byte) (int, error) {
	if err := a.err.Load(); err != nil {
		return 0, *err
	}
	n := len(p)
	for len(p) > 0 {
		if a.chunk == nil {
			a.chunk = make([]byte, 0, asyncChunk)
		}
		k := copy(a.chunk[len(a.chunk):cap(a.chunk)], p)
		a.chunk, p = a.chunk[:len(a.chunk)+k], p[k:]
		if len(a.chunk) == cap(a.chunk) {
			a.full <- a.chunk
			a.chunk = <-a.free
		}
	}
	return n, nil
}

// Close writes what is queued, stops the goroutine and returns the first
// error of a write. It does not close w.
func (a *asyncWriter) Close() error {
	if len(a.chunk) > 0 {
		a.full <- a.chunk
		a.chunk = nil
	}
	close(a.full)
	return <-a.done
}
