package api

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/cqd"
)

// actionDashboardPersonal is audited when a dashboard query groups or
// filters by personal data (access points).
const actionDashboardPersonal = "dashboard-personal"

type dashboardResponse struct {
	GroupBy  []cqd.Dimension `json:"groupBy"`
	Measures []cqd.Measure   `json:"measures"`
	Since    *time.Time      `json:"since,omitempty"`
	Until    *time.Time      `json:"until,omitempty"`
	// Rows are flat objects: one member per dimension (null where
	// unknown) and per measure (null where there is nothing to average).
	Rows []map[string]any `json:"rows"`
}

// dashboard is GET /api/v1/cqd: dashboard measures over the tenant's
// streams, grouped, filtered and ranked (package cqd; parameters as
// cqd.Params: by, measures, filter (repeated), since, until, days,
// order, asc, top, minStreams), as JSON or, with format=csv|parquet, as
// a file of every row.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	p, err := dashboardParams(r.URL.Query())
	if err != nil {
		return err
	}
	q, err := p.Query(rc.tenant, s.cfg.Now())
	if err != nil {
		return queryError(err)
	}
	if q.Personal() && !rc.principal.Role.Can(access.SeeAdvanced) {
		return forbidden("access points (bssid) are personal data this role may not see")
	}
	format, err := exportFormat(r)
	if err != nil {
		return err
	}
	if q.Personal() {
		if err := s.recordAudit(r, rc, actionDashboardPersonal, "", r.URL.RawQuery); err != nil {
			return err
		}
	}
	if format != "" {
		return s.sendExport(w, rc, format, "cqd", func(fw *fileWriter) error {
			return s.cfg.Store.ExportAggregate(r.Context(), q, format, fw)
		})
	}
	res, err := s.cfg.Store.Aggregate(r.Context(), q)
	if err != nil {
		return err
	}
	resp := dashboardResponse{GroupBy: res.GroupBy, Measures: res.Measures, Rows: res.Records()}
	if !q.Since.IsZero() {
		resp.Since = &q.Since
	}
	if !q.Until.IsZero() {
		resp.Until = &q.Until
	}
	if resp.GroupBy == nil {
		resp.GroupBy = []cqd.Dimension{}
	}
	return writeJSON(w, http.StatusOK, resp, plain)
}

// dashboardParams reads cqd.Params from the query string.
func dashboardParams(v url.Values) (cqd.Params, error) {
	var p cqd.Params
	var err error
	for _, f := range []struct {
		name string
		dst  *string
	}{{"by", &p.By}, {"measures", &p.Measures}, {"since", &p.Since}, {"until", &p.Until}, {"order", &p.Order}} {
		if *f.dst, err = param(v, f.name); err != nil {
			return p, err
		}
	}
	p.Filters = v["filter"]
	if p.Days, err = intParam(v, "days", 0, 1, cqd.MaxDays); err != nil {
		return p, err
	}
	if p.Top, err = intParam(v, "top", 0, 1, 100_000); err != nil {
		return p, err
	}
	if p.MinStreams, err = intParam(v, "minStreams", 0, 0, 1_000_000_000); err != nil {
		return p, err
	}
	p.Ascending, err = boolParam(v, "asc")
	return p, err
}

// queryError is a 400 for a dashboard query that does not hold
// together, every reason on one line.
func queryError(err error) error {
	return &apiError{status: http.StatusBadRequest, code: codeBadRequest, message: "query: " + strings.ReplaceAll(err.Error(), "\n", "; ")}
}

// filterQuery reads the parameters of the routes that take only the
// dashboard's stream selection (filter, since, until, days), refusing
// the grouping and ranking ones; takes says what the route takes.
func (s *Server) filterQuery(r *http.Request, rc *reqCtx, takes string) (cqd.Query, error) {
	query := r.URL.Query()
	for _, name := range []string{"by", "measures", "order", "asc", "top", "minStreams"} {
		if query.Has(name) {
			return cqd.Query{}, badParam(name, "not for this route; it takes %s", takes)
		}
	}
	p, err := dashboardParams(query)
	if err != nil {
		return cqd.Query{}, err
	}
	q, err := p.Query(rc.tenant, s.cfg.Now())
	if err != nil {
		return cqd.Query{}, queryError(err)
	}
	return q, nil
}
