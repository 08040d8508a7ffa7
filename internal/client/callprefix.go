package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/callscope/callscope/internal/store"
)

// ResolveCallID returns the id of the call that idOrPrefix names, as
// store.ResolveCallID does on a store: the call of that id when the
// server has it, else the one call of the calls the token may list
// (everyone's, or user's when user is given; the server's default days)
// whose id begins with it. The API finds calls by whole id only, so a
// prefix costs a listing.
func (c *Client) ResolveCallID(ctx context.Context, idOrPrefix, user string) (string, error) {
	_, err := c.callRecordPage(ctx, idOrPrefix, user)
	var apiErr *Error
	if err == nil || !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound {
		return idOrPrefix, err
	}
	var calls []store.CallSummary
	if user != "" {
		calls, err = c.UserCalls(ctx, user, 0, 0)
	} else {
		calls, err = c.TenantCalls(ctx, 0, 0)
	}
	if err != nil {
		return "", err
	}
	found := store.PrefixMatches(idOrPrefix, func(yield func(string) bool) {
		for _, s := range calls {
			if !yield(s.ID) {
				return
			}
		}
	})
	return store.OnePrefixMatch(idOrPrefix, found, c.where(user))
}

// callRecordPage reads the first page of a call's record, of one
// session: whether the server has the call.
func (c *Client) callRecordPage(ctx context.Context, id, user string) (*recordPage, error) {
	var p recordPage
	r := request{path: "/api/v1/calls/" + url.PathEscape(id) + "/record", query: callQuery(user, 1), does: "read call " + id + " from"}
	if err := c.getJSON(ctx, r, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// where says which calls were looked through, for messages.
func (c *Client) where(user string) string {
	w := "in the token's tenant"
	if c.tenant != "" {
		w = "in tenant " + c.tenant
	}
	if user != "" {
		w = "among the calls of " + user + " " + w
	}
	return w + " (the server's last days)"
}
