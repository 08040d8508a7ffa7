package model

import (
	"slices"
	"sort"
	"strings"
)

// Person is someone who took part in a call, as the call's own telemetry
// names them. Lookups by object id, UPN or phone number go through these.
type Person struct {
	ID          string `pii:"id"`
	DisplayName string `pii:"name"`
	UPN         string `pii:"upn"`
	Phone       string `pii:"phone"`
	TenantID    string
	Organizer   bool
}

// People lists the distinct people of a call: organizer, participants
// (participants_v2, then the deprecated participants), and every session
// endpoint's identity, so that a user who appears only in a session still
// finds the call. Entries are merged by id, phone or UPN and sorted for a
// stable order.
func People(c *Call) []Person {
	people, _ := peopleOf(c, false)
	return people
}

// PeopleSessions is People with, for each person, the indexes of the
// call's sessions they are the caller or the callee of (ascending): their
// own sessions, whose ratings are theirs.
func PeopleSessions(c *Call) ([]Person, [][]int) { return peopleOf(c, true) }

// peopleOf is People, and with track each person's own sessions: a page
// of a large meeting's view lists its people, and should not pay for
// sessions it does not ask for.
func peopleOf(c *Call, track bool) ([]Person, [][]int) {
	byKey := map[string]*Person{}
	var order []*Person
	var sessions map[*Person][]int
	if track {
		sessions = map[*Person][]int{}
	}
	// add merges p into the people and returns the entry it went to (nil
	// for a person without an identifier).
	add := func(p Person) *Person {
		p.ID, p.UPN, p.Phone = strings.TrimSpace(p.ID), strings.TrimSpace(p.UPN), strings.TrimSpace(p.Phone)
		if p.ID == "" && p.UPN == "" && p.Phone == "" {
			return nil
		}
		var keys []string
		for _, k := range []string{p.ID, strings.ToLower(p.UPN), p.Phone} {
			if k != "" {
				keys = append(keys, k)
			}
		}
		for _, k := range keys {
			if have, ok := byKey[k]; ok {
				mergePerson(have, p)
				for _, k2 := range keys {
					byKey[k2] = have
				}
				return have
			}
		}
		np := p
		order = append(order, &np)
		for _, k := range keys {
			byKey[k] = &np
		}
		return &np
	}
	// addSet adds the people of s, appending their entries to dst.
	addSet := func(dst []*Person, s *IdentitySet, organizer bool, participantID string) []*Person {
		if s == nil {
			if participantID != "" {
				dst = append(dst, add(Person{ID: participantID, Organizer: organizer}))
			}
			return dst
		}
		for _, sl := range s.Slots() {
			dst = append(dst, add(personOf(sl.Slot, sl.Identity, organizer)))
		}
		return dst
	}
	var ends []*Person // scratch
	if c.OrganizerV2 != nil {
		ends = addSet(ends[:0], c.OrganizerV2.Identity, true, c.OrganizerV2.ID.Value())
	}
	// The deprecated organizer names the organizer only when organizer_v2
	// is missing; Graph's own examples show the two disagreeing.
	ends = addSet(ends[:0], c.Organizer, c.OrganizerV2 == nil, "")
	for _, p := range c.ParticipantsV2 {
		if p != nil {
			ends = addSet(ends[:0], p.Identity, false, p.ID.Value())
		}
	}
	for _, p := range c.Participants {
		ends = addSet(ends[:0], p, false, "")
	}
	for i, s := range c.Sessions {
		if s == nil {
			continue
		}
		for _, e := range []*Endpoint{s.Caller, s.Callee} {
			if e == nil {
				continue
			}
			ends = ends[:0]
			if e.AssociatedIdentity != nil {
				ends = append(ends, add(personOf("user", e.AssociatedIdentity, false)))
			}
			ends = addSet(ends, e.Identity, false, "")
			if !track {
				continue
			}
			for _, p := range ends {
				if p != nil && !slices.Contains(sessions[p], i) {
					sessions[p] = append(sessions[p], i)
				}
			}
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].Organizer != order[j].Organizer {
			return order[i].Organizer
		}
		a, b := order[i].ID+order[i].Phone+order[i].UPN, order[j].ID+order[j].Phone+order[j].UPN
		return a < b
	})
	people := make([]Person, len(order))
	for i, p := range order {
		people[i] = *p
	}
	if !track {
		return people, nil
	}
	own := make([][]int, len(order))
	for i, p := range order {
		own[i] = sessions[p]
	}
	return people, own
}

func personOf(slot string, id *Identity, organizer bool) Person {
	p := Person{
		DisplayName: id.DisplayName.Value(),
		UPN:         id.UserPrincipalName.Value(),
		TenantID:    id.TenantID.Value(),
		Organizer:   organizer,
	}
	if p.UPN == "" {
		p.UPN = id.Email.Value()
	}
	if slot == "phone" || strings.HasPrefix(id.ID.Value(), "+") {
		p.Phone = id.ID.Value()
	} else {
		p.ID = id.ID.Value()
	}
	return p
}

func mergePerson(dst *Person, src Person) {
	if dst.ID == "" {
		dst.ID = src.ID
	}
	if dst.DisplayName == "" {
		dst.DisplayName = src.DisplayName
	}
	if dst.UPN == "" {
		dst.UPN = src.UPN
	}
	if dst.Phone == "" {
		dst.Phone = src.Phone
	}
	if dst.TenantID == "" {
		dst.TenantID = src.TenantID
	}
	dst.Organizer = dst.Organizer || src.Organizer
}
