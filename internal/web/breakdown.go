package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/cqd"
)

// breakdownPageSize is how many values a page of a breakdown shows.
const breakdownPageSize = 50

// breakdownColumn is a column of a breakdown table, sortable by key.
type breakdownColumn struct {
	Key, Label string
	Num        bool
	// Href sorts by the column (the other way when it sorts already);
	// Sorted is "ascending" or "descending" for the column the table is
	// sorted by, as aria-sort says.
	Href, Sorted string
}

// breakdownTable is a table of a breakdown, on the dashboard and on the
// breakdown page alike.
type breakdownTable struct {
	By      cqd.Dimension
	Label   string
	Caption string
	Columns []breakdownColumn
	Rows    []aggregateRow
	// CSV and Parquet download every row of the breakdown.
	CSV, Parquet string
}

// breakdownColumns are the sortable columns after the value's.
var breakdownColumns = []struct{ key, label string }{
	{"streams", "Streams"}, {"poor", "Poor"}, {"poorPct", "Poor %"},
	{"p95JitterMs", "Jitter p95"}, {"p95RoundTripMs", "Round trip p95"},
}

func newBreakdownTable(d dashQuery, by cqd.Dimension, rows []aggregateRow, sortKey string, asc bool) breakdownTable {
	t := breakdownTable{By: by, Label: dimLabel(by), Rows: rows, CSV: d.downloadLink(by, "csv"), Parquet: d.downloadLink(by, "parquet")}
	cols := append([]struct{ key, label string }{{"value", dimLabel(by)}}, breakdownColumns...)
	for _, c := range cols {
		col := breakdownColumn{Key: c.key, Label: c.label, Num: c.key != "value"}
		// A first click sorts names A to Z and numbers largest first.
		nextAsc := c.key == "value"
		if c.key == sortKey {
			col.Sorted = map[bool]string{true: "ascending", false: "descending"}[asc]
			nextAsc = !asc
		}
		col.Href = "/dashboard/breakdown?" + d.breakdownValues(by, c.key, nextAsc).Encode()
		t.Columns = append(t.Columns, col)
	}
	return t
}

// sortRows sorts rows by a column; rows without a value go last.
func sortRows(rows []aggregateRow, key string, asc bool) {
	measure := func(r aggregateRow) *float64 {
		switch key {
		case "streams":
			return r.Streams
		case "poor":
			return r.Poor
		case "p95JitterMs":
			return r.P95Jitter
		case "p95RoundTripMs":
			return r.P95RoundTrip
		}
		return r.PoorPct
	}
	slices.SortStableFunc(rows, func(a, b aggregateRow) int {
		if key == "value" {
			c := strings.Compare(strings.ToLower(a.Value), strings.ToLower(b.Value))
			if !a.Known || !b.Known { // unknown last
				c = map[bool]int{true: 1, false: -1}[!a.Known]
			}
			if asc || !a.Known || !b.Known {
				return c
			}
			return -c
		}
		ma, mb := measure(a), measure(b)
		switch {
		case ma == nil && mb == nil:
			return 0
		case ma == nil:
			return 1
		case mb == nil:
			return -1
		}
		if asc {
			return compareNum(ma, mb)
		}
		return -compareNum(ma, mb)
	})
}

// breakdownValues is the address of dim's breakdown page, sorted.
func (d dashQuery) breakdownValues(by cqd.Dimension, sortKey string, asc bool) url.Values {
	v := d.values()
	v.Set("by", string(by))
	if sortKey != "" {
		v.Set("sort", sortKey)
		if asc {
			v.Set("asc", "1")
		}
	}
	return v
}

// downloadLink downloads the whole breakdown by dim as a file.
func (d dashQuery) downloadLink(by cqd.Dimension, format string) string {
	v := d.values()
	v.Set("by", string(by))
	v.Set("format", format)
	return "/dashboard/download?" + v.Encode()
}

type breakdownPageData struct {
	Q          dashQuery
	Window     string
	Dashboard  string
	Dims       []cqd.Dimension
	Hidden     []hiddenField
	Filters    []filterChip
	Table      breakdownTable
	Pager      *listPager
	MinStreams int
	MinChoices []minChoice
	// Total counts the values; Small those left out for too few streams.
	Total, Small int
}

// listPager is where a page of a sorted list is, with the pages beside.
type listPager struct {
	Text, Prev, Next string
}

type minChoice struct {
	N       int
	Href    string
	Current bool
}

