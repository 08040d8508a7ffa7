package ingest

import (
	"runtime"
	"sync"

	"github.com/callscope/callscope/internal/model"
)

// chunkSize is how many elements are decoded together: enough to keep
// every core busy, few enough that memory stays flat.
const chunkSize = 256

// chunker collects a file's elements and decodes them a chunk at a time
// on every core, then applies the results in file order, so that versions
// and pages within one file keep their order.
type chunker struct {
	r     *run
	fs    *fileState
	hint  model.ACSCategory
	elems []element
	out   []decoded
}

func (c *chunker) add(e element) error {
	c.elems = append(c.elems, e)
	if len(c.elems) >= chunkSize {
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
		if err := c.r.apply(c.fs, c.out[i]); err != nil {
			return err
		}
		if c.r.opts.Progress != nil {
			c.r.opts.Progress(c.r.sum.Records + len(c.r.sum.Rejected))
		}
		c.out[i] = decoded{}
	}
	clear(c.elems)
	c.elems = c.elems[:0]
	return nil
}
