package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/store"
)

// The ACS insights page is Azure's Voice and Video Insights workbook
// over callscope's store: volume, clients, end reasons explained, media
// quality, surveys and Teams interop, each value leading to its calls.
// Its selection is the dashboard's window with filters of the report's
// own dimensions (store.ACSDimension).

// acsRow is one value of a breakdown.
type acsRow struct {
	Value string
	// Known is false for an unknown value, Withheld for one Microsoft
	// withheld (another tenant's client).
	Known, Withheld bool
	// Filter narrows the page to the value; Calls lists its calls.
	Filter, Calls string
	wire.ACSMeasures
	// Bar is the participants against the table's most, in percent.
	Bar float64
}

type acsSection struct {
	ID, Title, Label string
	Rows             []acsRow
	CSV              string
}

// acsEnd is one end reason, explained.
type acsEnd struct {
	wire.ACSEndReason
	Label, Calls string
	Bar          float64
}

type acsMedia struct {
	wire.ACSMediaRow
	Value           string
	Known, Withheld bool
	// Loss is the average packet loss in percent, to two places: most
	// are below one percent.
	Loss string
	Bar  float64
}

type acsPageData struct {
	Q       dashQuery
	Window  string
	Days    []windowChoice
	Filters []filterChip
	Tiles   []tile
	Trend   *trendView
	// TrendCSV downloads the days.
	TrendCSV string
	Sections []acsSection
	Ends     []acsEnd
	EndsCSV  string
	Media    []acsMedia
	MediaCSV string
	Note     string
	Surveys  wire.ACSSurveys
	// RatingsCSV and IssuesCSV download the survey tables.
	RatingsCSV, IssuesCSV string
	Empty                 string
}

// acsSections are the breakdowns the page shows beside the end reasons.
var acsSections = []struct {
	dim     store.ACSDimension
	section string
	title   string
}{
	{store.ACSSDKVersion, "sdkVersion", "By SDK version"},
	{store.ACSOS, "os", "By OS"},
	{store.ACSPlatform, "platform", "By platform"},
	{store.ACSInterop, "interop", "Teams interop vs ACS only"},
	{store.ACSCallType, "callType", "By call type"},
	{store.ACSParticipantType, "participantType", "By participant type"},
	{store.ACSEndpointType, "endpointType", "By endpoint type"},
}

// acsPage is GET /acs: the ACS insights report of the window and
// filters, as the API gives it.
func (s *Server) acsPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	d := readACSQuery(r.URL.Query())
	pd := acsPageData{Q: d, Window: d.windowText()}
	for _, n := range dashDays {
		keep := dashQuery{Days: n, Filters: d.Filters}
		pd.Days = append(pd.Days, windowChoice{n, "/acs?" + keep.values().Encode(), d.Since == "" && d.Day == "" && d.Days == n})
	}
	for _, f := range d.Filters {
		pd.Filters = append(pd.Filters, filterChip{Filter: acsFilterText(f), Remove: "/acs?" + d.withoutFilter(f).values().Encode()})
	}
	var rep wire.ACSReport
	err := s.api.getJSON(r.Context(), ss.token, "/api/v1/reports/acs", d.apiValues(), &rep)
	if ae, ok := asAPIError(err); ok && ae.Status == http.StatusBadRequest {
		pd.Empty = "The selection cannot be read: " + ae.Message
		return s.show(w, r, ss, "acsinsights", "acs", "ACS insights", pd)
	}
	if err != nil {
		return err
	}
	pd.Tiles = acsTiles(rep.Totals, rep.Previous, d.spanDays(s.cfg.Now()))
	pd.Trend, pd.TrendCSV = acsTrend(rep.Volume, d), d.acsDownload("volume")
	reportRows := map[string][]wire.ACSGroupRow{"sdkVersion": rep.BySDKVersion, "os": rep.ByOS, "platform": rep.ByPlatform,
		"interop": rep.Interop, "callType": rep.ByCallType, "participantType": rep.ByParticipantType, "endpointType": rep.ByEndpointType}
	for _, sec := range acsSections {
		pd.Sections = append(pd.Sections, acsSection{ID: "acs-" + sec.section, Title: sec.title, Label: acsLabel(sec.dim),
			Rows: acsRows(reportRows[sec.section], sec.dim, d), CSV: d.acsDownload(sec.section)})
	}
	pd.Ends, pd.EndsCSV = acsEnds(rep.EndReasons, d), d.acsDownload("endReasons")
	pd.Media, pd.MediaCSV, pd.Note = acsMediaRows(rep.MediaQuality), d.acsDownload("mediaQuality"), rep.MediaQualityNote
	pd.Surveys, pd.RatingsCSV, pd.IssuesCSV = rep.Surveys, d.acsDownload("ratings"), d.acsDownload("issues")
	if rep.Totals.Participants == 0 && rep.Totals.Surveys == 0 {
		pd.Empty = "No ACS participants " + d.windowText() + "."
		if len(d.Filters) > 0 {
			pd.Empty = "No ACS participants " + d.windowText() + " match these filters; remove one to see more."
		}
	}
	return s.show(w, r, ss, "acsinsights", "acs", "ACS insights", pd)
}

