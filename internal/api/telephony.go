package api

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/telephony"
)

// The PSTN and Direct Routing reports, over the tenant's PSTN and
// direct-routing usage rows (package telephony).

// Audit actions of the reports: a report grouped or filtered by user or
// number, and a page or download of usage rows, which name people.
const (
	actionUsageReportPersonal = "usage-report-personal"
	actionViewUsageRows       = "view-usage-rows"
)

// Paths of the reports.
const (
	pathPSTNReport    = "/api/v1/reports/pstn"
	pathDirectRouting = "/api/v1/reports/direct-routing"
	pathUsageRows     = telephony.RowsPath
)

// Limits of the reports.
const (
	usageDefaultTop   = 100
	usageMaxTop       = 100_000
	usageRowsDefLimit = 50
	usageRowsMaxLimit = 500
)

// reporter answers the reports, each group linking to its usage rows.
func (s *Server) reporter() telephony.Reporter {
	return telephony.Reporter{Store: s.cfg.Store, Policy: s.cfg.Policy, Now: s.cfg.Now, Link: telephony.RowsLink}
}

// usageQuery reads the query string of a report: the selection (filter,
// since, until, days) and, where grouped, by, order, asc and top;
// takes names every parameter the route takes, the others are refused.
func (s *Server) usageQuery(r *http.Request, rc *reqCtx, grouped bool, takes ...string) (store.UsageQuery, telephony.Params, error) {
	v := r.URL.Query()
	allowed := append([]string{"filter", "since", "until", "days", "format", "tenant"}, takes...)
	if grouped {
		allowed = append(allowed, "by", "order", "asc", "top")
	}
	for name := range v {
		if !slices.Contains(allowed, name) {
			return store.UsageQuery{}, telephony.Params{}, badParam(name, "not for this route; it takes %v", allowed)
		}
	}
	var p telephony.Params
	var err error
	for _, f := range []struct {
		name string
		dst  *string
	}{{"by", &p.By}, {"since", &p.Since}, {"until", &p.Until}, {"order", &p.Order}} {
		if *f.dst, err = param(v, f.name); err != nil {
			return store.UsageQuery{}, p, err
		}
	}
	p.Filters = v["filter"]
	if p.Days, err = intParam(v, "days", 0, 1, 3660); err != nil {
		return store.UsageQuery{}, p, err
	}
	if p.Ascending, err = boolParam(v, "asc"); err != nil {
		return store.UsageQuery{}, p, err
	}
	q, err := p.Query(rc.tenant, s.cfg.Now())
	if err != nil {
		return store.UsageQuery{}, p, queryError(err)
	}
	// Nobody learns more of a number from a filter than it shows: a
	// number filtered on is masked as numbers are, so that it selects
	// what the masked number shown would.
	for i, f := range q.Filters {
		if f.Dimension != store.UsageDimNumber {
			continue
		}
		vals := slices.Clone(f.Values)
		for j, val := range vals {
			if val != "" {
				vals[j] = s.cfg.Policy.MaskNumber(store.NormalizeNumber(val))
			}
		}
		q.Filters[i].Values = vals
	}
	if q.Personal() && !rc.principal.Role.Can(access.SeeAllNames) {
		return store.UsageQuery{}, p, forbidden("users and phone numbers are personal data this role may not group or filter by")
	}
	return q, p, nil
}

// csvOnly reads ?format=: "" (JSON) or csv.
func csvOnly(r *http.Request) (bool, error) {
	f, err := exportFormat(r)
	if err != nil {
		return false, err
	}
	if f != "" && f != store.ExportCSV {
		return false, badParam("format", "want json or csv")
	}
	return f == store.ExportCSV, nil
}

// pstnReport is GET /api/v1/reports/pstn: the tenant's PSTN and
// direct-routing calls, minutes and charges, grouped by (by) user,
// number, country, call type, SBC, day… (store.UsageDimensions),
// filtered, ranked (order, asc) and cut (top, default 100; a download
// has every group), each group with the address of its usage rows.
func (s *Server) pstnReport(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	q, p, err := s.usageQuery(r, rc, true)
	if err != nil {
		return err
	}
	asCSV, err := csvOnly(r)
	if err != nil {
		return err
	}
	top, err := intParam(r.URL.Query(), "top", usageDefaultTop, 1, usageMaxTop)
	if err != nil {
		return err
	}
	if asCSV && !r.URL.Query().Has("top") {
		top = 0
	}
	rep, err := s.reporter().Usage(r.Context(), q, telephony.Ranking{Order: p.Order, Ascending: p.Ascending, Top: top})
	if err != nil {
		return err
	}
	if q.Personal() {
		if err := s.recordAudit(r, rc, actionUsageReportPersonal, "", r.URL.RawQuery); err != nil {
			return err
		}
	}
	if asCSV {
		return s.sendExport(w, rc, store.ExportCSV, "pstn-usage", func(fw *fileWriter) error {
			return telephony.UsageReportCSV(fw, rep)
		})
	}
	return writeJSON(w, http.StatusOK, rep, plain)
}

