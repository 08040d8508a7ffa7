package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/telephony"
)

// telSBC is one SBC's row of the health page.
type telSBC struct {
	wire.SBCHealth
	Name, Average string
	// Change is the success rate's change between the window's halves,
	// in points, "" when either half has no attempts.
	Change string
	Known  bool
	// Filter narrows the page to the SBC; RowsLink lists its calls.
	Filter, RowsLink string
	Spark            template.HTML
	// Failure is its most frequent failure, FailureRows its calls.
	Failure, FailureRows string
	// Bar is its failed share against the worst SBC's, in percent.
	Bar float64
}

// telCode is one final SIP code and subcode.
type telCode struct {
	wire.SIPCodeCount
	Code, Sub, Phrase string
	RowsLink          string
	// Bar is its failed attempts against the most failed of a code.
	Bar float64
}

type telHealthData struct {
	Q       dashQuery
	Window  string
	Days    []windowChoice
	Tabs    []telTab
	Filters []filterChip
	Tiles   []tile
	Trend   *telTrend
	SBCs    []telSBC
	Codes   []telCode
	// SBCsCSV and CodesCSV download the tables.
	SBCsCSV, CodesCSV string
	Points            float64
	Empty             string
}

// directRoutingPage is GET /telephony/direct-routing: each SBC's
// attempts, success rate, Network Effectiveness Ratio, call duration and
// change over the window, worst first, with its days and its most
// frequent failure; the success rate per day; and the final SIP codes
// with Microsoft's subcodes, each leading to its calls.
func (s *Server) directRoutingPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	const page = "/telephony/direct-routing"
	d := readTelQuery(r.URL.Query())
	pd := telHealthData{Q: d, Window: d.windowText(), Tabs: telTabs(d, page), Filters: telChips(d, page), Days: telWindows(d, page),
		SBCsCSV:  d.telDownload("direct-routing", url.Values{"table": {telephony.TableSBCs}}),
		CodesCSV: d.telDownload("direct-routing", url.Values{"table": {telephony.TableSIPCodes}}), Points: telephony.DegradingPoints}
	var h wire.DirectRoutingHealth
	var prev wire.UsageReport
	err := s.api.getJSON(r.Context(), ss.token, "/api/v1/reports/direct-routing", d.apiValues(), &h)
	if err == nil && h.Since != nil {
		// The window before, as the API placed this one.
		v := d.previous(*h.Since, s.cfg.Now()).apiValues()
		v.Add("filter", "kind=directRouting")
		err = s.api.getJSON(r.Context(), ss.token, "/api/v1/reports/pstn", v, &prev)
	}
	if ae, ok := asAPIError(err); ok && ae.Status == http.StatusBadRequest {
		pd.Empty = "The selection cannot be read: " + ae.Message
		return s.show(w, r, ss, "telephonyhealth", "telephony", "Direct Routing health", pd)
	}
	if err != nil {
		return err
	}
	dr := d
	dr.setFilter("kind=directRouting")
	pd.Tiles = telHealthTiles(h.Totals, prev.Totals, d.spanDays(s.cfg.Now()))
	pd.Trend = &telTrend{CSV: d.telDownload("direct-routing", url.Values{"table": {telephony.TableTrend}})}
	pts := telHealthPoints(h.Trend, dr, h.Since, h.Until)
	label := "Direct-routing attempts (bars, right axis) and the share established (line, left axis) per day, " + d.windowText()
	words := telWords{volume: "attempts", rate: "established"}
	pd.Trend.Wide, pd.Trend.Narrow = drawTelTrend(pts, wideTrend, words, label, "wide-only"), drawTelTrend(pts, narrowTrend, words, label, "narrow-only-block")
	pd.SBCs = telSBCs(h.SBCs, dr, pts)
	pd.Codes = telCodes(h.SIPCodes, dr)
	if h.Totals.Calls == 0 {
		pd.Empty = "No direct-routing calls " + d.windowText() + ". Collect or ingest the direct-routing log (getDirectRoutingCalls) for it."
		if len(d.Filters) > 0 {
			pd.Empty = "No direct-routing calls " + d.windowText() + " match these filters; remove one to see more."
		}
	}
	return s.show(w, r, ss, "telephonyhealth", "telephony", "Direct Routing health", pd)
}

// telHealthPoints are the trend's days, every day of the window present.
func telHealthPoints(days []wire.UsageDay, d dashQuery, since, until *time.Time) []telPoint {
	rows := make([]wire.UsageReportRow, len(days))
	for i, day := range days {
		v := day.Day
		rows[i] = wire.UsageReportRow{Key: map[string]*string{string(store.UsageDimDay): &v}, UsageMeasures: day.UsageMeasures}
		// The trend's bars are attempts, not rows.
		rows[i].Calls = day.Attempts
	}
	return telDayPoints(rows, d, since, until)
}

