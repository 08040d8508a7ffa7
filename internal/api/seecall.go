package api

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// seenCall is a call as one caller may see it: the only form in which
// handlers get a call. Everything in it went through access.Policy for
// the caller's role and looked-up user; what was worked out from the
// stored call before redaction is kept as counts, indexes and ratings
// (which redaction never changes), never as values of the stored call.
//
// A view shows a page of a large call, not all of it: a town hall of
// 300 people has 350 sessions and a record of megabytes. Only the page's
// sessions are redacted, so the work of a request follows the page.
type seenCall struct {
	// call is the call redacted by access.Policy.RedactCall, with only
	// the sessions the view asked for (sessions says which); see
	// callView for which of its own fields it keeps.
	call *model.Call
	// sessions holds the call-wide index of each of call.Sessions.
	sessions []int
	// sessionCount is the number of sessions of the whole call, rating
	// its rating (the worst session's, as model.Call.CallRating).
	sessionCount int
	rating       model.Rating
	// people are the call's people (model.People order) redacted by
	// access.Policy.RedactPeople; joined says, for each, how many
	// sessions they joined and the worst rating of those.
	people []model.Person
	joined []joined
	// tags are the people's person tags (persontag.go), external whether
	// each is of another organization than the call's observer: both
	// worked out from the stored people, neither revealing them.
	tags     []string
	external []bool
	// order is the participant list's order (participantOrder), once
	// worked out.
	order []int
	// groups are the participants who joined sessions, in order of first
	// join: a rejoin is a further session of the same group.
	groups []sessionGroup
	// endpoints are the groups (indexes into groups) of endpoints without
	// identity: the participant list has them after the people.
	endpoints []int
	role      access.Role
	lookup    string
}

// sessionGroup is one participant's sessions (indexes into the call's
// sessions) and the worst of their ratings; person is the participant's
// index in people, -1 for an endpoint without identity (told apart by
// its user agent, which is not shown).
type sessionGroup struct {
	person   int
	sessions []int
	rating   model.Rating
	// callee marks, for each of sessions, that the participant was its
	// callee (a peer-to-peer call's second person); first is the
	// earliest start of the sessions, zero when none says.
	callee []bool
	first  time.Time
}

// joined is what one person's groups add up to.
type joined struct {
	sessions int
	rating   model.Rating
}

// callView says what of a call a view shows. A view picks it once the
// call's index tells how many sessions there are and who joined which.
type callView struct {
	// sessions are the call-wide indexes of the sessions shown, in the
	// order they are shown.
	sessions []int
	// spans keeps of each session only its id, times and rating: what a
	// timeline draws.
	spans bool
	// record keeps the call's whole record beside the sessions
	// (organizer and participant lists, ACS facts, unknown properties):
	// the debug section.
	record bool
}

// seeCall reads a call of the request's tenant, indexes it, and redacts
// for the caller its people and the part of it that pick chooses: the
// one way a call reaches a response. A call the tenant does not have is
// 404.
//
// Redaction judges a page against the whole call, as it would judge the
// whole call. Who counts as internal (access.Policy.HomeTenants, which
// may count the call's people) is worked out from the whole call and
// held fixed for the page. The looked-up user is recognised, in a page
// as in the whole call, by the keys of the people who match the lookup
// (model.People merges a person's identities from the organizer and
// participant lists and every session): the page keeps the list entries
// that carry those keys (see pageOf). A page can then differ from the
// whole call's redaction only when a key of the looked-up user comes
// from sessions of other pages alone (a phone leg linked to them by a
// UPN, say): that page shows less, never more.
func (s *Server) seeCall(ctx context.Context, rc *reqCtx, id, lookup string, pick func(*seenCall) callView) (*seenCall, error) {
	lazy, err := s.lookupCall(ctx, rc.tenant, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("call")
	}
	if err != nil {
		return nil, err
	}
	c := lazy.Call
	role := rc.principal.Role
	policy := s.cfg.Policy
	policy.HomeTenantIDs = policy.HomeTenants(c)
	if len(policy.HomeTenantIDs) == 0 {
		policy.HomeTenantIDs = []string{noHomeTenant}
	}
	seen := &seenCall{
		people:       policy.RedactPeople(c, role, lookup),
		sessionCount: len(c.Sessions),
		rating:       c.CallRating(),
		role:         role,
		lookup:       lookup,
	}
	people := model.People(c)
	seen.index(c, people)
	seen.tagPeople(s.refs, rc.tenant, c.ID, people, policy.HomeTenantIDs)
	var keys map[string]bool
	if !role.Can(access.SeeAllNames) && lookup != "" {
		keys = lookupKeys(people, lookup)
	}
	v := pick(seen)
	if !v.spans {
		if err := lazy.Load(v.sessions); err != nil {
			return nil, err
		}
	}
	seen.call = policy.RedactCall(pageOf(c, v, keys), role, lookup)
	seen.sessions = v.sessions
	return seen, nil
}

