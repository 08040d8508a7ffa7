package client

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/callscope/callscope/internal/store"
)

// UserMatch is one person of a user search, as the token's role may see
// them (GET /api/v1/users?q=).
type UserMatch struct {
	// Ref is the server's reference to the person, which UserCalls and
	// Call take as the user for every role, a specialist's included.
	Ref string
	store.PersonMatch
}

// usersAnswer is the API's answer to a user search.
type usersAnswer struct {
	Matches []struct {
		Ref         string     `json:"ref"`
		DisplayName string     `json:"displayName"`
		ID          string     `json:"id"`
		UPN         string     `json:"userPrincipalName"`
		Phone       string     `json:"phone"`
		TenantID    string     `json:"tenantId"`
		Organizer   bool       `json:"organizer"`
		Calls       int        `json:"calls"`
		LastCall    *time.Time `json:"lastCall"`
	} `json:"matches"`
}

// SearchUsers finds the people of the tenant's calls whose name contains
// text, or whose UPN or phone number starts with it, as the server's
// user search does; at most limit (0: the server's default).
func (c *Client) SearchUsers(ctx context.Context, text string, limit int) ([]UserMatch, error) {
	q := url.Values{"q": {text}}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var a usersAnswer
	if err := c.getJSON(ctx, request{path: "/api/v1/users", query: q, does: "search users on"}, &a); err != nil {
		return nil, err
	}
	out := make([]UserMatch, 0, len(a.Matches))
	for _, m := range a.Matches {
		u := UserMatch{Ref: m.Ref}
		u.DisplayName, u.ID, u.UPN, u.Phone, u.TenantID, u.Organizer = m.DisplayName, m.ID, m.UPN, m.Phone, m.TenantID, m.Organizer
		u.Calls = m.Calls
		if m.LastCall != nil {
			u.LastCall = *m.LastCall
		}
		out = append(out, u)
	}
	return out, nil
}
