package api

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// auditWriter writes the audit entries of requests in batches, in the
// background. A request queues its entry before its data is sent; the
// writer stores what is queued every auditInterval, or sooner once
// auditBatchMax entries wait, in one transaction: a commit costs about
// two milliseconds of CPU, so one per request would take most of a
// core at a thousand requests a second. Entries queued when the server
// closes are written before Close returns; reading the log (flush)
// writes them first too. Only a crash of the process can lose entries:
// those of the last auditInterval.
type auditWriter struct {
	st      store.Store
	batcher store.AuditBatcher // nil: the store writes one entry at a time
	log     *slog.Logger
	metrics *metrics

	mu      sync.RWMutex // held for reading while queueing, for writing to close
	closed  bool
	queue   chan store.AuditEntry
	flushes chan chan error
	done    chan struct{}
}

const (
	// auditInterval bounds how long an entry waits to be written.
	auditInterval = 100 * time.Millisecond
	// auditBatchMax is the most entries one write takes, and the queue
	// holds twice that; past it, requests wait for the writer rather
	// than an entry being dropped.
	auditBatchMax     = 1024
	auditWriteTimeout = 10 * time.Second
	// auditAttempts is how often a batch is tried before its entries are
	// given up on, with an error in the log.
	auditAttempts = 3
)

// errServerClosed is what requests get once the audit writer is closed:
// with nowhere to record a lookup, its data must not be sent.
var errServerClosed = fmt.Errorf("api server closed: %w", store.ErrClosed)

func newAuditWriter(st store.Store, log *slog.Logger, m *metrics) *auditWriter {
	a := &auditWriter{st: st, log: log, metrics: m,
		queue: make(chan store.AuditEntry, 2*auditBatchMax), flushes: make(chan chan error), done: make(chan struct{})}
	a.batcher, _ = st.(store.AuditBatcher)
	go a.run()
	return a
}

// record queues e. It fails only when the server is closed, or when ctx
// ends while the queue is full.
func (a *auditWriter) record(ctx context.Context, e store.AuditEntry) error {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.closed {
		return errServerClosed
	}
	select {
	case a.queue <- e:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("audit %s: %w", e.Action, ctx.Err())
	}
}

// flush writes every entry queued so far and reports whether that
// worked, so that a reader of the log sees everything up to now.
func (a *auditWriter) flush(ctx context.Context) error {
	a.mu.RLock()
	closed := a.closed
	a.mu.RUnlock()
	if closed {
		return nil // close wrote everything
	}
	done := make(chan error, 1)
	select {
	case a.flushes <- done:
	case <-a.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (a *auditWriter) run() {
	defer close(a.done)
	ticker := time.NewTicker(auditInterval)
	defer ticker.Stop()
	batch := make([]store.AuditEntry, 0, auditBatchMax)
	attempts := 0
	write := func() error {
		if len(batch) == 0 {
			return nil
		}
		n, err := a.write(batch)
		batch = append(batch[:0], batch[n:]...)
		if err == nil {
			attempts = 0
			return nil
		}
		if attempts++; attempts >= auditAttempts {
			a.log.Error("audit entries lost", "entries", len(batch), "attempts", attempts, "error", scrub(err.Error()))
			batch, attempts = batch[:0], 0
		}
		return err
	}
	for {
		select {
		case e, ok := <-a.queue:
			if !ok {
				// Closed: write the rest, retrying as often as allowed.
				for len(batch) > 0 {
					write()
				}
				return
			}
			batch = append(batch, e)
			if len(batch) >= auditBatchMax {
				write()
			}
		case <-ticker.C:
			write()
		case done := <-a.flushes:
			// Take what is queued now, then write it all.
			for n := len(a.queue); n > 0; n-- {
				batch = append(batch, <-a.queue)
				if len(batch) >= auditBatchMax {
					write()
				}
			}
			done <- write()
		}
	}
}

// write stores entries and returns how many of them it stored: all or
// none through a batcher, else those before the first failure.
func (a *auditWriter) write(entries []store.AuditEntry) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), auditWriteTimeout)
	defer cancel()
	a.metrics.auditBatches.Inc()
	n, err := len(entries), error(nil)
	if a.batcher != nil {
		if err = a.batcher.AuditBatch(ctx, entries); err != nil {
			n = 0
		}
	} else {
		for i, e := range entries {
			if err = a.st.Audit(ctx, e); err != nil {
				n = i
				break
			}
		}
	}
	if err != nil {
		a.metrics.auditErrors.Inc()
		a.log.Error("audit entries not written", "entries", len(entries)-n, "error", scrub(err.Error()))
	}
	return n, err
}

// close stops taking entries, writes those queued and waits for the
// writer to finish.
func (a *auditWriter) close() error {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return nil
	}
	a.closed = true
	close(a.queue)
	a.mu.Unlock()
	<-a.done
	return nil
}