// noHomeTenant is a tenant id no identity carries: the home tenants of a
// call in which nobody is internal, held fixed for its pages.
const noHomeTenant = "\x00none"

// pageOf is a shallow copy of c for redaction, which copies what it is
// given: the cost follows the page. It holds of c's sessions those v
// shows, and of the rest of the record what the view shows: all of it
// for the debug section, else the call's facts (times, type,
// modalities…) and, when whole sessions are shown and a name is judged
// against the looked-up user, the entries of the organizer and
// participant lists that carry one of the user's keys (lookupKeys), by
// which redaction recognises them (a session may name them by object id
// only, when they were looked up by UPN).
func pageOf(c *model.Call, v callView, keys map[string]bool) *model.Call {
	page := *c
	page.Sessions = make([]*model.Session, len(v.sessions))
	for i, at := range v.sessions {
		ss := c.Sessions[at]
		if v.spans && ss != nil {
			ss = &model.Session{ID: ss.ID, StartDateTime: ss.StartDateTime, EndDateTime: ss.EndDateTime, Rating: ss.Rating}
		}
		page.Sessions[i] = ss
	}
	if v.record {
		return &page
	}
	page.ACS, page.Extra = nil, nil
	page.Organizer, page.OrganizerV2, page.Participants, page.ParticipantsV2 = nil, nil, nil, nil
	if len(keys) == 0 || v.spans || len(v.sessions) == 0 {
		return &page
	}
	if carries(keys, c.Organizer, "") {
		page.Organizer = c.Organizer
	}
	if o := c.OrganizerV2; o != nil && carries(keys, o.Identity, o.ID.Value()) {
		page.OrganizerV2 = o
	}
	for _, p := range c.Participants {
		if carries(keys, p, "") {
			page.Participants = append(page.Participants, p)
		}
	}
	for _, p := range c.ParticipantsV2 {
		if p != nil && carries(keys, p.Identity, p.ID.Value()) {
			page.ParticipantsV2 = append(page.ParticipantsV2, p)
		}
	}
	return &page
}

// lookupKeys are the ids, UPNs and phone numbers of the people who
// match lookup (access.Matches), as keyOf writes them: what redaction
// recognises the looked-up user by, besides the lookup itself.
func lookupKeys(people []model.Person, lookup string) map[string]bool {
	keys := map[string]bool{}
	for _, p := range people {
		if access.Matches(p, lookup) {
			for _, k := range []string{p.ID, p.UPN, p.Phone} {
				if k = keyOf(k); k != "" {
					keys[k] = true
				}
			}
		}
	}
	return keys
}

// carries reports whether a list entry (its identities, and the id of a
// participants_v2 entry) holds one of keys.
func carries(keys map[string]bool, set *model.IdentitySet, id string) bool {
	if k := keyOf(id); k != "" && keys[k] {
		return true
	}
	for _, sl := range set.Slots() {
		for _, v := range []model.Opt[string]{sl.Identity.ID, sl.Identity.UserPrincipalName, sl.Identity.Email} {
			if k := keyOf(v.Value()); k != "" && keys[k] {
				return true
			}
		}
	}
	return false
}

// keyOf is an id, UPN or phone number as lookupKeys and carries compare
// them.
func keyOf(v string) string { return strings.ToLower(strings.TrimSpace(v)) }

// lookupCall reads one call from the store, at most lookupSlots at a
// time: DuckDB does a point lookup in well under a millisecond of CPU,
// but hundreds of them at once only contend inside it, each taking
// longer, while requests waiting here cost nothing. A lookup is not
// cancelled with its request: it is too short for the watcher a
// cancellable context costs the database driver.
//
// The call comes without its sessions' segments when the store can read
// it so (store.LazyCallReader): the view loads those of its page only.
func (s *Server) lookupCall(ctx context.Context, tenant, id string) (*store.LazyCall, error) {
	select {
	case s.lookups <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-s.lookups }()
	ctx = context.WithoutCancel(ctx)
	if lazy, ok := s.cfg.Store.(store.LazyCallReader); ok {
		return lazy.LazyCall(ctx, tenant, id)
	}
	c, err := s.cfg.Store.Call(ctx, tenant, id)
	if err != nil {
		return nil, err
	}
	return &store.LazyCall{Call: c, Load: func([]int) error { return nil }}, nil
}

