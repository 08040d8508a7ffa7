package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// CallPrefixFinder is a store that finds calls by the start of their id,
// so that a person can type "e523d2ed" for a call rather than its whole
// GUID. A store without it is searched through ListCalls (ResolveCallID).
type CallPrefixFinder interface {
	// CallIDsWithPrefix returns the ids of the tenant's calls that begin
	// with prefix, compared without regard to case, in order of id; at
	// most limit of them (limit > 0). An empty tenant or prefix is
	// ErrInvalid. Safe for concurrent use.
	CallIDsWithPrefix(ctx context.Context, tenant, prefix string, limit int) ([]string, error)
}

// AmbiguousIDError is a call id prefix that more than one call begins
// with.
type AmbiguousIDError struct {
	Prefix string
	// Candidates are some of the calls it matches, in order of id; More
	// tells whether there are others still.
	Candidates []string
	More       bool
}

func (e *AmbiguousIDError) Error() string {
	more := ""
	if e.More {
		more = ", …"
	}
	return fmt.Sprintf("call id %s is ambiguous: it begins %d or more calls: %s%s; give more of the id",
		e.Prefix, len(e.Candidates), strings.Join(e.Candidates, ", "), more)
}

// maxCandidates bounds the candidates an AmbiguousIDError lists.
const maxCandidates = 10

// ResolveCallID returns the id of the tenant's call that idOrPrefix
// names: the call of that id when stored, else the one call whose id
// begins with it. No call is an error wrapping ErrNotFound; several an
// *AmbiguousIDError.
func ResolveCallID(ctx context.Context, st Store, tenant, idOrPrefix string) (string, error) {
	id := strings.TrimSpace(idOrPrefix)
	if id == "" {
		return "", fmt.Errorf("no call id: %w", ErrInvalid)
	}
	versions, err := st.CallVersions(ctx, tenant, []string{id})
	if err != nil {
		return "", err
	}
	if _, ok := versions[id]; ok {
		return id, nil
	}
	var found []string
	if f, ok := st.(CallPrefixFinder); ok {
		found, err = f.CallIDsWithPrefix(ctx, tenant, id, maxCandidates+1)
	} else {
		found, err = prefixFromList(ctx, st, tenant, id)
	}
	if err != nil {
		return "", err
	}
	return OnePrefixMatch(id, found, "in tenant "+tenant)
}

// OnePrefixMatch picks the one id of found (the ids beginning with
// prefix, sorted, more than maxCandidates when there are more) or says
// why there is none; where says where was looked ("in tenant T").
func OnePrefixMatch(prefix string, found []string, where string) (string, error) {
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) == 0:
		return "", fmt.Errorf("no call %s %s, and no call id begins with it: %w", prefix, where, ErrNotFound)
	}
	more := len(found) > maxCandidates
	return "", &AmbiguousIDError{Prefix: prefix, Candidates: found[:min(len(found), maxCandidates)], More: more}
}

// prefixFromList is CallIDsWithPrefix for a store without it.
func prefixFromList(ctx context.Context, st Store, tenant, prefix string) ([]string, error) {
	calls, err := st.ListCalls(ctx, CallFilter{Tenant: tenant})
	if err != nil {
		return nil, err
	}
	return PrefixMatches(prefix, func(yield func(string) bool) {
		for _, c := range calls {
			if !yield(c.ID) {
				return
			}
		}
	}), nil
}

// PrefixMatches returns the ids that begin with prefix, without regard
// to case, sorted, at most one more than an AmbiguousIDError lists.
func PrefixMatches(prefix string, ids func(yield func(string) bool)) []string {
	p := strings.ToLower(prefix)
	var out []string
	for id := range ids {
		if strings.HasPrefix(strings.ToLower(id), p) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) > maxCandidates+1 {
		out = out[:maxCandidates+1]
	}
	return out
}

// IsAmbiguous reports whether err is an *AmbiguousIDError.
func IsAmbiguous(err error) bool {
	var a *AmbiguousIDError
	return errors.As(err, &a)
}
