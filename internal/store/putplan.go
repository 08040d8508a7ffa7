package store

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/callscope/callscope/internal/model"
)

// PutCalls' rules (model.Reconcile with the stored copy, content compared
// by canonical JSON, versions of one call in one batch applied in order)
// are the same for every backend; PlanPut applies them, and a backend
// only reads the stored copies it asks for and writes what it returns.

// StoredHeader is what PlanPut decides on before it looks at a stored
// call's content: enough to tell an unchanged call, or skip an older
// version of a large meeting, without decoding either copy.
type StoredHeader struct {
	Hash    string // ContentHash of the canonical JSON
	Version int64
	Partial bool
	Source  model.Source
}

// older reports whether e is an older version of the stored call, as
// model.Reconcile would find: both whole Graph records.
func (h StoredHeader) older(e *EncodedCall) bool {
	return h.Version > 0 && !h.Partial && !e.Partial && h.Source != model.SourceACS && e.Source != model.SourceACS && e.Version < h.Version
}

// StoredCalls reads stored copies for PlanPut, inside the write's
// transaction.
type StoredCalls interface {
	// Headers returns the header of each of the tenant's calls ids that
	// is stored.
	Headers(tenant string, ids []string) (map[string]StoredHeader, error)
	// Details returns the canonical JSON of each of the tenant's calls
	// ids (all stored).
	Details(tenant string, ids []string) (map[string][]byte, error)
}

// PlannedWrite is a call PlanPut has a backend write: its rows replace
// the stored call's when Stored.
type PlannedWrite struct {
	Call   *EncodedCall
	Stored bool
}

// PutPlan is what a batch of PutCalls comes to: an outcome per call, in
// order, and the calls to write, each once, in the order they were first
// written.
type PutPlan struct {
	Outcomes []model.Outcome
	Writes   []PlannedWrite
}

type planKey struct{ tenant, id string }

// planState is what the batch knows of one call: the stored copy until a
// batch item replaces it, then the call to write.
type planState struct {
	call   *model.Call  // nil while not decoded
	json   []byte       // canonical JSON of call, when decoded
	enc    *EncodedCall // what is written, once dirty
	hash   string
	stored StoredHeader // of the stored copy, while it is what the state holds
	inDB   bool         // rows exist and must be deleted before writing
	dirty  bool         // to be written; then enc (and call, json) are the batch's own
}

// PlanPut reconciles encoded calls with their stored copies, read from
// stored, and with each other, as PutCalls says. models, when given, are
// the calls encs were encoded from, which spares decoding them again to
// reconcile. Calls encoded light (EncodeCallLight) that are written come
// back completed.
func PlanPut(encs []*EncodedCall, models []*model.Call, stored StoredCalls) (*PutPlan, error) {
	plan := &PutPlan{Outcomes: make([]model.Outcome, len(encs))}
	states, err := loadHeaders(stored, encs)
	if err != nil {
		return nil, err
	}
	if err := completeWritten(encs, states); err != nil {
		return nil, err
	}
	if err := loadDetails(stored, encs, states); err != nil {
		return nil, err
	}
	var order []planKey // calls to write, in first-written order
	for i, e := range encs {
		k := planKey{e.Tenant, e.ID}
		st := states[k]
		if st == nil {
			st = &planState{enc: e, hash: e.Hash, dirty: true}
			if models != nil {
				st.call = models[i]
			}
			states[k] = st
			order = append(order, k)
			plan.Outcomes[i] = model.Inserted
			continue
		}
		if st.hash == e.Hash {
			plan.Outcomes[i] = model.Unchanged
			continue
		}
		if !st.dirty && st.stored.older(e) {
			plan.Outcomes[i] = model.Older
			continue
		}
		if err := st.decode(); err != nil {
			return nil, err
		}
		var incoming *model.Call
		var incomingJSON []byte
		if models != nil {
			// The model is at hand; its canonical JSON is the encoding's.
			incoming = models[i]
			if incomingJSON, err = e.JSON(); err != nil {
				return nil, err
			}
		} else if incoming, incomingJSON, err = decodeEncoded(e); err != nil {
			return nil, err
		}
		codec := newCallCodec(incoming, incomingJSON, st)
		res, out := model.Reconcile(st.call, incoming, codec.same)
		plan.Outcomes[i] = out
		if res == nil {
			continue
		}
		if res.Tenant != e.Tenant || res.ID != e.ID {
			return nil, fmt.Errorf("call %s: reconciling gave call %s of tenant %q", e.ID, res.ID, res.Tenant)
		}
		detail, err := codec.encode(res)
		if err != nil {
			return nil, fmt.Errorf("encode call %s: %w", e.ID, err)
		}
		enc := e
		if res != incoming {
			enc = EncodeCallJSON(res, detail)
		} else if err := enc.Complete(); err != nil {
			return nil, err
		}
		if !st.dirty {
			order = append(order, k)
		}
		st.call, st.json, st.hash, st.enc, st.dirty = res, detail, enc.Hash, enc, true
	}
	plan.Writes = make([]PlannedWrite, len(order))
	for i, k := range order {
		plan.Writes[i] = PlannedWrite{Call: states[k].enc, Stored: states[k].inDB}
	}
	return plan, nil
}

