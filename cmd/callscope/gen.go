package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/gen"
)

func runGen(ctx context.Context, cx *cmdContext, args []string) error {
	fs := newBareFlagSet("gen")
	asJSON := fs.Bool("json", false, "print what was written as JSON")
	seed := fs.Int64("seed", 1, "data set: the same seed and flags give the same files")
	users := fs.Int("users", 200, "people in the organization")
	days := fs.Int("days", 30, "days of calls, ending at --end")
	end := fs.String("end", "", "the end of the window, a date or time (default: now, to the hour); with it, the same seed and flags give the same files whenever they run")
	format := fs.String("format", gen.FormatBoth, "graph, acs or both")
	bytes := fs.Int64("bytes", 0, "stop after about this many bytes of Graph JSON, uncompressed (whole calls; 0: no limit)")
	gzip := fs.Bool("gzip", true, "gzip the Graph files (.jsonl.gz); --gzip=false writes plain JSON lines (.jsonl)")
	out := fs.String("out", "", "folder to write into (created if missing)")
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return fs.usageErr("give --out DIR and no other arguments")
	}
	var until time.Time
	if *end != "" {
		var err error
		if until, err = cqd.ParseTime("--end", *end); err != nil {
			return fs.usageErr("%v", err)
		}
	}
	res, err := gen.Generate(ctx, *out, gen.Options{Seed: *seed, Users: *users, Days: *days, End: until, Format: *format, Bytes: *bytes, Plain: !*gzip})
	if err != nil {
		return err
	}
	if *asJSON {
		b, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(cx.stdout, string(b))
		return err
	}
	if err := console.WriteGenSummary(cx.stdout, res, *out); err != nil {
		return err
	}
	_, err = fmt.Fprintf(cx.stdout, "Usage logs: %d PSTN and %d direct-routing rows; ACS: %d surveys, %d media statistics records\n",
		res.PSTNRows, res.DirectRoutingRows, res.Surveys, res.MediaStats)
	return err
}
