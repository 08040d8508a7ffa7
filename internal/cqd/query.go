package cqd

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Query asks for measures over one tenant's streams, grouped by
// dimensions. The zero Query (with a tenant) is every stream in one
// group with the default measures.
type Query struct {
	// Tenant is required: no query spans tenants.
	Tenant string
	// GroupBy are the dimensions of a row's key, at most MaxGroupBy.
	GroupBy []Dimension
	// Measures are computed per row (DefaultMeasures when empty).
	Measures []Measure
	// Filters keep streams matching every filter.
	Filters []Filter
	// Since and Until bound the call's start: [Since, Until); zero
	// leaves that end open.
	Since, Until time.Time
	// OrderBy sorts rows by a measure of the query, largest first
	// (Ascending for smallest first); without it rows are in key order.
	OrderBy   Measure
	Ascending bool
	// Limit keeps the first rows (top N); 0 keeps all.
	Limit int
	// MinStreams drops groups of fewer streams: a poor percentage of
	// three streams says little.
	MinStreams int
}

// Filter keeps streams whose dimension has one of the values; a value
// "" matches streams where the dimension is unknown. An end dimension
// matches when either client end has the value.
type Filter struct {
	Dimension Dimension
	Values    []string
}

// MaxGroupBy bounds the dimensions of one query.
const MaxGroupBy = 4

// Validate reports what makes q unusable, naming the field.
func (q Query) Validate() error {
	var errs []error
	if strings.TrimSpace(q.Tenant) == "" {
		errs = append(errs, errors.New("tenant: required"))
	}
	if len(q.GroupBy) > MaxGroupBy {
		errs = append(errs, fmt.Errorf("group by: %d dimensions, at most %d", len(q.GroupBy), MaxGroupBy))
	}
	for i, d := range q.GroupBy {
		if !d.Valid() {
			errs = append(errs, fmt.Errorf("group by: unknown dimension %q", d))
		} else if slices.Contains(q.GroupBy[:i], d) {
			errs = append(errs, fmt.Errorf("group by: %s given twice", d))
		}
	}
	for i, m := range q.Measures {
		if !m.Valid() {
			errs = append(errs, fmt.Errorf("measures: unknown measure %q", m))
		} else if slices.Contains(q.Measures[:i], m) {
			errs = append(errs, fmt.Errorf("measures: %s given twice", m))
		}
	}
	for _, f := range q.Filters {
		if !f.Dimension.Valid() {
			errs = append(errs, fmt.Errorf("filter: unknown dimension %q", f.Dimension))
		}
		if len(f.Values) == 0 {
			errs = append(errs, fmt.Errorf("filter %s: no values", f.Dimension))
		}
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Until.After(q.Since) {
		errs = append(errs, errors.New("until: must be after since"))
	}
	if q.OrderBy != "" && !slices.Contains(q.MeasureList(), q.OrderBy) {
		errs = append(errs, fmt.Errorf("order by: %s is not among the query's measures", q.OrderBy))
	}
	if q.Limit < 0 {
		errs = append(errs, errors.New("limit: negative"))
	}
	if q.MinStreams < 0 {
		errs = append(errs, errors.New("min streams: negative"))
	}
	return errors.Join(errs...)
}

// MeasureList is the measures the query computes: its own, or the
// defaults.
func (q Query) MeasureList() []Measure {
	if len(q.Measures) == 0 {
		return slices.Clone(DefaultMeasures)
	}
	return q.Measures
}

// Personal reports whether the query groups or filters by personal data.
func (q Query) Personal() bool {
	for _, d := range q.GroupBy {
		if d.Personal() {
			return true
		}
	}
	for _, f := range q.Filters {
		if f.Dimension.Personal() {
			return true
		}
	}
	return false
}

// ParseFilter reads "dimension=value|value…", as the API and the command
// line take filters; a value may be empty ("building=" finds ends with
// no building).
func ParseFilter(s string) (Filter, error) {
	name, values, ok := strings.Cut(s, "=")
	if !ok {
		return Filter{}, fmt.Errorf("filter %q: want dimension=value, several values separated by |", s)
	}
	d, err := ParseDimension(name)
	if err != nil {
		return Filter{}, fmt.Errorf("filter %q: %w", s, err)
	}
	f := Filter{Dimension: d}
	for _, v := range strings.Split(values, "|") {
		f.Values = append(f.Values, strings.TrimSpace(v))
	}
	return f, nil
}

// String is the filter as ParseFilter reads it. A value holding "|"
// cannot be written so; no value of the vocabulary does.
func (f Filter) String() string { return string(f.Dimension) + "=" + strings.Join(f.Values, "|") }

// Result is the answer to a query: one row per group.
type Result struct {
	GroupBy  []Dimension
	Measures []Measure
	Rows     []Row
}

// Row is one group: its key, one value per GroupBy dimension (nil where
// the dimension is unknown: no building, no subnet), and one value per
// measure (nil where there is nothing to average).
type Row struct {
	Key    []*string
	Values []*float64
}

// Value returns the row's value of m in r, and whether r has it.
func (r *Result) Value(row Row, m Measure) (float64, bool) {
	i := slices.Index(r.Measures, m)
	if i < 0 || i >= len(row.Values) || row.Values[i] == nil {
		return 0, false
	}
	return *row.Values[i], true
}

// Records are the rows as flat objects, for JSON: one member per
// dimension (nil where unknown) and one per measure (nil where there is
// nothing to average). Dimension and measure names never collide.
func (r *Result) Records() []map[string]any {
	out := make([]map[string]any, 0, len(r.Rows))
	for _, row := range r.Rows {
		m := make(map[string]any, len(row.Key)+len(row.Values))
		for i, d := range r.GroupBy {
			m[string(d)] = row.Key[i]
		}
		for i, ms := range r.Measures {
			m[string(ms)] = row.Values[i]
		}
		out = append(out, m)
	}
	return out
}
