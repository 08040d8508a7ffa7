package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/collect"
	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/msgraph"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
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
	// PutOffRecords names them: why, and when each is tried again.
	PutOffRecords []putOffRecord `json:"putOffRecords,omitempty"`
	// UsageRows counts the PSTN and direct-routing log rows read.
	UsageRows int `json:"usageRows"`
	Days      int `json:"days"`     // the window
	Attempts  int `json:"attempts"` // fetches tried, failed ones included
}

func runSync(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("sync", &c)
	gf := addGraphFlags(fs.FlagSet)
	days := fs.Int("days", 30, "how many days back to read (Graph keeps call records 30 days)")
	rules := rulesFlag(fs)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	if *days < 1 || *days > 30 {
		return fs.usageErr("--days must be 1 to 30 (Graph keeps call records 30 days)")
	}
	logger := c.logger(cx)
	cfg, err := gf.config(logger)
	if err != nil {
		return fs.usageErr("%v", err)
	}
	engine, err := quality.New(quality.Options{CQDRules: *rules})
	if err != nil {
		return fs.usageErr("%v", err)
	}
	client, err := msgraph.New(cfg)
	if err == nil {
		// Sign-in and permission mistakes are said once, before any work.
		err = client.CheckAccess(ctx)
	}
	if err != nil {
		return err
	}
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)

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
			return err
		}
	}
	causes := map[string]error{} // record → why this run put it off
	wk := &collect.Worker{Queue: st, Fetchers: map[string]collect.Fetcher{c.tenant: client}, Judge: engine.Judge,
		Policy: collect.DefaultPolicy, Logger: logger,
		PutOff: func(p store.PendingFetch, _ time.Time, cause error) { causes[p.RecordID] = cause }}
	// Fetch what is due now until nothing is, or a pass fetches nothing
	// (what failed is put off, and may fall due again while a long sync
	// runs: it is left for the next run then).
	for {
		before, _ := st.PendingFetchCount(ctx, c.tenant)
		n, err := wk.RunOnce(ctx)
		if err != nil {
			return err
		}
		after, _ := st.PendingFetchCount(ctx, c.tenant)
		sum.Attempts += n
		sum.Fetched += before - after
		if n == 0 || after >= before {
			break
		}
	}
	sum.PutOffRecords, err = putOffRecords(ctx, st, c.tenant, causes, now, collect.DefaultPolicy)
	if err != nil {
		return err
	}
	sum.PutOff = len(sum.PutOffRecords)
	// The PSTN and direct-routing logs of the same days, whole days only.
	usage := &collect.UsageCollector{Store: st, Logger: logger}
	day := now.Truncate(syncDay)
	ures, err := usage.Collect(ctx, c.tenant, client, day.Add(-time.Duration(*days)*syncDay), day)
	sum.UsageRows = ures.PSTN.Listed + ures.DirectRouting.Listed
	if err != nil {
		return err
	}
	if c.asJSON {
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(cx.stdout, "%d call records listed over %d days: %d already stored, %d fetched", sum.Listed, sum.Days, sum.Current, sum.Fetched)
		if sum.PutOff > 0 {
			fmt.Fprintf(cx.stdout, ", %d put off (fetched by the next sync, or by serve)", sum.PutOff)
		}
		fmt.Fprintf(cx.stdout, "; %d PSTN and direct-routing log rows read\n", sum.UsageRows)
		for _, r := range sum.PutOffRecords {
			fmt.Fprintf(cx.stdout, "  record %s: %s; tried again from %s\n", r.ID, r.Reason, r.Retry.Local().Format(time.DateTime))
		}
	}
	// A record Graph lists but does not serve yet is Graph's usual delay,
	// not a failure of this sync.
	failed := 0
	for _, r := range sum.PutOffRecords {
		if !r.NotServedYet {
			failed++
		}
	}
	if failed > 0 {
		return rejected("%s could not be fetched (listed above); everything else was stored", console.Plural(failed, "record"))
	}
	return nil
}

// putOffRecord is a record left in the queue.
type putOffRecord struct {
	ID     string    `json:"id"`
	Reason string    `json:"reason"`
	Retry  time.Time `json:"retry"`
	// NotServedYet: Graph lists the record but does not serve it yet.
	NotServedYet bool `json:"notServedYet"`
}

// putOffRecords lists the tenant's records still in the queue after a
// sync, with why each was put off: this run's failure when it tried the
// record, else the one stored by an earlier run or by serve.
func putOffRecords(ctx context.Context, st store.Store, tenant string, causes map[string]error, now time.Time, policy collect.Policy) ([]putOffRecord, error) {
	const horizon = 31 * syncDay // past any retry wait: every pending record
	pending, err := st.DueFetches(ctx, now.Add(horizon), 10_000)
	if err != nil {
		return nil, fmt.Errorf("list the records put off: %w", err)
	}
	var out []putOffRecord
	for _, p := range pending {
		if p.Tenant != tenant {
			continue
		}
		r := putOffRecord{ID: p.RecordID, Reason: p.LastError, Retry: p.Due}
		if cause, ok := causes[p.RecordID]; ok {
			r.Reason = cause.Error()
			if errors.Is(cause, msgraph.ErrNotFound) {
				r.NotServedYet = true
				r.Reason = fmt.Sprintf("Graph lists it but does not serve it yet, as happens for a while after a call ends; asked for until %s",
					p.FirstNoted.Add(policy.NotYetMade).Local().Format(time.DateTime))
			}
		}
		if r.Reason == "" {
			r.Reason = "not fetched yet"
		}
		out = append(out, r)
	}
	return out, nil
}
