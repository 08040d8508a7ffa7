package web

import (
	"fmt"
	"math"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
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
	Tag       string
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

// tickSteps are the spacings the axis may use: round minutes and hours,
// so that a reader can count along it.
var tickSteps = []time.Duration{time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute,
	15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}

// maxTicks bounds the labels, which must fit a phone's width.
const maxTicks = 7

// axisOf chooses the time axis for [start, end]: from the round minute
// at or before start to the one at or after end, a tick every step, the
// smallest step of tickSteps that needs at most maxTicks. Ticks on both
// ends and evenly between them let the labels be spread by the style
// sheet alone (the page's CSP allows no inline style).
func axisOf(start, end time.Time) (from time.Time, span time.Duration, ticks []timelineTick) {
	start, end = start.UTC(), end.UTC()
	if !end.After(start) {
		end = start.Add(time.Minute)
	}
	var step time.Duration
	for _, step = range tickSteps {
		from = start.Truncate(step)
		to := end.Truncate(step)
		if to.Before(end) {
			to = to.Add(step)
		}
		if int(to.Sub(from)/step)+1 <= maxTicks {
			span = to.Sub(from)
			break
		}
		span = to.Sub(from)
	}
	for t := from; !t.After(from.Add(span)); t = t.Add(step) {
		x := math.Round(float64(t.Sub(from))/float64(span)*timelineWidth*100) / 100
		ticks = append(ticks, timelineTick{X: x, Label: t.Format("15:04")})
	}
	return from, span, ticks
}

func timelineOf(tl wire.CallTimeline) *timelinePanel {
	p := &timelinePanel{Start: tl.StartDateTime.Ptr(), End: tl.EndDateTime.Ptr()}
	end := 0.0
	if p.Start != nil && p.End != nil {
		end = p.End.Sub(*p.Start).Seconds()
	}
	for _, part := range tl.Participants {
		for _, sp := range part.SessionSpans {
			if sp.OffsetSeconds != nil && sp.DurationSeconds != nil {
				end = max(end, *sp.OffsetSeconds+*sp.DurationSeconds)
			}
		}
	}
	// Offsets are from the call's start; the axis starts at the round
	// minute before it.
	lead, total := 0.0, max(end, 1)
	if p.Start != nil {
		from, span, ticks := axisOf(*p.Start, p.Start.Add(time.Duration(end*float64(time.Second))))
		lead, total, p.Ticks = p.Start.Sub(from).Seconds(), span.Seconds(), ticks
	}
	for _, part := range tl.Participants {
		row := timelineRow{Name: participantName(part.CallParticipant), Tag: part.Tag, Organizer: part.Organizer,
			Rating: string(part.Rating), Rejoins: part.Rejoins}
		for n, sp := range part.SessionSpans {
			b := timelineBar{Rating: string(sp.Rating), Start: sp.StartDateTime.Ptr(), End: sp.EndDateTime.Ptr(), Length: sp.DurationSeconds}
			if sp.OffsetSeconds != nil && sp.DurationSeconds != nil {
				b.X = (lead + *sp.OffsetSeconds) / total * timelineWidth
				// A session of a second is still seen.
				b.W = max(*sp.DurationSeconds/total*timelineWidth, 3)
			}
			b.Title = fmt.Sprintf("%s, session %d: %s to %s (%s), %s", row.Name, n+1, clock(b.Start), clock(b.End),
				durationText(sp.DurationSeconds), ratingMark(string(sp.Rating)).Label)
			row.Bars = append(row.Bars, b)
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}
