package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"
)

// The trend is drawn here, as SVG inside the page: bars of volume and a
// line of poor %, each on its own axis. It is drawn twice, for a wide
// and a narrow screen, so that its text is as large as the page's at
// either width instead of a wide picture shrunk to a phone.

// trendPoint is one day (or week) of the trend.
type trendPoint struct {
	Day     time.Time
	Streams float64
	PoorPct *float64
	Drill   string
	// Title, when set, is the bar's tooltip in place of the streams and
	// poor % one: for charts of other counts and rates.
	Title string
}

// trendLayout is the size of one drawing, in the page's pixels.
type trendLayout struct {
	width, height          float64
	left, right, top, foot float64
	font                   float64
	maxTicks               int
}

var (
	wideTrend   = trendLayout{width: 1200, height: 300, left: 58, right: 70, top: 14, foot: 34, font: 14, maxTicks: 10}
	narrowTrend = trendLayout{width: 380, height: 240, left: 44, right: 50, top: 12, foot: 30, font: 13, maxTicks: 4}
)

// rateScale is a trend's left axis, of its rates in percent: from
// floor to top, a line every step.
type rateScale struct{ floor, top, step float64 }

// fromZero is the axis of rates that should stay low (poor %, failures):
// from 0 to the highest rate's round top.
func fromZero(points []trendPoint) rateScale {
	most := 0.0
	for _, p := range points {
		if p.PoorPct != nil {
			most = math.Max(most, *p.PoorPct)
		}
	}
	top, step := niceAxis(math.Max(most, 1))
	return rateScale{0, top, step}
}

// toHundred is the axis of rates that should stay high (success rates):
// from the lowest rate's round floor to 100 %, where a fall shows.
func toHundred(points []trendPoint) rateScale {
	least := 100.0
	for _, p := range points {
		if p.PoorPct != nil {
			least = math.Min(least, *p.PoorPct)
		}
	}
	span, step := niceAxis(math.Max(100-least, 10))
	return rateScale{math.Max(0, 100-span), 100, step}
}

// drawTrend is the SVG of points for one layout, rates from zero; label
// is its text alternative.
func drawTrend(points []trendPoint, l trendLayout, label, class string) template.HTML {
	return drawScaledTrend(points, l, label, class, fromZero(points))
}

// drawScaledTrend is drawTrend with the rates' axis rs.
func drawScaledTrend(points []trendPoint, l trendLayout, label, class string, rs rateScale) template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="trend %s" viewBox="0 0 %g %g" role="img" aria-label="%s" font-size="%g">`,
		class, l.width, l.height, template.HTMLEscapeString(label), l.font)
	plotW, plotH := l.width-l.left-l.right, l.height-l.top-l.foot
	maxStreams := 0.0
	for _, p := range points {
		maxStreams = math.Max(maxStreams, p.Streams)
	}
	streamTop, streamStep := niceAxis(maxStreams)
	y := func(v, top float64) float64 { return l.top + plotH - v/top*plotH }
	yRate := func(v float64) float64 { return l.top + plotH - (v-rs.floor)/(rs.top-rs.floor)*plotH }

	// Grid and the two axes' labels: the rate on the left, the volume
	// on the right.
	for v := rs.floor; v <= rs.top+rs.step/2; v += rs.step {
		yy := yRate(v)
		fmt.Fprintf(&b, `<line class="grid" x1="%g" x2="%g" y1="%.1f" y2="%.1f"/>`, l.left, l.left+plotW, yy, yy)
		fmt.Fprintf(&b, `<text class="axis pct" x="%g" y="%.1f" text-anchor="end" dominant-baseline="middle">%s %%</text>`, l.left-6, yy, trimNum(v))
	}
	for v := 0.0; v <= streamTop+streamStep/2; v += streamStep {
		fmt.Fprintf(&b, `<text class="axis vol" x="%g" y="%.1f" dominant-baseline="middle">%s</text>`, l.left+plotW+6, y(v, streamTop), shortCount(v))
	}
	if len(points) == 0 {
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	slot := plotW / float64(len(points))
	barW := math.Max(1, slot*0.7)
	// Volume first, under the line.
	for i, p := range points {
		x := l.left + float64(i)*slot + (slot-barW)/2
		h := p.Streams / streamTop * plotH
		title := fmt.Sprintf("%s: %s streams, %s poor", p.Day.Format("Mon 2 Jan"), shortCount(p.Streams), pctOrDash(p.PoorPct))
		if p.Title != "" {
			title = p.Title
		}
		if p.Drill != "" {
			fmt.Fprintf(&b, `<a href="%s">`, template.HTMLEscapeString(p.Drill))
		}
		fmt.Fprintf(&b, `<rect class="vol" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s</title></rect>`,
			x, l.top+plotH-h, barW, h, template.HTMLEscapeString(title))
		if p.Drill != "" {
			b.WriteString(`</a>`)
		}
	}
	var path []string
	for i, p := range points {
		if p.PoorPct == nil {
			continue
		}
		cmd := "L"
		if len(path) == 0 {
			cmd = "M"
		}
		path = append(path, fmt.Sprintf("%s%.1f %.1f", cmd, l.left+(float64(i)+0.5)*slot, yRate(*p.PoorPct)))
	}
	if len(path) > 0 {
		fmt.Fprintf(&b, `<path class="pct" d="%s"/>`, strings.Join(path, " "))
	}
	for i, p := range points {
		if p.PoorPct != nil {
			fmt.Fprintf(&b, `<circle class="pct" cx="%.1f" cy="%.1f" r="3"/>`, l.left+(float64(i)+0.5)*slot, yRate(*p.PoorPct))
		}
	}
	// Date ticks on whole days, evenly spaced, at most maxTicks.
	every := max(1, int(math.Ceil(float64(len(points))/float64(l.maxTicks))))
	for i := 0; i < len(points); i += every {
		x := l.left + (float64(i)+0.5)*slot
		fmt.Fprintf(&b, `<line class="tick" x1="%.1f" x2="%.1f" y1="%g" y2="%g"/>`, x, x, l.top+plotH, l.top+plotH+5)
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%g" text-anchor="middle">%s</text>`, x, l.height-8, points[i].Day.Format("2 Jan"))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// niceAxis is a round top for an axis of values up to v, and the step of
// its lines: at most five steps, each 1, 2, 2.5 or 5 times a power of ten.
func niceAxis(v float64) (top, step float64) {
	if v <= 0 {
		return 1, 0.25
	}
	raw := v / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if step = m * mag; step >= raw {
			break
		}
	}
	return math.Ceil(v/step) * step, step
}

// shortCount writes a count as people read an axis: 950, 12k, 1.5M.
func shortCount(v float64) string {
	switch {
	case v >= 1e6:
		return trimNum(v/1e6) + "M"
	case v >= 1e3:
		return trimNum(v/1e3) + "k"
	}
	return trimNum(v)
}

func trimNum(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

func pctOrDash(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f %%", *v)
}
