package model

// Outcome is what storing one record did.
type Outcome string

const (
	// Inserted: the record was new.
	Inserted Outcome = "inserted"
	// Replaced: a newer version (or, for derived ACS calls, new content)
	// replaced the stored one whole.
	Replaced Outcome = "replaced"
	// Merged: the same version arrived with parts the stored copy lacked
	// (sessions or participants fetched separately) and they were added.
	Merged Outcome = "merged"
	// Unchanged: the same version with nothing new; nothing was written.
	Unchanged Outcome = "unchanged"
	// Older: an older version than the stored one; skipped.
	Older Outcome = "older"
)

// Reconcile decides what storing incoming does when stored (nil if none)
// is already there, and returns the call to write (nil when nothing is to
// be written). The rules are the store contract:
//
//   - a newer version replaces the whole record;
//   - an older version is skipped (Older);
//   - the same version changes nothing, except that parts the stored copy
//     lacks are merged in, because Graph serves one version of a record in
//     pieces (record, sessions pages, participants pages);
//   - a partial record (a sessions or participants page seen before its
//     record) merges with whatever version is stored, in either order;
//   - ACS calls are assembled from log records, so the newest assembly
//     always wins when its content differs.
//
// sameContent reports whether two calls are equal in content; the store
// passes a comparison of canonical encodings.
func Reconcile(stored, incoming *Call, sameContent func(a, b *Call) bool) (*Call, Outcome) {
	switch {
	case stored == nil:
		return incoming, Inserted
	case incoming.Source == SourceACS || stored.Source == SourceACS:
		if sameContent(stored, incoming) {
			return nil, Unchanged
		}
		return incoming, Replaced
	case incoming.Partial || stored.Partial:
		merged := MergeParts(stored, incoming)
		if sameContent(stored, merged) {
			return nil, Unchanged
		}
		return merged, Merged
	case incoming.Version > stored.Version:
		return incoming, Replaced
	case incoming.Version < stored.Version:
		return nil, Older
	}
	merged := MergeParts(stored, incoming)
	if sameContent(stored, merged) {
		return nil, Unchanged
	}
	return merged, Merged
}
