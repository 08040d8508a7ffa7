package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
)

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, " ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// runCQD prints dashboard measures, as GET /api/v1/cqd gives them.
func runCQD(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("cqd", &c)
	var p cqd.Params
	fs.StringVar(&p.By, "by", "", "dimensions to group by, comma-separated (building, month, subnet, wifiBand, …)")
	fs.StringVar(&p.Measures, "measures", "", "measures, comma-separated (default: streams, good, poor, unclassified, poorPct and metric averages)")
	addFilterFlags(fs, &p)
	fs.StringVar(&p.Order, "order", "", "rank rows by this measure, largest first")
	fs.BoolVar(&p.Ascending, "asc", false, "rank smallest first")
	fs.IntVar(&p.Top, "limit", 0, "keep the first N rows (0: all)")
	fs.alias("top", "limit")
	fs.IntVar(&p.MinStreams, "min-streams", 0, "drop groups of fewer streams")
	list := fs.Bool("list", false, "list the dimensions and measures")
	format := fs.String("format", "", "write every row as a csv or parquet file instead of a table")
	facts := fs.Bool("facts", false, "with --format: the stream facts themselves, one row per stream, user ids and access points included (with --server: for the roles that see them)")
	fs.alias("streams", "facts")
	outPath := fs.String("out", "", "with --format: the file to write (default: standard output)")
	rem := addReadFlags(fs)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	if *list {
		_, err := fmt.Fprintf(cx.stdout, "dimensions: %s\nmeasures: %s\n", names(cqd.Dimensions()), names(cqd.Measures()))
		return err
	}
	q, err := p.Query(c.tenant, time.Now())
	if err != nil {
		return fs.usageErr("%s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	if *format == "" && (*facts || *outPath != "") {
		return fs.usageErr("--facts and --out need --format csv or parquet")
	}
	var f store.ExportFormat
	if *format != "" {
		if f, err = store.ParseExportFormat(*format); err != nil {
			return fs.usageErr("--format: %v", err)
		}
	}
	d, err := openDashboard(ctx, fs, &c, rem)
	if err != nil {
		return err
	}
	defer d.close(&err)
	if f != "" {
		return exportCQD(ctx, cx, d, p, q, f, *facts, *outPath)
	}
	res, err := d.aggregate(ctx, p, q)
	if err != nil {
		return err
	}
	if c.asJSON {
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res.Records())
	}
	var none console.NoMatch
	if console.NoStreams(res) {
		none = noMatch(ctx, d, "streams", p, c.tenant)
	}
	return console.WriteCQD(cx.stdout, res, none)
}

// noMatch says why a query found nothing: the values its filtered
// dimensions do have in the period, by the same query without filters.
func noMatch(ctx context.Context, d dashboard, what string, p cqd.Params, tenant string) console.NoMatch {
	n := console.NoMatch{What: what, Filters: p.Filters, Seen: map[string][]string{}}
	for _, f := range p.Filters {
		dim, _, _ := strings.Cut(f, "=")
		if _, done := n.Seen[dim]; done {
			continue
		}
		all := cqd.Params{By: dim, Measures: string(cqd.Streams), Since: p.Since, Until: p.Until, Days: p.Days}
		q, err := all.Query(tenant, time.Now())
		if err != nil {
			continue
		}
		res, err := d.aggregate(ctx, all, q)
		if err != nil {
			continue // the message stays without the values
		}
		seen := []string{}
		for _, row := range res.Rows {
			if len(row.Key) == 1 && row.Key[0] != nil {
				seen = append(seen, *row.Key[0])
			}
		}
		n.Seen[dim] = seen
	}
	return n
}

// exportCQD writes the query's rows, or its stream facts, as a file.
func exportCQD(ctx context.Context, cx *cmdContext, d dashboard, p cqd.Params, q cqd.Query, f store.ExportFormat, facts bool, path string) error {
	out := cx.stdout
	var file *os.File
	var err error
	if path != "" {
		if file, err = os.Create(path); err != nil {
			return err
		}
		out = file
	}
	err = d.export(ctx, p, q, f, facts, out)
	if file != nil {
		err = errors.Join(err, file.Close())
	}
	return err
}

// addFilterFlags adds the flags that select streams, shared by cqd and
// poor-calls.
func addFilterFlags(fs *flagSet, p *cqd.Params) {
	fs.Var((*stringList)(&p.Filters), "filter", "dimension=value|value…, repeatable (e.g. building=SEA-B1, connectionType=wifi)")
	fs.StringVar(&p.Since, "since", "", "calls that started at or after this date or time")
	fs.StringVar(&p.Until, "until", "", "calls that started before this date or time")
	fs.IntVar(&p.Days, "days", 0, "without --since: the days before --until or now (default 30)")
}

// runPoorCalls lists the organization's poor calls, newest first, as
// GET /api/v1/poor-calls does.
func runPoorCalls(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("poor-calls", &c)
	var p cqd.Params
	addFilterFlags(fs, &p)
	limit := fs.Int("limit", 50, "at most this many calls (0: all)")
	rem := addReadFlags(fs)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	q, err := p.Query(c.tenant, time.Now())
	if err == nil && *limit < 0 {
		err = errors.New("--limit must not be negative")
	}
	if err != nil {
		return fs.usageErr("%s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	d, err := openDashboard(ctx, fs, &c, rem)
	if err != nil {
		return err
	}
	defer d.close(&err)
	found, err := d.poorCalls(ctx, p, q, *limit)
	if err != nil {
		return err
	}
	if c.asJSON {
		if found == nil {
			found = []store.PoorCall{}
		}
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(found)
	}
	var none console.NoMatch
	if len(found) == 0 {
		none = noMatch(ctx, d, "poor calls", p, c.tenant)
	}
	return console.WritePoorCalls(cx.stdout, found, none)
}

func names[T ~string](vs []T) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = string(v)
	}
	return strings.Join(parts, ", ")
}
