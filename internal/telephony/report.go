package telephony

import (
	"cmp"
	"context"
	"math"
	"slices"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/store"
)

// Reporter answers the reports from a store.
type Reporter struct {
	Store store.UsageReports
	// Policy masks phone numbers (its digits; default three).
	Policy access.Policy
	// Now ends a window that has no end, for the halves of the Direct
	// Routing health report (default time.Now).
	Now func() time.Time
	// Link, when set, is the address of the usage rows a query selects:
	// each group's drill-down.
	Link func(q store.UsageQuery) string
}

func (r Reporter) now() time.Time {
	if r.Now == nil {
		return time.Now()
	}
	return r.Now()
}

// Ranking is how a report's groups are ordered and cut.
type Ranking struct {
	// Order is one of Orders ("": calls); largest first unless
	// Ascending. Ties go by key.
	Order     string
	Ascending bool
	// Top keeps the first groups (0: all).
	Top int
}

// Usage answers the usage report of q: its rows grouped, numbers
// masked as the policy says (numbers that differ only in masked digits
// are one group), ranked and cut as rank says, with the totals of the
// whole selection.
func (r Reporter) Usage(ctx context.Context, q store.UsageQuery, rank Ranking) (*wire.UsageReport, error) {
	q.MaskDigits = r.Policy.NumberDigits()
	q.OrderBy, q.Ascending, q.Limit = store.UsageOrder(cmp.Or(rank.Order, string(store.UsageOrderCalls))), rank.Ascending, rank.Top
	res, err := r.Store.UsageReport(ctx, q)
	if err != nil {
		return nil, err
	}
	rep := &wire.UsageReport{GroupBy: dimNames(q.GroupBy), Filters: filterTexts(q.Filters), Rows: []wire.UsageReportRow{}, Groups: res.Total}
	setWindow(&rep.Since, &rep.Until, q)
	rep.Totals = Measures(res.Totals)
	if len(q.GroupBy) == 0 {
		return rep, nil
	}
	for _, g := range res.Groups {
		row := wire.UsageReportRow{Key: map[string]*string{}, UsageMeasures: Measures(g.UsageTotals)}
		for i, d := range q.GroupBy {
			row.Key[string(d)] = g.Key[i]
		}
		if slices.Contains(q.GroupBy, store.UsageDimUser) {
			row.User = &wire.UsageUser{DisplayName: nonEmpty(g.UserName), UserPrincipalName: nonEmpty(g.UserPrincipalName)}
		}
		row.Rows = r.link(q, q.GroupBy, g.Key)
		rep.Rows = append(rep.Rows, row)
	}
	return rep, nil
}

// link is the drill-down of a group: q narrowed to the group's key.
func (r Reporter) link(q store.UsageQuery, dims []store.UsageDimension, key []*string) string {
	if r.Link == nil {
		return ""
	}
	return r.Link(Narrow(q, dims, key))
}

// Narrow is q without grouping, narrowed to the rows of one key of
// dims: the drill-down of a group. An unknown value selects the rows
// that have none; a masked number, every number it may be.
func Narrow(q store.UsageQuery, dims []store.UsageDimension, key []*string) store.UsageQuery {
	n := q
	n.GroupBy, n.OrderBy, n.Ascending, n.Limit, n.MaskDigits = nil, "", false, 0, 0
	n.Filters = slices.Clone(q.Filters)
	for i, d := range dims {
		v := ""
		if key[i] != nil {
			v = *key[i]
		}
		n.Filters = append(n.Filters, store.UsageFilter{Dimension: d, Values: []string{v}})
	}
	return n
}

// Measures are totals as the wire carries them: rates and averages
// worked out, charges to the millionth.
func Measures(t store.UsageTotals) wire.UsageMeasures {
	m := wire.UsageMeasures{Calls: t.Calls, Attempts: t.Attempts, Successful: t.Successful,
		Minutes: round(t.Minutes(), 1e4), Charges: []wire.UsageCharge{}}
	m.SuccessRate = some(t.SuccessRate())
	m.NER = some(t.NER())
	m.AverageSeconds = some(t.AverageSeconds())
	for _, c := range t.Charges {
		m.Charges = append(m.Charges, wire.UsageCharge{Currency: c.Currency, Charge: round(c.Charge, 1e6), ConnectionCharge: round(c.ConnectionCharge, 1e6)})
	}
	return m
}

// some rounds a figure that may be missing to four decimals, the
// precision a rate in percent or a duration in seconds is worth.
func some(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	v = round(v, 1e4)
	return &v
}

// round drops the noise of adding floats (0.1 + 0.2).
func round(v, scale float64) float64 { return math.Round(v*scale) / scale }

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func dimNames(ds []store.UsageDimension) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d)
	}
	return out
}

func filterTexts(fs []store.UsageFilter) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = FilterText(f)
	}
	return out
}

func setWindow(since, until **time.Time, q store.UsageQuery) {
	if !q.Since.IsZero() {
		s := q.Since
		*since = &s
	}
	if !q.Until.IsZero() {
		u := q.Until
		*until = &u
	}
}

// Value is a key's value for people: "unknown" for nil.
func Value(v *string) string {
	if v == nil {
		return "unknown"
	}
	return *v
}
