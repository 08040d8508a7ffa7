package web

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/cqd"
)

// aggregate asks GET /api/v1/cqd for poor % grouped by one dimension,
// with the 95th percentiles of jitter and round trip beside it: poor %
// says how often, the percentiles how bad.
func (s *Server) aggregate(ctx context.Context, ss *session, d dashQuery, by cqd.Dimension) (*aggregateView, error) {
	q := d.apiValues()
	q.Set("by", string(by))
	q.Set("measures", "streams,poor,poorPct,p95JitterMs,p95RoundTripMs")
	if !by.Time() {
		// Poor % of a handful of streams says nothing; the worst groups
		// with enough streams are what an engineer looks at first.
		q.Set("order", "poorPct")
		q.Set("top", strconv.Itoa(dashTop))
		q.Set("minStreams", strconv.Itoa(dashMinStreams))
	}
	var resp struct {
		Rows []map[string]any `json:"rows"`
	}
	if err := s.api.getJSON(ctx, ss.token, "/api/v1/cqd", q, &resp); err != nil {
		return nil, err
	}
	av := &aggregateView{By: by, Label: humanize(string(by))}
	for _, row := range resp.Rows {
		r := aggregateRow{}
		switch v := row[string(by)].(type) {
		case string:
			r.Value, r.Known = v, true
		case nil:
			r.Value = "unknown"
		default:
			b, _ := json.Marshal(v)
			r.Value, r.Known = string(b), true
		}
		r.Streams = number(row["streams"])
		r.Poor = number(row["poor"])
		r.PoorPct = number(row["poorPct"])
		r.P95Jitter, r.P95RoundTrip = number(row["p95JitterMs"]), number(row["p95RoundTripMs"])
		switch {
		case by == cqd.Day && r.Known:
			r.Drill = "/poor-calls?" + d.onDay(r.Value).values().Encode()
		case !by.Time():
			val := r.Value
			if !r.Known {
				val = "" // cqd: "building=" selects ends with no building
			}
			r.Drill = "/poor-calls?" + d.values(string(by)+"="+val).Encode()
		}
		av.Rows = append(av.Rows, r)
	}
	return av, nil
}

// Breakdown limits.
const (
	dashTop        = 12
	dashMinStreams = 10
)

func number(v any) *float64 {
	if f, ok := v.(float64); ok {
		return &f
	}
	return nil
}

// aggregateView is one breakdown: rows of a dimension's values with
// their stream counts and poor %.
type aggregateView struct {
	By    cqd.Dimension
	Label string
	Rows  []aggregateRow
	// Chart is the address of the chart image of the same numbers.
	Chart string
	Alt   string
}

type aggregateRow struct {
	Value         string
	Known         bool
	Streams, Poor *float64
	PoorPct       *float64
	// P95Jitter and P95RoundTrip are the 95th percentiles, in ms.
	P95Jitter, P95RoundTrip *float64
	Drill                   string
}

// dashSection is one breakdown the dashboard always shows.
type dashSection struct {
	by    cqd.Dimension
	title string
}

// dashSections are CQD's usual first questions: over time, then by
// building, network, subnet, Wi-Fi vs wired and device.
var dashSections = []dashSection{
	{cqd.Day, "Poor streams over time"},
	{cqd.Building, "By building"},
	{cqd.NetworkName, "By network"},
	{cqd.Subnet, "By subnet"},
	{cqd.ConnectionType, "Wi-Fi vs wired"},
	{cqd.CaptureDevice, "By device (microphone)"},
}

type dashPageData struct {
	Q        dashQuery
	Days     []int
	Filters  []filterChip
	Dims     []cqd.Dimension
	Sections []dashSectionView
	Custom   *dashSectionView
	// Error is why the API refused the selection (a filter that does
	// not hold together), shown above the form to fix it.
	Error string
	// PoorCalls lists the poor calls of the whole selection.
	PoorCalls string
}

type filterChip struct {
	Filter, Remove string
}

type dashSectionView struct {
	Title string
	Agg   *aggregateView
}

// dashboardPage is GET /dashboard: poor % over time and by building,
// network, subnet, connection and device for the selected window and
// filters, each value leading to its poor calls.
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	d := readDashQuery(r.URL.Query())
	pd := dashPageData{Q: d, Days: dashDays, Dims: filterDims(), PoorCalls: "/poor-calls?" + d.values().Encode()}
	for _, f := range d.Filters {
		pd.Filters = append(pd.Filters, filterChip{Filter: f, Remove: d.without(f)})
	}
	sections := slices.Clone(dashSections)
	if d.By != "" && !slices.ContainsFunc(sections, func(x dashSection) bool { return x.by == d.By }) {
		sections = append(sections, dashSection{d.By, "By " + strings.ToLower(humanize(string(d.By)))})
	}
	for _, sec := range sections {
		agg, err := s.aggregate(r.Context(), ss, d, sec.by)
		if ae, ok := asAPIError(err); ok && ae.Status == http.StatusBadRequest {
			pd.Error, pd.Sections, pd.Custom = ae.Message, nil, nil
			break
		}
		if err != nil {
			return err
		}
		cv := d.values()
		cv.Set("by", string(sec.by))
		agg.Chart = "/dashboard/chart.svg?" + cv.Encode()
		agg.Alt = chartAlt(sec.title, agg)
		view := dashSectionView{Title: sec.title, Agg: agg}
		if sec.by == d.By && !slices.ContainsFunc(dashSections, func(x dashSection) bool { return x.by == d.By }) {
			pd.Custom = &view
			continue
		}
		pd.Sections = append(pd.Sections, view)
	}
	return s.show(w, r, ss, "dashboard", "dashboard", "Dashboard", pd)
}

// chartImage is GET /dashboard/chart.svg?by=…: the chart of one
// breakdown, drawn from the same API answer as its table.
func (s *Server) chartImage(w http.ResponseWriter, r *http.Request, ss *session) error {
	q := r.URL.Query()
	by, err := cqd.ParseDimension(q.Get("by"))
	if err != nil || by.Personal() {
		return &pageError{http.StatusBadRequest, "There is no such chart."}
	}
	agg, err := s.aggregate(r.Context(), ss, readDashQuery(q), by)
	if err != nil {
		return err
	}
	svg, err := drawChart(agg)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("Content-Length", strconv.Itoa(len(svg)))
	_, _ = w.Write(svg)
	return nil
}
