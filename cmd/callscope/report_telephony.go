package main

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/client"
	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/telephony"
)

// pstnReportCommand is `report pstn`.
func pstnReportCommand() *command {
	return &command{name: "report pstn", run: runPSTNReport,
		summary: "PSTN and Direct Routing usage: calls, minutes and charges by user, number, country, call type…",
		about: "Prints the calls, minutes, success and charges of the PSTN and direct-routing usage rows (Graph's getPstnCalls " +
			"and getDirectRoutingCalls) of the window, grouped by --by (kind, user, number, country, callType, trunk, day, " +
			"finalSipCode, subReason, sipPhrase, success; up to three). Phone numbers are masked for every role. " +
			"GET /api/v1/reports/usage-rows lists the rows behind a group.",
		examples: []string{
			"callscope report pstn --by user --days 30 --order minutes",
			"callscope report pstn --by country,callType --filter kind=pstn --csv > usage.csv",
			"callscope report pstn --by number --server http://127.0.0.1:8080 --json",
		}}
}

// directRoutingReportCommand is `report direct-routing`.
func directRoutingReportCommand() *command {
	return &command{name: "report direct-routing", run: runDirectRoutingReport,
		summary: "Direct Routing health per SBC: attempts, success, NER, call duration, SIP codes",
		about: "Prints the Direct Routing health of the window, as the Teams admin center's health dashboard shows it: per SBC " +
			"the attempts, success rate, Network Effectiveness Ratio, average call duration, the change between the window's " +
			"halves (DEGRADING when the success rate fell 5 points or more) and the most frequent failure; the days; and " +
			"the final SIP codes with Microsoft's subcodes. --csv writes one table (--table sbcs, trend or sipCodes).",
		examples: []string{
			"callscope report direct-routing --days 7",
			"callscope report direct-routing --filter trunk=sbc1.contoso.com --csv --table trend",
		}}
}

// telephonyFlags are the flags both reports take.
type telephonyFlags struct {
	c     common
	p     telephony.Params
	csv   bool
	rem   *remote
	phone int
}

func addTelephonyFlags(fs *flagSet, f *telephonyFlags) {
	fs.Var((*stringList)(&f.p.Filters), "filter", "dimension=value|value…, repeatable (e.g. trunk=sbc1.contoso.com, kind=pstn, success=false)")
	fs.StringVar(&f.p.Since, "since", "", "calls that started at or after this date or time")
	fs.StringVar(&f.p.Until, "until", "", "calls that started before this date or time")
	fs.IntVar(&f.p.Days, "days", 0, "without --since: the days before --until, or today and the days before (default 30)")
	fs.BoolVar(&f.csv, "csv", false, "write CSV instead of a table")
	fs.IntVar(&f.phone, "phone-digits-masked", access.DefaultPhoneDigitsMasked, "trailing digits of phone numbers shown as * (with --server: the server's setting)")
	f.rem = addReadFlags(fs)
}

// parseTelephony reads the flags and the query they make.
func parseTelephony(cx *cmdContext, fs *flagSet, f *telephonyFlags, args []string) (store.UsageQuery, error) {
	if err := parse(cx, fs, args); err != nil {
		return store.UsageQuery{}, err
	}
	if fs.NArg() > 0 {
		return store.UsageQuery{}, fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	if f.csv && f.c.asJSON {
		return store.UsageQuery{}, fs.usageErr("--csv and --json: give one")
	}
	if f.rem.on() && f.phone != access.DefaultPhoneDigitsMasked {
		return store.UsageQuery{}, fs.usageErr("--phone-digits-masked cannot be honoured with --server: the server masks numbers as it is configured")
	}
	q, err := f.p.Query(f.c.tenant, time.Now())
	if err != nil {
		return store.UsageQuery{}, fs.usageErr("%s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	return q, nil
}

// telephonySource is where a report is read: the store, as an administrator
// would read it (numbers masked all the same), or a server's API.
type telephonySource struct {
	st store.Store
	cl *client.Client
}

func openTelephony(ctx context.Context, fs *flagSet, f *telephonyFlags) (telephonySource, error) {
	if f.rem.on() {
		cl, err := f.rem.dial(fs, &f.c)
		return telephonySource{cl: cl}, err
	}
	st, err := f.rem.open(ctx, &f.c)
	return telephonySource{st: st}, err
}

func (s telephonySource) close(err *error) {
	if s.st != nil {
		closeStore(s.st, err)
	}
}

func (s telephonySource) reporter(f *telephonyFlags) telephony.Reporter {
	return telephony.Reporter{Store: s.st, Policy: access.Policy{PhoneDigitsMasked: f.phone}, Link: telephony.RowsLink}
}

// runPSTNReport prints the PSTN usage report, from the store or through
// a server's API, with the same numbers.
func runPSTNReport(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var f telephonyFlags
	fs := newFlagSet("report pstn", &f.c)
	addTelephonyFlags(fs, &f)
	fs.StringVar(&f.p.By, "by", "", "group by these dimensions, comma-separated (without: the totals)")
	fs.StringVar(&f.p.Order, "order", "", "rank groups by "+strings.Join(telephony.Orders, ", ")+" (default calls), largest first")
	fs.BoolVar(&f.p.Ascending, "asc", false, "rank smallest first")
	fs.IntVar(&f.p.Top, "top", 0, "keep the first N groups (0: all)")
	q, err := parseTelephony(cx, fs, &f, args)
	if err != nil {
		return err
	}
	src, err := openTelephony(ctx, fs, &f)
	if err != nil {
		return err
	}
	defer src.close(&err)
	var rep *wire.UsageReport
	if src.cl != nil {
		rep, err = src.cl.PSTNReport(ctx, f.p)
	} else {
		rep, err = src.reporter(&f).Usage(ctx, q, telephony.Ranking{Order: f.p.Order, Ascending: f.p.Ascending, Top: f.p.Top})
	}
	if err != nil {
		return err
	}
	switch {
	case f.c.asJSON:
		return writeIndentedJSON(cx, rep)
	case f.csv:
		return telephony.UsageReportCSV(cx.stdout, rep)
	}
	return console.WriteUsageReport(cx.stdout, rep)
}

// runDirectRoutingReport prints the Direct Routing health report.
func runDirectRoutingReport(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var f telephonyFlags
	fs := newFlagSet("report direct-routing", &f.c)
	addTelephonyFlags(fs, &f)
	table := fs.String("table", telephony.TableSBCs, "with --csv: the table to write ("+strings.Join(telephony.HealthTables, ", ")+")")
	q, err := parseTelephony(cx, fs, &f, args)
	if err != nil {
		return err
	}
	if !slices.Contains(telephony.HealthTables, *table) {
		return fs.usageErr("--table: want one of %s", strings.Join(telephony.HealthTables, ", "))
	}
	src, err := openTelephony(ctx, fs, &f)
	if err != nil {
		return err
	}
	defer src.close(&err)
	var h *wire.DirectRoutingHealth
	if src.cl != nil {
		h, err = src.cl.DirectRouting(ctx, f.p)
	} else {
		h, err = src.reporter(&f).DirectRouting(ctx, q)
	}
	if err != nil {
		return err
	}
	switch {
	case f.c.asJSON:
		return writeIndentedJSON(cx, h)
	case f.csv:
		return telephony.DirectRoutingCSV(cx.stdout, h, *table)
	}
	return console.WriteDirectRouting(cx.stdout, h)
}
