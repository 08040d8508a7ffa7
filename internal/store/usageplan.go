package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// PutUsageRows' and RewriteUsageRows' rules are the same for every
// backend; a UsageBatch applies them, and a backend only reads the stored
// rows it asks for and writes what it returns.

// UsageContentKeyPrefix begins the key of a usage row that came without
// an id: the hash of its content follows.
const UsageContentKeyPrefix = "sha256:"

// UsageKey is where a usage row is kept within its tenant.
type UsageKey struct{ Kind, ID string }

// StoredUsage is a stored usage row as a plan compares it.
type StoredUsage struct {
	Hash      string
	Canonical []byte
}

// StoredUsageRows reads stored rows of one tenant for a plan, inside the
// write's transaction.
type StoredUsageRows interface {
	// UsageRows returns the stored rows under keys (each given once).
	UsageRows(keys []UsageKey) (map[UsageKey]StoredUsage, error)
}

// UsageWrite is a row a backend writes under its key, over the stored
// one when Stored. Start is when it started (or, for an SMS, was sent),
// which retention ages it by.
type UsageWrite struct {
	UsageKey
	Hash      string
	Canonical []byte
	Start     *time.Time
	Stored    bool
	// Row is the row itself, whose usage fact (UsageFactOf) is written
	// with it.
	Row *model.UsageRow
}

// UsageBatch is a batch of rows made ready to store: checked, keyed and
// encoded, before the write's transaction.
type UsageBatch struct {
	rows   []*model.UsageRow
	keys   []UsageKey
	enc    [][]byte
	hashes []string
}

// PrepareUsagePut checks, encodes and keys rows for PutUsageRows. Rows
// are encoded by encoding/json: a row without an id is keyed by the hash
// of this encoding, which must not change.
func PrepareUsagePut(rows []*model.UsageRow) (*UsageBatch, error) {
	b := newUsageBatch(len(rows))
	for i, r := range rows {
		if r == nil || r.Kind == "" {
			return nil, fmt.Errorf("put usage rows: row %d is nil or has no kind: %w", i, ErrInvalid)
		}
		if err := b.encode(i, r, "put usage rows"); err != nil {
			return nil, err
		}
		id := r.ID
		if id == "" {
			id = UsageContentKeyPrefix + b.hashes[i]
		}
		b.keys[i] = UsageKey{string(r.Kind), id}
	}
	return b, nil
}

// PrepareUsageRewrite checks and encodes rows for RewriteUsageRows, each
// under the key it is stored under.
func PrepareUsageRewrite(rows []UsageRecord) (*UsageBatch, error) {
	b := newUsageBatch(len(rows))
	for i, r := range rows {
		if r.Row == nil || r.Row.Kind == "" || r.Key == "" {
			return nil, fmt.Errorf("rewrite usage rows: row %d has no row, kind or key: %w", i, ErrInvalid)
		}
		if err := b.encode(i, r.Row, "rewrite usage rows"); err != nil {
			return nil, err
		}
		b.keys[i] = UsageKey{string(r.Row.Kind), r.Key}
	}
	return b, nil
}

func newUsageBatch(n int) *UsageBatch {
	return &UsageBatch{rows: make([]*model.UsageRow, n), keys: make([]UsageKey, n), enc: make([][]byte, n), hashes: make([]string, n)}
}

func (b *UsageBatch) encode(i int, r *model.UsageRow, what string) error {
	enc, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("%s: encode row %d: %w", what, i, err)
	}
	b.rows[i], b.enc[i], b.hashes[i] = r, enc, ContentHash(enc)
	return nil
}

// distinctKeys are the batch's keys, each once.
func (b *UsageBatch) distinctKeys() []UsageKey {
	seen := make(map[UsageKey]bool, len(b.keys))
	var out []UsageKey
	for _, k := range b.keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

type usageState struct {
	StoredUsage
	inDB, dirty bool
	row         *model.UsageRow
}

// PlanPut reconciles the batch with the stored rows as PutUsageRows
// says: the same content changes nothing, and of two contents under one
// key the fuller is kept. It returns an outcome per row, in order, and
// the rows to write, each key once.
func (b *UsageBatch) PlanPut(stored StoredUsageRows) ([]model.Outcome, []UsageWrite, error) {
	found, err := stored.UsageRows(b.distinctKeys())
	if err != nil {
		return nil, nil, fmt.Errorf("read stored usage rows: %w", err)
	}
	states := make(map[UsageKey]*usageState, len(found))
	for k, s := range found {
		states[k] = &usageState{StoredUsage: s, inDB: true}
	}
	outcomes := make([]model.Outcome, len(b.rows))
	var order []UsageKey
	for i, r := range b.rows {
		k := b.keys[i]
		st := states[k]
		switch {
		case st == nil:
			st = &usageState{}
			states[k] = st
			outcomes[i] = model.Inserted
		case st.Hash == b.hashes[i] || !model.FullerJSON(b.enc[i], st.Canonical):
			// The same row again, or a thinner copy of it (a v1.0 row after
			// its beta copy): keep the fuller, whatever the arrival order.
			outcomes[i] = model.Unchanged
			continue
		default:
			outcomes[i] = model.Replaced
		}
		if !st.dirty {
			order = append(order, k)
		}
		st.Hash, st.Canonical, st.row, st.dirty = b.hashes[i], b.enc[i], r, true
	}
	return outcomes, usageWrites(order, states), nil
}

// PlanRewrite is RewriteUsageRows' plan: every row replaces the stored
// one under its key, the last of the batch under one key winning; a row
// that is not stored is an error wrapping ErrNotFound.
func (b *UsageBatch) PlanRewrite(tenant string, stored StoredUsageRows) ([]UsageWrite, error) {
	found, err := stored.UsageRows(b.distinctKeys())
	if err != nil {
		return nil, fmt.Errorf("read stored usage rows: %w", err)
	}
	states := map[UsageKey]*usageState{}
	var order []UsageKey
	for i, r := range b.rows {
		k := b.keys[i]
		if _, ok := found[k]; !ok {
			return nil, fmt.Errorf("usage row %s/%s of tenant %s: %w", k.Kind, k.ID, tenant, ErrNotFound)
		}
		if states[k] == nil {
			order = append(order, k)
		}
		states[k] = &usageState{StoredUsage: StoredUsage{b.hashes[i], b.enc[i]}, inDB: true, dirty: true, row: r}
	}
	return usageWrites(order, states), nil
}

func usageWrites(order []UsageKey, states map[UsageKey]*usageState) []UsageWrite {
	writes := make([]UsageWrite, len(order))
	for i, k := range order {
		st := states[k]
		start := st.row.StartDateTime.Ptr()
		if start == nil {
			start = st.row.SentDateTime.Ptr()
		}
		writes[i] = UsageWrite{UsageKey: k, Hash: st.Hash, Canonical: st.Canonical, Start: start, Stored: st.inDB, Row: st.row}
	}
	return writes
}
