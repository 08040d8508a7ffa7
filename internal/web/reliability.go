package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
)

// The reliability report is CQD's: call setup failures and drops, as
// counts and rates, over time and by where and on what they happened.

// reliabilityMeasures are the columns of every reliability table.
const reliabilityMeasures = "streams,setupFailures,setupFailurePct,drops,dropPct"

// reliabilitySections are the breakdowns the report shows.
var reliabilitySections = []dashSection{
	{cqd.ClientVersion, "By client version"},
	{cqd.Building, "By building"},
	{cqd.NetworkName, "By network"},
	{cqd.Subnet, "By subnet"},
	{cqd.Platform, "By platform"},
	{cqd.UserAgent, "By user agent"},
	{cqd.MediaType, "By media"},
}

// reliabilityRow is one value of a reliability breakdown.
type reliabilityRow struct {
	Value    string
	Known    bool
	Streams  *float64
	Setup    *float64
	SetupPct *float64
	Drops    *float64
	DropPct  *float64
	// Bar is the failure rate (setup failures and drops) against the
	// table's largest, in percent.
	Bar float64
	// Drill lists the failed calls of the value.
	Drill string
}

// reasonRow is one reason legs failed for.
type reasonRow struct {
	Stage, Reason string
	Known         bool
	Failures      float64
	// Share is the reason's share of the window's failures, Bar it
	// against the top reason's, both in percent.
	Share, Bar float64
	Drill      string
}

type reliabilitySection struct {
	ID, Title, Label string
	Rows             []reliabilityRow
	// Ranked counts the values with enough streams to be ranked.
	Ranked       int
	CSV, Parquet string
}

type reliabilityPageData struct {
	Q        dashQuery
	Window   string
	Days     []windowChoice
	Filters  filterForm
	Tiles    []tile
	Trend    *trendView
	Sections []reliabilitySection
	Reasons  []reasonRow
	// FailedCalls lists every failed call of the selection.
	FailedCalls string
	Empty       string
}

// reliabilityPage is GET /reliability: setup failures and drops of the
// window against the one before, their rate over time, and the worst
// client versions, buildings, networks, subnets, platforms, user agents
// and media, for the dashboard's window and filters.
func (s *Server) reliabilityPage(w http.ResponseWriter, r *http.Request, ss *session) error {
	d := readDashQuery(r.URL.Query())
	pd := reliabilityPageData{Q: d, Window: d.windowText(), Filters: newFilterForm("/reliability", d, nil)}
	for _, n := range dashDays {
		keep := dashQuery{Days: n, Filters: d.Filters}
		pd.Days = append(pd.Days, windowChoice{n, "/reliability?" + keep.values().Encode(), d.Since == "" && d.Day == "" && d.Days == n})
	}
	params := []url.Values{{"by": {string(cqd.Day)}, "measures": {reliabilityMeasures}},
		{"by": {string(cqd.FailureStage) + "," + string(cqd.FailureReason)}, "measures": {"setupFailures,drops"},
			"filter": append(slices.Clone(d.Filters), string(cqd.FailureStage)+"="+model.StageCallSetup+"|"+model.StageMidcall)}}
	for _, sec := range reliabilitySections {
		params = append(params, url.Values{"by": {string(sec.by)}, "measures": {reliabilityMeasures}})
	}
	head, answers, err := s.askPage(r.Context(), ss, d, reliabilityMeasures, params)
	if ae, ok := asAPIError(err); ok && ae.Status == http.StatusBadRequest {
		pd.Filters.refused(d, ae.Message)
		return s.show(w, r, ss, "reliability", "reliability", "Reliability", pd)
	}
	if err != nil {
		return err
	}
	trend, reasons, sections := answers[0], answers[1], answers[2:]
	pd.FailedCalls = failedCallList.Path + "?" + d.values().Encode()
	pd.Tiles = reliabilityTiles(head.cur, head.prev, d.spanDays(s.cfg.Now()))
	pd.Trend = reliabilityTrend(trend, d)
	for i, sec := range reliabilitySections {
		rows := reliabilityRows(sections[i], sec.by, d)
		pd.Sections = append(pd.Sections, reliabilitySection{
			ID: "rel-" + string(sec.by), Title: sec.title, Label: dimLabel(sec.by),
			Rows: rows[:min(dashTop, len(rows))], Ranked: len(rows),
			CSV: d.reportDownload(sec.by, "reliability", "csv"), Parquet: d.reportDownload(sec.by, "reliability", "parquet"),
		})
	}
	pd.Reasons = reasonRows(reasons, d)
	if total := number(head.cur["streams"]); total == nil || *total == 0 {
		pd.Empty = s.whyEmpty(r.Context(), ss, d)
	}
	return s.show(w, r, ss, "reliability", "reliability", "Reliability", pd)
}

