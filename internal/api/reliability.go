package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/report"
)

// reliabilityReport is GET /api/v1/reports/reliability: over the
// dashboard's selection (filter, since, until, days; the last 30 days
// without a window), the totals of the window and of as many days just
// before, the days, the top failure reasons explained and the worst
// values of each breakdown (top, minStreams), each with a link to its
// failed calls (report.Reliability). With by=DIM it answers that one
// breakdown, every value (report.Breakdown), and format=csv|parquet
// downloads it.
func (s *Server) reliabilityReport(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	query := r.URL.Query()
	by, err := param(query, "by")
	if err != nil {
		return err
	}
	top, err := intParam(query, "top", report.DefaultTop, 1, 1000)
	if err != nil {
		return err
	}
	minStreams, err := intParam(query, "minStreams", report.DefaultMinStreams, 0, 1_000_000_000)
	if err != nil {
		return err
	}
	format, err := exportFormat(r)
	if err != nil {
		return err
	}
	selection := r.Clone(r.Context())
	v := withoutParams(query, "by", "top", "minStreams", "format")
	if !v.Has("since") && !v.Has("days") {
		v.Set("days", itoa(report.DefaultDays))
	}
	selection.URL.RawQuery = v.Encode()
	q, err := s.filterQuery(selection, rc, "filter, since, until, days, by, top, minStreams and format")
	if err != nil {
		return err
	}
	if q.Personal() {
		return badParam("filter", "the reliability report is not filtered by access point; use /api/v1/cqd?by=bssid")
	}
	if by == "" {
		if format != "" {
			return badParam("format", "a download is of one breakdown: give by too")
		}
		rep, err := report.ReliabilityOf(r.Context(), s.cfg.Store, q, s.cfg.Now(), top, minStreams)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, rep, plain)
	}
	d, err := cqd.ParseDimension(by)
	if err != nil || d.Personal() {
		return badParam("by", "want a dimension of the dashboard's vocabulary other than bssid")
	}
	q.GroupBy, q.MinStreams, q.Measures = []cqd.Dimension{d}, minStreams, report.ReliabilityMeasures
	if format != "" {
		return s.sendExport(w, rc, format, "reliability-"+string(d), func(fw *fileWriter) error {
			return s.cfg.Store.ExportAggregate(r.Context(), q, format, fw)
		})
	}
	b, err := report.BreakdownOf(r.Context(), s.cfg.Store, q, 0)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b, plain)
}

// failedCallsResponse is a page of the failed-call list.
type failedCallsResponse struct {
	Since *time.Time `json:"since,omitempty"`
	Until *time.Time `json:"until,omitempty"`
	// Total counts the failed calls of the whole selection, every page.
	Total int                   `json:"total"`
	Calls []wire.FailedCallItem `json:"calls"`
	Next  string                `json:"next,omitempty"`
}

// failedCalls is GET /api/v1/failed-calls: the calls with setup failures
// or dropped legs among those the dashboard filters select, newest first
// (or by order=poor — failed streams —, poorPct or streams), a page at a
// time, each with its failure reasons and who failed where.
func (s *Server) failedCalls(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	q, limit, offset, err := s.callListQuery(r, rc, "the failed-call list")
	if err != nil {
		return err
	}
	found, err := s.cfg.Store.FailedCalls(r.Context(), q, limit+1, offset)
	if err != nil {
		return err
	}
	count := q
	count.Filters = append(slices.Clone(q.Filters), cqd.Filter{Dimension: cqd.FailureStage, Values: report.FailedStages})
	total, err := s.countCalls(r, count)
	if err != nil {
		return err
	}
	resp := failedCallsResponse{Total: total, Calls: make([]wire.FailedCallItem, 0, min(len(found), limit))}
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
		it := wire.FailedCallItem{ID: c.ID, Version: c.Version, Source: c.Source, Type: c.Type, Rating: c.Rating,
			Streams: c.Streams, FailedStreams: c.Poor, FailedSessions: c.PoorSessions, Reasons: c.Reasons,
			FailedUsers: c.PoorUsers, Detail: "/api/v1/calls/" + c.ID}
		if it.Where, err = s.poorWhere(rc, c.Where); err != nil {
			return err
		}
		if !c.Start.IsZero() {
			it.StartDateTime = &c.Start
		}
		if it.Reasons == nil {
			it.Reasons = []string{}
		}
		resp.Calls = append(resp.Calls, it)
	}
	return writeJSON(w, http.StatusOK, resp, plain)
}
