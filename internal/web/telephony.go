package web

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/telephony"
)

// The telephony pages show the PSTN and Direct Routing reports of the
// API (package telephony): usage by user, number, country and call type,
// and each SBC's health as the Teams admin center's Direct Routing
// health dashboard shows it. Every group leads to its usage rows, and a
// row to its call when that is stored. The selection is the dashboard's
// window with filters of the usage dimensions.

// telTop is how many groups a section shows; its download has them all.
const telTop = 10

// telSections are the usage page's breakdowns.
var telSections = []struct {
	dim   store.UsageDimension
	title string
}{
	{store.UsageDimUser, "By user"},
	{store.UsageDimNumber, "By number"},
	{store.UsageDimCountry, "By country"},
	{store.UsageDimCallType, "By call type"},
}

// telTab is one of the telephony pages.
type telTab struct {
	Label, Href string
	Current     bool
}

// telRow is one group of a table.
type telRow struct {
	// Value is what the group is; Sub says more (a user's UPN).
	Value, Sub string
	Known      bool
	// Filter narrows the page to the group; Rows lists its usage rows.
	Filter, Rows string
	wire.UsageMeasures
	Charges, Average string
	// Bar is the group's calls against the table's most, in percent.
	Bar float64
}

type telSection struct {
	ID, Title, Label string
	Rows             []telRow
	// Groups counts every group; CSV downloads them.
	Groups int
	CSV    string
}

// telTrend is a chart over the window with the download of its days.
type telTrend struct {
	Wide, Narrow template.HTML
	CSV          string
}

type telUsageData struct {
	Q        dashQuery
	Window   string
	Days     []windowChoice
	Tabs     []telTab
	Filters  []filterChip
	Tiles    []tile
	Trend    *telTrend
	Sections []telSection
	// AllRows lists every usage row of the selection.
	AllRows string
	Empty   string
}

// telephonyPage is GET /telephony: the PSTN and direct-routing usage of
// the window and filters: calls, minutes, success and charges against
// the window before, calls per day, and the busiest users, numbers,
// countries and call types.
func (s *Server) telephonyPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	d := readTelQuery(r.URL.Query())
	pd := telUsageData{Q: d, Window: d.windowText(), Tabs: telTabs(d, "/telephony"), Filters: telChips(d, "/telephony"),
		AllRows: "/telephony/rows?" + d.values().Encode()}
	pd.Days = telWindows(d, "/telephony")
	asks := []url.Values{{"by": {string(store.UsageDimDay)}, "top": {"100000"}}}
	for _, sec := range telSections {
		asks = append(asks, url.Values{"by": {string(sec.dim)}, "top": {strconv.Itoa(telTop)}})
	}
	answers := make([]wire.UsageReport, len(asks))
	var prev wire.UsageReport
	g, ctx := errgroup.WithContext(r.Context())
	g.SetLimit(4)
	for i, extra := range asks {
		g.Go(func() error {
			v := d.apiValues()
			for k, x := range extra {
				v[k] = x
			}
			if err := s.api.getJSON(ctx, ss.token, "/api/v1/reports/pstn", v, &answers[i]); err != nil || i > 0 || answers[0].Since == nil {
				return err
			}
			// The window before, as the API placed this one.
			return s.api.getJSON(ctx, ss.token, "/api/v1/reports/pstn", d.previous(*answers[0].Since, s.cfg.Now()).apiValues(), &prev)
		})
	}
	err := g.Wait()
	if ae, ok := asAPIError(err); ok && ae.Status == http.StatusBadRequest {
		pd.Empty = "The selection cannot be read: " + ae.Message
		return s.show(w, r, ss, "telephony", "telephony", "Telephony", pd)
	}
	if err != nil {
		return err
	}
	cur := answers[0]
	pd.Tiles = telUsageTiles(cur.Totals, prev.Totals, d.spanDays(s.cfg.Now()))
	pd.Trend = &telTrend{CSV: d.telDownload("pstn", url.Values{"by": {"day"}})}
	pts := telDayPoints(cur.Rows, d, cur.Since, cur.Until)
	label := "Calls (bars, right axis) and the share of direct-routing attempts established (line, left axis) per day, " + d.windowText()
	words := telWords{volume: "calls", rate: "established"}
	pd.Trend.Wide, pd.Trend.Narrow = drawTelTrend(pts, wideTrend, words, label, "wide-only"), drawTelTrend(pts, narrowTrend, words, label, "narrow-only-block")
	for i, sec := range telSections {
		a := answers[1+i]
		pd.Sections = append(pd.Sections, telSection{ID: "tel-" + string(sec.dim), Title: sec.title, Label: telLabel(sec.dim),
			Rows: telRows(a.Rows, sec.dim, d, "/telephony"), Groups: a.Groups, CSV: d.telDownload("pstn", url.Values{"by": {string(sec.dim)}})})
	}
	if cur.Totals.Calls == 0 {
		pd.Empty = "No PSTN or direct-routing calls " + d.windowText() + ". Collect or ingest the usage logs (getPstnCalls, getDirectRoutingCalls) for it."
		if len(d.Filters) > 0 {
			pd.Empty = "No PSTN or direct-routing calls " + d.windowText() + " match these filters; remove one to see more."
		}
	}
	return s.show(w, r, ss, "telephony", "telephony", "Telephony", pd)
}