// reliabilityRows reads a breakdown's rows, the values of at least
// dashMinStreams streams, worst failure rate first.
func reliabilityRows(a *cqdAnswer, by cqd.Dimension, d dashQuery) []reliabilityRow {
	var rows []reliabilityRow
	for _, row := range a.Rows {
		n := number(row["streams"])
		if n == nil || *n < dashMinStreams {
			continue
		}
		r := reliabilityRow{Streams: n, Setup: number(row["setupFailures"]), SetupPct: number(row["setupFailurePct"]),
			Drops: number(row["drops"]), DropPct: number(row["dropPct"])}
		r.Value, r.Known = dimValue(row, by)
		val := r.Value
		if !r.Known {
			val = "" // cqd: "building=" selects ends with no building
		}
		r.Drill = failedCallList.Path + "?" + d.values(string(by)+"="+val).Encode()
		rows = append(rows, r)
	}
	failed := func(r reliabilityRow) float64 {
		v := 0.0
		if r.SetupPct != nil {
			v += *r.SetupPct
		}
		if r.DropPct != nil {
			v += *r.DropPct
		}
		return v
	}
	slices.SortStableFunc(rows, func(a, b reliabilityRow) int { return cmp.Compare(failed(b), failed(a)) })
	top := 0.0
	for _, r := range rows {
		top = max(top, failed(r))
	}
	for i := range rows {
		if top > 0 {
			rows[i].Bar = failed(rows[i]) / top * 100
		}
	}
	return rows
}

// reliabilityTiles are setup failures and drops, as counts and rates,
// and the streams they are out of, each against the previous window.
func reliabilityTiles(cur, prev map[string]any, days int) []tile {
	period := fmt.Sprintf("the previous %d day%s", days, plural(days))
	get := func(row map[string]any, k string) *float64 {
		if row == nil {
			return nil
		}
		return number(row[k])
	}
	rate := func(label, countKey, pctKey string) tile {
		t := tile{Label: label, Value: pctText(get(cur, pctKey)), Detail: countText(get(cur, countKey)) + " " + lowerFirst(label)}
		t.Change, t.Trend, t.Arrow = pointChange(get(cur, pctKey), get(prev, pctKey), period)
		return t
	}
	streams := tile{Label: "Streams", Value: countText(get(cur, "streams"))}
	streams.Change, streams.Trend, streams.Arrow = relChange(get(cur, "streams"), get(prev, "streams"), false, period)
	return []tile{rate("Setup failures", "setupFailures", "setupFailurePct"), rate("Dropped", "drops", "dropPct"), streams}
}

// reliabilityTrend draws the rate of setup failures and drops per day
// over the volume of streams.
func reliabilityTrend(a *cqdAnswer, d dashQuery) *trendView {
	var pts []trendPoint
	var rows []aggregateRow
	for _, row := range a.Rows {
		day, _ := row[string(cqd.Day)].(string)
		t, err := time.Parse(time.DateOnly, day)
		if err != nil {
			continue
		}
		p := trendPoint{Day: t}
		if n := number(row["streams"]); n != nil {
			p.Streams = *n
		}
		setup, drop := number(row["setupFailurePct"]), number(row["dropPct"])
		if setup != nil || drop != nil {
			v := 0.0
			for _, x := range []*float64{setup, drop} {
				if x != nil {
					v += *x
				}
			}
			p.PoorPct = &v
		}
		pts = append(pts, p)
		rows = append(rows, aggregateRow{Value: day, Known: true, Streams: number(row["streams"]), PoorPct: p.PoorPct})
	}
	label := "Failed % (setup failures and drops, line, left axis) and streams (bars, right axis) per day, " + d.windowText()
	return &trendView{Wide: drawTrend(pts, wideTrend, label, "wide-only"), Narrow: drawTrend(pts, narrowTrend, label, "narrow-only-block"),
		Rows: rows, By: cqd.Day, CSV: d.reportDownload(cqd.Day, "reliability", "csv"), Parquet: d.reportDownload(cqd.Day, "reliability", "parquet")}
}

// reportDownload downloads a breakdown of a report ("reliability") as a
// file.
func (d dashQuery) reportDownload(by cqd.Dimension, report, format string) string {
	v := d.values()
	v.Set("by", string(by))
	v.Set("format", format)
	v.Set("report", report)
	return "/dashboard/download?" + v.Encode()
}

// reasonRows reads the failure reasons by stage, most failures first,
// the top dashTop, each leading to its failed calls.
func reasonRows(a *cqdAnswer, d dashQuery) []reasonRow {
	var rows []reasonRow
	total := 0.0
	for _, row := range a.Rows {
		n := 0.0
		for _, k := range []string{"setupFailures", "drops"} {
			if v := number(row[k]); v != nil {
				n += *v
			}
		}
		if n == 0 {
			continue
		}
		total += n
		r := reasonRow{Failures: n}
		r.Stage, _ = dimValue(row, cqd.FailureStage)
		r.Reason, r.Known = dimValue(row, cqd.FailureReason)
		reason := r.Reason
		if !r.Known {
			reason = ""
		}
		r.Drill = failedCallList.Path + "?" + d.values(string(cqd.FailureStage)+"="+r.Stage, string(cqd.FailureReason)+"="+reason).Encode()
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(a, b reasonRow) int {
		return cmp.Or(cmp.Compare(b.Failures, a.Failures), strings.Compare(a.Stage, b.Stage))
	})
	rows = rows[:min(dashTop, len(rows))]
	for i := range rows {
		if total > 0 {
			rows[i].Share = rows[i].Failures / total * 100
		}
		if rows[0].Failures > 0 {
			rows[i].Bar = rows[i].Failures / rows[0].Failures * 100
		}
	}
	return rows
}

// StageText is a failure stage in words.
func (r reasonRow) StageText() string {
	switch r.Stage {
	case model.StageCallSetup:
		return "Setup failure"
	case model.StageMidcall:
		return "Dropped"
	}
	return r.Stage
}
