// Package ingest reads telemetry files of either source, detects their
// format per file, and stores what they hold: Graph call records (single,
// list responses, JSON lines, pages of sessions and participants), ACS log
// records (JSON lines, arrays, Event Hubs bodies, storage-account exports)
// and Graph PSTN / direct-routing / SMS usage rows, gzip or not.
//
// A record that cannot be read is reported with its file and line, copied
// to the quarantine folder when one is given, and everything else is still
// stored. Memory follows the size of one record and one batch, never the
// size of a file or of the store.
package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// Options configure an ingest run.
type Options struct {
	// Tenant is the observing tenant everything is stored under.
	Tenant string
	// Quarantine, when set, is a folder rejected input is copied into.
	Quarantine string
	// Stdin is read for the input "-".
	Stdin io.Reader
	// Progress, when set, is called now and then with the records read so far.
	Progress func(records int)
	// Prepare, when set, is applied to every call before it is stored
	// (quality verdicts are computed there). It is called from several
	// goroutines at once, each with its own call.
	Prepare func(*model.Call)
	Logger  *slog.Logger
	// Now is the clock; tests set it.
	Now func() time.Time
	// MaxRecordBytes bounds one record; a larger one is rejected with its
	// file, line and size, without being held in memory
	// (DefaultMaxRecordBytes when 0).
	MaxRecordBytes int
}

// Batch sizes: large enough to amortise a transaction, small enough to
// keep memory flat. Calls are bounded by bytes as well as by number,
// since one large meeting's record holds as much as a thousand 1:1 calls.
const (
	callBatch      = 1024
	callBatchBytes = 16 << 20
	rowBatch       = 4096
	// dirtyLimit bounds the ACS calls awaiting assembly. Exports come a
	// category per folder, so a call's summary and its diagnostics arrive
	// far apart in a run: the calls are assembled once their records are
	// all in, at the end of the run, unless the run holds more calls than
	// this. At 4,096, most calls were assembled and written twice. The
	// set holds ids, not records.
	dirtyLimit = 100_000
)

// Run ingests the given paths into st. It returns an error only when the
// run could not go on (a store failure, an input that cannot be opened);
// rejected records are in the summary.
func Run(ctx context.Context, st Store, paths []string, opts Options) (*Summary, error) {
	inputs, skipped, err := expand(paths)
	if err != nil {
		return nil, err
	}
	b, err := Start(ctx, st, opts)
	if err != nil {
		return nil, err
	}
	b.r.sum.Skipped = skipped
	for _, in := range inputs {
		if err := b.add(in); err != nil {
			return b.abort(err)
		}
	}
	return b.Finish()
}

// Batch is one ingest run whose inputs come one at a time, as the files
// of an upload do: its summary is the one Run would give for the same
// inputs, calls spread over several files counted once. A Batch is not
// safe for concurrent use; Finish must be called once done.
type Batch struct {
	r     *run
	start time.Time
}

