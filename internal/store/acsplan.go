package store

import (
	"fmt"

	"github.com/callscope/callscope/internal/model"
)

// PutACSRecords' and RewriteACSRecords' rules are the same for every
// backend; an ACSBatch applies them, and a backend only reads the stored
// records it asks for and writes what it returns.

// ACSKey is where an ACS record is kept within its tenant.
type ACSKey struct{ CorrelationID, Key string }

// StoredACSHeader is what a plan first reads of a stored record.
type StoredACSHeader struct {
	Version int64
	Hash    string // ContentHash of its canonical JSON
}

// StoredACSRecords reads stored records of one tenant for a plan, inside
// the write's transaction.
type StoredACSRecords interface {
	// ACSHeaders returns the header of every stored record of the calls
	// correlationIDs (each given once).
	ACSHeaders(correlationIDs []string) (map[ACSKey]StoredACSHeader, error)
	// ACSContents returns the canonical JSON of the stored records keys.
	ACSContents(keys []ACSKey) (map[ACSKey][]byte, error)
}

// ACSWrite is a record a backend writes under its key, over the stored
// one when Stored.
type ACSWrite struct {
	ACSKey
	Version   int64
	Category  string
	Hash      string
	Canonical []byte
	Stored    bool
}

// ACSBatch is a batch of records made ready to store: checked, keyed and
// encoded, before the write's transaction.
type ACSBatch struct {
	recs   []ACSRecord
	keys   []ACSKey
	enc    [][]byte
	hashes []string
}

// PrepareACS checks recs, works out where each is kept (under its own
// correlation id when none is given) and its canonical JSON, on every
// core. A put needs a correlation id and takes the caller's Canonical
// when given (EncodeACSRecord); a rewrite encodes anew, since it changes
// the record, and leaves a record without a correlation id to be not
// found. what names the operation in errors.
func PrepareACS(what string, recs []ACSRecord, rewrite bool) (*ACSBatch, error) {
	b := &ACSBatch{recs: recs, keys: make([]ACSKey, len(recs)), enc: make([][]byte, len(recs)), hashes: make([]string, len(recs))}
	for i, r := range recs {
		if r.Record == nil || r.Key == "" {
			return nil, fmt.Errorf("%s: record %d has no record or no key: %w", what, i, ErrInvalid)
		}
		corr := r.CorrelationID
		if corr == "" {
			corr = r.Record.CorrelationID
		}
		if corr == "" && !rewrite {
			return nil, fmt.Errorf("%s: record %d (key %s) has no correlation id: %w", what, i, r.Key, ErrInvalid)
		}
		b.keys[i] = ACSKey{corr, r.Key}
	}
	errs := make([]error, len(recs))
	OnEveryCore(len(recs), func(i int) {
		if !rewrite && recs[i].Canonical != nil && recs[i].Hash != "" {
			b.enc[i], b.hashes[i] = recs[i].Canonical, recs[i].Hash
			return
		}
		if b.enc[i], errs[i] = model.MarshalCanonical(recs[i].Record); errs[i] == nil {
			b.hashes[i] = ContentHash(b.enc[i])
		}
	})
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("%s: encode record %s/%s: %w", what, b.keys[i].CorrelationID, b.keys[i].Key, err)
		}
	}
	return b, nil
}

// correlationIDs are the batch's calls, each once.
func (b *ACSBatch) correlationIDs() []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range b.keys {
		if !seen[k.CorrelationID] {
			seen[k.CorrelationID] = true
			out = append(out, k.CorrelationID)
		}
	}
	return out
}

// acsState is the stored or batch-written version of one record.
type acsState struct {
	StoredACSHeader
	inDB, dirty bool
	category    string
	record      []byte
}

// PlanPut reconciles the batch with the stored records as PutACSRecords
// says: a higher version replaces, a lower one is skipped, the same
// version keeps the fuller copy. It returns an outcome per record, in
// order, and the records to write, each key once.
func (b *ACSBatch) PlanPut(stored StoredACSRecords) ([]model.Outcome, []ACSWrite, error) {
	headers, err := stored.ACSHeaders(b.correlationIDs())
	if err != nil {
		return nil, nil, fmt.Errorf("read stored acs records: %w", err)
	}
	states := make(map[ACSKey]*acsState, len(headers))
	for k, h := range headers {
		states[k] = &acsState{StoredACSHeader: h, inDB: true}
	}
	// Stored copies of the same version with other content are read, to
	// keep the fuller of the two.
	var differ []ACSKey
	for i, r := range b.recs {
		if st := states[b.keys[i]]; st != nil && r.Version == st.Version && b.hashes[i] != st.Hash {
			differ = append(differ, b.keys[i])
		}
	}
	if len(differ) > 0 {
		contents, err := stored.ACSContents(differ)
		if err != nil {
			return nil, nil, fmt.Errorf("read stored acs records: %w", err)
		}
		for _, k := range differ {
			states[k].record = contents[k]
		}
	}
	outcomes := make([]model.Outcome, len(b.recs))
	var order []ACSKey
	for i, r := range b.recs {
		k, h := b.keys[i], b.hashes[i]
		st := states[k]
		switch {
		case st == nil:
			st = &acsState{}
			states[k] = st
			outcomes[i] = model.Inserted
		case r.Version < st.Version:
			outcomes[i] = model.Older
			continue
		case r.Version == st.Version && (h == st.Hash || !model.FullerJSON(b.enc[i], st.record)):
			// The same version again, or a thinner copy of it: keeping
			// the fuller copy makes the result independent of arrival order.
			outcomes[i] = model.Unchanged
			continue
		default:
			outcomes[i] = model.Replaced
		}
		if !st.dirty {
			order = append(order, k)
		}
		st.Version, st.Hash, st.dirty = r.Version, h, true
		st.category, st.record = string(r.Record.Category), b.enc[i]
	}
	return outcomes, writesOf(order, states), nil
}

// PlanRewrite is RewriteACSRecords' plan: every record replaces the
// stored one under its key whatever its version, the last of the batch
// under one key winning; a record that is not stored is an error
// wrapping ErrNotFound.
func (b *ACSBatch) PlanRewrite(tenant string, stored StoredACSRecords) ([]ACSWrite, error) {
	headers, err := stored.ACSHeaders(b.correlationIDs())
	if err != nil {
		return nil, fmt.Errorf("read stored acs records: %w", err)
	}
	states := map[ACSKey]*acsState{}
	var order []ACSKey
	for i, r := range b.recs {
		k := b.keys[i]
		if _, ok := headers[k]; !ok {
			return nil, fmt.Errorf("acs record %s/%s of tenant %s: %w", k.CorrelationID, k.Key, tenant, ErrNotFound)
		}
		if states[k] == nil {
			order = append(order, k)
		}
		states[k] = &acsState{StoredACSHeader: StoredACSHeader{r.Version, b.hashes[i]}, inDB: true, dirty: true,
			category: string(r.Record.Category), record: b.enc[i]}
	}
	return writesOf(order, states), nil
}

func writesOf(order []ACSKey, states map[ACSKey]*acsState) []ACSWrite {
	writes := make([]ACSWrite, len(order))
	for i, k := range order {
		st := states[k]
		writes[i] = ACSWrite{ACSKey: k, Version: st.Version, Category: st.category, Hash: st.Hash, Canonical: st.record, Stored: st.inDB}
	}
	return writes
}
