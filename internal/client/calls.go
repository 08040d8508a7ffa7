package client

import (
	"context"
	"fmt"
	"net/url"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// UserCalls returns the calls and meetings of user (object id, UPN,
// phone number, or a user search's ref), newest first, as GET
// /api/v1/users/{user}/calls lists them: those of the last days (0: the
// server's default, its 30), at most limit (0: all), read a page at a
// time.
func (c *Client) UserCalls(ctx context.Context, user string, days, limit int) ([]store.CallSummary, error) {
	return c.calls(ctx, request{path: "/api/v1/users/" + url.PathEscape(user) + "/calls", does: "read the calls of " + user + " from"}, days, limit)
}

// TenantCalls is UserCalls for everyone's calls of the tenant, GET
// /api/v1/calls, which needs an engineer's or admin's token.
func (c *Client) TenantCalls(ctx context.Context, days, limit int) ([]store.CallSummary, error) {
	return c.calls(ctx, request{path: "/api/v1/calls", does: "read calls from",
		forbidden: "everyone's calls need an engineer or admin token; a specialist gives --user"}, days, limit)
}

// calls reads the pages of a call list. A withheld type or rating (the
// call's record did not say; the call is not judged) is "", as the
// store has it.
func (c *Client) calls(ctx context.Context, r request, days, limit int) ([]store.CallSummary, error) {
	if days < 0 || limit < 0 {
		return nil, fmt.Errorf("%s %s: days and limit must not be negative", r.does, c.base.Redacted())
	}
	r.query = url.Values{}
	if days > 0 {
		r.query.Set("days", fmt.Sprint(days))
	}
	return listPages(ctx, c, r, maxCallsPage, limit, func(it wire.CallItem) store.CallSummary { return summaryOf(it, c.tenant) })
}

func summaryOf(it wire.CallItem, tenant string) store.CallSummary {
	s := store.CallSummary{Tenant: tenant, ID: it.ID, Version: it.Version, Source: it.Source, Type: it.Type,
		Modalities: it.Modalities, Sessions: it.Sessions, Streams: it.Streams, Participants: it.Participants,
		Partial: it.Partial, Rating: it.Rating, RedIssues: it.RedIssues, YellowIssues: it.YellowIssues}
	if it.StartDateTime != nil {
		s.Start = *it.StartDateTime
	}
	if it.EndDateTime != nil {
		s.End = *it.EndDateTime
	}
	if o := it.User; o != nil {
		s.Own = &model.OwnVerdict{Sessions: o.Sessions, Rating: o.Rating, RedIssues: o.RedIssues, YellowIssues: o.YellowIssues}
	}
	return s
}
