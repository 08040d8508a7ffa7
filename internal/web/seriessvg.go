package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
)

// The Metrics over time charts are drawn here as SVG, like the
// dashboard's trend: twice, for a wide and a narrow screen, so that the
// text is as large as the page's at either width. Colours are SVG
// attributes, which the page's CSP allows (it forbids style
// attributes); each coloured line has its own dash pattern too, so that
// lines are told apart without telling colours apart, and the threshold
// is a labelled red line, poor points red dots with a title.

// chartAxis is the charts' shared time axis: from a round minute at or
// before the call's start, ticked as the timeline is.
type chartAxis struct {
	from  time.Time
	span  time.Duration
	ticks []timelineTick
}

func chartAxisOf(start, end time.Time) chartAxis {
	from, span, ticks := axisOf(start, end)
	return chartAxis{from: from, span: span, ticks: ticks}
}

// frac places t on the axis, 0 to 1.
func (a chartAxis) frac(t time.Time) float64 {
	if a.span <= 0 {
		return 0
	}
	return float64(t.Sub(a.from)) / float64(a.span)
}

// seriesLayout is the size of one drawing, in the page's pixels.
type seriesLayout struct {
	width, height          float64
	left, right, top, foot float64
	font                   float64
	// everyTick labels every n-th tick, so that labels fit.
	everyTick int
}

var (
	wideSeries   = seriesLayout{width: 1200, height: 230, left: 56, right: 18, top: 14, foot: 30, font: 14, everyTick: 1}
	narrowSeries = seriesLayout{width: 380, height: 210, left: 42, right: 10, top: 14, foot: 28, font: 13, everyTick: 2}
)

// dashes tell the coloured lines apart without colour, in legend order.
var dashes = []string{"", "9 4", "2 3", "10 3 2 3", "5 2"}

// thresholdColour is the threshold line's and the poor points' red: the
// page's red text colour, 4.5:1 on white.
const thresholdColour = "#a40e26"

// gapFactor: points further apart than this many steps are not joined,
// so that a stream that stopped (a participant who left and rejoined)
// is drawn as two runs rather than a line across the silence.
const gapFactor = 2.5

// drawSeries is one chart's SVG for one layout; label is its text
// alternative.
func drawSeries(lines []line, th *wire.SeriesThreshold, m wire.SeriesMetric, ax chartAxis, l seriesLayout, label, class string) template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="trend series %s" viewBox="0 0 %g %g" role="img" aria-label="%s" font-size="%g">`,
		class, l.width, l.height, template.HTMLEscapeString(label), l.font)
	plotW, plotH := l.width-l.left-l.right, l.height-l.top-l.foot
	top := 0.0
	for _, ln := range lines {
		for _, p := range ln.s.Points {
			top = math.Max(top, p.Average)
		}
	}
	if th != nil {
		// Room above the line for its label.
		top = math.Max(top, th.Value*1.25)
	}
	yTop, yStep := niceAxis(top)
	x := func(t time.Time) float64 { return l.left + ax.frac(t)*plotW }
	y := func(v float64) float64 { return l.top + plotH - math.Max(0, math.Min(v, yTop))/yTop*plotH }
	for v := 0.0; v <= yTop+yStep/2; v += yStep {
		yy := y(v)
		fmt.Fprintf(&b, `<line class="grid" x1="%g" x2="%g" y1="%.1f" y2="%.1f"/>`, l.left, l.left+plotW, yy, yy)
		fmt.Fprintf(&b, `<text class="axis" x="%g" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`, l.left-6, yy, trimNum(v))
	}
	for i, tk := range ax.ticks {
		xx := l.left + tk.X/timelineWidth*plotW
		fmt.Fprintf(&b, `<line class="tick" x1="%.1f" x2="%.1f" y1="%g" y2="%g"/>`, xx, xx, l.top+plotH, l.top+plotH+5)
		if i%l.everyTick == 0 {
			anchor := "middle"
			switch {
			case i == 0:
				anchor = "start"
			case i == len(ax.ticks)-1:
				anchor = "end"
			}
			fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%g" text-anchor="%s">%s</text>`, xx, l.height-8, anchor, tk.Label)
		}
	}
	// Grey lines under the coloured ones, the worst coloured on top.
	for i := len(lines) - 1; i >= 0; i-- {
		if lines[i].n == 0 {
			drawLine(&b, lines[i], x, y)
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if lines[i].n > 0 {
			drawLine(&b, lines[i], x, y)
		}
	}
	if th != nil {
		yy := y(th.Value)
		fmt.Fprintf(&b, `<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2" stroke-dasharray="8 4"/>`,
			l.left, l.left+plotW, yy, yy, thresholdColour)
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" text-anchor="end" fill="%s" font-weight="600">%s</text>`,
			l.left+plotW, yy-5, thresholdColour, template.HTMLEscapeString(thresholdText(m, *th, false)))
	}
	// Poor points last, on top of every line.
	line := ""
	if th != nil {
		line = " (" + thresholdText(m, *th, false) + ")"
	}
	for _, ln := range lines {
		for _, p := range ln.s.Points {
			if !p.Poor {
				continue
			}
			title := fmt.Sprintf("%s, %s: %s %s%s", ln.name, p.Time.UTC().Format("15:04:05"), strings.ToLower(m.Label),
				valueText(p.Average, m.Unit), line)
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4.5" fill="%s" stroke="#fff" stroke-width="1.5"><title>%s</title></circle>`,
				x(p.Time), y(p.Average), thresholdColour, template.HTMLEscapeString(title))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// drawLine draws one series as runs of joined points; a point alone is
// a dot.
func drawLine(b *strings.Builder, ln line, x func(time.Time) float64, y func(float64) float64) {
	width, dash := "1.2", ""
	if ln.n > 0 {
		width = "2.2"
		if d := dashes[(ln.n-1)%len(dashes)]; d != "" {
			dash = ` stroke-dasharray="` + d + `"`
		}
	}
	pts := ln.s.Points
	step := 10.0
	if len(pts) > 1 {
		// The smallest spacing of the series is its step.
		step = math.Inf(1)
		for i := 1; i < len(pts); i++ {
			step = math.Min(step, pts[i].OffsetSeconds-pts[i-1].OffsetSeconds)
		}
	}
	var path strings.Builder
	for i, p := range pts {
		joined := i > 0 && p.OffsetSeconds-pts[i-1].OffsetSeconds <= gapFactor*step
		alone := !joined && (i == len(pts)-1 || pts[i+1].OffsetSeconds-p.OffsetSeconds > gapFactor*step)
		if alone {
			fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>`, x(p.Time), y(p.Average), ln.colour)
			continue
		}
		cmd := "L"
		if !joined {
			cmd = "M"
		}
		fmt.Fprintf(&path, "%s%.1f %.1f", cmd, x(p.Time), y(p.Average))
	}
	if path.Len() > 0 {
		fmt.Fprintf(b, `<path d="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"%s/>`, path.String(), ln.colour, width, dash)
	}
}

// swatch is a legend entry's line, as the chart draws it.
func swatch(n int, colour string) template.HTML {
	dash := ""
	if n > 0 {
		if d := dashes[(n-1)%len(dashes)]; d != "" {
			dash = ` stroke-dasharray="` + d + `"`
		}
	}
	return template.HTML(fmt.Sprintf(`<svg class="swatch" width="30" height="10" viewBox="0 0 30 10" aria-hidden="true" focusable="false"><line x1="0" x2="30" y1="5" y2="5" stroke="%s" stroke-width="2.5"%s/></svg>`, colour, dash))
}
