package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
)

func runIngest(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "ingest", "PATH… (files, folders, .gz, or - for standard input)", &c)
	quarantine := fs.String("quarantine", "", "copy rejected input into this folder")
	rem := addRemoteFlags(fs, "send the files to", "an admin API token", "")
	rules := rulesFlag(fs)
	maxRecord := fs.Int("max-record-bytes", ingest.DefaultMaxRecordBytes, "largest record to read; a larger one is rejected with its file, line and size, the rest stored")
	storeMemory := fs.String("store-memory", ingestStoreMemory, "memory bound of the embedded store's engine while ingesting (DuckDB notation: 128MB, 1GB)")
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if *maxRecord < 1024 {
		fmt.Fprintln(cx.stderr, "callscope ingest: --max-record-bytes must be at least 1024")
		return exitUsage
	}
	if err := checkStoreMemory(*storeMemory); err != nil {
		fmt.Fprintf(cx.stderr, "callscope ingest: %v\n", err)
		return exitUsage
	}
	defer boundGoMemory(cx)()
	if rem.on() {
		return ingestToServer(ctx, cx, fs, &c, rem, *quarantine)
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
	st, err := store.OpenWith(ctx, c.store, store.OpenOptions{MemoryLimit: *storeMemory})
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope ingest: %v\n", err)
		rem.hintLocked(cx, "ingest", err)
		return exitUsage
	}
	defer closeStore(cx, "ingest", st)

	opts := ingest.Options{Stdin: cx.stdin, Tenant: c.tenant, Quarantine: *quarantine, Logger: c.logger(cx), Prepare: engine.Judge,
		MaxRecordBytes: *maxRecord}
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
	return reportIngest(cx, &c, sum)
}

// reportIngest prints the summary and returns the exit code it calls for.
func reportIngest(cx *cmdContext, c *common, sum *ingest.Summary) int {
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
