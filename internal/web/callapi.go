package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// The call pages read the API's call views (GET /api/v1/calls/{id},
// /participants and /timeline) as package wire has them: the types the
// API writes, read back by wire.Decode, so that a value the API withheld
// arrives as a model.Opt null and the pages say "withheld" there, never
// an empty string.

// getCall asks a call route with GET and decodes its answer into v.
func (c apiClient) getCall(ctx context.Context, token, path string, query url.Values, v any) error {
	_, err := c.getCallRaw(ctx, token, path, query, v)
	return err
}

// getCallRaw is getCall that returns the answer as sent too: the Debug
// tab shows the API's record as it came, withheld marks and all.
func (c apiClient) getCallRaw(ctx context.Context, token, path string, query url.Values, v any) ([]byte, error) {
	rec, err := c.do(ctx, apiRequest{method: http.MethodGet, path: path, query: query, token: token})
	if err != nil {
		return nil, err
	}
	b := rec.body.Bytes()
	if err := wire.Decode(b, v); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return b, nil
}

// participantName is how a participant is named on a page.
func participantName(p wire.CallParticipant) string {
	switch {
	case p.Kind == "endpoint":
		return "Endpoint without identity"
	case strings.TrimSpace(p.DisplayName) == "":
		return "Name withheld"
	}
	return p.DisplayName
}

// nameNote explains a name that is not a name: why it is withheld, or
// what Tier 1's labels stand for. "" for a real name.
func nameNote(p wire.CallParticipant) string {
	switch {
	case p.Kind == "endpoint":
		return "A client that joined without an identity (a meeting room device or a guest before sign-in)."
	case strings.TrimSpace(p.DisplayName) == "" && p.External:
		return "Another organization's user: their organization did not share the name with yours."
	case strings.TrimSpace(p.DisplayName) == "":
		return "The call record came without this person's name."
	}
	return ""
}

// endpointName is how one end of a session is named: a person by name,
// a Microsoft service by what it does.
func endpointName(e *wire.EndpointOverview) string {
	switch {
	case e == nil:
		return "Unknown"
	case e.Kind == model.EndpointService:
		return serviceName(e.ServiceRole.Value())
	case e.DisplayName == nil || !e.DisplayName.Valid() || strings.TrimSpace(e.DisplayName.Value()) == "":
		return "Name withheld"
	}
	return e.DisplayName.Value()
}

// taggedName is an end's name with its person tag, which tells apart
// two ends named alike (the "External User"s Tier 1 sees).
func taggedName(e *wire.EndpointOverview) string {
	if e != nil && e.Tag != "" && e.Kind != model.EndpointService {
		return endpointName(e) + " #" + e.Tag
	}
	return endpointName(e)
}

// sessionTitle says who the session was between. A participant's
// session with a meeting's server is their time in the meeting, which is
// what it is called.
func sessionTitle(s wire.SessionOverview) string {
	caller, callee := s.Caller, s.Callee
	if caller != nil && caller.Kind == model.EndpointService && callee != nil && callee.Kind != model.EndpointService {
		caller, callee = callee, caller
	}
	if callee != nil && callee.Kind == model.EndpointService {
		if j := serviceJoin(callee.ServiceRole.Value()); j != "" {
			return taggedName(caller) + " — " + j
		}
	}
	return taggedName(caller) + " → " + taggedName(callee)
}