// readTelQuery reads the window as the dashboard does, and filters of
// the usage dimensions, one per dimension.
func readTelQuery(q url.Values) dashQuery {
	d := readDashQuery(url.Values{"days": q["days"], "since": q["since"], "until": q["until"], "day": q["day"]})
	for _, f := range q["filter"] {
		if flt, err := telephony.ParseFilter(strings.TrimSpace(f)); err == nil {
			d.setFilter(telephony.FilterText(flt))
		}
	}
	return d
}

func telWindows(d dashQuery, path string) []windowChoice {
	var out []windowChoice
	for _, n := range dashDays {
		keep := dashQuery{Days: n, Filters: d.Filters}
		out = append(out, windowChoice{n, path + "?" + keep.values().Encode(), d.Since == "" && d.Day == "" && d.Days == n})
	}
	return out
}

func telTabs(d dashQuery, current string) []telTab {
	v := "?" + d.values().Encode()
	return []telTab{
		{Label: "PSTN usage", Href: "/telephony" + v, Current: current == "/telephony"},
		{Label: "Direct Routing health", Href: "/telephony/direct-routing" + v, Current: current == "/telephony/direct-routing"},
	}
}

func telChips(d dashQuery, path string) []filterChip {
	var out []filterChip
	for _, f := range d.Filters {
		out = append(out, filterChip{Filter: telFilterText(f), Remove: path + "?" + d.withoutFilter(f).values().Encode()})
	}
	return out
}

// telDownload downloads a table of a report as CSV.
func (d dashQuery) telDownload(report string, extra url.Values) string {
	v := d.values()
	v.Set("report", report)
	for k, x := range extra {
		v[k] = x
	}
	return "/telephony/download?" + v.Encode()
}

// telLabel names a dimension for people.
func telLabel(dim store.UsageDimension) string {
	switch dim {
	case store.UsageDimTrunk:
		return "SBC"
	case store.UsageDimSIPCode:
		return "SIP code"
	case store.UsageDimSubReason:
		return "Microsoft subcode"
	case store.UsageDimSIPPhrase:
		return "SIP phrase"
	case store.UsageDimSuccess:
		return "Established"
	case store.UsageDimKind:
		return "Service"
	}
	return humanize(string(dim))
}

// telValue is a value of a dimension as people read it.
func telValue(dim store.UsageDimension, v string) string {
	switch {
	case dim == store.UsageDimKind && v == "pstn":
		return "Calling Plan / Operator Connect"
	case dim == store.UsageDimKind && v == "directRouting":
		return "Direct Routing"
	case dim == store.UsageDimSuccess && v == "true":
		return "yes"
	case dim == store.UsageDimSuccess && v == "false":
		return "no"
	}
	return v
}

