package web

import "github.com/callscope/callscope/internal/model"

// sessionPanel is one session of the Overview tab: who to whom, its
// rating and issues, and a table per media of its streams' metrics, each
// metric outside its range marked with its severity and reason.
type sessionPanel struct {
	S       sessionView
	Caller  string
	Callee  string
	Issues  []model.Issue
	Media   []mediaTable
	Red     int
	Yellow  int
	Open    bool
	Segment int
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
	Label string
	Cells []metricCell
}

type metricCell struct {
	Value   string
	Finding *finding
}

func sessionPanels(o *overviewView) []sessionPanel {
	out := make([]sessionPanel, 0, len(o.Sessions))
	for _, s := range o.Sessions {
		p := sessionPanel{S: s, Caller: s.Caller.Name(), Callee: s.Callee.Name(), Issues: s.Issues}
		for _, is := range s.Issues {
			switch is.Severity {
			case model.SeverityRed:
				p.Red++
			case model.SeverityYellow:
				p.Yellow++
			}
		}
		// Poor sessions start open: they are what the user came for.
		p.Open = s.Rating == "poor" || len(o.Sessions) == 1
		f := sessionFindings(s)
		for _, g := range s.Segments {
			for _, m := range g.Media {
				p.Media = append(p.Media, mediaTableOf(m.Label, m.Streams, f))
			}
		}
		out = append(out, p)
	}
	return out
}

func mediaTableOf(label string, streams []map[string]any, f findings) mediaTable {
	t := mediaTable{Label: label}
	for _, x := range streams {
		h := streamHead{}
		h.Direction, _ = x["streamDirection"].(string)
		h.Quality, _ = x["quality"].(string)
		for _, r := range reasonsOf(x) {
			if r.Metric == "" {
				h.Unexplained = append(h.Unexplained, r.Text)
			}
		}
		t.Streams = append(t.Streams, h)
	}
	for _, m := range streamMetrics {
		row := metricRow{Label: m.label}
		any := false
		for _, x := range streams {
			v, ok := x[m.name]
			cell := metricCell{Value: "–"}
			if ok {
				any = true
				cell.Value = formatValue(v, m.kind)
			} else if x[m.name+"Withheld"] == true {
				any = true
				cell.Value = "withheld"
			}
			id, _ := x["streamId"].(string)
			if fd := f.stream[id][m.name]; fd != nil {
				cell.Finding = fd
			}
			row.Cells = append(row.Cells, cell)
		}
		if any {
			t.Rows = append(t.Rows, row)
		}
	}
	return t
}
