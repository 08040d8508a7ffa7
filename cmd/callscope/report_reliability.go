package main

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/report"
)

// reliabilityReportCommand is `report reliability`.
func reliabilityReportCommand() *command {
	return &command{name: "report reliability", run: runReliabilityReport,
		summary: "call setup failures and drops: totals, why, and by client version, building, network…",
		about: "Prints the Call Quality Dashboard's reliability report of the window and filters: setup failures and drops " +
			"against the window before, the top failure reasons (Graph's failure reason, ACS end codes explained), and the " +
			"worst client versions, buildings, networks, subnets, platforms, user agents, media and sources. With --by, one " +
			"breakdown, every value (--csv for a file). GET /api/v1/failed-calls lists the calls behind a row.",
		examples: []string{
			"callscope report reliability --days 7",
			"callscope report reliability --by clientVersion --filter source=acs --csv > versions.csv",
			"callscope report reliability --server http://127.0.0.1:8080 --json",
		}}
}

// runReliabilityReport prints the reliability report, from the store or
// through a server's dashboard API, with the same numbers.
func runReliabilityReport(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("report reliability", &c)
	var p cqd.Params
	addFilterFlags(fs, &p)
	by := fs.String("by", "", "one breakdown, every value: a dimension (clientVersion, building, subnet, failureReason, …)")
	top := fs.Int("top", report.DefaultTop, "the worst values of each breakdown, and the top reasons")
	minStreams := fs.Int("min-streams", report.DefaultMinStreams, "rank only values of at least this many streams")
	asCSV := fs.Bool("csv", false, "with --by: write the breakdown as CSV")
	rem := addReadFlags(fs)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	if *top < 1 || *minStreams < 0 {
		return fs.usageErr("--top must be at least 1 and --min-streams not negative")
	}
	if *asCSV && *by == "" {
		return fs.usageErr("--csv writes one breakdown: give --by too")
	}
	now := time.Now()
	if p.Days == 0 && p.Since == "" {
		p.Days = report.DefaultDays
	}
	q, err := p.Query(c.tenant, now)
	if err != nil {
		return fs.usageErr("%s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	if q.Personal() {
		return fs.usageErr("the reliability report is not filtered by access point")
	}
	d, err := openDashboard(ctx, fs, &c, rem)
	if err != nil {
		return err
	}
	defer d.close(&err)
	agg := dashboardAggregator{d}
	if *by != "" {
		dim, err := cqd.ParseDimension(*by)
		if err != nil || dim.Personal() {
			return fs.usageErr("--by: want a dimension other than bssid (callscope cqd --list)")
		}
		q.GroupBy, q.MinStreams = []cqd.Dimension{dim}, *minStreams
		b, err := report.BreakdownOf(ctx, agg, q, 0)
		if err != nil {
			return err
		}
		switch {
		case c.asJSON:
			return writeIndentedJSON(cx, b)
		case *asCSV:
			return console.WriteBreakdownCSV(cx.stdout, b)
		}
		return console.WriteBreakdown(cx.stdout, b)
	}
	rep, err := report.ReliabilityOf(ctx, agg, q, now, *top, *minStreams)
	if err != nil {
		return err
	}
	if c.asJSON {
		return writeIndentedJSON(cx, rep)
	}
	return console.WriteReliability(cx.stdout, rep)
}

// dashboardAggregator asks a dashboard (the store, or a server) the
// queries of a report; through a server, each query goes as the API's
// parameters, the window as explicit times so that both clocks agree.
type dashboardAggregator struct{ d dashboard }

func (a dashboardAggregator) Aggregate(ctx context.Context, q cqd.Query) (*cqd.Result, error) {
	return a.d.aggregate(ctx, paramsOf(q), q)
}

// paramsOf writes q as the API's parameters.
func paramsOf(q cqd.Query) cqd.Params {
	p := cqd.Params{MinStreams: q.MinStreams, Top: q.Limit, Order: string(q.OrderBy), Ascending: q.Ascending}
	names := func(n int, at func(int) string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = at(i)
		}
		return strings.Join(parts, ",")
	}
	p.By = names(len(q.GroupBy), func(i int) string { return string(q.GroupBy[i]) })
	p.Measures = names(len(q.Measures), func(i int) string { return string(q.Measures[i]) })
	for _, f := range q.Filters {
		p.Filters = append(p.Filters, f.String())
	}
	if !q.Since.IsZero() {
		p.Since = q.Since.UTC().Format(time.RFC3339Nano)
	}
	if !q.Until.IsZero() {
		p.Until = q.Until.UTC().Format(time.RFC3339Nano)
	}
	return p
}

// writeIndentedJSON prints v as indented JSON.
func writeIndentedJSON(cx *cmdContext, v any) error {
	enc := json.NewEncoder(cx.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return errors.New("write JSON: " + err.Error())
	}
	return nil
}
