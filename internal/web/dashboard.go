package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/cqd"
)

// Breakdown limits of the dashboard: the worst values with enough
// streams; the breakdown page has them all.
const (
	dashTop        = 10
	dashMinStreams = 10
	// barChoices is how many values of a dimension the filter bar
	// offers to pick from.
	barChoices = 200
)

// dashSection is one breakdown the dashboard always shows.
type dashSection struct {
	by    cqd.Dimension
	title string
}

// dashSections are CQD's usual first questions after the trend: by
// building, network, subnet, Wi-Fi vs wired and device.
var dashSections = []dashSection{
	{cqd.Building, "By building"},
	{cqd.NetworkName, "By network"},
	{cqd.Subnet, "By subnet"},
	{cqd.ConnectionType, "Wi-Fi vs wired"},
	{cqd.CaptureDevice, "By device (microphone)"},
}

type dashPageData struct {
	Q      dashQuery
	Window string
	// Days are the quick windows; Since and Until the range form's.
	Days         []windowChoice
	Since, Until string
	// Hidden is the selection the forms carry along: all of it, or its
	// filters only (the range form).
	Hidden, HiddenFilters []hiddenField
	Filters               filterForm
	Tiles                 []tile
	Trend                 *trendView
	Section               []sectionView
	// Empty says why the selection has no streams.
	Empty     string
	PoorCalls string
}

type windowChoice struct {
	Days    int
	Href    string
	Current bool
}

type hiddenField struct{ Name, Value string }

// barField is one field of the filter bar, with values to pick from.
type barField struct {
	Dim     cqd.Dimension
	Label   string
	Value   string
	Options []string
}

type filterChip struct {
	Filter, Remove string
}

// trendView is the chart of poor % and volume over time.
type trendView struct {
	Wide, Narrow template.HTML
	Rows         []aggregateRow
	By           cqd.Dimension
	CSV, Parquet string
}

// sectionView is one breakdown: the worst values, and the way to all.
type sectionView struct {
	ID, Title string
	Table     breakdownTable
	// Ranked counts the values with enough streams to be ranked; All
	// leads to the breakdown page.
	Ranked int
	All    string
}

// dashboardPage is GET /dashboard: the headline figures of the window
// against the one before, poor % and volume over time, and poor % by
// building, network, subnet, connection and device, each value leading
// to its poor calls.
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	d := readDashQuery(r.URL.Query())
	pd := dashPageData{Q: d, Window: d.windowText(), PoorCalls: "/poor-calls?" + d.values().Encode(),
		Since: d.Since, Until: d.Until, Hidden: d.hidden(true, true), HiddenFilters: d.hidden(false, true)}
	for _, n := range dashDays {
		pd.Days = append(pd.Days, windowChoice{n, d.withDays(n), d.Since == "" && d.Day == "" && d.Days == n})
	}
	answers, err := s.dashboardAnswers(r.Context(), ss, d)
	if ae, ok := asAPIError(err); ok && ae.Status == http.StatusBadRequest {
		pd.Filters = newFilterForm("/dashboard", d, nil)
		pd.Filters.refused(d, ae.Message)
		return s.show(w, r, ss, "dashboard", "dashboard", "Dashboard", pd)
	}
	if err != nil {
		return err
	}
	pd.Tiles = headlineTiles(answers.head.cur, answers.head.prev, d.spanDays(s.cfg.Now()))
	pd.Trend = trendOf(answers.trend, answers.trendBy, d)
	for i, sec := range dashSections {
		rows := breakdownRows(answers.sections[i], sec.by, d)
		ranked := enough(rows, dashMinStreams)
		sortRows(ranked, "poorPct", false)
		view := sectionView{ID: "sec-" + string(sec.by), Title: sec.title, Ranked: len(ranked),
			All: "/dashboard/breakdown?" + d.breakdownValues(sec.by, "", false).Encode()}
		shown := ranked[:min(dashTop, len(ranked))]
		scaleBars(shown)
		view.Table = newBreakdownTable(d, sec.by, shown, "poorPct", false)
		view.Table.Caption = fmt.Sprintf("%s: the worst %d of %d values with at least %d streams, by poor %%", dimLabel(sec.by), len(shown), len(ranked), dashMinStreams)
		pd.Section = append(pd.Section, view)
	}
	pd.Filters = newFilterForm("/dashboard", d, answers.options(d))
	if total := number(answers.head.cur["streams"]); total == nil || *total == 0 {
		pd.Empty = s.whyEmpty(r.Context(), ss, d)
	}
	return s.show(w, r, ss, "dashboard", "dashboard", "Dashboard", pd)
}

// dashAnswers are the API's answers a dashboard is made of.
type dashAnswers struct {
	head         headline
	trend, media *cqdAnswer
	trendBy      cqd.Dimension
	sections     []*cqdAnswer
}

