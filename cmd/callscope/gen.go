package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/callscope/callscope/internal/gen"
)

func runGen(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "gen", "--out DIR", &c)
	seed := fs.Int64("seed", 1, "data set: the same seed and flags give the same files")
	users := fs.Int("users", 200, "people in the organization")
	days := fs.Int("days", 30, "days of calls, ending now")
	format := fs.String("format", gen.FormatBoth, "graph, acs or both")
	bytes := fs.Int64("bytes", 0, "stop after about this many bytes of Graph JSON, uncompressed (whole calls; 0: no limit)")
	gzip := fs.Bool("gzip", true, "gzip the Graph files (.jsonl.gz); --gzip=false writes plain JSON lines (.jsonl)")
	out := fs.String("out", "", "folder to write into (created if missing)")
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(cx.stderr, "callscope gen: give --out DIR and no other arguments")
		return exitUsage
	}
	res, err := gen.Generate(ctx, *out, gen.Options{Seed: *seed, Users: *users, Days: *days, Format: *format, Bytes: *bytes, Plain: !*gzip})
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope gen: %v\n", err)
		return exitUsage
	}
	if c.asJSON {
		b, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintln(cx.stdout, string(b))
		return exitOK
	}
	writeGenSummary(cx.stdout, res, *out)
	return exitOK
}

// writeGenSummary prints what was written and its shape, so that a
// benchmark's reader can see at a glance what the data was like.
func writeGenSummary(w io.Writer, res gen.Result, out string) {
	fmt.Fprintf(w, "%d calls, %d sessions, %d streams in %d files under %s, with %d buildings\n",
		res.Calls, res.Sessions, res.Streams, len(res.Files), out, res.Buildings)
	fmt.Fprintf(w, "Graph: %d records (every version), %d participants_v2 pages, %.1f MB of JSON; ACS: %d calls, %d log records, %.1f MB of JSON\n",
		res.RecordBytes.N, res.Pages, float64(res.GraphBytes)/1e6, res.ACSRows.N, int64(res.Records)-res.RecordBytes.N, float64(res.ACSBytes)/1e6)
	p := func(name string, d gen.Percentiles, unit func(int64) string) {
		fmt.Fprintf(w, "  %-28s p50 %-9s p90 %-9s p99 %-9s max %s\n", name, unit(d.P50), unit(d.P90), unit(d.P99), unit(d.Max))
	}
	count := func(v int64) string { return fmt.Sprint(v) }
	size := func(v int64) string {
		if v < 1000 {
			return fmt.Sprintf("%d B", v)
		}
		if v < 1000_000 {
			return fmt.Sprintf("%.1f KB", float64(v)/1e3)
		}
		return fmt.Sprintf("%.2f MB", float64(v)/1e6)
	}
	p("bytes per Graph record", res.RecordBytes, size)
	p("sessions per Graph record", res.RecordSessions, count)
	p("rows per ACS call", res.ACSRows, count)
}
