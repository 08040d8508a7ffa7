package web

import (
	"fmt"
	"html/template"
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
	tp := make([]trendPoint, len(points))
	for i, p := range points {
		tp[i] = trendPoint{Day: p.Day, Streams: p.Volume, PoorPct: p.Rate, Drill: p.Drill,
			Title: fmt.Sprintf("%s: %s %s, %s %s", p.Day.Format("Mon 2 Jan"), shortCount(p.Volume), words.volume, pctOrDash(p.Rate), words.rate)}
	}
	return drawScaledTrend(tp, l, label, class, toHundred(tp))
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
