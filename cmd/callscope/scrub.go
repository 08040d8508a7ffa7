package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"

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

func runScrub(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "scrub", "", &c)
	rf := addRetentionFlags(fs)
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(cx.stderr, "callscope scrub: unexpected arguments")
		return exitUsage
	}
	policy, err := rf.policy()
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope scrub: %v\n", err)
		return exitUsage
	}
	st, ok := c.open(ctx, cx, "scrub")
	if !ok {
		return exitUsage
	}
	defer closeStore(cx, "scrub", st)
	s := &privacy.Scrubber{Store: st, Policy: policy, Logger: c.logger(cx)}
	res, err := s.Run(ctx)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope scrub: %v\n", err)
		return exitUsage
	}
	if c.asJSON {
		b, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintln(cx.stdout, string(b))
		return exitOK
	}
	fmt.Fprintf(cx.stdout, "personal data cleared from %d calls, %d ACS records, %d usage rows; %d calls and %d audit entries past retention deleted\n",
		res.CallsCleared, res.ACSRecordsCleared, res.UsageRowsCleared, res.CallsDeleted, res.AuditEntriesPurged)
	if cr := res.Compaction; cr != nil {
		fmt.Fprintf(cx.stdout, "store files rewritten without what was removed: %.1f MB → %.1f MB in %s (reads paused %s)\n",
			float64(cr.BytesBefore)/1e6, float64(cr.BytesAfter)/1e6, cr.Duration.Round(time.Millisecond), cr.Swap.Round(time.Millisecond))
	}
	return exitOK
}
