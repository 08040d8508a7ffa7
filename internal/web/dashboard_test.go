package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/access"
)

// TestDashboardHeadline: the window's headline figures, each against the
// previous window, and the trend drawn for both widths in the page.
func TestDashboardHeadline(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	p := v.get("/dashboard?days=7")
	if p.status != http.StatusOK {
		t.Fatalf("dashboard: %d", p.status)
	}
	for _, label := range []string{"Streams", "Calls and meetings", "Poor streams", "Setup failures", "Dropped"} {
		if !strings.Contains(p.body, `<span class="tlabel">`+label+`</span>`) {
			t.Errorf("no %q tile", label)
		}
	}
	if n := strings.Count(p.body, "against the previous 7 days"); n < 3 {
		t.Errorf("%d tiles compared with the previous 7 days, want the figures of a demo's busy week compared", n)
	}
	if n := strings.Count(p.body, `<svg class="trend`); n != 2 {
		t.Errorf("%d trend drawings, want a wide and a narrow one", n)
	}
	// Every day of the window has its bar, leading to its poor calls.
	if days := regexp.MustCompile(`<a href="/poor-calls\?day=\d{4}-\d\d-\d\d&amp;days=7`).FindAllString(p.body, -1); len(days) < 2*7 {
		t.Errorf("%d day links in the trend and its table, want 14 or more", len(days))
	}
	// No chart is a picture fetched apart: the page is one answer.
	if strings.Contains(p.body, "<img") {
		t.Error("the dashboard still loads pictures")
	}
}

// TestDashboardEmptySaysWhy: a filter whose value the window does not
// have is named, with the values it does have.
func TestDashboardEmptySaysWhy(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	p := v.get("/dashboard?f.building=" + url.QueryEscape("NO-SUCH-BUILDING"))
	if p.status != http.StatusOK || !strings.Contains(p.body, `has Building = &#34;NO-SUCH-BUILDING&#34;`) || !strings.Contains(p.body, "Values it has with the other filters: ") {
		t.Errorf("an unknown building: %d, no reason given", p.status)
	}
	// In another case, a value is the same value.
	lower, upper := v.get("/dashboard?f.connectionType=wifi"), v.get("/dashboard?f.connectionType=WIFI")
	tile := regexp.MustCompile(`<span class="tvalue">([\d,]+)</span>`)
	a, b := tile.FindStringSubmatch(lower.body), tile.FindStringSubmatch(upper.body)
	if a == nil || b == nil || a[1] != b[1] || a[1] == "0" {
		t.Errorf("streams on wifi %v, on WIFI %v: want the same, not none", a, b)
	}
}

// TestBreakdownSorted: the breakdown page sorts by any column, either
// way, and pages through the values.
func TestBreakdownSorted(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	cell := regexp.MustCompile(`<td class="num">([\d.]+)</td><td class="num">`)
	name := regexp.MustCompile(`<th scope="row" class="name">([^<]+)</th>`)
	for _, c := range []struct {
		query string
		check func(nums []float64, names []string) bool
	}{
		{"sort=streams", func(n []float64, _ []string) bool { return slices.IsSorted(reversed(n)) }},
		{"sort=streams&asc=1", func(n []float64, _ []string) bool { return slices.IsSorted(n) }},
		{"sort=value&asc=1", func(_ []float64, s []string) bool {
			return slices.IsSortedFunc(s, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
		}},
	} {
		p := v.get("/dashboard/breakdown?by=subnet&min=0&" + c.query)
		if p.status != http.StatusOK {
			t.Fatalf("%s: %d", c.query, p.status)
		}
		var nums []float64
		for _, m := range cell.FindAllStringSubmatch(p.body, -1) {
			f, _ := strconv.ParseFloat(m[1], 64)
			nums = append(nums, f)
		}
		var names []string
		for _, m := range name.FindAllStringSubmatch(p.body, -1) {
			names = append(names, m[1])
		}
		if len(nums) < 5 || !c.check(nums, names) {
			t.Errorf("%s: not sorted: %v %q", c.query, nums, names)
		}
		if !strings.Contains(p.body, `aria-sort=`) {
			t.Errorf("%s: no column says it sorts", c.query)
		}
	}
	// Fifty to a page, the next page going on where the first stopped.
	first := v.get("/dashboard/breakdown?by=bssid")
	if first.status != http.StatusForbidden {
		t.Errorf("a breakdown by access point: %d, want 403", first.status)
	}
	all := v.get("/dashboard/breakdown?by=captureDevice&min=0&sort=value&asc=1")
	if n := len(name.FindAllString(all.body, -1)); n > 50 {
		t.Errorf("%d values on one page, want at most 50", n)
	}
}

func reversed(s []float64) []float64 {
	r := slices.Clone(s)
	slices.Reverse(r)
	return r
}

// TestDashboardDownload: every breakdown downloads whole, as CSV and as
// Parquet, named as a file.
func TestDashboardDownload(t *testing.T) {
	t.Parallel()
	d := demoServer(t)
	v := newVisitor(t, d)
	v.signIn(d.tokens[access.Engineer])
	dash := v.get("/dashboard")
	links := regexp.MustCompile(`href="(/dashboard/download\?[^"]+)"`).FindAllStringSubmatch(dash.body, -1)
	if len(links) < 12 {
		t.Fatalf("%d download links, want CSV and Parquet for the trend and each of five breakdowns", len(links))
	}
	for _, l := range links {
		target := strings.ReplaceAll(l[1], "&amp;", "&")
		p := v.get(target)
		if p.status != http.StatusOK || !strings.Contains(p.header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("%s: %d %q", target, p.status, p.header.Get("Content-Disposition"))
		}
		switch {
		case strings.Contains(target, "format=csv"):
			if !strings.Contains(strings.SplitN(p.body, "\n", 2)[0], "streams") {
				t.Errorf("%s: CSV without a header of measures: %.80q", target, p.body)
			}
		case !strings.HasPrefix(p.body, "PAR1"):
			t.Errorf("%s: not a Parquet file", target)
		}
	}
}
