package api

import (
	"net/http"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
)

// poorCallItem is one call of the organization-wide poor-call list.
type poorCallItem = wire.PoorCallItem

type poorCallsResponse struct {
	Since *time.Time     `json:"since,omitempty"`
	Until *time.Time     `json:"until,omitempty"`
	Calls []poorCallItem `json:"calls"`
	Next  string         `json:"next,omitempty"`
}

// Limits of a poor-call page.
const (
	poorCallsDefaultLimit = 50
	poorCallsMaxLimit     = 500
)

// poorCalls is GET /api/v1/poor-calls: the calls with poor streams among
// those the dashboard filters select, across all users, newest first, a
// page at a time, each linking to its detail.
func (s *Server) poorCalls(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	q, err := s.filterQuery(r, rc, "filter, since, until, days, limit and cursor")
	if err != nil {
		return err
	}
	query := r.URL.Query()
	if q.Personal() {
		return badParam("filter", "the poor-call list is not filtered by access point; use /api/v1/cqd?by=bssid")
	}
	limit, err := intParam(query, "limit", poorCallsDefaultLimit, 1, poorCallsMaxLimit)
	if err != nil {
		return err
	}
	offset, err := cursorParam(query)
	if err != nil {
		return err
	}
	found, err := s.cfg.Store.PoorCalls(r.Context(), q, limit+1, offset)
	if err != nil {
		return err
	}
	resp := poorCallsResponse{Calls: make([]poorCallItem, 0, min(len(found), limit))}
	if !q.Since.IsZero() {
		resp.Since = &q.Since
	}
	if !q.Until.IsZero() {
		resp.Until = &q.Until
	}
	for i, c := range found {
		if i == limit {
			resp.Next = nextLink(r, encodeCursor(offset+limit))
			break
		}
		it := poorCallItem{ID: c.ID, Version: c.Version, Source: c.Source, Type: c.Type, Rating: c.Rating,
			Streams: c.Streams, PoorStreams: c.Poor, PoorSessions: c.PoorSessions, PoorDueTo: c.Reasons,
			Detail: "/api/v1/calls/" + c.ID}
		if !c.Start.IsZero() {
			it.StartDateTime = &c.Start
		}
		if it.PoorDueTo == nil {
			it.PoorDueTo = []string{}
		}
		resp.Calls = append(resp.Calls, it)
	}
	return writeJSON(w, http.StatusOK, resp, plain)
}
