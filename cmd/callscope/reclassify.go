package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/reclassify"
)

func runReclassify(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("reclassify", &c)
	all := fs.Bool("all-tenants", true, "judge the calls of every tenant (false: only --tenant)")
	rewrite := fs.Bool("rewrite-all", false, "write every call again, its verdicts changed or not: after an upgrade, so that calls stored before have what callscope now keeps beside them (each person's own verdict)")
	rules := rulesFlag(fs)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	engine, err := quality.New(quality.Options{CQDRules: *rules})
	if err != nil {
		return fs.usageErr("%v", err)
	}
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	var tenants []string
	if !*all {
		tenants = []string{c.tenant}
	}
	runner := reclassify.Run
	if *rewrite {
		runner = reclassify.RunAll
	}
	sum, err := runner(ctx, st, engine, tenants, nil)
	if err != nil {
		return err
	}
	if c.asJSON {
		out := struct {
			Rules string `json:"rules"`
			reclassify.Summary
		}{engine.Rules(), sum}
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	_, err = fmt.Fprintf(cx.stdout, "rules %s: %s of %s judged, %d with new verdicts, %d unchanged\n",
		engine.Rules(), console.Plural(sum.Calls, "call"), console.Plural(sum.Tenants, "tenant"), sum.Rewritten-rewrittenUnchanged(sum, *rewrite), sum.Unchanged)
	return err
}

// rewrittenUnchanged is how many of the calls written had the same
// verdicts: with --rewrite-all, every unchanged call is written too.
func rewrittenUnchanged(sum reclassify.Summary, all bool) int {
	if all {
		return sum.Unchanged
	}
	return 0
}
