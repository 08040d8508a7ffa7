package console

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/callscope/callscope/internal/report"
)

// WriteReliability prints the reliability report: the window's setup
// failures and drops against the window before, the top reasons, and
// the worst values of each breakdown.
func WriteReliability(w io.Writer, r *report.Reliability) error {
	pw := &printer{w: w}
	pw.line(0, "Reliability %s – %s (previous window from %s)\n", r.Since.UTC().Format("2006-01-02 15:04"),
		r.Until.UTC().Format("2006-01-02 15:04"), r.PreviousSince.UTC().Format("2006-01-02 15:04"))
	t := NewTable(Text(""), Num("streams"), Num("setup failures"), Num("setup failure %"), Num("drops"), Num("drop %"))
	for _, row := range []struct {
		name string
		t    report.Totals
	}{{"this window", r.Totals}, {"previous window", r.Previous}} {
		t.Row(row.name, count(row.t.Streams), count(row.t.SetupFailures), pctOf(row.t.SetupFailurePct), count(row.t.Drops), pctOf(row.t.DropPct))
	}
	pw.table(t)
	pw.line(0, "\nTop failure reasons")
	if len(r.Reasons) == 0 {
		pw.line(0, "no setup failures or drops")
	} else {
		rt := NewTable(Text("stage"), Num("failures"), Num("share"), Text("reason"))
		for _, x := range r.Reasons {
			reason := "(no reason given)"
			if x.Reason != nil {
				reason = *x.Reason
			}
			rt.Row(x.Stage, count(x.Failures), percent(x.Share/100, 1), reason)
		}
		pw.table(rt)
	}
	for _, b := range r.Breakdowns {
		pw.line(0, "\nBy %s: the worst %d of %d values", b.By, len(b.Rows), b.Ranked)
		pw.table(breakdownTable(b))
	}
	return pw.err
}

// WriteBreakdown prints one breakdown of the reliability report, every
// value.
func WriteBreakdown(w io.Writer, b *report.Breakdown) error {
	_, err := breakdownTable(*b).WriteTo(w)
	return err
}

// WriteBreakdownCSV writes one breakdown as CSV, measures in their own
// units (percentages as numbers, empty where unknown).
func WriteBreakdownCSV(w io.Writer, b *report.Breakdown) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{string(b.By), "streams", "setupFailures", "setupFailurePct", "drops", "dropPct"})
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return num(*v)
	}
	for _, r := range b.Rows {
		value := ""
		if r.Value != nil {
			value = *r.Value
		}
		_ = cw.Write([]string{value, num(r.Streams), num(r.SetupFailures), opt(r.SetupFailurePct), num(r.Drops), opt(r.DropPct)})
	}
	cw.Flush()
	return cw.Error()
}

func breakdownTable(b report.Breakdown) *Table {
	t := NewTable(Text(string(b.By)), Num("streams"), Num("setup failures"), Num("setup failure %"), Num("drops"), Num("drop %"))
	for _, r := range b.Rows {
		value := "(unknown)"
		if r.Value != nil {
			value = *r.Value
		}
		t.Row(value, count(r.Streams), count(r.SetupFailures), pctOf(r.SetupFailurePct), count(r.Drops), pctOf(r.DropPct))
	}
	return t
}

func count(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

// pctOf prints a percentage (0–100) as the other tables do, "–" when
// there is nothing to divide.
func pctOf(v *float64) string {
	if v == nil {
		return "–"
	}
	return percent(*v/100, 2)
}

func (p *printer) table(t *Table) {
	if p.err == nil {
		_, p.err = t.WriteTo(p.w)
	}
}