// telFilterText is a filter as its chip says it.
func telFilterText(f string) string {
	flt, err := telephony.ParseFilter(f)
	if err != nil {
		return f
	}
	vals := make([]string, len(flt.Values))
	for i, v := range flt.Values {
		vals[i] = telValue(flt.Dimension, v)
		if v == "" {
			vals[i] = "unknown"
		}
	}
	return telLabel(flt.Dimension) + ": " + strings.Join(vals, " or ")
}

// telRows are a report's groups of one dimension, with their bars and
// links: to the page narrowed to the group, and to its rows.
func telRows(rows []wire.UsageReportRow, dim store.UsageDimension, d dashQuery, page string) []telRow {
	out := make([]telRow, 0, len(rows))
	top := int64(0)
	for _, r := range rows {
		top = max(top, r.Calls)
	}
	for _, r := range rows {
		v := r.Key[string(dim)]
		row := telRow{Known: v != nil, UsageMeasures: r.UsageMeasures, Charges: telCharges(r.Charges), Average: telDuration(r.AverageSeconds)}
		value := ""
		if v != nil {
			value = *v
			row.Value = telValue(dim, value)
		}
		if r.User != nil {
			if r.User.DisplayName != nil {
				row.Value = *r.User.DisplayName
			}
			if r.User.UserPrincipalName != nil {
				row.Sub = *r.User.UserPrincipalName
			}
		}
		f := string(dim) + "=" + value
		narrowed := d
		narrowed.setFilter(f)
		row.Filter = page + "?" + narrowed.values().Encode()
		row.Rows = "/telephony/rows?" + narrowed.values().Encode()
		if top > 0 {
			row.Bar = float64(r.Calls) / float64(top) * 100
		}
		out = append(out, row)
	}
	return out
}

// telDayPoints are a report by day as a trend's points, every day of
// the window the API answered for present (a day without calls is a gap
// in the line, not a missing bar), each leading to its rows.
func telDayPoints(rows []wire.UsageReportRow, d dashQuery, since, until *time.Time) []telPoint {
	byDay := map[string]wire.UsageReportRow{}
	last := time.Time{}
	for _, r := range rows {
		if day := r.Key[string(store.UsageDimDay)]; day != nil {
			byDay[*day] = r
			if t, err := time.Parse(time.DateOnly, *day); err == nil && t.After(last) {
				last = t
			}
		}
	}
	if since == nil {
		return nil
	}
	start := since.UTC().Truncate(24 * time.Hour)
	end := start.AddDate(0, 0, d.Days)
	switch {
	case until != nil:
		end = until.UTC().Add(24*time.Hour - time.Nanosecond).Truncate(24 * time.Hour)
	case d.Since != "" || d.Day != "":
		end = last.Add(24 * time.Hour)
	}
	var pts []telPoint
	for t := start; t.Before(end) && len(pts) < 400; t = t.Add(24 * time.Hour) {
		day := t.Format(time.DateOnly)
		p := telPoint{Day: t}
		if r, ok := byDay[day]; ok {
			p.Volume, p.Rate = float64(r.Calls), r.SuccessRate
			p.Drill = "/telephony/rows?" + d.onDay(day).values().Encode()
		}
		pts = append(pts, p)
	}
	return pts
}

