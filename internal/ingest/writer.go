package ingest

import "sync"

// writer runs store writes on a goroutine of their own, in the order they
// were queued, so that decoding the next records overlaps with storing
// the last ones: either alone leaves a core idle. At most one write waits
// while another runs, which bounds what is held in memory to a few
// batches whatever the size of the input.
//
// The store's writes are made by the writer only; what they count goes
// into the summary fields that only the writer touches (calls, sessions,
// streams, outcomes, ACS records, usage rows), while the reader counts
// files, records and problems.
type writer struct {
	jobs chan func() error
	done chan struct{}

	mu  sync.Mutex
	err error
}

func newWriter() *writer {
	w := &writer{jobs: make(chan func() error), done: make(chan struct{})}
	go w.loop()
	return w
}

func (w *writer) loop() {
	defer close(w.done)
	for job := range w.jobs {
		if w.failed() != nil {
			continue // drain: nothing after a failed write is stored
		}
		if err := job(); err != nil {
			w.mu.Lock()
			w.err = err
			w.mu.Unlock()
		}
	}
}

func (w *writer) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// submit queues a write, waiting while another is queued. It returns the
// error of an earlier write, after which nothing more is stored.
func (w *writer) submit(job func() error) error {
	if err := w.failed(); err != nil {
		return err
	}
	w.jobs <- job
	return nil
}

// close waits for every queued write and returns the first error.
func (w *writer) close() error {
	close(w.jobs)
	<-w.done
	return w.failed()
}
