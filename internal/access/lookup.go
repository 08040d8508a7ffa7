package access

import (
	"strings"

	"github.com/callscope/callscope/internal/model"
)

// Matches reports whether lookup (an object id, a UPN or a phone number,
// as a helpdesk types it) names the person: ids and UPNs compared without
// regard to case (and to a "sip:" prefix), phone numbers by their digits,
// so "+1 (555) 123-4567" finds +15551234567. A masked number never
// matches: it could be anyone's. An empty lookup matches nobody.
func Matches(person model.Person, lookup string) bool {
	return targetOf(lookup, nil).matchPerson(person)
}

// target is everything that names the looked-up user in one call: the
// lookup itself and the other keys of the people it matched, so that an
// identity that carries only the object id is recognised when the user
// was looked up by UPN, and the other way round.
type target struct {
	ids, upns, phones map[string]bool
}

// targetOf builds the target of a lookup within a call's people
// (model.People, which merges a person's identities by id, UPN and phone).
func targetOf(lookup string, people []model.Person) target {
	t := target{ids: map[string]bool{}, upns: map[string]bool{}, phones: map[string]bool{}}
	lookup = strings.TrimSpace(lookup)
	if lookup == "" {
		return t
	}
	if looksLikePhoneLookup(lookup) {
		t.phones[phoneDigits(lookup)] = true
	} else {
		t.ids[strings.ToLower(lookup)] = true
		t.upns[normUPN(lookup)] = true
	}
	var found []model.Person
	for _, p := range people {
		if t.matchPerson(p) {
			found = append(found, p)
		}
	}
	for _, p := range found {
		t.add(p)
	}
	return t
}

func (t target) add(p model.Person) {
	if id := strings.TrimSpace(p.ID); id != "" {
		t.ids[strings.ToLower(id)] = true
	}
	if upn := normUPN(p.UPN); upn != "" {
		t.upns[upn] = true
	}
	if d := phoneDigits(p.Phone); d != "" {
		t.phones[d] = true
	}
}

func (t target) matchPerson(p model.Person) bool {
	return t.matchID(p.ID) || t.matchUPN(p.UPN) || t.matchPhone(p.Phone)
}

// matchID matches an object id, or an id that is a phone number (the
// phone slot's, a PSTN participant's) by its digits.
func (t target) matchID(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if t.ids[strings.ToLower(s)] {
		return true
	}
	return (isPhoneValue(s) || isBarePhone(s)) && t.matchPhone(s)
}

func (t target) matchUPN(s string) bool {
	u := normUPN(s)
	return u != "" && t.upns[u]
}

func (t target) matchPhone(s string) bool {
	d := phoneDigits(s)
	return d != "" && t.phones[d]
}

// normUPN is a UPN, e-mail address or SIP URI as compared: trimmed,
// lower-cased, without "sip:".
func normUPN(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.TrimPrefix(s, "sip:")
}

// phoneDigits returns the digits of a phone number, for comparing numbers
// however they were written; "" when s holds a masked digit, since a
// masked number must never match anyone.
func phoneDigits(s string) string {
	if strings.IndexByte(s, '*') >= 0 {
		return ""
	}
	s = strings.TrimSpace(s)
	start, end := numberSpan(s)
	var b strings.Builder
	for i := start; i < end; i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// looksLikePhoneLookup reports whether a lookup is a phone number rather
// than an object id or UPN: an optional tel: scheme and '+', then only
// digits and separators.
func looksLikePhoneLookup(s string) bool {
	s = strings.TrimSpace(s)
	if n := phoneScheme(s); n > 0 {
		s = s[n:]
	}
	s = strings.TrimPrefix(s, "+")
	if s == "" {
		return false
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case isPhoneSeparator(c):
		default:
			return false
		}
	}
	return digits > 0
}
