package cqd

import (
	"strings"
	"testing"
	"time"
)

func TestParamsQuery(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 31, 12, 0, 0, 0, time.UTC)
	ok := func(p Params, check func(Query) bool) {
		t.Helper()
		q, err := p.Query("contoso", now)
		if err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
		if !check(q) {
			t.Errorf("%+v: query %+v", p, q)
		}
	}
	bad := func(p Params, want string) {
		t.Helper()
		_, err := p.Query("contoso", now)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%+v: error %v, want one saying %q", p, err, want)
		}
	}
	ok(Params{}, func(q Query) bool {
		// Today and the 29 days before it, from midnight.
		return q.Tenant == "contoso" && q.Since.Equal(time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)) && q.Until.IsZero() && len(q.MeasureList()) == len(DefaultMeasures)
	})
	ok(Params{By: "Building, month", Measures: "poorPct,STREAMS"}, func(q Query) bool {
		return len(q.GroupBy) == 2 && q.GroupBy[0] == Building && q.GroupBy[1] == Month && q.Measures[0] == PoorPct && q.Measures[1] == Streams
	})
	ok(Params{Filters: []string{"building=HQ|", "mediaType=audio"}}, func(q Query) bool {
		return len(q.Filters) == 2 && q.Filters[0].Dimension == Building && len(q.Filters[0].Values) == 2 && q.Filters[0].Values[1] == ""
	})
	ok(Params{Days: 7, Until: "2025-03-10"}, func(q Query) bool {
		return q.Until.Equal(time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)) && q.Since.Equal(time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC))
	})
	ok(Params{Since: "2025-03-01T00:00:00Z", Days: 3}, func(q Query) bool { return q.Since.Equal(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)) })
	// Ordering by a measure asks for it.
	ok(Params{Order: "drops", Top: 5}, func(q Query) bool {
		return q.OrderBy == Drops && containsMeasure(q.MeasureList(), Drops) && q.Limit == 5
	})
	ok(Params{Measures: "streams", Order: "poorPct", Ascending: true}, func(q Query) bool {
		return len(q.Measures) == 2 && q.Measures[1] == PoorPct && q.Ascending
	})
	bad(Params{By: "floor"}, `by: unknown dimension "floor"`)
	bad(Params{By: "building,building"}, "given twice")
	bad(Params{Measures: "mos"}, `measures: unknown measure "mos"`)
	bad(Params{Filters: []string{"building"}}, "want dimension=value")
	bad(Params{Filters: []string{"floor=2"}}, "unknown dimension")
	bad(Params{Order: "loudness"}, "order: unknown measure")
	bad(Params{Since: "yesterday"}, `since: "yesterday" is not a date`)
	bad(Params{Days: -1}, "days")
	bad(Params{Top: -1}, "top: negative")
	bad(Params{By: "day,week,month,hour,mediaType"}, "at most 4")
	bad(Params{Since: "2025-03-10", Until: "2025-03-01"}, "until: must be after since")
}

func TestAdditive(t *testing.T) {
	t.Parallel()
	f := func(m Measure, want bool) {
		t.Helper()
		if got := m.Additive(); got != want {
			t.Errorf("%s.Additive() = %v, want %v", m, got, want)
		}
	}
	f(Streams, true)
	f(PoorPct, true)
	f(AvgJitter, true)
	f(Minutes, true)
	f(P95Jitter, true) // from a histogram's counts
	f(P95Concealed, true)
	f(Calls, false)
	f("mos", false)
}
