package ingest

import (
	"hash/maphash"

	"github.com/callscope/callscope/internal/model"
)

// writtenKeys are the records (calls, ACS log records) this run wrote,
// so that a version replaced or skipped because of another version in
// the same input is told apart from one that met what was stored before:
// ingesting a folder that holds every version of a call into an empty
// store replaces nothing the user had. Keys are hashed, eight bytes a
// record however long its id; a collision only moves a count between
// the two.
type writtenKeys struct {
	seed maphash.Seed
	keys map[uint64]struct{}
}

// tally counts the outcome of storing one record of kind under key into
// sum and reports whether it met a version written earlier in this run.
func (w *writtenKeys) tally(sum *Summary, kind, key string, o model.Outcome) (inInput bool) {
	if w.keys == nil {
		w.seed, w.keys = maphash.MakeSeed(), map[uint64]struct{}{}
	}
	h := maphash.String(w.seed, kind+"\x00"+key)
	_, earlier := w.keys[h]
	switch o {
	case model.Inserted, model.Replaced, model.Merged:
		w.keys[h] = struct{}{}
		inInput = earlier && o == model.Replaced
	case model.Older:
		inInput = earlier
	}
	sum.countOutcome(o, inInput)
	return inInput
}
