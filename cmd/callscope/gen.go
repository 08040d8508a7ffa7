package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/callscope/callscope/internal/gen"
)

func runGen(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "gen", "--out DIR", &c)
	seed := fs.Int64("seed", 1, "data set: the same seed and flags give the same files")
	users := fs.Int("users", 200, "people in the organization")
	days := fs.Int("days", 30, "days of calls, ending now")
	format := fs.String("format", gen.FormatBoth, "graph, acs or both")
	out := fs.String("out", "", "folder to write into (created if missing)")
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(cx.stderr, "callscope gen: give --out DIR and no other arguments")
		return exitUsage
	}
	res, err := gen.Generate(ctx, *out, gen.Options{Seed: *seed, Users: *users, Days: *days, Format: *format})
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope gen: %v\n", err)
		return exitUsage
	}
	if c.asJSON {
		b, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintln(cx.stdout, string(b))
		return exitOK
	}
	fmt.Fprintf(cx.stdout, "%d calls, %d sessions, %d streams in %d files under %s, with %d buildings\n",
		res.Calls, res.Sessions, res.Streams, len(res.Files), *out, res.Buildings)
	return exitOK
}
