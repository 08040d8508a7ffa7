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
	// Since and Until (YYYY-MM-DD, UTC, both days included) are a range
	// of dates; when Since is set it is the window, and Days is not.
	Since, Until string
	// Day, when set (YYYY-MM-DD, UTC), narrows the window to that day:
	// the drill-down of a day of the chart over time.
	Day     string
	Filters []string
}

// Windows the dashboard offers, in days.
var dashDays = []int{7, 30, 90}

// barDims are the dimensions the filter bar has a field for, each with
// the values seen in the window to pick from; others are added as
// "more filters".
var barDims = []cqd.Dimension{cqd.MediaType, cqd.ConnectionType, cqd.Building, cqd.NetworkName, cqd.Subnet, cqd.CaptureDevice}

func readDashQuery(q url.Values) dashQuery {
	d := dashQuery{Days: cqd.DefaultDays}
	if n, err := strconv.Atoi(q.Get("days")); err == nil && n >= 1 && n <= cqd.MaxDays {
		d.Days = n
	}
	if day := q.Get("day"); isDate(day) {
		d.Day = day
	}
	if since := q.Get("since"); isDate(since) {
		d.Since = since
		if until := q.Get("until"); isDate(until) && until >= since {
			d.Until = until
		}
	}
	for _, f := range q["filter"] {
		d.setFilter(strings.TrimSpace(f))
	}
	// The filter bar's fields: a field sent empty takes its filter away.
	for _, dim := range barDims {
		name := "f." + string(dim)
		if q.Has(name) {
			d.dropFilter(dim)
			if v := strings.TrimSpace(q.Get(name)); v != "" {
				d.setFilter(string(dim) + "=" + v)
			}
		}
	}
	// A filter picked in the "more filters" fields.
	if dim, val := q.Get("fdim"), strings.TrimSpace(q.Get("fval")); dim != "" {
		d.setFilter(dim + "=" + val)
	}
	return d
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return s != "" && err == nil
}

// setFilter adds f, in place of another filter of its dimension: one
// dimension, one filter (its values are alternatives: a|b).
func (d *dashQuery) setFilter(f string) {
	if f == "" || slices.Contains(d.Filters, f) {
		return
	}
	if dim, _, ok := strings.Cut(f, "="); ok {
		d.dropFilter(cqd.Dimension(dim))
	}
	d.Filters = append(d.Filters, f)
}

func (d *dashQuery) dropFilter(dim cqd.Dimension) {
	d.Filters = slices.DeleteFunc(d.Filters, func(f string) bool {
		name, _, _ := strings.Cut(f, "=")
		return strings.EqualFold(name, string(dim))
	})
}

// filterValue is the value of dim's filter, "" without one.
func (d dashQuery) filterValue(dim cqd.Dimension) string {
	for _, f := range d.Filters {
		if name, v, _ := strings.Cut(f, "="); strings.EqualFold(name, string(dim)) {
			return v
		}
	}
	return ""
}

// values is the selection as the pages' query parameters; extra
// filters are added.
func (d dashQuery) values(extra ...string) url.Values {
	v := url.Values{}
	switch {
	case d.Since != "":
		v.Set("since", d.Since)
		if d.Until != "" {
			v.Set("until", d.Until)
		}
	default:
		v.Set("days", strconv.Itoa(d.Days))
	}
	if d.Day != "" {
		v.Set("day", d.Day)
	}
	for _, f := range append(slices.Clone(d.Filters), extra...) {
		v.Add("filter", f)
	}
	return v
}

// apiValues is the selection as the API takes it (cqd.Params): a day,
// or a range of dates, becomes its since and until.
func (d dashQuery) apiValues() url.Values {
	v := d.values()
	v.Del("day")
	since, until, ok := d.bounds()
	if ok {
		v.Del("days")
		v.Set("since", since.Format(time.RFC3339))
		if !until.IsZero() {
			v.Set("until", until.Format(time.RFC3339))
		} else {
			v.Del("until")
		}
	}
	return v
}

// bounds is the window of a day or a range of dates: since included,
// until excluded (zero: open). ok is false for a window of the last days.
func (d dashQuery) bounds() (since, until time.Time, ok bool) {
	if day, err := time.Parse(time.DateOnly, d.Day); err == nil {
		return day, day.Add(24 * time.Hour), true
	}
	s, err := time.Parse(time.DateOnly, d.Since)
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	if u, err := time.Parse(time.DateOnly, d.Until); err == nil {
		until = u.Add(24 * time.Hour)
	}
	return s, until, true
}

// previous is the same selection over as many whole days just before
// the window that starts at since: what the headline figures are
// compared with.
func (d dashQuery) previous(since time.Time, now time.Time) dashQuery {
	days := d.spanDays(now)
	p := d
	p.Day = ""
	since = since.UTC().Truncate(24 * time.Hour)
	p.Since = since.AddDate(0, 0, -days).Format(time.DateOnly)
	p.Until = since.AddDate(0, 0, -1).Format(time.DateOnly)
	return p
}

// spanDays is how many days the window spans, for words like "the
// previous 30 days".
func (d dashQuery) spanDays(now time.Time) int {
	if s, u, ok := d.bounds(); ok {
		if u.IsZero() {
			u = now
		}
		return max(1, int(u.Sub(s).Round(24*time.Hour)/(24*time.Hour)))
	}
	return d.Days
}

// onDay is the selection narrowed to one day.
func (d dashQuery) onDay(day string) dashQuery {
	d.Day = day
	return d
}

// windowText says the window in words: "the last 30 days", "1 Mar 2026
// to 15 Mar 2026".
func (d dashQuery) windowText() string {
	if d.Day != "" {
		return "on " + d.Day + " (UTC)"
	}
	if d.Since != "" {
		if d.Until == "" {
			return "since " + d.Since + " (UTC)"
		}
		return "from " + d.Since + " to " + d.Until + " (UTC)"
	}
	return "in the last " + strconv.Itoa(d.Days) + " days"
}

// withoutFilter is the selection less one filter.
func (d dashQuery) withoutFilter(f string) dashQuery {
	d.Filters = slices.DeleteFunc(slices.Clone(d.Filters), func(g string) bool { return g == f })
	return d
}

// withDays is the dashboard's address with the filters kept and the
// window of the last days instead.
func (d dashQuery) withDays(days int) string {
	keep := dashQuery{Days: days, Filters: d.Filters}
	return "/dashboard?" + keep.values().Encode()
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
