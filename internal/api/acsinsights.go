package api

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/callscope/callscope/internal/acsreport"
	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
)

// The ACS insights report (Azure's Voice and Video Insights workbook):
// GET /api/v1/reports/acs for the whole report, .../rows for one
// grouping of every measure, .../calls for the calls behind a row. The
// report sums ACS participants, which carry no personal data, so the
// roles that see the dashboard see all of it.

// Limits of the ACS report's lists.
const (
	acsCallsDefaultMax = 50
	acsCallsMaxLimit   = 500
)

// acsSelection is the window and participant filters of an ACS route.
type acsSelection struct {
	q       store.ACSQuery
	filters []string
}

// acsSelect reads days, since, until and filter (repeated,
// "dimension=value|value") of an ACS route, refusing parameters it does
// not take; takes lists the others the route takes.
func (s *Server) acsSelect(r *http.Request, rc *reqCtx, takes ...string) (acsSelection, error) {
	query := r.URL.Query()
	allowed := append([]string{"days", "since", "until", "filter", "tenant"}, takes...)
	for name := range query {
		if !slices.Contains(allowed, name) {
			return acsSelection{}, badParam(name, "not a parameter of this route; it takes %s", strings.Join(allowed, ", "))
		}
	}
	var p cqd.Params
	var err error
	if p.Since, err = param(query, "since"); err != nil {
		return acsSelection{}, err
	}
	if p.Until, err = param(query, "until"); err != nil {
		return acsSelection{}, err
	}
	if p.Days, err = intParam(query, "days", 0, 1, cqd.MaxDays); err != nil {
		return acsSelection{}, err
	}
	window, err := p.Query(rc.tenant, s.cfg.Now())
	if err != nil {
		return acsSelection{}, queryError(err)
	}
	sel := acsSelection{q: store.ACSQuery{Tenant: rc.tenant, Since: window.Since, Until: window.Until}, filters: []string{}}
	for _, f := range query["filter"] {
		flt, err := store.ParseACSFilter(f)
		if err != nil {
			return acsSelection{}, badParam("filter", "%s", err.Error())
		}
		sel.q.Filters = append(sel.q.Filters, flt)
		sel.filters = append(sel.filters, f)
	}
	return sel, nil
}

// acsReport is GET /api/v1/reports/acs: the whole report as JSON, or
// with format=csv one section (section=volume, sdkVersion, …) as a file.
func (s *Server) acsReport(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	sel, err := s.acsSelect(r, rc, "format", "section")
	if err != nil {
		return err
	}
	format, section, err := acsExport(r, true)
	if err != nil {
		return err
	}
	rep, err := acsreport.Build(r.Context(), s.cfg.Store, acsreport.Selection{Query: sel.q, Filters: sel.filters}, s.cfg.Now())
	if err != nil {
		return err
	}
	if format == "" {
		return writeJSON(w, http.StatusOK, rep, plain)
	}
	t, err := rep.Section(section, true)
	if err != nil {
		return badParam("section", "want one of %s", strings.Join(wire.ACSSections, ", "))
	}
	return s.sendExport(w, rc, format, "acs-"+section, func(fw *fileWriter) error { return writeCSV(fw, t) })
}

// acsExport reads format (json or csv) and, for a section of the
// report, section.
func acsExport(r *http.Request, sections bool) (store.ExportFormat, string, error) {
	format, err := exportFormat(r)
	if err != nil {
		return "", "", err
	}
	if format != "" && format != store.ExportCSV {
		return "", "", badParam("format", "the ACS report comes as json or csv")
	}
	section, err := param(r.URL.Query(), "section")
	if err != nil {
		return "", "", err
	}
	switch {
	case !sections:
	case format == "" && section != "":
		return "", "", badParam("section", "only with format=csv: the JSON answer has every section")
	case format != "" && !slices.Contains(wire.ACSSections, section):
		return "", "", badParam("section", "want one of %s", strings.Join(wire.ACSSections, ", "))
	}
	return format, section, nil
}

// acsRows is GET /api/v1/reports/acs/rows: the participants grouped by
// by (a comma-separated list of dimensions; endReason stands for
// endCode,endSubCode), every measure, as JSON or format=csv.
func (s *Server) acsRows(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	sel, err := s.acsSelect(r, rc, "by", "format")
	if err != nil {
		return err
	}
	format, _, err := acsExport(r, false)
	if err != nil {
		return err
	}
	byText, err := param(r.URL.Query(), "by")
	if err != nil {
		return err
	}
	q := sel.q
	if q.GroupBy, err = store.ParseACSDimensions(byText); err != nil {
		return badParam("by", "%s", err.Error())
	}
	if err := q.Validate(); err != nil {
		return queryError(err)
	}
	resp, err := acsreport.Rows(r.Context(), s.cfg.Store, q)
	if err != nil {
		return err
	}
	if format == "" {
		return writeJSON(w, http.StatusOK, resp, plain)
	}
	name := "acs-all"
	if len(resp.GroupBy) > 0 {
		name = "acs-by-" + strings.Join(resp.GroupBy, "-")
	}
	return s.sendExport(w, rc, format, name, func(fw *fileWriter) error { return writeCSV(fw, resp.Table(true)) })
}

// acsCalls is GET /api/v1/reports/acs/calls: the calls with the
// participants the filters select, newest first, a page at a time
// (limit, cursor), each linking to its detail.
func (s *Server) acsCalls(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	sel, err := s.acsSelect(r, rc, "limit", "cursor")
	if err != nil {
		return err
	}
	query := r.URL.Query()
	limit, err := intParam(query, "limit", acsCallsDefaultMax, 1, acsCallsMaxLimit)
	if err != nil {
		return err
	}
	offset, err := cursorParam(query)
	if err != nil {
		return err
	}
	if err := sel.q.Validate(); err != nil {
		return queryError(err)
	}
	found, err := s.cfg.Store.ACSCalls(r.Context(), sel.q, limit+1, offset)
	if err != nil {
		return err
	}
	resp := wire.ACSCallList{Calls: make([]wire.ACSCallItem, 0, min(limit, len(found)))}
	for i, c := range found {
		if i == limit {
			resp.Next = nextLink(r, encodeCursor(offset+limit))
			break
		}
		it := wire.ACSCallItem{ID: c.ID, CallType: c.CallType, Interop: c.Interop, Participants: c.Participants,
			UnexpectedErrors: c.Unexpected, Minutes: c.Minutes(), Detail: "/api/v1/calls/" + url.PathEscape(c.ID)}
		if !c.Start.IsZero() {
			start := c.Start
			it.StartDateTime = &start
		}
		resp.Calls = append(resp.Calls, it)
	}
	return writeJSON(w, http.StatusOK, resp, plain)
}

// writeCSV writes a table as CSV, its columns first.
func writeCSV(w *fileWriter, t wire.Table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	if err := cw.WriteAll(t.Rows); err != nil {
		return err
	}
	return cw.Error()
}