// directRoutingReport is GET /api/v1/reports/direct-routing: the Direct
// Routing health of the selection, per SBC (attempts, success rate,
// Network Effectiveness Ratio, average call duration, the change between
// the window's halves, the most frequent failure), per day and per final
// SIP code; format=csv downloads one of its tables (table=sbcs, trend or
// sipCodes).
func (s *Server) directRoutingReport(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	q, _, err := s.usageQuery(r, rc, false, "table")
	if err != nil {
		return err
	}
	asCSV, err := csvOnly(r)
	if err != nil {
		return err
	}
	table, err := param(r.URL.Query(), "table")
	if err != nil {
		return err
	}
	switch {
	case table == "":
		table = telephony.TableSBCs
	case !slices.Contains(telephony.HealthTables, table):
		return badParam("table", "want one of %v", telephony.HealthTables)
	}
	if !asCSV && r.URL.Query().Has("table") {
		return badParam("table", "only with format=csv: the JSON has every table")
	}
	h, err := s.reporter().DirectRouting(r.Context(), q)
	if err != nil {
		return err
	}
	if q.Personal() {
		if err := s.recordAudit(r, rc, actionUsageReportPersonal, "", r.URL.RawQuery); err != nil {
			return err
		}
	}
	if asCSV {
		return s.sendExport(w, rc, store.ExportCSV, "direct-routing-"+table, func(fw *fileWriter) error {
			return telephony.DirectRoutingCSV(fw, h, table)
		})
	}
	return writeJSON(w, http.StatusOK, h, plain)
}

// usageRows is GET /api/v1/reports/usage-rows: the usage rows a report's
// group selects (filter, since, until, days), newest first, a page at a
// time (limit, cursor), each as the role may see it and with the address
// of the call record it belongs to when that is stored; format=csv
// downloads every row. Audited: the rows name people.
func (s *Server) usageRows(w http.ResponseWriter, r *http.Request, rc *reqCtx) error {
	q, _, err := s.usageQuery(r, rc, false, "limit", "cursor")
	if err != nil {
		return err
	}
	asCSV, err := csvOnly(r)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	limit, err := intParam(v, "limit", usageRowsDefLimit, 1, usageRowsMaxLimit)
	if err != nil {
		return err
	}
	var after *store.UsageCursor
	if c, err := param(v, "cursor"); err != nil {
		return err
	} else if c != "" {
		cur, err := telephony.DecodeCursor(c)
		if err != nil {
			return badParam("cursor", "not a cursor this API gave out; use the next link of the previous page")
		}
		after = &cur
	}
	if asCSV && (v.Has("limit") || v.Has("cursor")) {
		return badParam("format", "a download has every row: leave out limit and cursor")
	}
	if err := s.recordAudit(r, rc, actionViewUsageRows, "", r.URL.RawQuery); err != nil {
		return err
	}
	rep := s.reporter()
	if asCSV {
		return s.sendExport(w, rc, store.ExportCSV, "usage-rows", func(fw *fileWriter) error {
			out := telephony.NewRowsCSV(fw)
			if err := rep.EachRow(r.Context(), q, rc.principal.Role, out.Write); err != nil {
				return err
			}
			return out.Flush()
		})
	}
	items, next, err := rep.Rows(r.Context(), q, after, limit, rc.principal.Role)
	if err != nil {
		return err
	}
	resp := wire.UsageRows{Filters: make([]string, len(q.Filters)), Rows: items}
	for i, f := range q.Filters {
		resp.Filters[i] = telephony.FilterText(f)
	}
	if !q.Since.IsZero() {
		resp.Since = &q.Since
	}
	if !q.Until.IsZero() {
		resp.Until = &q.Until
	}
	for i := range resp.Rows {
		if id := resp.Rows[i].CallRecordID; id != "" {
			resp.Rows[i].Detail = "/api/v1/calls/" + url.PathEscape(id)
		}
	}
	if next != nil {
		resp.Next = nextLink(r, telephony.EncodeCursor(*next))
	}
	return writeJSON(w, http.StatusOK, resp, withheldMarked)
}
