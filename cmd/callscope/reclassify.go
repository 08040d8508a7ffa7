package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/reclassify"
)

func runReclassify(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "reclassify", "", &c)
	all := fs.Bool("all-tenants", true, "judge the calls of every tenant (false: only --tenant)")
	rules := rulesFlag(fs)
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(cx.stderr, "callscope reclassify: unexpected arguments")
		return exitUsage
	}
	engine, err := quality.New(quality.Options{CQDRules: *rules})
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope reclassify: %v\n", err)
		return exitUsage
	}
	st, ok := c.open(ctx, cx, "reclassify")
	if !ok {
		return exitUsage
	}
	defer closeStore(cx, "reclassify", st)
	var tenants []string
	if !*all {
		tenants = []string{c.tenant}
	}
	sum, err := reclassify.Run(ctx, st, engine, tenants, nil)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope reclassify: %v\n", err)
		return exitUsage
	}
	if c.asJSON {
		out := struct {
			Rules string `json:"rules"`
			reclassify.Summary
		}{engine.Rules(), sum}
		b, _ := json.MarshalIndent(out, "", "  ")
		fmt.Fprintln(cx.stdout, string(b))
		return exitOK
	}
	fmt.Fprintf(cx.stdout, "rules %s: %d calls of %d tenants judged, %d with new verdicts, %d unchanged\n",
		engine.Rules(), sum.Calls, sum.Tenants, sum.Rewritten, sum.Unchanged)
	return exitOK
}
