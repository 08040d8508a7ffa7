package api

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// participantOrder is the order of the participants route's list:
// people by name as the role sees it, then by first join; names Tier 1
// sees in place of others' ("Internal User", "External User") after the
// real ones, so that the looked-up user comes first, and withheld names
// last (the order says nothing of the names behind either); then the
// endpoints without identity, by first join. Entries are indexes as
// participant takes them. It is worked out once per view. The
// overview's first page of participants keeps the list's own order.
func (seen *seenCall) participantOrder() []int {
	if seen.order != nil {
		return seen.order
	}
	first := make([]time.Time, seen.participantTotal())
	for _, g := range seen.groups {
		if g.person >= 0 && g.person < len(seen.people) && !g.first.IsZero() &&
			(first[g.person].IsZero() || g.first.Before(first[g.person])) {
			first[g.person] = g.first
		}
	}
	for k, gi := range seen.endpoints {
		first[len(seen.people)+k] = seen.groups[gi].first
	}
	order := make([]int, seen.participantTotal())
	for i := range order {
		order[i] = i
	}
	name := func(i int) string {
		if i >= len(seen.people) {
			return ""
		}
		return strings.ToLower(strings.TrimSpace(seen.people[i].DisplayName))
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ea, eb := a >= len(seen.people), b >= len(seen.people)
		if ea != eb {
			if ea {
				return 1
			}
			return -1
		}
		na, nb := name(a), name(b)
		if c := cmp.Compare(nameRank(na), nameRank(nb)); c != 0 {
			return c
		}
		if c := cmp.Compare(na, nb); c != 0 {
			return c
		}
		return compareJoin(first[a], first[b])
	})
	seen.order = order
	return order
}

// nameRank sorts real names first, then Tier 1's stand-ins, then
// withheld names; name is lower case.
func nameRank(name string) int {
	switch name {
	case "":
		return 2
	case strings.ToLower(access.InternalUser), strings.ToLower(access.ExternalUser):
		return 1
	}
	return 0
}

// compareJoin orders join times, unknown ones last.
func compareJoin(a, b time.Time) int {
	if a.IsZero() != b.IsZero() {
		if a.IsZero() {
			return 1
		}
		return -1
	}
	return a.Compare(b)
}

// groupsOf lists the session groups of participant list entry i.
func (seen *seenCall) groupsOf(i int) []sessionGroup {
	if i >= len(seen.people) {
		return []sessionGroup{seen.groups[seen.endpoints[i-len(seen.people)]]}
	}
	var out []sessionGroup
	for _, g := range seen.groups {
		if g.person == i {
			out = append(out, g)
		}
	}
	return out
}

// sessionsOf lists, sorted and once each, the sessions the entries
// joined.
func (seen *seenCall) sessionsOf(entries []int) []int {
	var out []int
	for _, i := range entries {
		for _, g := range seen.groupsOf(i) {
			out = append(out, g.sessions...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// joinsOf lists entry i's sessions in order of joining, each read from
// the redacted call (the view must have loaded them: sessionsOf): times,
// the client of the participant's own end and its connection type.
func (seen *seenCall) joinsOf(i int) ([]wire.ParticipantJoin, error) {
	var out []wire.ParticipantJoin
	for _, g := range seen.groupsOf(i) {
		for k, si := range g.sessions {
			at, ok := slices.BinarySearch(seen.sessions, si)
			if !ok || at >= len(seen.call.Sessions) {
				return nil, fmt.Errorf("participants of call %s: session %d was not seen", seen.call.ID, si)
			}
			ss := seen.call.Sessions[at]
			if ss == nil {
				continue
			}
			j := wire.ParticipantJoin{Index: si, StartDateTime: ss.StartDateTime, EndDateTime: ss.EndDateTime, Rating: ss.Rating}
			e := ss.Caller
			if g.callee[k] {
				e = ss.Callee
			}
			if e != nil && e.UserAgent != nil {
				j.Platform, j.ProductFamily = e.UserAgent.Platform, e.UserAgent.ProductFamily
			}
			j.ConnectionType = connectionOf(ss, g.callee[k])
			out = append(out, j)
		}
	}
	slices.SortStableFunc(out, func(a, b wire.ParticipantJoin) int {
		return compareJoin(a.StartDateTime.Value(), b.StartDateTime.Value())
	})
	return out, nil
}

// connectionOf is how one side of a session was connected: the first
// media of its segments that says.
func connectionOf(ss *model.Session, callee bool) model.Opt[model.ConnectionType] {
	for _, g := range ss.Segments {
		if g == nil {
			continue
		}
		for _, m := range g.Media {
			if m == nil {
				continue
			}
			n := m.CallerNetwork
			if callee {
				n = m.CalleeNetwork
			}
			if n != nil && !n.ConnectionType.IsAbsent() {
				return n.ConnectionType
			}
		}
	}
	return model.Opt[model.ConnectionType]{}
}
