package web

import (
	"bytes"
	"fmt"
	"image/color"
	"time"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Charts are drawn by gonum.org/v1/plot into SVG on the server: a Go
// module kept by the Gonum project, built by `go run` with everything
// else (no npm, no bundle of someone else's JavaScript in the
// repository), and an image the page's CSP lets through from its own
// origin. Its numbers are always in a table beside it too.

var chartInk = color.RGBA{R: 0x0a, G: 0x58, B: 0xca, A: 0xff}

// drawChart draws a breakdown: a line of poor % over time for a time
// dimension, horizontal bars of poor % by value for any other.
func drawChart(a *aggregateView) ([]byte, error) {
	p := plot.New()
	sans(p)
	p.X.Label.Text = ""
	var w, h vg.Length
	if a.By.Time() {
		pts := plotter.XYs{}
		for _, r := range a.Rows {
			t, err := time.Parse("2006-01-02", r.Value)
			if err != nil || r.PoorPct == nil {
				continue
			}
			pts = append(pts, plotter.XY{X: float64(t.Unix()), Y: *r.PoorPct})
		}
		p.Y.Label.Text = "poor %"
		p.Y.Min = 0
		p.X.Tick.Marker = plot.TimeTicks{Format: "Jan 2"}
		if len(pts) > 0 {
			line, points, err := plotter.NewLinePoints(pts)
			if err != nil {
				return nil, fmt.Errorf("chart %s: %w", a.By, err)
			}
			line.Color, points.Color = chartInk, chartInk
			line.Width = vg.Points(2)
			p.Add(line, points, plotter.NewGrid())
		}
		w, h = 7*vg.Inch, 3*vg.Inch
	} else {
		var vals plotter.Values
		var labels []string
		// Bars are drawn bottom up; the worst value goes on top, as in
		// the table.
		for i := len(a.Rows) - 1; i >= 0; i-- {
			r := a.Rows[i]
			v := 0.0
			if r.PoorPct != nil {
				v = *r.PoorPct
			}
			vals = append(vals, v)
			labels = append(labels, clip(r.Value, 28))
		}
		p.X.Label.Text = "poor %"
		p.X.Min = 0
		if len(vals) > 0 {
			bars, err := plotter.NewBarChart(vals, vg.Points(12))
			if err != nil {
				return nil, fmt.Errorf("chart %s: %w", a.By, err)
			}
			bars.Horizontal = true
			bars.Color = chartInk
			bars.LineStyle.Width = 0
			p.Add(bars)
			p.NominalY(labels...)
		}
		w, h = 7*vg.Inch, vg.Length(len(vals))*0.3*vg.Inch+1*vg.Inch
	}
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart %s: %w", a.By, err)
	}
	return buf.Bytes(), nil
}

// sans sets every text of the plot in Liberation Sans, which gonum
// carries, rather than its serif default.
func sans(p *plot.Plot) {
	for _, st := range []*draw.TextStyle{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle, &p.X.Tick.Label, &p.Y.Tick.Label} {
		st.Font.Variant = "Sans"
	}
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// chartAlt is the chart's text alternative: what it shows and where the
// numbers are.
func chartAlt(title string, a *aggregateView) string {
	if len(a.Rows) == 0 {
		return title + ": no streams in this selection."
	}
	if a.By.Time() {
		return fmt.Sprintf("%s: line chart of poor %% per day over %d days; the table below has every value.", title, len(a.Rows))
	}
	top := a.Rows[0]
	return fmt.Sprintf("%s: bar chart of poor %% for %d values, highest %s at %s; the table beside it has every value.",
		title, len(a.Rows), top.Value, pctText(top.PoorPct))
}