// index works out, from the stored call, who joined which sessions and
// with what rating. A session belongs to its caller, as
// model.Call.ParticipantRatings has it (in a meeting everyone is the
// caller of their session with the conference server), and to its
// callee unless that is a service: in a peer-to-peer call both people
// were in the one session. It reads every session's endpoints and
// rating, nothing more: cheap next to redacting them.
func (seen *seenCall) index(c *model.Call, people []model.Person) {
	byKey := map[string]int{}
	if len(people) == len(seen.people) {
		for i, p := range people {
			for _, k := range []string{p.ID, p.Phone} {
				if k = strings.TrimSpace(k); k != "" {
					if _, dup := byKey[k]; !dup {
						byKey[k] = i
					}
				}
			}
		}
	}
	groupOf := map[string]int{}
	join := func(key string, session int, rating model.Rating, callee bool, start model.Opt[time.Time]) {
		g, ok := groupOf[key]
		if !ok {
			g = len(seen.groups)
			groupOf[key] = g
			person := -1
			if i, ok := byKey[key]; ok {
				person = i
			}
			seen.groups = append(seen.groups, sessionGroup{person: person})
		}
		sg := &seen.groups[g]
		sg.sessions = append(sg.sessions, session)
		sg.callee = append(sg.callee, callee)
		sg.rating = model.Worse(sg.rating, rating)
		if t, ok := start.Get(); ok && (sg.first.IsZero() || t.Before(sg.first)) {
			sg.first = t
		}
	}
	for i, s := range c.Sessions {
		if s == nil {
			continue
		}
		key := endpointKey(s.Caller)
		if key == "" {
			key = "\x00session " + strconv.Itoa(i) // an endpoint nobody can name stands alone
		}
		join(key, i, s.Rating, false, s.StartDateTime)
		if s.Callee != nil && s.Callee.Kind() != model.EndpointService {
			if key := endpointKey(s.Callee); key != "" && s.Callee.PrimaryIdentity() != nil {
				join(key, i, s.Rating, true, s.StartDateTime)
			}
		}
	}
	seen.joined = make([]joined, len(seen.people))
	for gi, g := range seen.groups {
		if g.person < 0 || g.person >= len(seen.people) {
			seen.endpoints = append(seen.endpoints, gi)
			continue
		}
		j := &seen.joined[g.person]
		j.sessions += len(g.sessions)
		j.rating = model.Worse(j.rating, g.rating)
	}
}

// endpointKey tells participants apart as ParticipantRatings does: by
// identity id, else by user agent.
func endpointKey(e *model.Endpoint) string {
	if e == nil {
		return ""
	}
	if id := e.PrimaryIdentity(); id != nil && strings.TrimSpace(id.ID.Value()) != "" {
		return strings.TrimSpace(id.ID.Value())
	}
	if e.UserAgent != nil {
		return e.UserAgent.HeaderValue.Value() + "/" + string(e.UserAgent.Role.Value())
	}
	return ""
}

// callLookup reads the ?user= of a call view: whom the caller is looking
// up ("" for nobody), resolved from a ref when it is one.
func (s *Server) callLookup(rc *reqCtx, q url.Values) (string, error) {
	user, err := param(q, "user")
	if err != nil || user == "" {
		return "", err
	}
	return s.resolveUser(rc, "user", user)
}

// tagPeople gives the call's people (model.People, as seen.people
// redacts them) their tags, and marks those of another organization.
func (seen *seenCall) tagPeople(refs *userRefs, tenant, callID string, people []model.Person, home []string) {
	if len(people) != len(seen.people) {
		return
	}
	seen.tags, seen.external = make([]string, len(people)), make([]bool, len(people))
	for i, p := range people {
		seen.tags[i] = refs.tag(tenant, callID, strings.ToLower(personKey(p)))
		// A person whose record names no tenant is not called another
		// organization's: nothing says so.
		tid := strings.TrimSpace(p.TenantID)
		seen.external[i] = tid != "" && !slices.ContainsFunc(home, func(t string) bool {
			return strings.EqualFold(t, tid)
		})
	}
}
