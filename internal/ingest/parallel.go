package ingest

import (
	"runtime"
	"sync"

	"github.com/callscope/callscope/internal/model"
)

// The elements of a file are decoded on every core and applied in file
// order, so that versions and pages within one file keep their order. The
// decoding is a stream, not a series of chunks: a large meeting's record
// takes a hundred times longer than a 1:1 call's, and waiting for the
// slowest element of each chunk left cores idle.
const (
	// inFlight bounds the elements read but not yet applied, and
	// inFlightBytes their raw bytes (one element larger than that is let
	// through alone), so that memory stays flat.
	inFlight      = 256
	inFlightBytes = 8 << 20
)

// decoder is one file's decoding pipeline: the reading goroutine adds
// elements, workers decode them, and one applier applies them in order.
type decoder struct {
	r    *run
	fs   *fileState
	hint model.ACSCategory

	work  chan *job
	order chan *job
	wg    sync.WaitGroup
	done  chan struct{} // closed when the applier ends

	mu      sync.Mutex
	cond    *sync.Cond
	bytes   int   // raw bytes in flight
	err     error // the applier's error; nothing is applied after it
	stopped bool
}

type job struct {
	e     element
	d     decoded
	ready chan struct{}
}

func newDecoder(r *run, fs *fileState, hint model.ACSCategory) *decoder {
	p := &decoder{r: r, fs: fs, hint: hint,
		work: make(chan *job, inFlight), order: make(chan *job, inFlight), done: make(chan struct{})}
	p.cond = sync.NewCond(&p.mu)
	for range runtime.GOMAXPROCS(0) {
		p.wg.Go(func() {
			for j := range p.work {
				j.d = r.decode(hint, j.e)
				close(j.ready)
			}
		})
	}
	go p.apply()
	return p
}

// add queues an element, waiting while too much is in flight. It returns
// the applier's error, after which the file is not read further.
func (p *decoder) add(e element) error {
	size := len(e.raw)
	p.mu.Lock()
	for p.err == nil && p.bytes > 0 && p.bytes+size > inFlightBytes {
		p.cond.Wait()
	}
	err := p.err
	if err == nil {
		p.bytes += size
	}
	p.mu.Unlock()
	if err != nil {
		return err
	}
	j := &job{e: e, ready: make(chan struct{})}
	p.order <- j
	p.work <- j
	return nil
}

// apply applies decoded elements in file order, on its own goroutine.
func (p *decoder) apply() {
	defer close(p.done)
	for j := range p.order {
		<-j.ready
		p.mu.Lock()
		p.bytes -= len(j.e.raw)
		failed := p.err != nil
		p.mu.Unlock()
		p.cond.Broadcast()
		if failed {
			continue
		}
		var err error
		if j.d.what == isList {
			err = p.r.expandList(p.fs, p.hint, j.e)
		} else {
			err = p.r.apply(p.fs, j.d)
		}
		if err == nil && p.r.opts.Progress != nil {
			p.r.opts.Progress(p.r.sum.Records + len(p.r.sum.Rejected))
		}
		if err != nil {
			p.mu.Lock()
			p.err = err
			p.mu.Unlock()
			p.cond.Broadcast()
		}
	}
}

// close waits until everything added is applied and returns the
// applier's error.
func (p *decoder) close() error {
	close(p.order)
	close(p.work)
	p.wg.Wait()
	<-p.done
	return p.err
}
