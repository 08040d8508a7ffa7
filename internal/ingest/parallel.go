package ingest

import (
	"runtime"
	"sync"

	"github.com/callscope/callscope/internal/model"
)

// The elements of a run's files are decoded on every core and applied in
// input order, so that versions and pages keep their order. The decoding
// is one stream for the whole run, not a series of chunks or files: a
// large meeting's record takes a hundred times longer than a 1:1 call's,
// and an ACS export is hundreds of hourly files of a few hundred records;
// waiting for the slowest element of each chunk, or for the last of each
// file, left cores idle (a fifth of the time of 100 MB of exports in 506
// files).
const (
	// inFlight bounds the elements read but not yet applied, and
	// inFlightBytes their raw bytes (one element larger than that is let
	// through alone), so that memory stays flat.
	inFlight      = 256
	inFlightBytes = 8 << 20
)

// decoder is a run's decoding pipeline: the reading goroutine adds
// elements, workers decode them, and one applier applies them in order,
// with the steps queued between them (then).
type decoder struct {
	r *run

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
	e    element
	fs   *fileState
	hint model.ACSCategory
	// then, when set, makes the job a step of the reader's to run on the
	// applier, in order with the elements (the end of a file).
	then  func()
	d     decoded
	ready chan struct{}
}

func newDecoder(r *run) *decoder {
	p := &decoder{r: r,
		work: make(chan *job, inFlight), order: make(chan *job, inFlight), done: make(chan struct{})}
	p.cond = sync.NewCond(&p.mu)
	for range runtime.GOMAXPROCS(0) {
		p.wg.Go(func() {
			for j := range p.work {
				j.d = r.decode(j.hint, j.e)
				close(j.ready)
			}
		})
	}
	go p.apply()
	return p
}

// then runs fn on the applier once everything added before is applied:
// the summary is the applier's alone while the run goes on.
func (p *decoder) then(fn func()) {
	ready := make(chan struct{})
	close(ready)
	p.order <- &job{then: fn, ready: ready}
}

// add queues an element of fs's file, waiting while too much is in
// flight. It returns the applier's error, after which nothing is read
// further.
func (p *decoder) add(fs *fileState, hint model.ACSCategory, e element) error {
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
	j := &job{e: e, fs: fs, hint: hint, ready: make(chan struct{})}
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
		if j.then != nil {
			j.then()
			continue
		}
		var err error
		if j.d.what == isList {
			err = p.r.expandList(j.fs, j.hint, j.e)
		} else {
			err = p.r.apply(j.fs, j.d)
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

// failed returns the applier's error, if it has stopped.
func (p *decoder) failed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
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
