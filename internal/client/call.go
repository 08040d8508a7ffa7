package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"

	"github.com/callscope/callscope/internal/model"
)

// Page sizes asked for: the server's largest, so that a town hall takes
// few requests. The server bounds each page's work, not the client.
const (
	maxSessionsPage     = 200 // GET /api/v1/calls/{id}/record
	maxParticipantsPage = 500 // GET /api/v1/calls/{id}/participants
	maxCallsPage        = 200 // GET /api/v1/calls, /users/{user}/calls
	maxPoorCallsPage    = 500 // GET /api/v1/poor-calls
)

// Call returns call id as the token's role may see it when looking up
// user ("" for nobody): the record with every session, read a page at a
// time, and the call's people, both redacted by the server as `callscope
// show --as ROLE --user USER` redacts them from the store. Values the
// server sends as withheld are null in the record (model.Null) and
// empty in the people, whether Microsoft gave them as null, "Redacted"
// or empty: the API does not tell these apart.
func (c *Client) Call(ctx context.Context, id, user string) (*model.Call, []model.Person, error) {
	call, err := c.callRecord(ctx, id, user)
	if err != nil {
		return nil, nil, err
	}
	people, err := c.callPeople(ctx, id, user)
	if err != nil {
		return nil, nil, err
	}
	return call, people, nil
}

// recordPage is one page of GET /api/v1/calls/{id}/record.
type recordPage struct {
	SessionCount  int             `json:"sessionCount"`
	SessionOffset int             `json:"sessionOffset"`
	Next          string          `json:"next"`
	Record        json.RawMessage `json:"record"`
}

// callRecord reads the record's pages and joins their sessions.
func (c *Client) callRecord(ctx context.Context, id, user string) (*model.Call, error) {
	r := request{path: "/api/v1/calls/" + url.PathEscape(id) + "/record", query: callQuery(user, c.page(maxSessionsPage)),
		does: "read call " + id + " from"}
	var call *model.Call
	for {
		var p recordPage
		if err := c.getJSON(ctx, r, &p); err != nil {
			return nil, err
		}
		raw, err := restoreWithheld(p.Record)
		if err != nil {
			return nil, fmt.Errorf("%s %s: the record: %w", r.does, c.base.Redacted(), err)
		}
		var got model.Call
		if err := model.DecodeJSON(raw, &got); err != nil {
			return nil, fmt.Errorf("%s %s: the record: %w", r.does, c.base.Redacted(), err)
		}
		if call == nil {
			call = &got
		} else {
			call.Sessions = append(call.Sessions, got.Sessions...)
		}
		if p.SessionOffset+len(got.Sessions) != len(call.Sessions) || len(call.Sessions) > p.SessionCount {
			// A newer version was stored between two pages.
			return nil, fmt.Errorf("%s %s: the call changed while it was read; try again", r.does, c.base.Redacted())
		}
		if p.Next == "" {
			break
		}
		if r, err = next(r, p.Next); err != nil {
			return nil, fmt.Errorf("%s %s: %w", r.does, c.base.Redacted(), err)
		}
	}
	return call, nil
}

// participantsPage is one page of GET /api/v1/calls/{id}/participants.
type participantsPage struct {
	Next         string `json:"next"`
	Participants []struct {
		Kind        string `json:"kind"`
		DisplayName string `json:"displayName"`
		ID          string `json:"id"`
		UPN         string `json:"userPrincipalName"`
		Phone       string `json:"phone"`
		TenantID    string `json:"tenantId"`
		Organizer   bool   `json:"organizer"`
	} `json:"participants"`
}

// callPeople reads the call's people from the participant list, which
// has them first, then the endpoints without identity.
func (c *Client) callPeople(ctx context.Context, id, user string) ([]model.Person, error) {
	r := request{path: "/api/v1/calls/" + url.PathEscape(id) + "/participants", query: callQuery(user, c.page(maxParticipantsPage)),
		does: "read the people of call " + id + " from"}
	var people []model.Person
	for {
		var p participantsPage
		if err := c.getJSON(ctx, r, &p); err != nil {
			return nil, err
		}
		for _, pv := range p.Participants {
			if pv.Kind == "person" {
				people = append(people, model.Person{ID: pv.ID, DisplayName: pv.DisplayName, UPN: pv.UPN,
					Phone: pv.Phone, TenantID: pv.TenantID, Organizer: pv.Organizer})
			}
		}
		if p.Next == "" {
			return people, nil
		}
		var err error
		if r, err = next(r, p.Next); err != nil {
			return nil, fmt.Errorf("%s %s: %w", r.does, c.base.Redacted(), err)
		}
	}
}

// callQuery holds a call view's looked-up user and page size.
func callQuery(user string, limit int) url.Values {
	q := url.Values{"limit": {fmt.Sprint(limit)}}
	if user != "" {
		q.Set("user", user)
	}
	return q
}

// page is the page size to ask for: max, the server's largest, unless
// a test set a smaller one.
func (c *Client) page(max int) int {
	if c.pageSize > 0 && c.pageSize < max {
		return c.pageSize
	}
	return max
}
