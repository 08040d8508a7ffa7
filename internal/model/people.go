package model

import (
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
	byKey := map[string]*Person{}
	var order []*Person
	add := func(p Person) {
		p.ID, p.UPN, p.Phone = strings.TrimSpace(p.ID), strings.TrimSpace(p.UPN), strings.TrimSpace(p.Phone)
		if p.ID == "" && p.UPN == "" && p.Phone == "" {
			return
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
				return
			}
		}
		np := p
		order = append(order, &np)
		for _, k := range keys {
			byKey[k] = &np
		}
	}
	addSet := func(s *IdentitySet, organizer bool, participantID string) {
		if s == nil {
			if participantID != "" {
				add(Person{ID: participantID, Organizer: organizer})
			}
			return
		}
		for _, sl := range s.Slots() {
			add(personOf(sl.Slot, sl.Identity, organizer))
		}
	}
	if c.OrganizerV2 != nil {
		addSet(c.OrganizerV2.Identity, true, c.OrganizerV2.ID.Value())
	}
	// The deprecated organizer names the organizer only when organizer_v2
	// is missing; Graph's own examples show the two disagreeing.
	addSet(c.Organizer, c.OrganizerV2 == nil, "")
	for _, p := range c.ParticipantsV2 {
		if p != nil {
			addSet(p.Identity, false, p.ID.Value())
		}
	}
	for _, p := range c.Participants {
		addSet(p, false, "")
	}
	for _, s := range c.Sessions {
		if s == nil {
			continue
		}
		for _, e := range []*Endpoint{s.Caller, s.Callee} {
			if e == nil {
				continue
			}
			if e.AssociatedIdentity != nil {
				add(personOf("user", e.AssociatedIdentity, false))
			}
			addSet(e.Identity, false, "")
		}
	}
	out := make([]Person, 0, len(order))
	for _, p := range order {
		out = append(out, *p)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Organizer != out[j].Organizer {
			return out[i].Organizer
		}
		a, b := out[i].ID+out[i].Phone+out[i].UPN, out[j].ID+out[j].Phone+out[j].UPN
		return a < b
	})
	return out
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
