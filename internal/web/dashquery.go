package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/cqd"
)

// dashQuery is the dashboard's selection as the page's address carries
// it: the window and the filters, in the API's own syntax
// (cqd.ParseFilter: "dimension=value|value").
type dashQuery struct {
	Days int
	// Day, when set (YYYY-MM-DD, UTC), narrows the window to that day:
	// the drill-down of a day of the chart over time.
	Day     string
	Filters []string
	// By is the extra breakdown the user picked, "" for none.
	By cqd.Dimension
}

// Windows the dashboard offers, in days.
var dashDays = []int{7, 30, 90}

func readDashQuery(q url.Values) dashQuery {
	d := dashQuery{Days: cqd.DefaultDays}
	if n, err := strconv.Atoi(q.Get("days")); err == nil && n >= 1 && n <= cqd.MaxDays {
		d.Days = n
	}
	if day := q.Get("day"); day != "" {
		if _, err := time.Parse(time.DateOnly, day); err == nil {
			d.Day = day
		}
	}
	for _, f := range q["filter"] {
		if f = strings.TrimSpace(f); f != "" && !slices.Contains(d.Filters, f) {
			d.Filters = append(d.Filters, f)
		}
	}
	// A filter picked in the form's two fields.
	if dim, val := q.Get("fdim"), strings.TrimSpace(q.Get("fval")); dim != "" {
		if f := dim + "=" + val; !slices.Contains(d.Filters, f) {
			d.Filters = append(d.Filters, f)
		}
	}
	if by, err := cqd.ParseDimension(q.Get("by")); err == nil {
		d.By = by
	}
	return d
}

// values is the selection as the pages' query parameters; extra
// filters are added.
func (d dashQuery) values(extra ...string) url.Values {
	v := url.Values{"days": {strconv.Itoa(d.Days)}}
	if d.Day != "" {
		v.Set("day", d.Day)
	}
	for _, f := range append(slices.Clone(d.Filters), extra...) {
		v.Add("filter", f)
	}
	return v
}

// apiValues is the selection as the API takes it (cqd.Params): a day
// becomes its since and until.
func (d dashQuery) apiValues() url.Values {
	v := d.values()
	if day, err := time.Parse(time.DateOnly, d.Day); err == nil {
		v.Del("day")
		v.Del("days")
		v.Set("since", day.Format(time.RFC3339))
		v.Set("until", day.Add(24*time.Hour).Format(time.RFC3339))
	}
	return v
}

// onDay is the selection narrowed to one day.
func (d dashQuery) onDay(day string) dashQuery {
	d.Day = day
	return d
}

// without is the dashboard's address without one filter.
func (d dashQuery) without(f string) string {
	keep := dashQuery{Days: d.Days, By: d.By}
	for _, g := range d.Filters {
		if g != f {
			keep.Filters = append(keep.Filters, g)
		}
	}
	v := keep.values()
	if keep.By != "" {
		v.Set("by", string(keep.By))
	}
	return "/dashboard?" + v.Encode()
}

// filterDims are the dimensions offered to filter and break down by:
// the vocabulary's, less time buckets (the window does that) and
// personal ones (the dashboard is not where people are found).
func filterDims() []cqd.Dimension {
	var out []cqd.Dimension
	for _, d := range cqd.Dimensions() {
		if !d.Time() && !d.Personal() {
			out = append(out, d)
		}
	}
	return out
}
