package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/privacy"
)

// retentionFlags are the retention settings serve and scrub share.
type retentionFlags struct {
	euiiDays, keepDays, auditDays int
}

func addRetentionFlags(fs *flag.FlagSet) *retentionFlags {
	r := &retentionFlags{}
	def := privacy.DefaultPolicy()
	fs.IntVar(&r.euiiDays, "euii-days", int(def.EUIIAfter/privacy.Day), "clear personal data of calls older than this many days")
	fs.IntVar(&r.keepDays, "keep-days", int(def.KeepCalls/privacy.Day), "delete calls older than this many days (0: keep forever)")
	fs.IntVar(&r.auditDays, "audit-days", int(def.KeepAudit/privacy.Day), "delete audit entries older than this many days (0: keep forever)")
	return r
}

func (r *retentionFlags) policy() (privacy.Policy, error) {
	p := privacy.Policy{
		EUIIAfter: time.Duration(r.euiiDays) * privacy.Day,
		KeepCalls: time.Duration(r.keepDays) * privacy.Day,
		KeepAudit: time.Duration(r.auditDays) * privacy.Day,
	}
	return p, p.Validate()
}

func runScrub(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("scrub", &c)
	rf := addRetentionFlags(fs.FlagSet)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	policy, err := rf.policy()
	if err != nil {
		return fs.usageErr("%v", err)
	}
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	s := &privacy.Scrubber{Store: st, Policy: policy, Logger: c.logger(cx)}
	res, err := s.Run(ctx)
	if err != nil {
		return err
	}
	if c.asJSON {
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Fprintf(cx.stdout, "personal data cleared from %s, %s, %s; %s and %s past retention deleted\n",
		console.Plural(res.CallsCleared, "call"), console.Plural(res.ACSRecordsCleared, "ACS record"), console.Plural(res.UsageRowsCleared, "usage row"),
		console.Plural(res.CallsDeleted, "call"), console.Plural(res.AuditEntriesPurged, "audit entry", "audit entries"))
	if cr := res.Compaction; cr != nil {
		fmt.Fprintf(cx.stdout, "store files rewritten without what was removed: %.1f MB → %.1f MB in %s (reads paused %s)\n",
			float64(cr.BytesBefore)/1e6, float64(cr.BytesAfter)/1e6, cr.Duration.Round(time.Millisecond), cr.Swap.Round(time.Millisecond))
	}
	return nil
}
