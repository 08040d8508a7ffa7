package telephony

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
)

// Params is a usage query as people write it, on the command line and in
// the API alike.
type Params struct {
	// By is comma-separated dimensions (store.UsageDimensions).
	By string
	// Filters are "dimension=value|value" each.
	Filters []string
	// Since and Until are dates or RFC 3339 times; without Since the
	// window is the Days before Until, or today and the Days-1 before
	// it, as the dashboard's (cqd.WindowStart).
	Since, Until string
	Days         int
	// Order is the measure to rank groups by (Orders), largest first
	// unless Ascending; Top keeps the first groups (0: all).
	Order     string
	Ascending bool
	Top       int
}

// Orders are the measures groups can be ranked by.
var Orders = func() []string {
	var out []string
	for _, o := range store.UsageOrders() {
		out = append(out, string(o))
	}
	return out
}()

// Query turns p into a query of tenant, the window ending now unless
// Until says otherwise. Errors name the parameter, every one of them.
func (p Params) Query(tenant string, now time.Time) (store.UsageQuery, error) {
	q := store.UsageQuery{Tenant: tenant}
	var errs []error
	if p.By != "" {
		for _, name := range strings.Split(p.By, ",") {
			d, err := store.ParseUsageDimension(strings.TrimSpace(name))
			if err != nil {
				errs = append(errs, fmt.Errorf("by: %w", err))
				continue
			}
			q.GroupBy = append(q.GroupBy, d)
		}
	}
	for _, s := range p.Filters {
		f, err := ParseFilter(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("filter: %w", err))
			continue
		}
		q.Filters = append(q.Filters, f)
	}
	if p.Order != "" && !slices.Contains(Orders, p.Order) {
		errs = append(errs, fmt.Errorf("order: %q: want one of %s", p.Order, strings.Join(Orders, ", ")))
	}
	var err error
	if q.Until, err = parseTime("until", p.Until); err != nil {
		errs = append(errs, err)
	}
	if q.Since, err = parseTime("since", p.Since); err != nil {
		errs = append(errs, err)
	}
	switch {
	case p.Days < 0 || p.Days > cqd.MaxDays:
		errs = append(errs, fmt.Errorf("days: %d: want 1 to %d", p.Days, cqd.MaxDays))
	case q.Since.IsZero():
		days := p.Days
		if days == 0 {
			days = cqd.DefaultDays
		}
		q.Since = cqd.WindowStart(q.Until, now, days)
	}
	if p.Top < 0 {
		errs = append(errs, errors.New("top: negative"))
	}
	if err := errors.Join(errs...); err != nil {
		return store.UsageQuery{}, err
	}
	if err := q.Problems(); err != nil {
		return store.UsageQuery{}, err
	}
	return q, nil
}

// ParseFilter reads "dimension=value|value".
func ParseFilter(s string) (store.UsageFilter, error) {
	name, values, ok := strings.Cut(s, "=")
	if !ok {
		return store.UsageFilter{}, fmt.Errorf("filter %q: want dimension=value, several values separated by |", s)
	}
	d, err := store.ParseUsageDimension(strings.TrimSpace(name))
	if err != nil {
		return store.UsageFilter{}, fmt.Errorf("filter %q: %w", s, err)
	}
	f := store.UsageFilter{Dimension: d}
	for _, v := range strings.Split(values, "|") {
		f.Values = append(f.Values, strings.TrimSpace(v))
	}
	return f, nil
}

// FilterText writes a filter as ParseFilter reads it.
func FilterText(f store.UsageFilter) string {
	return string(f.Dimension) + "=" + strings.Join(f.Values, "|")
}

func parseTime(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		return d, nil
	}
	return time.Time{}, fmt.Errorf("%s: %q is not a date (2025-03-14) or an RFC 3339 time (2025-03-14T09:00:00Z)", name, v)
}
