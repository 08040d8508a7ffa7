package model

import (
	"bytes"
	"encoding/json"
	"sort"
)

// MergeParts combines two copies of the same version of a record that Graph
// served in pieces: the record with or without its sessions, pages of
// sessions, participants_v2 with or without their own page. Sessions and
// participants are united by identity; where both copies hold the same one,
// the fuller copy wins. The result does not depend on the order of the
// arguments, so files can be ingested in any order. When incoming adds
// nothing to stored, stored is returned as it is.
func MergeParts(stored, incoming *Call) *Call {
	if stored == nil {
		return incoming
	}
	if incoming == nil {
		return stored
	}
	if covers(stored, incoming) {
		return stored
	}
	if covers(incoming, stored) && !incoming.Partial {
		return incoming
	}
	head, other := stored, incoming
	if fuller(headerOf(incoming), headerOf(stored)) {
		head, other = incoming, stored
	}
	out := *head
	out.Version = max(stored.Version, incoming.Version)
	out.Partial = stored.Partial && incoming.Partial
	if out.OrganizerV2 == nil {
		out.OrganizerV2 = other.OrganizerV2
	}
	if out.Organizer == nil {
		out.Organizer = other.Organizer
	}
	out.Sessions = unite(stored.Sessions, incoming.Sessions, sessionKey)
	out.ParticipantsV2 = unite(stored.ParticipantsV2, incoming.ParticipantsV2, participantKey)
	out.Participants = unite(stored.Participants, incoming.Participants, identitySetKey)
	out.SessionsNextLink = mergedLink(stored.SessionsNextLink, len(stored.Sessions), incoming.SessionsNextLink, len(incoming.Sessions))
	out.ParticipantsNextLink = mergedLink(stored.ParticipantsNextLink, len(stored.ParticipantsV2), incoming.ParticipantsNextLink, len(incoming.ParticipantsV2))
	return &out
}

// covers reports whether a already holds everything b has: every session
// and participant of b, no fuller than a's own copy.
func covers(a, b *Call) bool {
	if fuller(headerOf(b), headerOf(a)) && !b.Partial {
		return false
	}
	return coversAll(a.Sessions, b.Sessions, sessionKey) &&
		coversAll(a.ParticipantsV2, b.ParticipantsV2, participantKey) &&
		coversAll(a.Participants, b.Participants, identitySetKey) &&
		(b.OrganizerV2 == nil || a.OrganizerV2 != nil) &&
		(b.Organizer == nil || a.Organizer != nil)
}

func coversAll[T any](have, want []*T, key func(*T) string) bool {
	idx := map[string]*T{}
	for _, h := range have {
		if h != nil {
			idx[key(h)] = h
		}
	}
	for _, w := range want {
		if w == nil {
			continue
		}
		h, ok := idx[key(w)]
		if !ok || fuller(w, h) {
			return false
		}
	}
	return true
}

// unite returns the union of a and b by key, the fuller copy of each, in
// a canonical order so that unite(a, b) equals unite(b, a).
func unite[T any](a, b []*T, key func(*T) string) []*T {
	if len(a) == 0 && len(b) == 0 {
		return nil
	}
	best := map[string]*T{}
	var keys []string
	for _, list := range [][]*T{a, b} {
		for _, v := range list {
			if v == nil {
				continue
			}
			k := key(v)
			have, ok := best[k]
			if !ok {
				keys = append(keys, k)
				best[k] = v
			} else if fuller(v, have) {
				best[k] = v
			}
		}
	}
	sort.Strings(keys)
	out := make([]*T, 0, len(keys))
	for _, k := range keys {
		out = append(out, best[k])
	}
	return out
}

// fuller reports whether a holds more than b, by the size of its
// canonical encoding, ties broken by the bytes themselves so that the
// choice never depends on argument order.
func fuller(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return FullerJSON(ja, jb)
}

// FullerJSON is the order-independent choice between two encodings of
// the same thing that differ: the longer one, or on a tie the greater by
// bytes. Stores use it so that what they keep never depends on the order
// in which copies arrived.
func FullerJSON(a, b []byte) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return bytes.Compare(a, b) > 0
}

func headerOf(c *Call) Call {
	h := *c
	h.Sessions, h.ParticipantsV2, h.Participants = nil, nil, nil
	h.SessionsNextLink, h.ParticipantsNextLink = "", ""
	h.Version, h.Partial = 0, false
	return h
}

// mergedLink keeps a nextLink only while no copy is known complete: a
// copy that has items and no link held them all.
func mergedLink(a string, na int, b string, nb int) string {
	if (na > 0 && a == "") || (nb > 0 && b == "") {
		return ""
	}
	if a != "" {
		return a
	}
	return b
}

func sessionKey(s *Session) string {
	start, _ := s.StartDateTime.Get()
	end, _ := s.EndDateTime.Get()
	return s.ID.Value() + "|" + start.String() + "|" + end.String() + "|" + endpointKey(s.Caller) + "|" + endpointKey(s.Callee)
}

func endpointKey(e *Endpoint) string {
	if e == nil {
		return ""
	}
	if id := e.PrimaryIdentity(); id != nil && id.ID.Value() != "" {
		return id.ID.Value()
	}
	if e.UserAgent != nil {
		return e.UserAgent.HeaderValue.Value() + "/" + string(e.UserAgent.Role.Value())
	}
	return ""
}

func participantKey(p *CallParticipant) string {
	k := p.ID.Value()
	if p.Identity != nil {
		if id := p.Identity.Primary(); id != nil {
			k += "|" + id.ID.Value()
		}
	}
	return k
}

func identitySetKey(s *IdentitySet) string {
	if id := s.Primary(); id != nil {
		return id.ID.Value() + "|" + id.DisplayName.Value()
	}
	return ""
}
