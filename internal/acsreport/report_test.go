package acsreport

import (
	"testing"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
)

func TestSelectionOf(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 14, 15, 4, 5, 0, time.UTC)
	f := func(p cqd.Params, wantSince, wantUntil time.Time, wantFilters int) {
		t.Helper()
		sel, err := SelectionOf(p, "contoso", now)
		if err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
		q := sel.Query
		if q.Tenant != "contoso" || !q.Since.Equal(wantSince) || !q.Until.Equal(wantUntil) || len(q.Filters) != wantFilters || len(sel.Filters) != wantFilters {
			t.Errorf("%+v: %+v, want %v – %v and %d filters", p, sel, wantSince, wantUntil, wantFilters)
		}
		if _, daily := store.ACSRollupCalls(q); !daily && len(q.Filters) == 0 {
			t.Errorf("%+v: a window of whole days is not answered from the daily sums", p)
		}
	}
	today := time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)
	f(cqd.Params{}, today.AddDate(0, 0, -(DefaultDays-1)), time.Time{}, 0)
	f(cqd.Params{Days: 7}, today.AddDate(0, 0, -6), time.Time{}, 0)
	f(cqd.Params{Since: "2025-03-01", Until: "2025-03-08"}, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 8, 0, 0, 0, 0, time.UTC), 0)
	f(cqd.Params{Filters: []string{"sdkVersion=1.28.4|", "interop=true"}, By: "ignored"}, today.AddDate(0, 0, -(DefaultDays-1)), time.Time{}, 2)
	for _, bad := range []cqd.Params{{Filters: []string{"floor=1"}}, {Filters: []string{"os"}}, {Since: "yesterday"}, {Days: -1}} {
		if _, err := SelectionOf(bad, "contoso", now); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

func TestWithheldAndExplained(t *testing.T) {
	t.Parallel()
	s := func(v string) *string { return &v }
	for _, c := range []struct {
		in       *string
		withheld bool
	}{{s("Redacted"), true}, {s(" redacted "), true}, {s("1.31.2"), false}, {nil, false}} {
		v, w := Withheld(c.in)
		if w != c.withheld || (w && v != nil) || (!w && v != c.in) {
			t.Errorf("Withheld(%v) = %v, %v", c.in, v, w)
		}
	}
	for _, c := range []struct {
		code, sub *string
		how       string
	}{{s("410"), s("3100"), "code and subcode"}, {s("0"), s("3101"), "subcode"}, {s("503"), nil, "code"}, {s("0"), nil, ""}, {nil, nil, ""}} {
		meaning, how := ExplainEnd(c.code, c.sub)
		if how != c.how || (how != "") != (meaning != "") {
			t.Errorf("ExplainEnd(%v, %v) = %q, %q; want how %q", c.code, c.sub, meaning, how, c.how)
		}
	}
}
