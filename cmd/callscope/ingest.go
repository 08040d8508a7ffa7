package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/quality"
)

func runIngest(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "ingest", "PATH… (files, folders, .gz, or - for standard input)", &c)
	quarantine := fs.String("quarantine", "", "copy rejected input into this folder")
	rules := rulesFlag(fs)
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	engine, err := quality.New(quality.Options{CQDRules: *rules})
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope ingest: %v\n", err)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(cx.stderr, "callscope ingest: no input: give files, folders or - for standard input")
		fs.Usage()
		return exitUsage
	}
	st, ok := c.open(ctx, cx, "ingest")
	if !ok {
		return exitUsage
	}
	defer closeStore(cx, "ingest", st)

	opts := ingest.Options{Stdin: cx.stdin, Tenant: c.tenant, Quarantine: *quarantine, Logger: c.logger(cx), Prepare: engine.Judge}
	var bar *progressbar.ProgressBar
	if cx.stderrIsTerminal && !c.asJSON {
		bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(cx.stderr),
			progressbar.OptionSetDescription("ingesting"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("records"),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		opts.Progress = func(n int) { bar.Set(n) }
	}
	sum, err := ingest.Run(ctx, st, fs.Args(), opts)
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope ingest: %v\n", err)
		if sum != nil {
			fmt.Fprintf(cx.stderr, "callscope ingest: %d records were stored before the error\n", sum.Records)
		}
		return exitUsage
	}
	if c.asJSON {
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sum); err != nil {
			fmt.Fprintf(cx.stderr, "callscope ingest: %v\n", err)
			return exitUsage
		}
	} else {
		sum.WriteText(cx.stdout)
	}
	if len(sum.Rejected) > 0 {
		return exitRejected
	}
	return exitOK
}
