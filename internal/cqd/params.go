package cqd

import (
	"errors"
	"fmt"
	"time"
)

// Params is a query as people write it, on the command line (flags) and
// in the API (query parameters) alike, so that both read it one way.
type Params struct {
	// By and Measures are comma-separated names.
	By, Measures string
	// Filters are "dimension=value|value" each.
	Filters []string
	// Since and Until are dates or RFC 3339 times; without Since the
	// window is the Days before Until, or today and the Days-1 before it
	// (WindowStart).
	Since, Until string
	Days         int
	// Order is a measure to sort by, largest first unless Ascending.
	Order     string
	Ascending bool
	// Top keeps the first rows; MinStreams drops smaller groups.
	Top, MinStreams int
}

// Limits of Params.
const (
	DefaultDays = 30
	MaxDays     = 3660
)

// Query turns p into a query of tenant, the window ending now unless
// Until says otherwise. Errors name the parameter.
func (p Params) Query(tenant string, now time.Time) (Query, error) {
	q := Query{Tenant: tenant, Ascending: p.Ascending, Limit: p.Top, MinStreams: p.MinStreams}
	var errs []error
	var err error
	if q.GroupBy, err = ParseDimensions(p.By); err != nil {
		errs = append(errs, fmt.Errorf("by: %w", err))
	}
	if q.Measures, err = ParseMeasures(p.Measures); err != nil {
		errs = append(errs, fmt.Errorf("measures: %w", err))
	}
	for _, s := range p.Filters {
		f, err := ParseFilter(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("filter: %w", err))
			continue
		}
		q.Filters = append(q.Filters, f)
	}
	if p.Order != "" {
		m, err := ParseMeasure(p.Order)
		if err != nil {
			errs = append(errs, fmt.Errorf("order: %w", err))
		}
		q.OrderBy = m
		if len(q.Measures) > 0 && !containsMeasure(q.Measures, m) {
			q.Measures = append(q.Measures, m)
		}
		if len(q.Measures) == 0 && !containsMeasure(DefaultMeasures, m) {
			q.Measures = append(append([]Measure(nil), DefaultMeasures...), m)
		}
	}
	if q.Until, err = ParseTime("until", p.Until); err != nil {
		errs = append(errs, err)
	}
	if q.Since, err = ParseTime("since", p.Since); err != nil {
		errs = append(errs, err)
	}
	switch {
	case p.Days < 0 || p.Days > MaxDays:
		errs = append(errs, fmt.Errorf("days: %d: want 1 to %d", p.Days, MaxDays))
	case q.Since.IsZero():
		days := p.Days
		if days == 0 {
			days = DefaultDays
		}
		q.Since = WindowStart(q.Until, now, days)
	}
	if p.Top < 0 {
		errs = append(errs, errors.New("top: negative"))
	}
	if p.MinStreams < 0 {
		errs = append(errs, errors.New("min streams: negative"))
	}
	if err := errors.Join(errs...); err != nil {
		return Query{}, err
	}
	return q, q.Validate()
}

// WindowStart is where a window of the last days begins: days before
// until when it is given, else today (UTC, as now tells) and the days
// before it, from midnight — whole days, as dashboards count them and
// as the daily rollup can answer.
func WindowStart(until, now time.Time, days int) time.Time {
	if !until.IsZero() {
		return until.Add(-time.Duration(days) * 24 * time.Hour)
	}
	today := now.UTC().Truncate(24 * time.Hour)
	return today.Add(-time.Duration(days-1) * 24 * time.Hour)
}

func containsMeasure(ms []Measure, m Measure) bool {
	for _, x := range ms {
		if x == m {
			return true
		}
	}
	return false
}

// ParseTime reads a date (2025-03-14, midnight UTC) or an RFC 3339 time,
// as the window's flags and parameters take them; "" is the zero time.
func ParseTime(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		if d, derr := time.Parse(time.DateOnly, v); derr == nil {
			return d, nil
		}
		return time.Time{}, fmt.Errorf("%s: %q is not a date (2025-03-14) or an RFC 3339 time (2025-03-14T09:00:00Z)", name, v)
	}
	return t, nil
}
