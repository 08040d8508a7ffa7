package ingest

import (
	"runtime"
	"sync"

	"github.com/callscope/callscope/internal/model"
)

// A chunk is the elements decoded together: enough to keep every core
// busy, few and small enough that memory stays flat (a large meeting's
// record is megabytes, and its decoded form several times that).
const (
	chunkSize  = 256
	chunkBytes = 4 << 20
)

// chunker collects a file's elements and decodes them a chunk at a time
// on every core, then applies the results in file order, so that versions
// and pages within one file keep their order.
type chunker struct {
	r     *run
	fs    *fileState
	hint  model.ACSCategory
	elems []element
	bytes int
	out   []decoded
}

func (c *chunker) add(e element) error {
	c.elems = append(c.elems, e)
	c.bytes += len(e.raw)
	if len(c.elems) >= chunkSize || c.bytes >= chunkBytes {
		return c.flush()
	}
	return nil
}

func (c *chunker) flush() error {
	if len(c.elems) == 0 {
		return nil
	}
	c.out = c.out[:0]
	c.out = append(c.out, make([]decoded, len(c.elems))...)
	workers := min(runtime.GOMAXPROCS(0), len(c.elems))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(c.elems); i += workers {
				c.out[i] = c.r.decode(c.hint, c.elems[i])
			}
		})
	}
	wg.Wait()
	for i := range c.out {
		var err error
		if c.out[i].what == isList {
			err = c.r.expandList(c.fs, c.hint, c.out[i].e)
		} else {
			err = c.r.apply(c.fs, c.out[i])
		}
		if err != nil {
			return err
		}
		if c.r.opts.Progress != nil {
			c.r.opts.Progress(c.r.sum.Records + len(c.r.sum.Rejected))
		}
		c.out[i] = decoded{}
	}
	clear(c.elems)
	c.elems, c.bytes = c.elems[:0], 0
	return nil
}
