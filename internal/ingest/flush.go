package ingest

import (
	"fmt"
	"sort"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

func acsRow(rec *model.ACSRecord) store.ACSRecord {
	return store.ACSRecord{Key: acs.RecordKey(rec), CorrelationID: acs.CallID(rec), Version: rec.UpdatesVersion, Record: rec}
}

// flush stores everything queued; final also assembles every ACS call
// still waiting.
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
	calls := make([]*model.Call, len(r.calls))
	for i, p := range r.calls {
		// Whole records were prepared as they were decoded; pages are
		// prepared once all of a batch's pages of a call are together.
		if r.opts.Prepare != nil && p.call.Partial {
			r.opts.Prepare(p.call)
		}
		calls[i] = p.call
	}
	outcomes, err := r.st.PutCalls(r.ctx, calls)
	if err != nil {
		return fmt.Errorf("storing calls: %w", err)
	}
	seen := map[string]bool{}
	for i, c := range calls {
		r.sum.count(string(outcomes[i]))
		if seen[c.ID] {
			continue
		}
		seen[c.ID] = true
		r.countCall(c)
	}
	r.calls = r.calls[:0]
	return nil
}

func (r *run) countCall(c *model.Call) {
	r.sum.Calls++
	r.sum.Sessions += len(c.Sessions)
	for _, s := range c.Sessions {
		for _, g := range s.Segments {
			for _, m := range g.Media {
				r.sum.Streams += len(m.Streams)
			}
		}
	}
}

func (r *run) flushUsage() error {
	if len(r.usage) == 0 {
		return nil
	}
	outcomes, err := r.st.PutUsageRows(r.ctx, r.opts.Tenant, r.usage)
	if err != nil {
		return fmt.Errorf("storing usage rows: %w", err)
	}
	for _, o := range outcomes {
		r.sum.count(string(o))
	}
	r.sum.UsageRows += len(r.usage)
	r.usage = r.usage[:0]
	return nil
}

// flushACS stores queued ACS records and assembles again the calls whose
// records changed, once the set of such calls is large or the run ends.
func (r *run) flushACS(final bool) error {
	if len(r.acs) > 0 {
		outcomes, err := r.st.PutACSRecords(r.ctx, r.opts.Tenant, r.acs)
		if err != nil {
			return fmt.Errorf("storing ACS records: %w", err)
		}
		for i, o := range outcomes {
			r.sum.count(string(o))
			id := r.acs[i].CorrelationID
			if id == "" {
				continue
			}
			// A call whose records are all unchanged is still counted as
			// seen, so that a second run reports the same calls, but it is
			// not written again.
			r.dirty[id] = r.dirty[id] || (o != model.Unchanged && o != model.Older)
		}
		r.sum.ACSRecords += len(r.acs)
		r.acs = r.acs[:0]
	}
	if !final && len(r.dirty) < dirtyLimit {
		return nil
	}
	ids := make([]string, 0, len(r.dirty))
	for id := range r.dirty {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for len(ids) > 0 {
		n := min(len(ids), callBatch)
		if err := r.assemble(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	clear(r.dirty)
	return nil
}

// assemble builds the calls of ids again from all their stored records
// and stores those whose records changed, in one batch.
func (r *run) assemble(ids []string) error {
	recs, err := r.st.ACSRecordsOf(r.ctx, r.opts.Tenant, ids)
	if err != nil {
		return fmt.Errorf("reading ACS records: %w", err)
	}
	var changed []*model.Call
	for _, id := range ids {
		c, err := acs.Assemble(r.opts.Tenant, recs[id])
		if err != nil {
			return fmt.Errorf("assembling ACS call %s: %w", id, err)
		}
		r.countCall(c)
		if !r.dirty[id] {
			continue
		}
		if r.opts.Prepare != nil {
			r.opts.Prepare(c)
		}
		changed = append(changed, c)
	}
	if len(changed) == 0 {
		return nil
	}
	if _, err := r.st.PutCalls(r.ctx, changed); err != nil {
		return fmt.Errorf("storing ACS calls: %w", err)
	}
	return nil
}
