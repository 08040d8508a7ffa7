package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"
)

// The telephony pages draw their charts as the dashboard does (inline
// SVG, twice: for a wide and a narrow screen), with their own words:
// calls per day as bars, a rate in percent as the line.

// telPoint is one day of a telephony trend.
type telPoint struct {
	Day    time.Time
	Volume float64
	// Rate is in percent; nil where there is nothing to divide.
	Rate  *float64
	Drill string
}

// telWords name what a trend shows, for its hover texts.
type telWords struct {
	volume, rate string
}

// drawTelTrend is the SVG of points for one layout; label is its text
// alternative. The rate's axis runs from the lowest rate's round floor
// to 100 %: success rates live near the top, where a fall shows.
func drawTelTrend(points []telPoint, l trendLayout, words telWords, label, class string) template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="trend %s" viewBox="0 0 %g %g" role="img" aria-label="%s" font-size="%g">`,
		class, l.width, l.height, template.HTMLEscapeString(label), l.font)
	plotW, plotH := l.width-l.left-l.right, l.height-l.top-l.foot
	maxVol, minRate := 0.0, 100.0
	for _, p := range points {
		maxVol = math.Max(maxVol, p.Volume)
		if p.Rate != nil {
			minRate = math.Min(minRate, *p.Rate)
		}
	}
	volTop, volStep := niceAxis(maxVol)
	span, step := niceAxis(math.Max(100-minRate, 10))
	floor := math.Max(0, 100-span)
	y := func(v, top float64) float64 { return l.top + plotH - v/top*plotH }
	yRate := func(v float64) float64 { return l.top + plotH - (v-floor)/(100-floor)*plotH }
	for v := floor; v <= 100+step/2; v += step {
		yy := yRate(v)
		fmt.Fprintf(&b, `<line class="grid" x1="%g" x2="%g" y1="%.1f" y2="%.1f"/>`, l.left, l.left+plotW, yy, yy)
		fmt.Fprintf(&b, `<text class="axis pct" x="%g" y="%.1f" text-anchor="end" dominant-baseline="middle">%s %%</text>`, l.left-6, yy, trimNum(v))
	}
	for v := 0.0; v <= volTop+volStep/2; v += volStep {
		fmt.Fprintf(&b, `<text class="axis vol" x="%g" y="%.1f" dominant-baseline="middle">%s</text>`, l.left+plotW+6, y(v, volTop), shortCount(v))
	}
	if len(points) == 0 {
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	slot := plotW / float64(len(points))
	barW := math.Max(1, slot*0.7)
	for i, p := range points {
		x := l.left + float64(i)*slot + (slot-barW)/2
		h := p.Volume / volTop * plotH
		title := fmt.Sprintf("%s: %s %s, %s %s", p.Day.Format("Mon 2 Jan"), shortCount(p.Volume), words.volume, pctOrDash(p.Rate), words.rate)
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
		if p.Rate == nil {
			continue
		}
		cmd := "L"
		if len(path) == 0 {
			cmd = "M"
		}
		path = append(path, fmt.Sprintf("%s%.1f %.1f", cmd, l.left+(float64(i)+0.5)*slot, yRate(*p.Rate)))
	}
	if len(path) > 0 {
		fmt.Fprintf(&b, `<path class="pct" d="%s"/>`, strings.Join(path, " "))
	}
	for i, p := range points {
		if p.Rate != nil {
			fmt.Fprintf(&b, `<circle class="pct" cx="%.1f" cy="%.1f" r="3"/>`, l.left+(float64(i)+0.5)*slot, yRate(*p.Rate))
		}
	}
	every := max(1, int(math.Ceil(float64(len(points))/float64(l.maxTicks))))
	for i := 0; i < len(points); i += every {
		x := l.left + (float64(i)+0.5)*slot
		fmt.Fprintf(&b, `<line class="tick" x1="%.1f" x2="%.1f" y1="%g" y2="%g"/>`, x, x, l.top+plotH, l.top+plotH+5)
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%g" text-anchor="middle">%s</text>`, x, l.height-8, points[i].Day.Format("2 Jan"))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// telSparkline is a small line of a rate (0–100 %) per day, for a table's
// row: an SBC's success rate over the window. Its colours are the
// drawing's own attributes, since the stylesheet knows no telSparkline.
func telSparkline(points []telPoint, label string) template.HTML {
	const w, h, pad = 120.0, 28.0, 3.0
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" width="%g" height="%g" viewBox="0 0 %g %g" role="img" aria-label="%s">`, w, h, w, h, template.HTMLEscapeString(label))
	fmt.Fprintf(&b, `<line x1="0" x2="%g" y1="%g" y2="%g" stroke="#d0d7de" stroke-width="1"/>`, w, pad, pad)
	if len(points) > 0 {
		slot := w / float64(len(points))
		var path []string
		for i, p := range points {
			if p.Rate == nil {
				continue
			}
			cmd := "L"
			if len(path) == 0 {
				cmd = "M"
			}
			path = append(path, fmt.Sprintf("%s%.1f %.1f", cmd, (float64(i)+0.5)*slot, pad+(100-*p.Rate)/100*(h-2*pad)))
		}
		if len(path) > 0 {
			fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="#0969da" stroke-width="1.5"/>`, strings.Join(path, " "))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
