package web

import (
	"net/url"
	"slices"
	"testing"
	"time"
)

func TestReadDashQuery(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		query   string
		filters []string
		values  string
	}{
		{"", nil, "days=30"},
		{"days=7&filter=building%3DA&filter=platform%3Dwindows", []string{"building=A", "platform=windows"}, "days=7&filter=building%3DA&filter=platform%3Dwindows"},
		// A filter bar field replaces its dimension's filter; sent empty,
		// it takes it away; other filters stay.
		{"filter=building%3DA&filter=platform%3Dwindows&f.building=B", []string{"platform=windows", "building=B"}, ""},
		{"filter=building%3DA&filter=platform%3Dwindows&f.building=", []string{"platform=windows"}, ""},
		// One filter per dimension: the later wins.
		{"filter=building%3DA&fdim=building&fval=C", []string{"building=C"}, ""},
		// A range of dates is the window; an until before since is not.
		{"since=2026-03-01&until=2026-03-15&days=7", nil, "since=2026-03-01&until=2026-03-15"},
		{"since=2026-03-15&until=2026-03-01", nil, "since=2026-03-15"},
		{"since=yesterday", nil, "days=30"},
	} {
		q, _ := url.ParseQuery(c.query)
		d := readDashQuery(q)
		if !slices.Equal(d.Filters, c.filters) {
			t.Errorf("%q: filters %q, want %q", c.query, d.Filters, c.filters)
		}
		if got := d.values().Encode(); c.values != "" && got != c.values {
			t.Errorf("%q: values %q, want %q", c.query, got, c.values)
		}
	}
}

func TestDashPrevious(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 20, 15, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		d            dashQuery
		since        time.Time
		wantSince    string
		wantUntil    string
		wantSpanDays int
	}{
		{dashQuery{Days: 30}, time.Date(2026, 2, 19, 0, 0, 0, 0, time.UTC), "2026-01-20", "2026-02-18", 30},
		{dashQuery{Days: 30, Since: "2026-03-01", Until: "2026-03-07"}, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "2026-02-22", "2026-02-28", 7},
		{dashQuery{Days: 30, Day: "2026-03-10"}, time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), "2026-03-09", "2026-03-09", 1},
	} {
		p := c.d.previous(c.since, now)
		if p.Since != c.wantSince || p.Until != c.wantUntil || p.Day != "" {
			t.Errorf("%+v: previous %s to %s (day %q), want %s to %s", c.d, p.Since, p.Until, p.Day, c.wantSince, c.wantUntil)
		}
		if n := c.d.spanDays(now); n != c.wantSpanDays {
			t.Errorf("%+v: %d days, want %d", c.d, n, c.wantSpanDays)
		}
	}
}

func TestNiceAxis(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ v, top, step float64 }{
		{0, 1, 0.25}, {1, 1, 0.2}, {3.6, 4, 1}, {48.3, 50, 10}, {2450, 2500, 500}, {17000, 20000, 5000},
	} {
		if top, step := niceAxis(c.v); top != c.top || step != c.step || top < c.v {
			t.Errorf("niceAxis(%g) = %g, %g; want %g, %g", c.v, top, step, c.top, c.step)
		}
	}
}

func TestHeadlineWords(t *testing.T) {
	t.Parallel()
	f := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		got, want string
	}{
		{countText(f(286781)), "286,781"},
		{countText(f(999)), "999"},
		{countText(f(-1200)), "-1,200"},
		{countText(nil), "–"},
		{shortCount(2500), "2.5k"},
		{shortCount(1_000_000), "1M"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
	// Failures rising is bad news; volume rising is neither.
	if text, trend, arrow := relChange(f(120), f(100), true, "the previous 7 days"); text != "+20 % against the previous 7 days" || trend != "red" || arrow != "▲" {
		t.Errorf("failures up: %q %q %q", text, trend, arrow)
	}
	if _, trend, _ := relChange(f(80), f(100), false, "p"); trend != "none" {
		t.Errorf("volume down: %q", trend)
	}
	if text, trend, _ := relChange(f(5), f(0), true, "the previous 7 days"); trend != "none" || text != "nothing to compare with in the previous 7 days" {
		t.Errorf("nothing before: %q %q", text, trend)
	}
	if text, trend, _ := pointChange(f(3.6), f(4.0), "p"); text != "-0.4 points against p" || trend != "good" {
		t.Errorf("poor %% down: %q %q", text, trend)
	}
}
