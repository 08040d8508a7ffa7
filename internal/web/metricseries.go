package web

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
)

// The Metrics tab charts a call's client media statistics as
// Teams' real-time analytics charts a meeting: per media, one small chart
// per metric with a line per stream over the call's time axis, the poor
// threshold drawn and labelled, points past it marked. The API sends the
// streams worst first, a page at a time; on a chart the worst few get a
// colour and a legend entry, the rest of the page are drawn thin and
// grey, so that twenty participants still read. A table under the charts
// gives every stream's worst values in words.

const tabSeries = "metrics"

// seriesPerPage is how many streams a page of the tab asks for, and
// seriesPoints how many points per series: a point per 10 s for 20
// minutes, and a wide chart has 1,200 pixels for them.
const (
	seriesPerPage = 20
	seriesPoints  = 120
	// coloured is how many lines of a chart get a colour and a legend
	// entry; the page's other streams are drawn grey.
	coloured = 5
)

// pagedList names the list a call tab pages: a tab link keeps the
// page's cursor only to a tab of the same list.
func pagedList(tab string) string {
	switch {
	case slices.Contains(sessionTabs, tab):
		return "sessions"
	case tab == tabSeries:
		return "streams"
	}
	return "participants"
}

// seriesPanel is the tab's content.
type seriesPanel struct {
	// Unavailable says why the call has no series, in words; Reason is
	// the API's code for it.
	Unavailable, Reason string
	// OverviewHref and AdvancedHref are the tabs that show the stream
	// averages and what was behind them.
	OverviewHref, AdvancedHref string
	Start, End                 *time.Time
	// Interval is how long one point is, in words.
	Interval     string
	StreamCount  int
	Media        []seriesMedia
	Streams      []seriesRow
	ThresholdsOf []string
	// Columns head the table's metric columns.
	Columns []string
}

// seriesMedia is one media's charts.
type seriesMedia struct {
	ID, Title string
	Charts    []seriesChart
}

// seriesChart is one metric's chart of one media.
type seriesChart struct {
	ID, Title string
	// Threshold is the line in words, "" when none is published.
	Threshold    string
	Wide, Narrow template.HTML
	Legend       []legendEntry
	// Grey counts the streams drawn grey.
	Grey int
}

type legendEntry struct {
	N         int
	Colour    string
	Name      string
	PoorCount int
}

// seriesRow is one stream in the table under the charts.
type seriesRow struct {
	Stream, Name, What, Codec string
	Cells                     []seriesCell
	Poor                      int
}

type seriesCell struct {
	Text string
	Poor bool
}

