package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
)

func runIngest(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("ingest", &c)
	quarantine := fs.String("quarantine", "", "copy rejected input into this folder")
	rem := addRemoteFlags(fs, "send the files to", "an admin API token", "")
	rules := rulesFlag(fs)
	maxRecord := fs.Int("max-record-bytes", ingest.DefaultMaxRecordBytes, "largest record to read; a larger one is rejected with its file, line and size, the rest stored")
	storeMemory := fs.String("store-memory", ingestStoreMemory, "memory bound of the embedded store's engine while ingesting (DuckDB notation: 128MB, 1GB)")
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if *maxRecord < 1024 {
		return fs.usageErr("--max-record-bytes must be at least 1024")
	}
	if err := checkStoreMemory(*storeMemory); err != nil {
		return fs.usageErr("%v", err)
	}
	if fs.NArg() == 0 {
		return fs.usageErr("no input: give files, folders or - for standard input")
	}
	defer boundGoMemory(cx)()
	if rem.on() {
		return ingestToServer(ctx, cx, fs, &c, rem, *quarantine)
	}
	engine, err := quality.New(quality.Options{CQDRules: *rules})
	if err != nil {
		return fs.usageErr("%v", err)
	}
	st, err := store.OpenWith(ctx, c.store, store.OpenOptions{MemoryLimit: *storeMemory})
	if err != nil {
		return rem.hintLocked(err)
	}
	defer closeStore(st, &err)

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
		if sum != nil {
			return fmt.Errorf("%w\n%s stored before the error", err, console.Plural(sum.Records, "record was", "records were"))
		}
		return err
	}
	return reportIngest(cx, &c, sum)
}

// reportIngest prints the summary; a rejected record makes it an
// error of exit code 1.
func reportIngest(cx *cmdContext, c *common, sum *ingest.Summary) error {
	if c.asJSON {
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		sum.WriteText(cx.stdout)
	}
	if n := len(sum.Rejected); n > 0 {
		return rejected("%s rejected (listed in the summary); everything else was stored", console.Plural(n, "record or file", "records or files"))
	}
	return nil
}
