package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/store"
)

// callItem is one row of a call list (a user's, or the tenant's).
type callItem = wire.CallItem

type userCallsResponse struct {
	Days  int        `json:"days"`
	Calls []callItem `json:"calls"`
	Next  string     `json:"next,omitempty"`
}

// Per-user call analytics covers the last 30 days, for every role, as
// Call Analytics does (DESIGN.md): older calls are the aggregates'
// business, and their personal data is cleared after 28 days anyway.
const (
	userCallsMaxDays      = 30
	userCallsDefaultLimit = 50
	userCallsMaxLimit     = 200
)

// userCalls is GET /api/v1/users/{user}/calls: the user's calls and
// meetings of the last days, newest first, a page at a time.
func (s *Server) userCalls(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	user, err := s.resolveUser(rc, "user", r.PathValue("user"))
	if err != nil {
		return err
	}
	return s.sendCalls(w, r, rc, user, actionViewUserCalls)
}

// tenantCalls is GET /api/v1/calls: everyone's calls and meetings of the
// last days, newest first, a page at a time, with the same parameters
// and limits as a user's list. The route needs access.SeeDashboard: a
// list across users is the organization's view, and Tier 1 looks up
// one user at a time.
func (s *Server) tenantCalls(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	return s.sendCalls(w, r, rc, "", actionViewTenantCalls)
}

// sendCalls sends a page of the tenant's calls, of user when not "",
// once its audit entry (action, with user as subject) is recorded.
func (s *Server) sendCalls(w http.ResponseWriter, r *http.Request, rc *reqCtx, user, action string) error {
	q := r.URL.Query()
	days, err := intParam(q, "days", userCallsMaxDays, 1, userCallsMaxDays)
	if err != nil {
		return err
	}
	limit, err := intParam(q, "limit", userCallsDefaultLimit, 1, userCallsMaxLimit)
	if err != nil {
		return err
	}
	offset, err := cursorParam(q)
	if err != nil {
		return err
	}
	sums, err := s.cfg.Store.ListCalls(r.Context(), store.CallFilter{
		Tenant: rc.tenant, User: user, Since: s.cfg.Now().Add(-time.Duration(days) * 24 * time.Hour),
		Limit: limit + 1, Offset: offset,
	})
	if err != nil {
		return err
	}
	resp := userCallsResponse{Days: days, Calls: make([]callItem, 0, min(len(sums), limit))}
	for i, c := range sums {
		if i == limit {
			resp.Next = nextLink(r, encodeCursor(offset+limit))
			break
		}
		resp.Calls = append(resp.Calls, itemOf(c))
	}
	if err := s.recordAudit(r, rc, action, user, "days="+strconv.Itoa(days)); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, resp, withheldMarked)
}

func itemOf(c store.CallSummary) callItem {
	it := callItem{
		ID: c.ID, Version: c.Version, Source: c.Source, Type: c.Type,
		Participants: c.Participants, Sessions: c.Sessions, Streams: c.Streams, Modalities: c.Modalities,
		Rating: c.Rating, RedIssues: c.RedIssues, YellowIssues: c.YellowIssues, Partial: c.Partial,
	}
	if it.Modalities == nil {
		it.Modalities = []string{}
	}
	if o := c.Own; o != nil {
		it.User = &wire.OwnVerdict{Sessions: o.Sessions, Rating: o.Rating, RedIssues: o.RedIssues, YellowIssues: o.YellowIssues}
	}
	if !c.Start.IsZero() {
		it.StartDateTime = &c.Start
	}
	if !c.End.IsZero() {
		it.EndDateTime = &c.End
	}
	if !c.Start.IsZero() && !c.End.IsZero() && !c.End.Before(c.Start) {
		d := c.End.Sub(c.Start).Seconds()
		it.DurationSeconds = &d
	}
	return it
}