// seriesTab reads a page of the call's series from the API and lays it
// out. origin and cursor make the tab's links.
func (s *Server) seriesTab(ctx context.Context, token, id, user, cursor string, pageHref func(string) string, overviewHref, advancedHref string) (*seriesPanel, *pager, error) {
	q := url.Values{"limit": {strconv.Itoa(seriesPerPage)}, "points": {strconv.Itoa(seriesPoints)}}
	if user != "" {
		q.Set("user", user)
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var cs wire.CallSeries
	if err := s.api.getCall(ctx, token, "/api/v1/calls/"+url.PathEscape(id)+"/series", q, &cs); err != nil {
		return nil, nil, err
	}
	p := seriesPanelOf(cs)
	p.OverviewHref, p.AdvancedHref = overviewHref, advancedHref
	var pg *pager
	if cs.Unavailable == nil {
		pg = pagerOf("Streams", cs.StreamOffset, len(cs.Streams), cs.StreamCount, cs.Next, pageHref)
	}
	return p, pg, nil
}

// mediaOrder and mediaTitles are the media as the tab shows them.
var (
	mediaOrder  = []string{"audio", "video", "screen"}
	mediaTitles = map[string]string{"audio": "Audio", "video": "Video", "screen": "Screen sharing"}
)

// seriesPanelOf lays out one answer of the series route.
func seriesPanelOf(cs wire.CallSeries) *seriesPanel {
	p := &seriesPanel{Start: cs.StartDateTime.Ptr(), End: cs.EndDateTime.Ptr(), StreamCount: cs.StreamCount}
	if u := cs.Unavailable; u != nil {
		p.Reason, p.Unavailable = u.Reason, u.Message
		return p
	}
	if cs.AxisStart == nil || cs.AxisEnd == nil {
		p.Reason, p.Unavailable = "noAxis", "The call's series came without a time axis."
		return p
	}
	step := cs.IntervalSeconds
	p.Interval = durationText(&step)
	for _, m := range cs.Metrics {
		worst := ", highest"
		if lowerWorse(m) {
			worst = ", lowest"
		}
		p.Columns = append(p.Columns, m.Label+worst)
		for _, th := range m.Thresholds {
			p.ThresholdsOf = append(p.ThresholdsOf, thresholdText(m, th, true))
		}
	}
	// Media in a fixed order, then any the API names that the page does
	// not know.
	media := slices.Clone(mediaOrder)
	for _, st := range cs.Streams {
		if !slices.Contains(media, st.MediaType) {
			media = append(media, st.MediaType)
		}
	}
	ax := chartAxisOf(*cs.AxisStart, *cs.AxisEnd)
	for _, mt := range media {
		sm := seriesMedia{ID: "series-" + mt, Title: mediaTitles[mt]}
		if sm.Title == "" {
			sm.Title = humanize(mt)
		}
		for _, m := range cs.Metrics {
			if c, ok := chartOf(cs, mt, m, ax); ok {
				sm.Charts = append(sm.Charts, c)
			}
		}
		if len(sm.Charts) > 0 {
			p.Media = append(p.Media, sm)
		}
	}
	for _, st := range cs.Streams {
		p.Streams = append(p.Streams, seriesRowOf(st, cs.Metrics))
	}
	return p
}

// line is one stream's series on a chart.
type line struct {
	n      int // legend number, 0 for a grey line
	name   string
	colour string
	s      wire.MetricSeries
}

// palette colours the worst lines (Okabe and Ito's, told apart by most
// colour-blind readers; red is kept for the threshold and poor points).
var palette = []string{"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9"}

// greyLine is the colour of the streams beyond the coloured ones.
const greyLine = "#a8b0b8"

// chartOf is metric m's chart of the page's streams of media mt, false
// when none has the metric. The lines are ranked within the chart:
// most aggregates past the line, then the worst value, then the API's
// order.
func chartOf(cs wire.CallSeries, mt string, m wire.SeriesMetric, ax chartAxis) (seriesChart, bool) {
	var lines []line
	var th *wire.SeriesThreshold
	for _, st := range cs.Streams {
		if st.MediaType != mt {
			continue
		}
		for _, ser := range st.Series {
			if ser.Metric == m.Metric && len(ser.Points) > 0 {
				lines = append(lines, line{name: streamName(st), s: ser})
				if ser.Threshold != nil {
					th = ser.Threshold
				}
			}
		}
	}
	if len(lines) == 0 {
		return seriesChart{}, false
	}
	slices.SortStableFunc(lines, func(a, b line) int {
		if c := cmp.Compare(b.s.PoorAggregates, a.s.PoorAggregates); c != 0 {
			return c
		}
		if a.s.Worst != nil && b.s.Worst != nil && *a.s.Worst != *b.s.Worst {
			if (*a.s.Worst < *b.s.Worst) == lowerWorse(m) {
				return -1
			}
			return 1
		}
		return 0
	})
	c := seriesChart{ID: "chart-" + mt + "-" + m.Metric, Title: m.Label + " (" + m.Unit + ")"}
	for i := range lines {
		if i < coloured {
			lines[i].n, lines[i].colour = i+1, palette[i]
			c.Legend = append(c.Legend, legendEntry{N: i + 1, Colour: palette[i], Name: lines[i].name, PoorCount: lines[i].s.PoorAggregates})
		} else {
			lines[i].colour = greyLine
			c.Grey++
		}
	}
	if th != nil {
		c.Threshold = thresholdText(m, *th, false)
	}
	label := fmt.Sprintf("%s of %s streams over the call", m.Label, mediaTitles[mt])
	c.Wide = drawSeries(lines, th, m, ax, wideSeries, label, "wide-only")
	c.Narrow = drawSeries(lines, th, m, ax, narrowSeries, label, "narrow-only-block")
	return c, true
}

// lowerWorse reports whether a metric's worst value is its lowest: it is
// poor below its line (bitrate), for the streams no line applies to
// too.
func lowerWorse(m wire.SeriesMetric) bool {
	return slices.ContainsFunc(m.Thresholds, func(th wire.SeriesThreshold) bool { return th.Op == "<" })
}

// thresholdText is a threshold in words: "poor above 30 ms", with the
// metric ("jitter poor above 30 ms") and whose line it is when long.
func thresholdText(m wire.SeriesMetric, th wire.SeriesThreshold, long bool) string {
	word := "above"
	if th.Op == "<" {
		word = "below"
	}
	s := "poor " + word + " " + valueText(th.Value, m.Unit)
	if long {
		s = m.Label + ": " + s
		if len(th.MediaTypes) > 0 {
			s += ", " + strings.Join(th.MediaTypes, " and ") + " only"
		}
		s += " — " + th.Source
	}
	return s
}

// valueText is a value in its unit, as the charts label it.
func valueText(v float64, unit string) string {
	switch unit {
	case "%":
		return trimNum(v) + " %"
	case "kbps":
		if v >= 1000 {
			return trimNum(v/1000) + " Mbps"
		}
		return trimNum(v) + " kbps"
	}
	return trimNum(v) + " " + unit
}

// streamName names a stream for a legend: who, and which way what
// media went.
func streamName(st wire.StreamSeries) string {
	s := seriesPartyName(st.Participant)
	verb := "sends"
	if st.Direction == "recv" {
		verb = "receives"
	} else if st.Direction != "send" {
		verb = st.Direction
	}
	s += " " + verb + " " + mediaWord(st.MediaType)
	if st.Remote != nil {
		s += " from " + seriesPartyName(*st.Remote)
	}
	return s
}

func mediaWord(mt string) string {
	if mt == "screen" {
		return "screen sharing"
	}
	return mt
}

// seriesPartyName is a participant with the timeline's number.
func seriesPartyName(p wire.SeriesParty) string {
	if p.Kind == "unlisted" {
		// The ends of a P2P call: ACS's summaries of those carry no
		// participant id to match.
		return strings.TrimSpace(p.Participant + " client the call's summaries do not name")
	}
	name := participantName(p.CallParticipant)
	if p.Tag != "" {
		name += " #" + p.Tag
	}
	if p.Participant != "" {
		name = p.Participant + " " + name
	}
	return name
}

// seriesRowOf is a stream's row of the table: its worst value of each
// metric.
func seriesRowOf(st wire.StreamSeries, metrics []wire.SeriesMetric) seriesRow {
	r := seriesRow{Stream: st.Stream, Name: seriesPartyName(st.Participant), Codec: st.Codec, Poor: st.PoorPoints}
	r.What = map[string]string{"send": "sends", "recv": "receives"}[st.Direction]
	if r.What == "" {
		r.What = st.Direction
	}
	r.What += " " + mediaWord(st.MediaType)
	if st.Remote != nil {
		r.What += " from " + seriesPartyName(*st.Remote)
	}
	for _, m := range metrics {
		cell := seriesCell{Text: "–"}
		for _, ser := range st.Series {
			if ser.Metric == m.Metric && ser.Worst != nil {
				cell = seriesCell{Text: valueText(*ser.Worst, m.Unit), Poor: ser.PoorAggregates > 0}
			}
		}
		r.Cells = append(r.Cells, cell)
	}
	return r
}

// Swatch is the entry's line as the chart draws it.
func (e legendEntry) Swatch() template.HTML { return swatch(e.N, e.Colour) }

// GreySwatch is the line of the streams drawn grey.
func (c seriesChart) GreySwatch() template.HTML { return swatch(0, greyLine) }