// telSBCs are the SBC rows, worst first as the API ranks them, each with
// its success rate per day over the window's days.
func telSBCs(sbcs []wire.SBCHealth, d dashQuery, window []telPoint) []telSBC {
	out := make([]telSBC, 0, len(sbcs))
	worst := 0.0
	for _, sb := range sbcs {
		if sb.SuccessRate != nil {
			worst = max(worst, 100-*sb.SuccessRate)
		}
	}
	for _, sb := range sbcs {
		row := telSBC{SBCHealth: sb, Known: sb.Trunk != nil, Average: telDuration(sb.AverageSeconds)}
		value := ""
		if sb.Trunk != nil {
			value, row.Name = *sb.Trunk, *sb.Trunk
		}
		narrowed := d
		narrowed.setFilter("trunk=" + value)
		row.Filter = "/telephony/direct-routing?" + narrowed.values().Encode()
		row.RowsLink = "/telephony/rows?" + narrowed.values().Encode()
		byDay := map[string]wire.UsageDay{}
		for _, day := range sb.Days {
			byDay[day.Day] = day
		}
		pts := make([]telPoint, len(window))
		for i, p := range window {
			pts[i] = telPoint{Day: p.Day}
			if day, ok := byDay[p.Day.Format(time.DateOnly)]; ok {
				pts[i].Rate = day.SuccessRate
			}
		}
		row.Spark = telSparkline(pts, fmt.Sprintf("Share of %s's attempts established per day, %s", telOrUnknown(row.Name), telSparkRange(sb.Days)))
		if sb.Change != nil {
			row.Change = fmt.Sprintf("%+.1f pts", *sb.Change)
		}
		if f := sb.TopFailure; f != nil {
			row.Failure = telCodeText(f.Code, f.SubReason, f.Phrase)
			failed := narrowed
			failed.setFilter("finalSipCode=" + telInt(f.Code))
			failed.setFilter("subReason=" + telInt(f.SubReason))
			failed.setFilter("success=false")
			row.FailureRows = "/telephony/rows?" + failed.values().Encode()
		}
		if sb.SuccessRate != nil && worst > 0 {
			row.Bar = (100 - *sb.SuccessRate) / worst * 100
		}
		out = append(out, row)
	}
	return out
}

// telSparkRange says what a telSparkline shows in words: the first and last
// days' rates.
func telSparkRange(days []wire.UsageDay) string {
	var first, last *float64
	for _, d := range days {
		if d.SuccessRate != nil {
			if first == nil {
				first = d.SuccessRate
			}
			last = d.SuccessRate
		}
	}
	if first == nil {
		return "no attempts"
	}
	return "from " + pctText(first) + " to " + pctText(last)
}

// telCodes are the SIP code rows, each leading to its calls.
func telCodes(codes []wire.SIPCodeCount, d dashQuery) []telCode {
	out := make([]telCode, 0, len(codes))
	top := int64(0)
	for _, c := range codes {
		top = max(top, c.Failed)
	}
	for _, c := range codes {
		row := telCode{SIPCodeCount: c, Code: telInt(c.Code), Sub: telInt(c.SubReason)}
		if c.Phrase != nil {
			row.Phrase = *c.Phrase
		}
		narrowed := d
		narrowed.setFilter("finalSipCode=" + row.Code)
		narrowed.setFilter("subReason=" + row.Sub)
		row.RowsLink = "/telephony/rows?" + narrowed.values().Encode()
		if top > 0 {
			row.Bar = float64(c.Failed) / float64(top) * 100
		}
		out = append(out, row)
	}
	return out
}

// telHealthTiles are attempts, success rate, NER and average call of cur,
// each against prev.
func telHealthTiles(cur, prev wire.UsageMeasures, days int) []tile {
	period := fmt.Sprintf("the previous %d day%s", days, plural(days))
	f := func(n int64) *float64 { v := float64(n); return &v }
	attempts := tile{Label: "Attempts", Value: countText(f(cur.Attempts)), Detail: countText(f(cur.Successful)) + " established"}
	attempts.Change, attempts.Trend, attempts.Arrow = relChange(f(cur.Attempts), f(prev.Attempts), false, period)
	ok := tile{Label: "Success rate", Value: pctText(cur.SuccessRate), Detail: "of attempts established"}
	ok.Change, ok.Trend, ok.Arrow = telRateChange(cur.SuccessRate, prev.SuccessRate, period)
	ner := tile{Label: "NER", Value: pctText(cur.NER), Detail: "network effectiveness: reached the called party"}
	ner.Change, ner.Trend, ner.Arrow = telRateChange(cur.NER, prev.NER, period)
	avg := tile{Label: "Average call", Value: telDuration(cur.AverageSeconds), Detail: "of the established calls"}
	avg.Change, avg.Trend, avg.Arrow = relChange(cur.AverageSeconds, prev.AverageSeconds, false, period)
	return []tile{attempts, ok, ner, avg}
}

func telCodeText(code, sub *int64, phrase *string) string {
	s := telOrUnknown(telInt(code)) + "/" + telOrUnknown(telInt(sub))
	if phrase != nil {
		s += " " + *phrase
	}
	return s
}

func telInt(v *int64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatInt(*v, 10)
}

func telOrUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
