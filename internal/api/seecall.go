package api

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// seenCall is a call as one caller may see it: the only form in which
// handlers get a call. Everything in it went through access.Policy for
// the caller's role and looked-up user; what was worked out from the
// stored call before redaction (who joined which sessions) is kept as
// indexes, never as values of the stored call.
type seenCall struct {
	// call is the call redacted by access.Policy.RedactCall.
	call *model.Call
	// people are the call's people (model.People order) redacted by
	// access.Policy.RedactPeople.
	people []model.Person
	// groups are the participants who joined sessions, in order of first
	// join: a rejoin is a further session of the same group.
	groups []sessionGroup
	role   access.Role
	lookup string
}

// sessionGroup is one participant's sessions (indexes into the call's
// sessions); person is the participant's index in people, -1 for an
// endpoint without identity (told apart by its user agent, which is not
// shown).
type sessionGroup struct {
	person   int
	sessions []int
}

// seeCall reads a call of the request's tenant and redacts it for the
// caller: the one way a call reaches a response. A call the tenant does
// not have is 404.
func (s *Server) seeCall(ctx context.Context, rc *reqCtx, id, lookup string) (*seenCall, error) {
	c, err := s.lookupCall(ctx, rc.tenant, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("call")
	}
	if err != nil {
		return nil, err
	}
	role := rc.principal.Role
	seen := &seenCall{
		call:   s.cfg.Policy.RedactCall(c, role, lookup),
		people: s.cfg.Policy.RedactPeople(c, role, lookup),
		role:   role,
		lookup: lookup,
	}
	seen.index(c)
	return seen, nil
}

// lookupCall reads one call from the store, at most lookupSlots at a
// time: DuckDB does a point lookup in well under a millisecond of CPU,
// but hundreds of them at once only contend inside it, each taking
// longer, while requests waiting here cost nothing. A lookup is not
// cancelled with its request: it is too short for the watcher a
// cancellable context costs the database driver.
func (s *Server) lookupCall(ctx context.Context, tenant, id string) (*model.Call, error) {
	select {
	case s.lookups <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-s.lookups }()
	return s.cfg.Store.Call(context.WithoutCancel(ctx), tenant, id)
}

// index works out, from the stored call, who joined which sessions. A
// session belongs to its caller, as model.Call.ParticipantRatings has it
// (in a meeting everyone is the caller of their session with the
// conference server), and to its callee unless that is a service: in a
// peer-to-peer call both people were in the one session.
func (seen *seenCall) index(c *model.Call) {
	people := model.People(c)
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
	join := func(key string, session int) {
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
		seen.groups[g].sessions = append(seen.groups[g].sessions, session)
	}
	for i, s := range c.Sessions {
		if s == nil {
			continue
		}
		key := endpointKey(s.Caller)
		if key == "" {
			key = "\x00session " + strconv.Itoa(i) // an endpoint nobody can name stands alone
		}
		join(key, i)
		if s.Callee != nil && s.Callee.Kind() != model.EndpointService {
			if key := endpointKey(s.Callee); key != "" && s.Callee.PrimaryIdentity() != nil {
				join(key, i)
			}
		}
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