// Start begins a batch.
func Start(ctx context.Context, st Store, opts Options) (*Batch, error) {
	if opts.Tenant == "" {
		return nil, errors.New("ingest: no tenant")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	if opts.MaxRecordBytes <= 0 {
		opts.MaxRecordBytes = DefaultMaxRecordBytes
	}
	r := &run{ctx: ctx, st: st, opts: opts, sum: &Summary{Rejected: []Problem{}}}
	r.q = newQuarantine(opts.Quarantine)
	r.dirty = map[string]bool{}
	r.w = newWriter()
	r.dec = newDecoder(r)
	r.br = bufio.NewReaderSize(nil, readBuffer)
	_, r.encoded = st.(store.EncodedCallPutter)
	return &Batch{r: r, start: opts.Now()}, nil
}

// Add reads one input, gzip or not, named name in the summary. The
// name is also where the ACS log category of a storage export is read
// from ("insights-logs-callsummary/…/PT1H.json"). An error means the
// batch cannot go on (the store failed, ctx ended): Finish then reports
// it with what was stored; records that cannot be read are in the
// summary instead.
func (b *Batch) Add(name string, body io.Reader) error {
	return b.add(input{name: name, body: body})
}

// AddLines reads body as JSON lines, the format of a storage export's
// PT1H.json, numbering its lines from firstLine+1: a reader of a growing
// export feeds only the lines added since it last read, and problems are
// still reported by the line of the whole file. Otherwise it is Add.
func (b *Batch) AddLines(name string, firstLine int, body io.Reader) error {
	return b.add(input{name: name, body: body, lines: true, firstLine: firstLine})
}

func (b *Batch) add(in input) error {
	if err := b.r.ctx.Err(); err != nil {
		return err
	}
	return b.r.file(in)
}

// Finish stores what is still queued and returns the summary of the
// batch; the summary is there even with an error, counting what was
// stored before it.
func (b *Batch) Finish() (*Summary, error) {
	defer b.r.q.Close()
	err := b.r.dec.close()
	if err == nil {
		err = b.r.flush(true)
	}
	if werr := b.r.w.close(); err == nil {
		err = werr
	}
	b.r.sum.Incomplete = append(b.r.sum.Incomplete, b.r.incomplete.problems()...)
	if err != nil {
		return b.r.sum, err
	}
	b.r.sum.Elapsed = b.r.opts.Now().Sub(b.start)
	b.r.sum.Seconds = b.r.sum.Elapsed.Seconds()
	return b.r.sum, nil
}

// abort ends a batch after err, which stopped it.
func (b *Batch) abort(err error) (*Summary, error) {
	b.r.dec.close() // err is the one to report
	b.r.w.close()
	b.r.q.Close()
	return b.r.sum, err
}

// pendingCall is a call queued for storing: encoded already, or a model
// (a call assembled from pages, or for a store that takes models only).
type pendingCall struct {
	call *model.Call
	enc  *store.EncodedCall
	file string
	line int
	// pages are the pages merged into this record (foldPages).
	pages []*model.Call
}

type run struct {
	ctx  context.Context
	st   Store
	opts Options
	sum  *Summary
	q    *quarantine

	// What is queued for the next write, and its size in bytes of input.
	calls     []pendingCall
	callBytes int
	acs       []store.ACSRecord
	usage     []*model.UsageRow
	// w stores what is queued, in order, beside the reading.
	w *writer
	// encoded is set when the store takes encoded calls: the decoders
	// encode them as they go.
	encoded bool
	// mostlyUnchanged is set by the writer while the calls it stores
	// are mostly stored already with the same content, as when the same
	// records are ingested again: the decoders then encode calls light
	// (store.EncodeCallLight), and the store completes those it writes.
	mostlyUnchanged atomic.Bool
	// dirty holds the ACS calls whose records changed and that must be
	// assembled again; only the writer touches it.
	dirty map[string]bool
	// incomplete holds the records whose pages may still come.
	incomplete incompleteRecords
	// written tells apart, for the summary, versions met within this
	// run from versions already stored; only the writer touches it.
	written writtenKeys
	// dec decodes and applies the run's elements; br reads its files.
	dec *decoder
	br  *bufio.Reader
}

// file reads one input into the run's decoder. What it finds of the
// file as a whole goes into the summary on the applier, once the file's
// elements are applied, so that problems are listed in input order.
func (r *run) file(in input) error {
	r.sum.Files++
	rc, err := in.open(r.opts.Stdin)
	if err != nil {
		cannot := fmt.Errorf("cannot read: %w", err)
		r.dec.then(func() { r.reject(in, 0, cannot, nil) })
		return r.dec.failed()
	}
	defer rc.Close()
	fs := &fileState{in: in}
	hint := acs.CategoryFromPath(in.name)
	add := func(e element) error { return r.dec.add(fs, hint, e) }
	r.br.Reset(rc)
	if in.lines {
		err = readLines(r.br, in.firstLine, r.opts.MaxRecordBytes, add)
	} else {
		err = readElementsFrom(r.br, r.opts.MaxRecordBytes, add)
	}
	if aerr := r.dec.failed(); aerr != nil {
		// The applier's error (a store failure) is what stopped the
		// reading, whatever the reader made of it.
		return aerr
	}
	var fe *fileError
	if errors.As(err, &fe) {
		r.dec.then(func() {
			r.reject(in, fe.line, fmt.Errorf("%w; the rest of the file was not read", fe.err), nil)
			r.sum.Rejected[len(r.sum.Rejected)-1].Quarantined = r.q.copyFile(in)
		})
		return nil
	}
	if err != nil {
		return err
	}
	r.dec.then(func() {
		if fs.notifications > 0 {
			r.sum.Skipped = append(r.sum.Skipped, Problem{File: in.name, Error: fmt.Sprintf("%d Graph change or lifecycle notification(s): they name records but carry no telemetry", fs.notifications)})
		}
		if fs.subscriptions > 0 {
			r.sum.Skipped = append(r.sum.Skipped, Problem{File: in.name, Error: "a Graph subscription request: no telemetry"})
		}
	})
	return nil
}

// fileState is what reading one file remembers between its elements.
type fileState struct {
	in            input
	notifications int
	subscriptions int
}

func (r *run) reject(in input, line int, err error, raw []byte) {
	p := Problem{File: in.name, Line: line, Error: err.Error()}
	if raw != nil {
		p.Quarantined = r.q.record(in, line, raw)
	}
	r.sum.Rejected = append(r.sum.Rejected, p)
	r.opts.Logger.Debug("rejected", "file", in.name, "line", line, "error", err)
}
