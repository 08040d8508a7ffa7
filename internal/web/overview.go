package web

import (
	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// sessionPanel is one session of the Overview tab: who with whom, its
// rating and issues, and a table per media of its streams' metrics, each
// metric outside its range marked with its severity and reason.
type sessionPanel struct {
	S       wire.SessionOverview
	Title   string
	Sides   []sidePanel
	Failure string
	Issues  []issueLine
	Media   []mediaTable
	Red     int
	Yellow  int
	Open    bool
}

// sidePanel is one end of a session as the overview shows it.
type sidePanel struct {
	Side, Name, Client string
	E                  *wire.EndpointOverview
}

// issueLine is one issue, worded in the cells' units.
type issueLine struct {
	Severity string
	Area     string
	Text     string
	Side     string
}

type mediaTable struct {
	Label   string
	Streams []streamHead
	Rows    []metricRow
}

type streamHead struct {
	Direction, Quality string
	// Unexplained are reasons without a metric (an unclassified stream:
	// too few packets…).
	Unexplained []string
}

type metricRow struct {
	Label, Help string
	Cells       []metricCell
}

type metricCell struct {
	Value   string
	Finding *finding
}

func sessionPanels(o *wire.CallOverview, meeting bool) []sessionPanel {
	out := make([]sessionPanel, 0, len(o.Sessions))
	for _, s := range o.Sessions {
		p := sessionPanel{S: s, Title: sessionTitle(s)}
		for _, e := range []struct {
			side string
			e    *wire.EndpointOverview
		}{{"Caller", s.Caller}, {"Callee", s.Callee}} {
			if e.e != nil {
				p.Sides = append(p.Sides, sidePanel{Side: e.side, Name: endpointName(e.e), Client: clientText(e.e), E: e.e})
			}
		}
		failed := false
		for _, is := range s.Issues {
			switch is.Severity {
			case model.SeverityRed:
				p.Red++
			case model.SeverityYellow:
				p.Yellow++
			}
			failed = failed || is.Metric == failureMetric
			p.Issues = append(p.Issues, issueLine{Severity: string(is.Severity), Area: humanize(is.Area),
				Text: reasonText(is.Metric, is.Value, is.Threshold, is.Op, is.Unit, is.Reason), Side: is.Side})
		}
		// The failure is said once: by its issue when it raised one.
		if f := s.Failure; f != nil && !failed {
			p.Failure = failureText(f.Stage.Value(), f.Reason.Value())
		}
		// Poor sessions start open: they are what the user came for.
		p.Open = s.Rating == model.RatingPoor || len(o.Sessions) == 1
		f := sessionFindings(s)
		for _, g := range s.Segments {
			for _, m := range g.Media {
				p.Media = append(p.Media, mediaTableOf(m, f, meeting))
			}
		}
		out = append(out, p)
	}
	return out
}

// clientText is what an end ran: "Windows · Teams 24306.3508".
func clientText(e *wire.EndpointOverview) string {
	if e.Kind == model.EndpointService {
		return ""
	}
	var parts []string
	if v, ok := e.Platform.Get(); ok {
		parts = append(parts, enumWord(string(v)))
	}
	if v, ok := e.ProductFamily.Get(); ok {
		app := enumWord(string(v))
		if ver, ok := e.ApplicationVersion.Get(); ok {
			app += " " + ver
		}
		parts = append(parts, app)
	}
	return joinDot(parts)
}

func joinDot(parts []string) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += " · "
		}
		s += p
	}
	return s
}

func mediaTableOf(m wire.MediaOverview, f findings, meeting bool) mediaTable {
	t := mediaTable{Label: mediaLabel(m.Label.Value())}
	for _, x := range m.Streams {
		h := streamHead{Direction: directionLabel(x.StreamDirection.Value(), meeting), Quality: string(x.Quality)}
		for _, r := range x.Reasons {
			if r.Metric == "" {
				h.Unexplained = append(h.Unexplained, upperFirst(r.Text))
			}
		}
		t.Streams = append(t.Streams, h)
	}
	for _, mt := range streamMetrics {
		row := metricRow{Label: mt.label, Help: mt.help}
		any := false
		for i := range m.Streams {
			x := &m.Streams[i]
			v := mt.get(x)
			any = any || v.state != model.Absent
			fd := f.stream[x.StreamID.Value()][mt.name]
			cell := metricCell{Finding: fd}
			var against *float64
			if fd != nil {
				against = fd.threshold
			}
			cell.Value = show(v, mt.kind, against)
			row.Cells = append(row.Cells, cell)
		}
		if any {
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}
