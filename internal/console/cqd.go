package console

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
)

// WriteCQD prints a dashboard query's rows: its dimensions aligned left,
// its measures right. Shares are percentages, as `show` prints them,
// whether the measure is kept as a ratio (packet loss, concealment) or
// as a percentage; --json and the CSV and Parquet exports keep the
// measures' own units. none says why there are no rows.
func WriteCQD(w io.Writer, res *cqd.Result, none NoMatch) error {
	if NoStreams(res) {
		_, err := fmt.Fprintln(w, none.String())
		return err
	}
	var cols []Column
	for _, d := range res.GroupBy {
		cols = append(cols, Text(string(d)))
	}
	for _, m := range res.Measures {
		cols = append(cols, Num(string(m)))
	}
	t := NewTable(cols...)
	for _, row := range res.Rows {
		var cells []string
		for _, k := range row.Key {
			if k == nil {
				cells = append(cells, "(unknown)")
			} else {
				cells = append(cells, *k)
			}
		}
		for i, v := range row.Values {
			cells = append(cells, Measure(res.Measures[i], v))
		}
		t.Row(cells...)
	}
	_, err := t.WriteTo(w)
	return err
}

// NoStreams reports whether a query selected no stream: no rows, or,
// without dimensions, the one row of the whole period counting none.
func NoStreams(res *cqd.Result) bool {
	if len(res.Rows) == 0 {
		return true
	}
	for _, row := range res.Rows {
		if v, ok := res.Value(row, cqd.Streams); !ok || v > 0 {
			return false
		}
	}
	return true
}

// Measure prints one value of m for people: counts whole, shares as
// percentages, milliseconds and minutes to a tenth.
func Measure(m cqd.Measure, v *float64) string {
	if v == nil {
		return "-"
	}
	switch m {
	case cqd.Streams, cqd.Good, cqd.Poor, cqd.Unclassified, cqd.Calls, cqd.SetupFailures, cqd.Drops:
		return strconv.FormatFloat(*v, 'f', 0, 64)
	case cqd.AvgPacketLoss, cqd.P95PacketLoss, cqd.AvgConcealed, cqd.P95Concealed:
		return percent(*v, 2)
	case cqd.PoorPct, cqd.SetupFailurePct, cqd.DropPct:
		return strconv.FormatFloat(*v, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(*v, 'f', 1, 64)
}

// WritePoorCalls prints the organization's poor calls.
func WritePoorCalls(w io.Writer, found []store.PoorCall, none NoMatch) error {
	if len(found) == 0 {
		_, err := fmt.Fprintln(w, none.String())
		return err
	}
	t := NewTable(Text("START (UTC)"), Text("CALL"), Text("TYPE"), Text("RATING"), Num("POOR STREAMS"), Text("POOR DUE TO"))
	for _, pc := range found {
		start := "-"
		if !pc.Start.IsZero() {
			start = pc.Start.UTC().Format("2006-01-02 15:04")
		}
		t.Row(start, pc.ID, orDash(pc.Type), ratingWord(pc.Rating), fmt.Sprintf("%d of %d", pc.Poor, pc.Streams), orDash(strings.Join(pc.Reasons, ", ")))
	}
	_, err := t.WriteTo(w)
	return err
}

// NoMatch says why a dashboard query found nothing: what was looked for,
// the filters that selected none of it, and the values each filtered
// dimension does have, so that a misspelt building is seen at once.
type NoMatch struct {
	// What was looked for: "streams", "poor calls".
	What string
	// Filters are the query's, "dimension=value|value" each.
	Filters []string
	// Seen holds, per filtered dimension, values it has in the period.
	Seen map[string][]string
}

// maxSeen bounds the values listed per dimension.
const maxSeen = 10

func (n NoMatch) String() string {
	if len(n.Filters) == 0 {
		return "no " + n.What + " in the period"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "no %s match %s in the period", n.What, strings.Join(n.Filters, " and "))
	for _, f := range n.Filters {
		dim, _, _ := strings.Cut(f, "=")
		seen, ok := n.Seen[dim]
		if !ok {
			continue
		}
		if len(seen) == 0 {
			fmt.Fprintf(&b, "; %s has no values in the period", dim)
			continue
		}
		list := seen
		if len(list) > maxSeen {
			list = list[:maxSeen]
		}
		fmt.Fprintf(&b, "; %s values seen: %s", dim, strings.Join(list, ", "))
		if len(seen) > maxSeen {
			fmt.Fprintf(&b, " and %d more", len(seen)-maxSeen)
		}
	}
	return b.String()
}