// dashboardAnswers asks the API for every part of the dashboard at once.
func (s *Server) dashboardAnswers(ctx context.Context, ss *session, d dashQuery) (*dashAnswers, error) {
	a := &dashAnswers{trendBy: cqd.Day}
	if d.spanDays(s.cfg.Now()) > 92 {
		a.trendBy = cqd.Week
	}
	params := []url.Values{
		{"by": {string(a.trendBy)}, "measures": {breakdownMeasures}},
		{"by": {string(cqd.MediaType)}, "measures": {"streams"}},
	}
	for _, sec := range dashSections {
		params = append(params, url.Values{"by": {string(sec.by)}, "measures": {breakdownMeasures}})
	}
	head, answers, err := s.askPage(ctx, ss, d, tileMeasures, params)
	if err != nil {
		return nil, err
	}
	a.head, a.trend, a.media, a.sections = head, answers[0], answers[1], answers[2:]
	return a, nil
}

// trendOf draws the trend of an answer grouped by day or week.
func trendOf(a *cqdAnswer, by cqd.Dimension, d dashQuery) *trendView {
	rows := breakdownRows(a, by, d)
	var pts []trendPoint
	for _, r := range rows {
		day, err := time.Parse(time.DateOnly, r.Value)
		if err != nil {
			continue
		}
		p := trendPoint{Day: day, PoorPct: r.PoorPct}
		if r.Streams != nil {
			p.Streams = *r.Streams
		}
		if by == cqd.Day {
			p.Drill = r.Drill
		}
		pts = append(pts, p)
	}
	unit := "day"
	if by == cqd.Week {
		unit = "week"
	}
	label := fmt.Sprintf("Poor %% of streams (line, left axis) and streams (bars, right axis) per %s, %s", unit, d.windowText())
	return &trendView{
		Wide: drawTrend(pts, wideTrend, label, "wide-only"), Narrow: drawTrend(pts, narrowTrend, label, "narrow-only-block"),
		Rows: rows, By: by,
		CSV: d.downloadLink(by, "csv"), Parquet: d.downloadLink(by, "parquet"),
	}
}

// options are the values of the window's streams for each field of the
// filter bar, busiest first (a dimension filtered already offers only
// its own value: remove the filter to see the others).
func (a *dashAnswers) options(d dashQuery) func(cqd.Dimension) []string {
	return func(dim cqd.Dimension) []string {
		var ans *cqdAnswer
		if i := slices.IndexFunc(dashSections, func(s dashSection) bool { return s.by == dim }); i >= 0 {
			ans = a.sections[i]
		} else if dim == cqd.MediaType {
			ans = a.media
		}
		if ans == nil {
			return nil
		}
		return knownValues(breakdownRows(ans, dim, d), barChoices)
	}
}

// whyEmpty says why a selection has no streams: the window is empty, or
// a filter matches none of the values the window has, which it names.
func (s *Server) whyEmpty(ctx context.Context, ss *session, d dashQuery) string {
	if len(d.Filters) == 0 {
		return "No streams " + d.windowText() + ". Pick a longer window, or ingest or collect call records for it."
	}
	for _, f := range d.Filters {
		dim, val, _ := strings.Cut(f, "=")
		others := d
		others.Filters = slices.DeleteFunc(slices.Clone(d.Filters), func(g string) bool { return g == f })
		a, err := s.askCQD(ctx, ss, others, url.Values{"by": {dim}, "measures": {"streams"}, "order": {"streams"}, "top": {"8"}})
		if err != nil {
			continue
		}
		seen := knownValues(breakdownRows(a, cqd.Dimension(dim), others), 8)
		if len(seen) == 0 {
			continue
		}
		matched := slices.ContainsFunc(strings.Split(val, "|"), func(v string) bool {
			return slices.ContainsFunc(seen, func(x string) bool { return strings.EqualFold(x, v) })
		})
		if !matched {
			return fmt.Sprintf("No stream %s has %s = %q. Values it has with the other filters: %s.",
				d.windowText(), dimLabel(cqd.Dimension(dim)), val, strings.Join(seen, ", "))
		}
	}
	return "No stream " + d.windowText() + " matches all of these filters together; remove one to see more."
}

// hidden is the selection as a form's hidden fields: withWindow keeps
// the window; withBar the filters of the filter bar's dimensions (for
// forms other than the bar).
func (d dashQuery) hidden(withWindow, withBar bool) []hiddenField {
	var out []hiddenField
	switch {
	case !withWindow:
	case d.Since != "":
		out = append(out, hiddenField{"since", d.Since})
		if d.Until != "" {
			out = append(out, hiddenField{"until", d.Until})
		}
	default:
		out = append(out, hiddenField{"days", fmt.Sprint(d.Days)})
	}
	if d.Day != "" && withWindow {
		out = append(out, hiddenField{"day", d.Day})
	}
	for _, f := range d.Filters {
		name, _, _ := strings.Cut(f, "=")
		if withBar || !slices.Contains(barDims, cqd.Dimension(name)) {
			out = append(out, hiddenField{"filter", f})
		}
	}
	return out
}
