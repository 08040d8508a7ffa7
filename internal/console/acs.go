package console

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
)

// WriteACSReport prints the ACS insights report: the window's totals
// against the window before, then every section (or those named).
func WriteACSReport(w io.Writer, r *wire.ACSReport, sections ...string) error {
	pw := &printer{w: w}
	window := "all time"
	if r.Since != nil {
		window = r.Since.UTC().Format(time.DateOnly) + " – "
		if r.Until != nil {
			window += r.Until.UTC().Format(time.DateOnly)
		} else {
			window += "now"
		}
	}
	if len(sections) == 0 {
		sections = wire.ACSSections
		pw.line(0, "ACS insights %s", window)
		for _, f := range r.Filters {
			pw.line(1, "filter %s", f)
		}
		totals := wire.ACSReport{Volume: []wire.ACSGroupRow{
			{Value: ptr("this window"), ACSMeasures: r.Totals}, {Value: ptr("previous window"), ACSMeasures: r.Previous}}}
		t, _ := totals.Section("volume", false)
		t.Columns[0] = ""
		pw.table(acsTable(t))
		if r.Totals.Participants == 0 && r.Totals.Surveys == 0 {
			pw.line(0, "\nNo ACS participants in this window%s.", map[bool]string{true: " with these filters", false: ""}[len(r.Filters) > 0])
			return pw.err
		}
	}
	for _, name := range sections {
		t, err := r.Section(name, false)
		if err != nil {
			return err
		}
		pw.line(0, "\n%s", t.Title)
		if name == "mediaQuality" {
			pw.line(0, "%s", r.MediaQualityNote)
		}
		if len(t.Rows) == 0 {
			pw.line(0, "none")
			continue
		}
		pw.table(acsTable(t))
	}
	return pw.err
}

// WriteACSTable prints one table of the report.
func WriteACSTable(w io.Writer, t wire.Table) error {
	_, err := acsTable(t).WriteTo(w)
	return err
}

// WriteACSCSV writes one table of the report as CSV, its columns first.
func WriteACSCSV(w io.Writer, t wire.Table) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	if err := cw.WriteAll(t.Rows); err != nil {
		return err
	}
	return cw.Error()
}

// acsTable aligns the columns whose cells are all numbers to the right.
func acsTable(t wire.Table) *Table {
	cols := make([]Column, len(t.Columns))
	for i, name := range t.Columns {
		numeric := len(t.Rows) > 0
		for _, row := range t.Rows {
			if i < len(row) && row[i] != "" {
				if _, err := strconv.ParseFloat(row[i], 64); err != nil {
					numeric = false
				}
			}
		}
		cols[i] = Column{Name: name, Right: numeric}
	}
	out := NewTable(cols...)
	for _, row := range t.Rows {
		out.Row(row...)
	}
	return out
}

func ptr(s string) *string { return &s }
