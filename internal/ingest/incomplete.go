package ingest

// pageKey names the pages of one list of one call: its sessions or its
// participants.
type pageKey struct {
	sessions bool
	callID   string
}

// incompleteRecords holds the records that name a next page of their
// sessions or participants, until a page of that list turns up anywhere
// in the run, before or after the record: only those whose pages never
// came are reported incomplete. Both sets hold calls that are paged,
// which are few.
type incompleteRecords struct {
	pending map[pageKey]Problem
	order   []pageKey
	seen    map[pageKey]bool
}

func (ir *incompleteRecords) note(k pageKey, p Problem) {
	if ir.seen[k] {
		return
	}
	if ir.pending == nil {
		ir.pending = map[pageKey]Problem{}
	}
	if _, ok := ir.pending[k]; !ok {
		ir.order = append(ir.order, k)
	}
	ir.pending[k] = p
}

func (ir *incompleteRecords) paged(k pageKey) {
	if ir.seen == nil {
		ir.seen = map[pageKey]bool{}
	}
	ir.seen[k] = true
	delete(ir.pending, k)
}

// problems lists what is still pending, in the order it was noted.
func (ir *incompleteRecords) problems() []Problem {
	var out []Problem
	for _, k := range ir.order {
		if p, ok := ir.pending[k]; ok {
			out = append(out, p)
		}
	}
	return out
}