// completeWritten completes, on every core, the calls encoded light that
// are not stored with the same content: those are the ones written.
// Should a copy found unchanged be written all the same, after another
// copy of its call in the batch, PlanPut completes it then.
func completeWritten(encs []*EncodedCall, states map[planKey]*planState) error {
	var light []*EncodedCall
	for _, e := range encs {
		if st := states[planKey{e.Tenant, e.ID}]; e.Light() && (st == nil || st.hash != e.Hash) {
			light = append(light, e)
		}
	}
	errs := make([]error, len(light))
	OnEveryCore(len(light), func(i int) { errs[i] = light[i].Complete() })
	return errors.Join(errs...)
}

// decode makes sure the state's call is decoded: a call of the batch
// that was stored from its encoding alone is decoded when a later item
// of the same batch must be reconciled with it.
func (st *planState) decode() error {
	if st.call != nil {
		return nil
	}
	if st.enc == nil {
		// Reconcile would take a nil stored call for a new one.
		return fmt.Errorf("stored copy was not read")
	}
	c, b, err := decodeEncoded(st.enc)
	if err != nil {
		return err
	}
	st.call, st.json = c, b
	return nil
}

func decodeEncoded(e *EncodedCall) (*model.Call, []byte, error) {
	b, err := e.JSON()
	if err != nil {
		return nil, nil, err
	}
	var c model.Call
	if err := model.DecodeJSON(b, &c); err != nil {
		return nil, nil, fmt.Errorf("call %s: decode: %w", e.ID, err)
	}
	return &c, b, nil
}

// loadHeaders finds which calls of the batch are stored, with their
// content hashes.
func loadHeaders(stored StoredCalls, encs []*EncodedCall) (map[planKey]*planState, error) {
	states := map[planKey]*planState{}
	for tenant, ids := range planIDs(encs, nil) {
		headers, err := stored.Headers(tenant, ids)
		if err != nil {
			return nil, fmt.Errorf("read stored calls: %w", err)
		}
		for id, h := range headers {
			states[planKey{tenant, id}] = &planState{hash: h.Hash, inDB: true, stored: h}
		}
	}
	return states, nil
}

// loadDetails decodes the stored copies that some call of the batch
// differs from; only those need reconciling.
func loadDetails(stored StoredCalls, encs []*EncodedCall, states map[planKey]*planState) error {
	need := func(e *EncodedCall) bool {
		st := states[planKey{e.Tenant, e.ID}]
		return st != nil && st.hash != e.Hash && !st.stored.older(e)
	}
	for tenant, ids := range planIDs(encs, need) {
		details, err := stored.Details(tenant, ids)
		if err != nil {
			return fmt.Errorf("read stored calls: %w", err)
		}
		for _, id := range ids {
			b, ok := details[id]
			if !ok {
				return fmt.Errorf("stored call %s of tenant %s could not be read", id, tenant)
			}
			var c model.Call
			if err := model.DecodeJSON(b, &c); err != nil {
				return fmt.Errorf("stored call %s of tenant %s: decode: %w", id, tenant, err)
			}
			st := states[planKey{tenant, id}]
			st.call, st.json = &c, b
		}
	}
	return nil
}

// planIDs lists the distinct ids of the calls for which keep (nil: all)
// holds, grouped by tenant.
func planIDs(encs []*EncodedCall, keep func(*EncodedCall) bool) map[string][]string {
	seen := map[planKey]bool{}
	out := map[string][]string{}
	for _, e := range encs {
		k := planKey{e.Tenant, e.ID}
		if seen[k] || keep != nil && !keep(e) {
			continue
		}
		seen[k] = true
		out[e.Tenant] = append(out[e.Tenant], e.ID)
	}
	return out
}

// callCodec encodes calls for content comparison, each call once: the
// incoming call and the stored copy are known, merged results are new.
type callCodec struct {
	known map[*model.Call][]byte
}

func newCallCodec(incoming *model.Call, incomingJSON []byte, st *planState) *callCodec {
	cc := &callCodec{known: map[*model.Call][]byte{}}
	if incomingJSON != nil {
		cc.known[incoming] = incomingJSON
	}
	if st.dirty && st.json != nil {
		// Encoded in this batch; a copy decoded from the database is
		// encoded afresh instead, so that the comparison never rests on
		// a decode/encode round trip being exact.
		cc.known[st.call] = st.json
	}
	return cc
}

func (cc *callCodec) encode(c *model.Call) ([]byte, error) {
	if b, ok := cc.known[c]; ok {
		return b, nil
	}
	b, err := model.MarshalCanonical(c)
	if err != nil {
		return nil, err
	}
	cc.known[c] = b
	return b, nil
}

// same is model.Reconcile's content comparison: equal canonical JSON.
func (cc *callCodec) same(a, b *model.Call) bool {
	ja, errA := cc.encode(a)
	jb, errB := cc.encode(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// PlanRewrite is RewriteCalls' plan: every call replaces its stored
// copy whole, the last of several copies of one call winning; a call
// that is not stored is an error wrapping ErrNotFound.
func PlanRewrite(encs []*EncodedCall, stored StoredCalls) ([]PlannedWrite, error) {
	states, err := loadHeaders(stored, encs)
	if err != nil {
		return nil, err
	}
	var order []planKey
	for _, e := range encs {
		k := planKey{e.Tenant, e.ID}
		st := states[k]
		if st == nil {
			return nil, fmt.Errorf("call %s of tenant %s: %w", e.ID, e.Tenant, ErrNotFound)
		}
		if !st.dirty {
			order = append(order, k)
		}
		st.enc, st.dirty = e, true
	}
	writes := make([]PlannedWrite, len(order))
	for i, k := range order {
		writes[i] = PlannedWrite{Call: states[k].enc, Stored: true}
	}
	return writes, nil
}