// readACSQuery reads the window as the dashboard does, and filters of
// the report's dimensions, one per dimension.
func readACSQuery(q url.Values) dashQuery {
	d := readDashQuery(url.Values{"days": q["days"], "since": q["since"], "until": q["until"], "day": q["day"]})
	for _, f := range q["filter"] {
		name, _, ok := strings.Cut(strings.TrimSpace(f), "=")
		if _, err := store.ParseACSDimension(name); err == nil && ok {
			d.setFilter(strings.TrimSpace(f))
		}
	}
	return d
}

// acsDownload downloads a section of the report as CSV.
func (d dashQuery) acsDownload(section string) string {
	v := d.values()
	v.Set("section", section)
	return "/acs/download?" + v.Encode()
}

// acsCallsLink lists the calls of the selection with the extra filters.
func (d dashQuery) acsCallsLink(extra ...string) string {
	e := d
	for _, f := range extra {
		e.setFilter(f)
	}
	return "/acs/calls?" + e.values().Encode()
}

// acsLabel names a dimension for people.
func acsLabel(dim store.ACSDimension) string {
	switch dim {
	case store.ACSSDKVersion:
		return "SDK version"
	case store.ACSOS:
		return "OS"
	case store.ACSInterop:
		return "Calls"
	case store.ACSEndCode:
		return "End code"
	case store.ACSEndSubCode:
		return "Subcode"
	}
	return humanize(string(dim))
}

// acsFilterText is a filter as its chip says it.
func acsFilterText(f string) string {
	name, v, _ := strings.Cut(f, "=")
	dim, err := store.ParseACSDimension(name)
	if err != nil {
		return f
	}
	if dim == store.ACSInterop {
		v = wire.InteropLabel(v)
	}
	if v == "" {
		v = "unknown"
	}
	return acsLabel(dim) + ": " + v
}

// acsRows are a breakdown's rows with their bars and links.
func acsRows(rows []wire.ACSGroupRow, dim store.ACSDimension, d dashQuery) []acsRow {
	out := make([]acsRow, 0, len(rows))
	top := int64(0)
	for _, r := range rows {
		top = max(top, r.Participants)
	}
	for _, r := range rows {
		if r.Participants == 0 {
			continue // surveys that name nobody
		}
		row := acsRow{Withheld: r.ValueWithheld, ACSMeasures: r.ACSMeasures}
		val := ""
		if r.Value != nil {
			row.Value, row.Known, val = *r.Value, true, *r.Value
			if dim == store.ACSInterop {
				row.Value = wire.InteropLabel(*r.Value)
			}
			row.Filter = "/acs?" + d.with(string(dim)+"="+val).values().Encode()
		}
		if !row.Withheld {
			row.Calls = d.acsCallsLink(string(dim) + "=" + val)
		}
		if top > 0 {
			row.Bar = float64(r.Participants) / float64(top) * 100
		}
		out = append(out, row)
	}
	return out
}

// with is the selection with one more filter.
func (d dashQuery) with(f string) dashQuery {
	d.Filters = slices.Clone(d.Filters)
	d.setFilter(f)
	return d
}

// acsEnds are the end reasons with bars and links to their calls.
func acsEnds(ends []wire.ACSEndReason, d dashQuery) []acsEnd {
	out := make([]acsEnd, 0, len(ends))
	top := int64(0)
	for _, e := range ends {
		top = max(top, e.Participants)
	}
	for _, e := range ends {
		v := func(p *string) string {
			if p == nil {
				return ""
			}
			return *p
		}
		row := acsEnd{ACSEndReason: e, Label: "unknown"}
		switch {
		case e.Code != nil && e.SubCode != nil:
			row.Label = *e.Code + "/" + *e.SubCode
		case e.Code != nil:
			row.Label = *e.Code
		}
		row.Calls = d.acsCallsLink("endCode="+v(e.Code), "endSubCode="+v(e.SubCode), "resultCategory="+v(e.ResultCategory))
		if top > 0 {
			row.Bar = float64(e.Participants) / float64(top) * 100
		}
		out = append(out, row)
	}
	return out
}

// acsMediaRows are stream quality by SDK version, with bars of poor %.
func acsMediaRows(rows []wire.ACSMediaRow) []acsMedia {
	out := make([]acsMedia, 0, len(rows))
	top := 0.0
	for _, m := range rows {
		if m.PoorPct != nil {
			top = max(top, *m.PoorPct)
		}
	}
	for _, m := range rows {
		row := acsMedia{ACSMediaRow: m, Withheld: m.SDKVersionWithheld}
		if m.SDKVersion != nil {
			row.Value, row.Known = *m.SDKVersion, true
		}
		if top > 0 && m.PoorPct != nil {
			row.Bar = *m.PoorPct / top * 100
		}
		row.Loss = "–"
		if m.AvgPacketLoss != nil {
			row.Loss = fmt.Sprintf("%.2f %%", *m.AvgPacketLoss*100)
		}
		out = append(out, row)
	}
	return out
}

