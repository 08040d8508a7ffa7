package web

import (
	"fmt"
	"time"
)

// timelinePanel puts each participant's sessions on the meeting's time
// axis, drawn as SVG bars (attributes only: the page's CSP allows no
// inline style) with a title per bar and a table of the same spans.
type timelinePanel struct {
	Start, End *time.Time
	Ticks      []timelineTick
	Rows       []timelineRow
}

type timelineTick struct {
	X     float64 // 0..1000, the SVG's width
	Label string
}

type timelineRow struct {
	Name      string
	Organizer bool
	Rating    string
	Rejoins   int
	Bars      []timelineBar
}

type timelineBar struct {
	X, W   float64
	Rating string
	Title  string
	// Start, End and Length are for the table.
	Start, End *time.Time
	Length     *float64
}

// timelineWidth is the SVG's width in user units; bars are placed in it.
const timelineWidth = 1000

func timelineOf(tl timelineView) *timelinePanel {
	p := &timelinePanel{Start: tl.StartDateTime, End: tl.EndDateTime}
	total := 0.0
	if tl.StartDateTime != nil && tl.EndDateTime != nil {
		total = tl.EndDateTime.Sub(*tl.StartDateTime).Seconds()
	}
	for _, part := range tl.Participants {
		for _, sp := range part.SessionSpans {
			if sp.OffsetSeconds != nil && sp.DurationSeconds != nil {
				total = max(total, *sp.OffsetSeconds+*sp.DurationSeconds)
			}
		}
	}
	if total <= 0 {
		total = 1
	}
	for i := 0; i <= 4; i++ {
		tk := timelineTick{X: float64(i) * timelineWidth / 4}
		if tl.StartDateTime != nil {
			tk.Label = tl.StartDateTime.Add(time.Duration(float64(i) / 4 * total * float64(time.Second))).UTC().Format("15:04")
		}
		p.Ticks = append(p.Ticks, tk)
	}
	for _, part := range tl.Participants {
		row := timelineRow{Name: part.Name(), Organizer: part.Organizer, Rating: part.Rating, Rejoins: part.Rejoins}
		for n, sp := range part.SessionSpans {
			b := timelineBar{Rating: sp.Rating, Start: sp.StartDateTime, End: sp.EndDateTime, Length: sp.DurationSeconds}
			if sp.OffsetSeconds != nil && sp.DurationSeconds != nil {
				b.X = *sp.OffsetSeconds / total * timelineWidth
				// A session of a second is still seen.
				b.W = max(*sp.DurationSeconds/total*timelineWidth, 3)
			}
			b.Title = fmt.Sprintf("%s, session %d: %s to %s (%s), %s", row.Name, n+1, clock(sp.StartDateTime), clock(sp.EndDateTime),
				durationText(sp.DurationSeconds), ratingMark(sp.Rating).Label)
			row.Bars = append(row.Bars, b)
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}
