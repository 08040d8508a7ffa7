package report

import (
	"context"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/cqd"
)

// recorder answers every query with one row of fixed measures and keeps
// the queries it was asked: what the report asks is what is tested.
type recorder struct {
	mu      sync.Mutex
	queries []cqd.Query
}

func (r *recorder) Aggregate(_ context.Context, q cqd.Query) (*cqd.Result, error) {
	r.mu.Lock()
	r.queries = append(r.queries, q)
	r.mu.Unlock()
	v := func(x float64) *float64 { return &x }
	row := cqd.Row{Values: make([]*float64, len(q.MeasureList()))}
	for i := range row.Values {
		row.Values[i] = v(float64(i + 1))
	}
	for range q.GroupBy {
		row.Key = append(row.Key, nil)
	}
	return &cqd.Result{GroupBy: q.GroupBy, Measures: q.MeasureList(), Rows: []cqd.Row{row}}, nil
}

func TestReliabilityWindows(t *testing.T) {
	t.Parallel()
	midnight := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	now := midnight.Add(-14 * time.Hour) // 10:00 on the 9th
	for _, c := range []struct {
		name                string
		since, until        time.Time
		wantPrev, wantUntil time.Time
		wholeDaysForRollups bool
	}{
		// The last 7 days: today and 6 before, to the end of today; the
		// week before is 7 whole days, so both read the daily rollups.
		{"last days", midnight.Add(-7 * 24 * time.Hour), time.Time{}, midnight.Add(-14 * 24 * time.Hour), now, true},
		{"a range", midnight.Add(-4 * 24 * time.Hour), midnight.Add(-2 * 24 * time.Hour), midnight.Add(-6 * 24 * time.Hour), midnight.Add(-2 * 24 * time.Hour), true},
		// From an hour to now: as long again before it.
		{"from an hour", now.Add(-3 * time.Hour), time.Time{}, now.Add(-6 * time.Hour), now, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{}
			q := cqd.Query{Tenant: "t", Since: c.since, Until: c.until,
				Filters: []cqd.Filter{{Dimension: cqd.Building, Values: []string{"SEA-B1"}}}}
			rep, err := ReliabilityOf(context.Background(), rec, q, now, 3, 10)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.PreviousSince.Equal(c.wantPrev) || !rep.Until.Equal(c.wantUntil) {
				t.Errorf("previous from %v, until %v; want %v, %v", rep.PreviousSince, rep.Until, c.wantPrev, c.wantUntil)
			}
			// Every query keeps the selection's filters; the previous
			// window's ends where this one starts.
			sawPrev := false
			for _, asked := range rec.queries {
				if !slices.ContainsFunc(asked.Filters, func(f cqd.Filter) bool { return f.Dimension == cqd.Building }) {
					t.Errorf("a query lost the filter: %+v", asked)
				}
				if asked.Since.Equal(c.wantPrev) && asked.Until.Equal(c.since) {
					sawPrev = true
				}
				whole := asked.Since.Equal(asked.Since.Truncate(24*time.Hour)) && asked.Until.Equal(asked.Until.Truncate(24*time.Hour))
				if c.wholeDaysForRollups && !whole {
					t.Errorf("a query of part of a day, which the rollups cannot answer: %v to %v", asked.Since, asked.Until)
				}
			}
			if !sawPrev {
				t.Error("the previous window was not asked")
			}
			if len(rep.Breakdowns) != len(ReliabilityBreakdowns) || rep.Breakdowns[0].By != ReliabilityBreakdowns[0] {
				t.Errorf("breakdowns %+v", rep.Breakdowns)
			}
		})
	}
}

func TestFailedCallsLink(t *testing.T) {
	t.Parallel()
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	q := cqd.Query{Since: since, Filters: []cqd.Filter{
		{Dimension: cqd.Building, Values: []string{"SEA-B1", ""}},
		{Dimension: cqd.FailureStage, Values: FailedStages}, // the reasons' own: left out
	}}
	link := FailedCallsLink(q, cqd.Filter{Dimension: cqd.FailureReason, Values: []string{"410/3100, UnexpectedClientError"}})
	u, err := url.Parse(link)
	if err != nil || u.Path != "/api/v1/failed-calls" {
		t.Fatalf("link %q: %v", link, err)
	}
	got := u.Query()
	want := []string{"building=SEA-B1|", "failureReason=410/3100, UnexpectedClientError"}
	if !slices.Equal(got["filter"], want) || got.Get("since") != "2026-03-01T00:00:00Z" || got.Has("until") {
		t.Errorf("link's query %v, want filters %q since the window's start", got, want)
	}
}