// acsTiles are calls, participants, minutes and the unexpected-error
// rate of the window, each against the window before.
func acsTiles(cur, prev wire.ACSMeasures, days int) []tile {
	period := fmt.Sprintf("the previous %d day%s", days, plural(days))
	f := func(v int64) *float64 { x := float64(v); return &x }
	count := func(label string, c, p *float64) tile {
		t := tile{Label: label, Value: countText(c)}
		t.Change, t.Trend, t.Arrow = relChange(c, p, false, period)
		return t
	}
	unexpected := tile{Label: "Unexpected errors", Value: pctText(cur.UnexpectedPct), Detail: countText(f(cur.UnexpectedErrors)) + " participants"}
	unexpected.Change, unexpected.Trend, unexpected.Arrow = pointChange(cur.UnexpectedPct, prev.UnexpectedPct, period)
	rating := tile{Label: "Poor survey ratings", Value: pctText(cur.PoorRatingPct), Detail: countText(f(cur.Surveys)) + " surveys"}
	rating.Change, rating.Trend, rating.Arrow = pointChange(cur.PoorRatingPct, prev.PoorRatingPct, period)
	return []tile{count("Calls", f(cur.Calls), f(prev.Calls)), count("Participants", f(cur.Participants), f(prev.Participants)),
		count("Minutes", &cur.Minutes, &prev.Minutes), unexpected, rating}
}

// acsTrend draws participants per day (bars) and the unexpected-error
// rate (line).
func acsTrend(days []wire.ACSGroupRow, d dashQuery) *trendView {
	var pts []trendPoint
	var rows []aggregateRow
	for _, r := range days {
		if r.Value == nil {
			continue
		}
		day, err := time.Parse(time.DateOnly, *r.Value)
		if err != nil {
			continue
		}
		n := float64(r.Participants)
		pts = append(pts, trendPoint{Day: day, Streams: n, PoorPct: r.UnexpectedPct,
			Drill: "/acs?" + d.onDay(*r.Value).values().Encode(),
			Title: fmt.Sprintf("%s: %s participants in %s calls, %s unexpected errors", day.Format("Mon 2 Jan"), countText(&n),
				strconv.FormatInt(r.Calls, 10), pctOrDash(r.UnexpectedPct))})
		rows = append(rows, aggregateRow{Value: *r.Value, Known: true, Streams: &n, PoorPct: r.UnexpectedPct})
	}
	label := "Unexpected errors % of participants (line, left axis) and participants (bars, right axis) per day, " + d.windowText()
	return &trendView{Wide: drawTrend(pts, wideTrend, label, "wide-only"), Narrow: drawTrend(pts, narrowTrend, label, "narrow-only-block"), Rows: rows}
}

// acsDownloadPage is GET /acs/download: a section of the report as the
// API's CSV.
func (s *Server) acsDownloadPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	q := r.URL.Query()
	section := q.Get("section")
	if !slices.Contains(wire.ACSSections, section) {
		return &pageError{http.StatusBadRequest, "There is no such section to download."}
	}
	v := readACSQuery(q).apiValues()
	v.Set("format", "csv")
	v.Set("section", section)
	rec, err := s.api.do(r.Context(), apiRequest{method: http.MethodGet, path: "/api/v1/reports/acs", query: v, token: ss.token})
	if err != nil {
		return err
	}
	h := w.Header()
	for _, k := range []string{"Content-Type", "Content-Disposition"} {
		if x := rec.header.Get(k); x != "" {
			h.Set(k, x)
		}
	}
	h.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	_, _ = w.Write(rec.body.Bytes())
	return nil
}

// acsCallsPageData is the list of calls behind a row of the report.
type acsCallsPageData struct {
	Window  string
	Filters []filterChip
	Calls   []wire.ACSCallItem
	Back    string
	Next    string
}

// acsCallsPage is GET /acs/calls: the calls with the participants of the
// selection (an end reason, an SDK version…), newest first, a page at a
// time, each leading to its detail.
func (s *Server) acsCallsPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	d := readACSQuery(r.URL.Query())
	pd := acsCallsPageData{Window: d.windowText(), Back: "/acs?" + d.values().Encode()}
	for _, f := range d.Filters {
		pd.Filters = append(pd.Filters, filterChip{Filter: acsFilterText(f), Remove: "/acs/calls?" + d.withoutFilter(f).values().Encode()})
	}
	v := d.apiValues()
	if c := r.URL.Query().Get("cursor"); c != "" {
		v.Set("cursor", c)
	}
	var list wire.ACSCallList
	if err := s.api.getJSON(r.Context(), ss.token, "/api/v1/reports/acs/calls", v, &list); err != nil {
		return err
	}
	pd.Calls = list.Calls
	if list.Next != "" {
		if u, err := url.Parse(list.Next); err == nil {
			page := d.values()
			page.Set("cursor", u.Query().Get("cursor"))
			pd.Next = "/acs/calls?" + page.Encode()
		}
	}
	return s.show(w, r, ss, "acscalls", "acs", "ACS calls", pd)
}
