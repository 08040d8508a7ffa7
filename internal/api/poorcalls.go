package api

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// poorCallItem is one call of the organization-wide poor-call list.
type poorCallItem = wire.PoorCallItem

type poorCallsResponse struct {
	Since *time.Time `json:"since,omitempty"`
	Until *time.Time `json:"until,omitempty"`
	// Total counts the poor calls of the whole selection, every page.
	Total int            `json:"total"`
	Calls []poorCallItem `json:"calls"`
	Next  string         `json:"next,omitempty"`
}

// Limits of a poor-call page.
const (
	poorCallsDefaultLimit = 50
	poorCallsMaxLimit     = 500
)

// poorCalls is GET /api/v1/poor-calls: the calls with poor streams among
// those the dashboard filters select, across all users, newest first
// (or by order=poor|poorPct|streams, asc=true for the other way round),
// a page at a time, each with who had its poor streams where and linking
// to its detail.
func (s *Server) poorCalls(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	q, limit, offset, err := s.callListQuery(r, rc, "the poor-call list")
	if err != nil {
		return err
	}
	found, err := s.cfg.Store.PoorCalls(r.Context(), q, limit+1, offset)
	if err != nil {
		return err
	}
	count := q
	count.Filters = append(slices.Clone(q.Filters), cqd.Filter{Dimension: cqd.Quality, Values: []string{string(model.QualityPoor)}})
	total, err := s.countCalls(r, count)
	if err != nil {
		return err
	}
	resp := poorCallsResponse{Total: total, Calls: make([]poorCallItem, 0, min(len(found), limit))}
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
			PoorMedia: c.PoorMedia, PoorUsers: c.PoorUsers, Detail: "/api/v1/calls/" + c.ID}
		if it.Where, err = s.poorWhere(rc, c.Where); err != nil {
			return err
		}
		if it.PoorMedia == nil {
			it.PoorMedia = []string{}
		}
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

// callListQuery reads the parameters of a list of calls (poor or
// failed): the dashboard's selection (filter, since, until, days), order
// and asc, limit and cursor; list names the list in errors.
func (s *Server) callListQuery(r *http.Request, rc *reqCtx, list string) (q cqd.Query, limit, offset int, err error) {
	query := r.URL.Query()
	order, err := param(query, "order")
	if err != nil {
		return q, 0, 0, err
	}
	asc, err := boolParam(query, "asc")
	if err != nil {
		return q, 0, 0, err
	}
	selection := r.Clone(r.Context())
	selection.URL.RawQuery = withoutParams(query, "order", "asc").Encode()
	if q, err = s.filterQuery(selection, rc, "filter, since, until, days, order, asc, limit and cursor"); err != nil {
		return q, 0, 0, err
	}
	if order != "" {
		m, err := cqd.ParseMeasure(order)
		if err != nil || !slices.Contains(store.PoorCallsOrder, m) {
			return q, 0, 0, badParam("order", "want poor, poorPct or streams (newest first without it)")
		}
		q.OrderBy, q.Measures = m, []cqd.Measure{m}
	}
	q.Ascending = asc
	if q.Personal() {
		return q, 0, 0, badParam("filter", "%s is not filtered by access point; use /api/v1/cqd?by=bssid", list)
	}
	if limit, err = intParam(query, "limit", poorCallsDefaultLimit, 1, poorCallsMaxLimit); err != nil {
		return q, 0, 0, err
	}
	offset, err = cursorParam(query)
	return q, limit, offset, err
}

// countCalls counts the calls of a selection's streams, as the dashboard
// counts calls: a list's total.
func (s *Server) countCalls(r *http.Request, q cqd.Query) (int, error) {
	count := cqd.Query{Tenant: q.Tenant, Since: q.Since, Until: q.Until, Measures: []cqd.Measure{cqd.Calls}, Filters: q.Filters}
	res, err := s.cfg.Store.Aggregate(r.Context(), count)
	if err != nil {
		return 0, fmt.Errorf("count calls: %w", err)
	}
	if len(res.Rows) == 0 || len(res.Rows[0].Values) == 0 || res.Rows[0].Values[0] == nil {
		return 0, nil
	}
	return int(*res.Rows[0].Values[0]), nil
}

// poorWhere is the end of a call's first poor stream as the list shows
// it; the person is named as engineers see people (the list is theirs
// and administrators'), with a reference to their calls.
func (s *Server) poorWhere(rc *reqCtx, e store.PoorEnd) (wire.PoorWhere, error) {
	opt := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	w := wire.PoorWhere{Building: opt(e.Building), Network: opt(e.NetworkName), Subnet: opt(e.Subnet),
		Connection: opt(e.ConnectionType), Device: opt(e.CaptureDevice)}
	if e.UserID == "" {
		return w, nil
	}
	p := s.cfg.Policy.RedactPerson(model.Person{ID: e.UserID, DisplayName: e.DisplayName}, rc.principal.Role, e.UserID, false)
	w.User, w.UserID = opt(p.DisplayName), opt(p.ID)
	ref, err := s.refs.seal(rc.tenant, e.UserID)
	if err != nil {
		return w, err
	}
	w.UserRef = &ref
	return w, nil
}
