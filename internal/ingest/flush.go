package ingest

import (
	"context"
	"fmt"
	"sort"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

func acsRow(rec *model.ACSRecord) store.ACSRecord {
	return store.ACSRecord{Key: acs.RecordKey(rec), CorrelationID: acs.CallID(rec), Version: rec.UpdatesVersion, Record: rec}
}

// flush hands everything queued to the writer; final also assembles
// every ACS call still waiting. The queues start afresh: what was handed
// over is the writer's.
func (r *run) flush(final bool) error {
	if err := r.flushCalls(); err != nil {
		return err
	}
	if err := r.flushUsage(); err != nil {
		return err
	}
	return r.flushACS(final)
}

func (r *run) flushCalls() error {
	if len(r.calls) == 0 {
		return nil
	}
	pending := r.calls
	r.calls, r.callBytes = nil, 0
	// Whole records were prepared as they were decoded; pages are
	// prepared once all of a batch's pages of a call are together.
	if r.opts.Prepare != nil {
		for _, p := range pending {
			if p.call != nil && p.call.Partial {
				r.opts.Prepare(p.call)
			}
		}
	}
	pending = foldPages(pending)
	if r.encoded {
		if err := encodePending(pending, r.mostlyUnchanged.Load()); err != nil {
			return err
		}
	}
	return r.w.submit(func() error { return r.storeCalls(pending) })
}

// foldPages merges the pages of a record (sessions or participants that
// Graph served apart, written after it) into the record itself when both
// are in the batch, as the store would (model.MergeParts), so that a
// large meeting is encoded and written once rather than written, read
// back, merged and written again for its pages. Pages go into the newest
// version of the record in the batch; should the store hold a newer one
// still, storeCalls sends them on their own. Each page counts as its
// record does.
func foldPages(pending []pendingCall) []pendingCall {
	records := map[string]int{} // id -> index of the newest whole record kept as a model
	for i, p := range pending {
		if p.call == nil || p.call.Partial {
			continue
		}
		if j, ok := records[p.call.ID]; !ok || pending[j].call.Version <= p.call.Version {
			records[p.call.ID] = i
		}
	}
	if len(records) == 0 {
		return pending
	}
	folded := make([]bool, len(pending))
	for j, p := range pending {
		if p.call == nil || !p.call.Partial {
			continue
		}
		if i, ok := records[p.call.ID]; ok {
			pending[i].call = model.MergeParts(pending[i].call, p.call)
			pending[i].pages = append(pending[i].pages, p.call)
			folded[j] = true
		}
	}
	out := make([]pendingCall, 0, len(pending))
	for j, p := range pending {
		if !folded[j] {
			out = append(out, p)
		}
	}
	return out
}

// encodePending encodes the calls of a batch that are still models
// (records that waited for their pages, pages whose record is not in the
// batch), on every core; light ones when most are found unchanged.
func encodePending(pending []pendingCall, light bool) error {
	var calls []*model.Call
	var at []int
	for i, p := range pending {
		if p.enc == nil && p.call != nil {
			calls = append(calls, p.call)
			at = append(at, i)
		}
	}
	if len(calls) == 0 {
		return nil
	}
	encode := store.EncodeCall
	if light {
		encode = store.EncodeCallLight
	}
	encs, err := store.EncodeCallsWith(calls, encode)
	if err != nil {
		return fmt.Errorf("storing calls: %w", err)
	}
	for j, i := range at {
		pending[i].enc = encs[j]
		pending[i].call = nil
	}
	return nil
}

// storeCalls runs on the writer.
func (r *run) storeCalls(pending []pendingCall) error {
	var outcomes []model.Outcome
	var err error
	if r.encoded {
		encs := make([]*store.EncodedCall, len(pending))
		for i, p := range pending {
			encs[i] = p.enc
		}
		outcomes, err = r.st.(store.EncodedCallPutter).PutEncodedCalls(r.ctx, encs)
	} else {
		calls := make([]*model.Call, len(pending))
		for i, p := range pending {
			calls[i] = p.call
		}
		outcomes, err = r.st.PutCalls(r.ctx, calls)
	}
	if err != nil {
		return fmt.Errorf("storing calls: %w", err)
	}
	if err := r.storeOrphanedPages(pending, outcomes); err != nil {
		return err
	}
	r.mostlyUnchanged.Store(mostlyUnchanged(outcomes))
	seen := map[string]bool{}
	for i, p := range pending {
		// Pages are counted as the record they were folded into.
		inInput := r.written.tally(r.sum, "call", p.id(), outcomes[i])
		if outcomes[i] != model.Older {
			for range p.pages {
				r.sum.countOutcome(outcomes[i], inInput)
			}
		}
		id := p.id()
		if seen[id] {
			continue
		}
		seen[id] = true
		if p.enc != nil {
			r.sum.Calls++
			r.sum.Sessions += p.enc.Sessions
			r.sum.Streams += p.enc.Streams
		} else {
			r.countCall(p.call)
		}
	}
	return nil
}

// storeOrphanedPages stores on their own the pages folded into a record
// that turned out older than the stored version: they belong to whatever
// version is stored (model.Reconcile), and would be lost with the record.
func (r *run) storeOrphanedPages(pending []pendingCall, outcomes []model.Outcome) error {
	var pages []*model.Call
	for i, p := range pending {
		if outcomes[i] == model.Older {
			pages = append(pages, p.pages...)
		}
	}
	if len(pages) == 0 {
		return nil
	}
	out, err := r.st.PutCalls(r.ctx, pages)
	if err != nil {
		return fmt.Errorf("storing calls: %w", err)
	}
	for i, o := range out {
		r.written.tally(r.sum, "call", pages[i].ID, o)
	}
	return nil
}

// mostlyUnchanged tells whether at least three calls in four were
// found unchanged.
func mostlyUnchanged(outcomes []model.Outcome) bool {
	n := 0
	for _, o := range outcomes {
		if o == model.Unchanged {
			n++
		}
	}
	return len(outcomes) > 0 && 4*n >= 3*len(outcomes)
}

func (p pendingCall) id() string {
	if p.enc != nil {
		return p.enc.ID
	}
	return p.call.ID
}

func (r *run) countCall(c *model.Call) {
	var n summaryCounts
	n.add(c)
	r.count(n)
}

func (r *run) count(n summaryCounts) {
	r.sum.Calls += n.calls
	r.sum.Sessions += n.sessions
	r.sum.Streams += n.streams
}

func (r *run) flushUsage() error {
	if len(r.usage) == 0 {
		return nil
	}
	rows := r.usage
	r.usage = nil
	return r.w.submit(func() error {
		outcomes, err := r.st.PutUsageRows(r.ctx, r.opts.Tenant, rows)
		if err != nil {
			return fmt.Errorf("storing usage rows: %w", err)
		}
		for _, o := range outcomes {
			r.sum.countOutcome(o, false)
		}
		r.sum.UsageRows += len(rows)
		return nil
	})
}

// flushACS hands queued ACS records to the writer, which stores them and
// assembles again the calls whose records changed, once the set of such
// calls is large or the run ends.
func (r *run) flushACS(final bool) error {
	if len(r.acs) == 0 && !final {
		return nil
	}
	rows := r.acs
	r.acs = nil
	return r.w.submit(func() error { return r.storeACS(rows, final) })
}

// storeACS runs on the writer, which alone keeps r.dirty.
func (r *run) storeACS(rows []store.ACSRecord, final bool) error {
	if len(rows) > 0 {
		outcomes, err := r.st.PutACSRecords(r.ctx, r.opts.Tenant, rows)
		if err != nil {
			return fmt.Errorf("storing ACS records: %w", err)
		}
		for i, o := range outcomes {
			r.written.tally(r.sum, "acs", rows[i].CorrelationID+"\x00"+rows[i].Key, o)
			id := rows[i].CorrelationID
			if id == "" {
				continue
			}
			// A call whose records are all unchanged is still counted as
			// seen, so that a second run reports the same calls, but it is
			// not written again.
			r.dirty[id] = r.dirty[id] || (o != model.Unchanged && o != model.Older)
		}
		r.sum.ACSRecords += len(rows)
	}
	if !final && len(r.dirty) < dirtyLimit {
		return nil
	}
	ids := make([]string, 0, len(r.dirty))
	for id := range r.dirty {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	err := r.assembleAll(ids)
	clear(r.dirty)
	return err
}

// assembled is one batch of calls built again from their records.
type assembled struct {
	calls []*model.Call // those whose records changed, to store
	encs  []*store.EncodedCall
	// seen counts every call of the batch, changed or not, for the
	// summary.
	seen summaryCounts
	err  error
}

type summaryCounts struct{ calls, sessions, streams int }

func (n *summaryCounts) add(c *model.Call) {
	n.calls++
	n.sessions += len(c.Sessions)
	for _, s := range c.Sessions {
		if s != nil {
			n.streams += s.StreamCount()
		}
	}
}

// assembleAll builds the calls of ids again, a batch at a time, and
// stores those whose records changed. Reading a batch's records,
// assembling and encoding its calls run on another goroutine while the
// writer stores the batch before: either alone leaves a core idle. At
// most two batches are in memory.
func (r *run) assembleAll(ids []string) error {
	ctx, cancel := context.WithCancel(r.ctx)
	batches := make(chan assembled, 1)
	done := make(chan struct{})
	defer func() {
		// The reading goroutine reads r.dirty, which the caller clears
		// once this returns: it must have stopped, also after an error.
		cancel()
		<-done
	}()
	go func() {
		defer close(done)
		defer close(batches)
		for len(ids) > 0 {
			n := min(len(ids), callBatch)
			a := r.assemble(ctx, ids[:n])
			select {
			case batches <- a:
			case <-ctx.Done():
				return
			}
			if a.err != nil {
				return
			}
			ids = ids[n:]
		}
	}()
	for a := range batches {
		if a.err != nil {
			return a.err
		}
		r.count(a.seen)
		if len(a.calls) == 0 && len(a.encs) == 0 {
			continue
		}
		var err error
		if a.encs != nil {
			_, err = r.st.(store.EncodedCallPutter).PutEncodedCalls(r.ctx, a.encs)
		} else {
			_, err = r.st.PutCalls(r.ctx, a.calls)
		}
		if err != nil {
			return fmt.Errorf("storing ACS calls: %w", err)
		}
	}
	return nil
}

// assemble builds the calls of ids again from all their stored records;
// those are prepared and, when the store takes them so, encoded. A call
// whose records all came unchanged is not built: its stored call gives
// the summary its size. It is built and stored all the same when it is
// not stored, as a run cut off between storing a call's records and
// storing the call leaves it. assemble runs beside the writer and reads
// r.dirty, which the writer does not change until every batch is stored.
func (r *run) assemble(ctx context.Context, ids []string) assembled {
	var a assembled
	var clean []string
	for _, id := range ids {
		if !r.dirty[id] {
			clean = append(clean, id)
		}
	}
	var stored map[string]store.CallCounts
	if len(clean) > 0 {
		var err error
		if stored, err = r.st.CallCounts(ctx, r.opts.Tenant, clean); err != nil {
			return assembled{err: fmt.Errorf("reading ACS calls: %w", err)}
		}
	}
	build := make([]string, 0, len(ids))
	for _, id := range ids {
		n, ok := stored[id]
		if r.dirty[id] || !ok {
			build = append(build, id)
			continue
		}
		a.seen.calls++
		a.seen.sessions += n.Sessions
		a.seen.streams += n.Streams
	}
	if len(build) == 0 {
		return a
	}
	recs, err := r.st.ACSRecordsOf(ctx, r.opts.Tenant, build)
	if err != nil {
		return assembled{err: fmt.Errorf("reading ACS records: %w", err)}
	}
	// Built, judged and encoded on every core: the writer stores the
	// batch before meanwhile, and waits for this one.
	a.calls = make([]*model.Call, len(build))
	encs := make([]*store.EncodedCall, len(build))
	errs := make([]error, len(build))
	store.OnEveryCore(len(build), func(i int) {
		c, err := acs.Assemble(r.opts.Tenant, recs[build[i]])
		if err != nil {
			errs[i] = fmt.Errorf("assembling ACS call %s: %w", build[i], err)
			return
		}
		if r.opts.Prepare != nil {
			r.opts.Prepare(c)
		}
		a.calls[i] = c
		if r.encoded {
			if encs[i], err = store.EncodeCall(c); err != nil {
				errs[i] = fmt.Errorf("storing ACS calls: %w", err)
			}
		}
	})
	for i, c := range a.calls {
		if errs[i] != nil {
			return assembled{err: errs[i]}
		}
		a.seen.add(c)
	}
	if r.encoded {
		a.calls, a.encs = nil, encs // the encoding is what is stored
	}
	return a
}
