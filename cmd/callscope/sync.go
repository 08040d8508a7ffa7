package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/collect"
	"github.com/callscope/callscope/internal/msgraph"
	"github.com/callscope/callscope/internal/quality"
)

// syncDay is the length of the windows a backfill lists at a time, so
// that each listing stays short and its progress shows.
const syncDay = 24 * time.Hour

// syncSummary is what sync prints.
type syncSummary struct {
	Listed  int `json:"listed"`  // records Graph listed in the window
	Current int `json:"current"` // already stored in that version
	Fetched int `json:"fetched"` // fetched and stored now
	PutOff  int `json:"putOff"`  // failed, left in the queue for a later run or the server
	// UsageRows counts the PSTN and direct-routing log rows read.
	UsageRows int `json:"usageRows"`
	Days      int `json:"days"`     // the window
	Attempts  int `json:"attempts"` // fetches tried, failed ones included
}

func runSync(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "sync", "", &c)
	gf := addGraphFlags(fs)
	days := fs.Int("days", 30, "how many days back to read (Graph keeps call records 30 days)")
	rules := rulesFlag(fs)
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(cx.stderr, "callscope sync: unexpected arguments")
		return exitUsage
	}
	if *days < 1 || *days > 30 {
		fmt.Fprintln(cx.stderr, "callscope sync: --days must be 1 to 30 (Graph keeps call records 30 days)")
		return exitUsage
	}
	logger := c.logger(cx)
	cfg, err := gf.config(logger)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope sync: %v\n", err)
		return exitUsage
	}
	engine, err := quality.New(quality.Options{CQDRules: *rules})
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope sync: %v\n", err)
		return exitUsage
	}
	client, err := msgraph.New(cfg)
	if err == nil {
		// Sign-in and permission mistakes are said once, before any work.
		err = client.CheckAccess(ctx)
	}
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope sync: %v\n", err)
		return exitUsage
	}
	st, ok := c.open(ctx, cx, "sync")
	if !ok {
		return exitUsage
	}
	defer closeStore(cx, "sync", st)

	sum := syncSummary{Days: *days}
	now := time.Now().UTC()
	sweeper := &collect.Sweeper{Store: st, Logger: logger}
	for from := now.Add(-time.Duration(*days) * syncDay); from.Before(now); from = from.Add(syncDay) {
		to := from.Add(syncDay)
		if to.After(now) {
			to = now
		}
		res, err := sweeper.Sweep(ctx, c.tenant, client, from, to)
		sum.Listed, sum.Current = sum.Listed+res.Listed, sum.Current+res.Current
		if err != nil {
			fmt.Fprintf(cx.stderr, "callscope sync: %v\n", err)
			return exitUsage
		}
	}
	wk := &collect.Worker{Queue: st, Fetchers: map[string]collect.Fetcher{c.tenant: client}, Judge: engine.Judge,
		Policy: collect.DefaultPolicy, Logger: logger}
	// Fetch what is due now until nothing is, or a pass fetches nothing
	// (what failed is put off, and may fall due again while a long sync
	// runs: it is left for the next run then).
	for {
		before, _ := st.PendingFetchCount(ctx, c.tenant)
		n, err := wk.RunOnce(ctx)
		if err != nil {
			fmt.Fprintf(cx.stderr, "callscope sync: %v\n", err)
			return exitUsage
		}
		after, _ := st.PendingFetchCount(ctx, c.tenant)
		sum.Attempts += n
		sum.Fetched += before - after
		if n == 0 || after >= before {
			break
		}
	}
	sum.PutOff, _ = st.PendingFetchCount(ctx, c.tenant)
	// The PSTN and direct-routing logs of the same days, whole days only.
	usage := &collect.UsageCollector{Store: st, Logger: logger}
	day := now.Truncate(syncDay)
	ures, err := usage.Collect(ctx, c.tenant, client, day.Add(-time.Duration(*days)*syncDay), day)
	sum.UsageRows = ures.PSTN.Listed + ures.DirectRouting.Listed
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope sync: %v\n", err)
		return exitUsage
	}
	if c.asJSON {
		b, _ := json.MarshalIndent(sum, "", "  ")
		fmt.Fprintln(cx.stdout, string(b))
	} else {
		fmt.Fprintf(cx.stdout, "%d call records listed over %d days: %d already stored, %d fetched", sum.Listed, sum.Days, sum.Current, sum.Fetched)
		if sum.PutOff > 0 {
			fmt.Fprintf(cx.stdout, ", %d put off after failures (fetched by the next sync, or by serve)", sum.PutOff)
		}
		fmt.Fprintf(cx.stdout, "; %d PSTN and direct-routing log rows read\n", sum.UsageRows)
	}
	if sum.PutOff > 0 {
		return exitRejected
	}
	return exitOK
}
