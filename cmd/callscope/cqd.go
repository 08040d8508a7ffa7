package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
)

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, " ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// runCQD prints dashboard measures, as GET /api/v1/cqd gives them.
func runCQD(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "cqd", "", &c)
	var p cqd.Params
	fs.StringVar(&p.By, "by", "", "dimensions to group by, comma-separated (building, month, subnet, wifiBand, …)")
	fs.StringVar(&p.Measures, "measures", "", "measures, comma-separated (default: streams, good, poor, unclassified, poorPct and metric averages)")
	addFilterFlags(fs, &p)
	fs.StringVar(&p.Order, "order", "", "rank rows by this measure, largest first")
	fs.BoolVar(&p.Ascending, "asc", false, "rank smallest first")
	fs.IntVar(&p.Top, "top", 0, "keep the first N rows")
	fs.IntVar(&p.MinStreams, "min-streams", 0, "drop groups of fewer streams")
	list := fs.Bool("list", false, "list the dimensions and measures")
	format := fs.String("format", "", "write every row as a csv or parquet file instead of a table")
	facts := fs.Bool("streams", false, "with --format: the stream facts themselves, one row per stream, user ids and access points included (with --server: for the roles that see them)")
	outPath := fs.String("out", "", "with --format: the file to write (default: standard output)")
	rem := addReadFlags(fs)
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if *list {
		fmt.Fprintf(cx.stdout, "dimensions: %s\nmeasures: %s\n", names(cqd.Dimensions()), names(cqd.Measures()))
		return exitOK
	}
	q, err := p.Query(c.tenant, time.Now())
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope cqd: %v\n", strings.ReplaceAll(err.Error(), "\n", "; "))
		return exitUsage
	}
	if *format == "" && (*facts || *outPath != "") {
		fmt.Fprintln(cx.stderr, "callscope cqd: --streams and --out need --format csv or parquet")
		return exitUsage
	}
	var f store.ExportFormat
	if *format != "" {
		if f, err = store.ParseExportFormat(*format); err != nil {
			fmt.Fprintf(cx.stderr, "callscope cqd: --format: %v\n", err)
			return exitUsage
		}
	}
	d, ok := openDashboard(ctx, cx, fs, &c, rem, "cqd")
	if !ok {
		return exitUsage
	}
	defer d.close()
	if f != "" {
		return exportCQD(ctx, cx, d, p, q, f, *facts, *outPath)
	}
	res, err := d.aggregate(ctx, p, q)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope cqd: %v\n", err)
		return exitUsage
	}
	if c.asJSON {
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res.Records()); err != nil {
			fmt.Fprintf(cx.stderr, "callscope cqd: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(cx.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	var head []string
	for _, d := range res.GroupBy {
		head = append(head, string(d))
	}
	for _, m := range res.Measures {
		head = append(head, string(m))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
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
			cells = append(cells, formatMeasure(res.Measures[i], v))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(cx.stderr, "callscope cqd: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// exportCQD writes the query's rows, or its stream facts, as a file.
func exportCQD(ctx context.Context, cx *cmdContext, d dashboard, p cqd.Params, q cqd.Query, f store.ExportFormat, facts bool, path string) int {
	out := cx.stdout
	var file *os.File
	var err error
	if path != "" {
		if file, err = os.Create(path); err != nil {
			fmt.Fprintf(cx.stderr, "callscope cqd: %v\n", err)
			return exitUsage
		}
		out = file
	}
	err = d.export(ctx, p, q, f, facts, out)
	if file != nil {
		err = errors.Join(err, file.Close())
	}
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope cqd: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// addFilterFlags adds the flags that select streams, shared by cqd and
// poor-calls.
func addFilterFlags(fs *flag.FlagSet, p *cqd.Params) {
	fs.Var((*stringList)(&p.Filters), "filter", "dimension=value|value…, repeatable (e.g. building=SEA-B1, connectionType=wifi)")
	fs.StringVar(&p.Since, "since", "", "calls that started at or after this date or time")
	fs.StringVar(&p.Until, "until", "", "calls that started before this date or time")
	fs.IntVar(&p.Days, "days", 0, "without --since: the days before --until or now (default 30)")
}

// runPoorCalls lists the organization's poor calls, newest first, as
// GET /api/v1/poor-calls does.
func runPoorCalls(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "poor-calls", "", &c)
	var p cqd.Params
	addFilterFlags(fs, &p)
	limit := fs.Int("limit", 50, "at most this many calls (0: all)")
	rem := addReadFlags(fs)
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	q, err := p.Query(c.tenant, time.Now())
	if err == nil && *limit < 0 {
		err = fmt.Errorf("limit: negative")
	}
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope poor-calls: %v\n", strings.ReplaceAll(err.Error(), "\n", "; "))
		return exitUsage
	}
	d, ok := openDashboard(ctx, cx, fs, &c, rem, "poor-calls")
	if !ok {
		return exitUsage
	}
	defer d.close()
	found, err := d.poorCalls(ctx, p, q, *limit)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope poor-calls: %v\n", err)
		return exitUsage
	}
	if c.asJSON {
		if found == nil {
			found = []store.PoorCall{}
		}
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(found); err != nil {
			fmt.Fprintf(cx.stderr, "callscope poor-calls: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(cx.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "START\tCALL\tTYPE\tRATING\tPOOR STREAMS\tPOOR DUE TO")
	for _, pc := range found {
		start := "-"
		if !pc.Start.IsZero() {
			start = pc.Start.Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d of %d\t%s\n", start, pc.ID, pc.Type, pc.Rating, pc.Poor, pc.Streams, strings.Join(pc.Reasons, ", "))
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(cx.stderr, "callscope poor-calls: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// formatMeasure writes counts whole, percentages and milliseconds to a
// tenth, ratios to four places.
func formatMeasure(m cqd.Measure, v *float64) string {
	if v == nil {
		return "-"
	}
	switch m {
	case cqd.Streams, cqd.Good, cqd.Poor, cqd.Unclassified, cqd.Calls, cqd.SetupFailures, cqd.Drops:
		return strconv.FormatFloat(*v, 'f', 0, 64)
	case cqd.AvgPacketLoss, cqd.P95PacketLoss, cqd.AvgConcealed, cqd.P95Concealed:
		return strconv.FormatFloat(*v, 'f', 4, 64)
	}
	return strconv.FormatFloat(*v, 'f', 1, 64)
}

func names[T ~string](vs []T) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = string(v)
	}
	return strings.Join(parts, ", ")
}
