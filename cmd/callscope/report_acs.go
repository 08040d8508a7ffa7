package main

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/acsreport"
	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
)

// acsReportCommand is `report acs`.
func acsReportCommand() *command {
	return &command{name: "report acs", run: runACSReport,
		summary: "ACS insights: volume, SDK versions, OS, end reasons explained, media quality, surveys, Teams interop",
		about: "Prints the Azure Communication Services insights report of the window and filters, as Azure's Voice and " +
			"Video Insights workbook shows it: calls, participants and minutes per day against the window before; " +
			"participants by SDK version, OS and platform; end codes and subcodes explained by the published tables; stream " +
			"quality by SDK version; survey ratings and issues; Teams interop calls apart from ACS-only ones; and by call, " +
			"participant and endpoint type. Filters and --by take the report's dimensions: day, week, sdkVersion, os, " +
			"platform, endCode, endSubCode (endReason: both), resultCategory, interop, callType, participantType, " +
			"endpointType. With --by, every measure grouped so; with --section, one section. " +
			"GET /api/v1/reports/acs/calls lists the calls behind a row.",
		examples: []string{
			"callscope report acs --days 7",
			"callscope report acs --by sdkVersion,endReason --csv > ends.csv",
			"callscope report acs --section endReasons --filter sdkVersion=1.28.4",
			"callscope report acs --server http://127.0.0.1:8080 --json",
		}}
}

// runACSReport prints the ACS report, from the store or through a
// server's API, with the same numbers.
func runACSReport(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("report acs", &c)
	var p cqd.Params
	fs.Var((*stringList)(&p.Filters), "filter", "dimension=value|value…, repeatable (e.g. sdkVersion=1.28.4, interop=true, endCode=410)")
	fs.StringVar(&p.Since, "since", "", "calls that started at or after this date or time")
	fs.StringVar(&p.Until, "until", "", "calls that started before this date or time")
	fs.IntVar(&p.Days, "days", 0, "the last N days (default 30, from midnight UTC)")
	fs.StringVar(&p.By, "by", "", "group every measure by these dimensions, comma-separated (sdkVersion, endReason, day…)")
	section := fs.String("section", "", "print one section: "+strings.Join(wire.ACSSections, ", "))
	asCSV := fs.Bool("csv", false, "write the --by grouping or the --section as CSV")
	rem := addReadFlags(fs)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	switch {
	case *section != "" && !slices.Contains(wire.ACSSections, *section):
		return fs.usageErr("--section: want one of %s", strings.Join(wire.ACSSections, ", "))
	case *section != "" && p.By != "":
		return fs.usageErr("--section and --by are two ways to pick a table: give one")
	case *asCSV && *section == "" && p.By == "":
		return fs.usageErr("--csv writes one table: give --by or --section")
	case *asCSV && c.asJSON:
		return fs.usageErr("--csv and --json: give one")
	}
	sel, err := acsreport.SelectionOf(p, c.tenant, time.Now())
	if err != nil {
		return fs.usageErr("%s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	q := sel.Query
	if q.GroupBy, err = store.ParseACSDimensions(p.By); err != nil {
		return fs.usageErr("--by: %v", err)
	}
	if err := q.Validate(); err != nil {
		return fs.usageErr("%s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	if p.By != "" {
		var rows *wire.ACSRows
		if rem.on() {
			cl, derr := rem.dial(fs, &c)
			if derr != nil {
				return derr
			}
			rows, err = cl.ACSRows(ctx, acsParams(q, p.By, sel.Filters))
		} else {
			st, oerr := rem.open(ctx, &c)
			if oerr != nil {
				return oerr
			}
			defer closeStore(st, &err)
			rows, err = acsreport.Rows(ctx, st, q)
		}
		if err != nil {
			return err
		}
		switch {
		case c.asJSON:
			return writeIndentedJSON(cx, rows)
		case *asCSV:
			return console.WriteACSCSV(cx.stdout, rows.Table(true))
		}
		return console.WriteACSTable(cx.stdout, rows.Table(false))
	}
	var rep *wire.ACSReport
	if rem.on() {
		cl, derr := rem.dial(fs, &c)
		if derr != nil {
			return derr
		}
		rep, err = cl.ACSReport(ctx, acsParams(q, "", sel.Filters))
	} else {
		st, oerr := rem.open(ctx, &c)
		if oerr != nil {
			return oerr
		}
		defer closeStore(st, &err)
		rep, err = acsreport.Build(ctx, st, sel, time.Now())
	}
	if err != nil {
		return err
	}
	switch {
	case c.asJSON:
		return writeIndentedJSON(cx, rep)
	case *asCSV:
		t, err := rep.Section(*section, true)
		if err != nil {
			return err
		}
		return console.WriteACSCSV(cx.stdout, t)
	case *section != "":
		return console.WriteACSReport(cx.stdout, rep, *section)
	}
	return console.WriteACSReport(cx.stdout, rep)
}

// acsParams writes a selection as the API's parameters, the window as
// explicit times so that both clocks agree.
func acsParams(q store.ACSQuery, by string, filters []string) cqd.Params {
	p := cqd.Params{By: by, Filters: filters}
	if !q.Since.IsZero() {
		p.Since = q.Since.UTC().Format(time.RFC3339Nano)
	}
	if !q.Until.IsZero() {
		p.Until = q.Until.UTC().Format(time.RFC3339Nano)
	}
	return p
}