// breakdownPage is GET /dashboard/breakdown?by=…: every value of one
// dimension for the selection, sortable by any column, a page at a
// time, and downloadable.
func (s *Server) breakdownPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	q := r.URL.Query()
	d := readDashQuery(q)
	by, err := cqd.ParseDimension(q.Get("by"))
	if err != nil || by.Time() {
		return &pageError{http.StatusBadRequest, "There is no such breakdown: pick one of the dimensions on the dashboard."}
	}
	if by.Personal() {
		return &pageError{http.StatusForbidden, "Access points are personal data: the dashboard does not break down by them."}
	}
	sortKey := q.Get("sort")
	if sortKey != "value" && !slices.ContainsFunc(breakdownColumns, func(c struct{ key, label string }) bool { return c.key == sortKey }) {
		sortKey = "poorPct"
	}
	asc := q.Get("asc") == "1"
	minStreams := dashMinStreams
	if n, err := strconv.Atoi(q.Get("min")); err == nil && n >= 0 {
		minStreams = n
	}
	pd := breakdownPageData{Q: d, Window: d.windowText(), Dashboard: "/dashboard?" + d.values().Encode(), Dims: filterDims(),
		MinStreams: minStreams, Hidden: d.hidden(true, true)}
	for _, f := range d.Filters {
		pd.Filters = append(pd.Filters, filterChip{Filter: f, Remove: "/dashboard/breakdown?" + d.withoutFilter(f).breakdownValues(by, sortKey, asc).Encode()})
	}
	a, err := s.askCQD(r.Context(), ss, d, url.Values{"by": {string(by)}, "measures": {breakdownMeasures}})
	if err != nil {
		return err
	}
	rows := breakdownRows(a, by, d)
	kept := enough(rows, float64(minStreams))
	pd.Total, pd.Small = len(rows), len(rows)-len(kept)
	sortRows(kept, sortKey, asc)
	scaleBars(kept)
	page := 1
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		page = n
	}
	pages := max(1, (len(kept)+breakdownPageSize-1)/breakdownPageSize)
	page = min(page, pages)
	shown := kept[(page-1)*breakdownPageSize : min(len(kept), page*breakdownPageSize)]
	pd.Table = newBreakdownTable(d, by, shown, sortKey, asc)
	for i := range pd.Table.Columns { // sorting keeps the smallest-group choice
		pd.Table.Columns[i].Href += "&min=" + strconv.Itoa(minStreams)
	}
	pd.Table.Caption = fmt.Sprintf("%s: %d values with at least %d streams", dimLabel(by), len(kept), minStreams)
	pageHref := func(p int) string {
		v := d.breakdownValues(by, sortKey, asc)
		v.Set("min", strconv.Itoa(minStreams))
		v.Set("page", strconv.Itoa(p))
		return "/dashboard/breakdown?" + v.Encode()
	}
	if pages > 1 {
		pd.Pager = &listPager{Text: fmt.Sprintf("Values %d–%d of %d", (page-1)*breakdownPageSize+1, (page-1)*breakdownPageSize+len(shown), len(kept))}
		if page > 1 {
			pd.Pager.Prev = pageHref(page - 1)
		}
		if page < pages {
			pd.Pager.Next = pageHref(page + 1)
		}
	}
	for _, n := range []int{0, 10, 100} {
		v := d.breakdownValues(by, sortKey, asc)
		v.Set("min", strconv.Itoa(n))
		pd.MinChoices = append(pd.MinChoices, minChoice{n, "/dashboard/breakdown?" + v.Encode(), n == minStreams})
	}
	return s.show(w, r, ss, "breakdown", "dashboard", "Dashboard: "+lowerFirst(dimLabel(by)), pd)
}

// dashboardDownload is GET /dashboard/download?by=…&format=csv|parquet:
// every row of a breakdown as the API exports it, with the file name
// and type it gives.
func (s *Server) dashboardDownload(w http.ResponseWriter, r *http.Request, ss *session) error {
	q := r.URL.Query()
	d := readDashQuery(q)
	by, err := cqd.ParseDimension(q.Get("by"))
	if err != nil || by.Personal() {
		return &pageError{http.StatusBadRequest, "There is no such breakdown to download."}
	}
	format := q.Get("format")
	if format != "csv" && format != "parquet" {
		return &pageError{http.StatusBadRequest, "Downloads come as csv or parquet."}
	}
	v := d.apiValues()
	v.Set("by", string(by))
	v.Set("measures", breakdownMeasures)
	if q.Get("report") == "reliability" {
		v.Set("measures", reliabilityMeasures)
	}
	v.Set("format", format)
	rec, err := s.api.do(r.Context(), apiRequest{method: http.MethodGet, path: "/api/v1/cqd", query: v, token: ss.token})
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