// telUsageTiles are calls, minutes, average call, direct-routing success
// and charges of cur, each against prev where that means something.
func telUsageTiles(cur, prev wire.UsageMeasures, days int) []tile {
	period := fmt.Sprintf("the previous %d day%s", days, plural(days))
	f := func(n int64) *float64 { v := float64(n); return &v }
	calls := tile{Label: "Calls", Value: countText(f(cur.Calls))}
	calls.Change, calls.Trend, calls.Arrow = relChange(f(cur.Calls), f(prev.Calls), false, period)
	minutes := tile{Label: "Minutes", Value: countText(&cur.Minutes)}
	minutes.Change, minutes.Trend, minutes.Arrow = relChange(&cur.Minutes, &prev.Minutes, false, period)
	avg := tile{Label: "Average call", Value: telDuration(cur.AverageSeconds), Detail: "of the calls that took place"}
	avg.Change, avg.Trend, avg.Arrow = relChange(cur.AverageSeconds, prev.AverageSeconds, false, period)
	ok := tile{Label: "Established", Value: pctText(cur.SuccessRate), Detail: countText(f(cur.Attempts)) + " direct-routing attempts"}
	ok.Change, ok.Trend, ok.Arrow = telRateChange(cur.SuccessRate, prev.SuccessRate, period)
	charges := tile{Label: "Charges", Value: "–", Detail: "where Graph gives them", Change: "Calling Plan and Operator Connect", Trend: "none"}
	if len(cur.Charges) > 0 {
		// The currency most is spent in leads; the others follow.
		cs := slices.Clone(cur.Charges)
		slices.SortStableFunc(cs, func(a, b wire.UsageCharge) int {
			return cmp.Compare(b.Charge+b.ConnectionCharge, a.Charge+a.ConnectionCharge)
		})
		charges.Value, charges.Detail = telCharges(cs[:1]), telCharges(cs[1:])
	}
	return []tile{calls, minutes, avg, ok, charges}
}

// telRateChange is the change of a success rate in points: a rise is good
// news, as a fall of poor % is on the dashboard.
func telRateChange(cur, prev *float64, period string) (text, trend, arrow string) {
	text, trend, arrow = pointChange(cur, prev, period)
	switch trend {
	case "red":
		trend = "good"
	case "good":
		trend = "red"
	}
	return text, trend, arrow
}

// telCharges writes charges as "12.50 USD, 3.10 EUR", connection fees
// included.
func telCharges(cs []wire.UsageCharge) string {
	var parts []string
	for _, c := range cs {
		cur := c.Currency
		if cur == "" {
			cur = "(no currency)"
		}
		parts = append(parts, strconv.FormatFloat(c.Charge+c.ConnectionCharge, 'f', 2, 64)+" "+cur)
	}
	return strings.Join(parts, ", ")
}

// telDuration writes seconds as a call's length: "4 min 12 s".
func telDuration(sec *float64) string {
	if sec == nil {
		return "–"
	}
	return durationText(sec)
}

// telephonyDownload is GET /telephony/download: a table of a report as
// CSV, from the API (report=pstn with by, direct-routing with table,
// rows).
func (s *Server) telephonyDownload(w http.ResponseWriter, r *http.Request, ss *session) error {
	q := r.URL.Query()
	v := readTelQuery(q).apiValues()
	v.Set("format", "csv")
	var path string
	switch q.Get("report") {
	case "pstn":
		path = "/api/v1/reports/pstn"
		if by := q.Get("by"); by != "" {
			v.Set("by", by)
		}
	case "direct-routing":
		path = "/api/v1/reports/direct-routing"
		table := q.Get("table")
		if !slices.Contains(telephony.HealthTables, table) {
			return &pageError{http.StatusBadRequest, "There is no such table to download."}
		}
		v.Set("table", table)
	case "rows":
		path = "/api/v1/reports/usage-rows"
	default:
		return &pageError{http.StatusBadRequest, "There is no such report to download."}
	}
	rec, err := s.api.do(r.Context(), apiRequest{method: http.MethodGet, path: path, query: v, token: ss.token})
	if err != nil {
		return err
	}
	h := w.Header()
	for _, k := range []string{"Content-Type", "Content-Disposition"} {
		if x := rec.header.Get(k); x != "" {
			h.Set(k, x)
		}
	}
	h.Set("Content-Length", strconv.Itoa(rec.body.Len()))
	_, _ = w.Write(rec.body.Bytes())
	return nil
}
