package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/callscope/callscope/internal/store"
)

func runStore(ctx context.Context, cx *cmdContext, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(cx.stderr, "usage: callscope store copy|grant-reader [flags]")
		return exitUsage
	}
	switch args[0] {
	case "copy":
		return storeCopy(ctx, cx, args[1:])
	case "grant-reader":
		return storeGrantReader(ctx, cx, args[1:])
	}
	fmt.Fprintf(cx.stderr, "callscope store: unknown subcommand %q: want copy or grant-reader\n", args[0])
	return exitUsage
}

// storeCopy copies a store whole into an empty one, embedded or
// PostgreSQL, either way, and checks the counts.
func storeCopy(ctx context.Context, cx *cmdContext, args []string) int {
	fs := flag.NewFlagSet("store copy", flag.ContinueOnError)
	fs.SetOutput(cx.stderr)
	from := fs.String("from", "", "the store to copy: a file path (embedded store) or postgres://…")
	to := fs.String("to", "", "an empty store to copy into: a file path or postgres://…")
	asJSON := fs.Bool("json", false, "print what was copied as JSON")
	fs.Usage = func() {
		fmt.Fprintln(cx.stderr, "usage: callscope store copy --from STORE --to STORE [--json]\n\nflags (each falls back to CALLSCOPE_<FLAG>):")
		fs.PrintDefaults()
	}
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		fs.Usage()
		return exitUsage
	}
	if *from == *to {
		fmt.Fprintln(cx.stderr, "callscope store copy: --from and --to name the same store")
		return exitUsage
	}
	src, err := store.Open(ctx, *from)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope store copy: %v\n", err)
		return exitUsage
	}
	defer closeStore(cx, "store copy", src)
	dst, err := store.Open(ctx, *to)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope store copy: %v\n", err)
		return exitUsage
	}
	defer closeStore(cx, "store copy", dst)
	res, err := store.Copy(ctx, src, dst, func(what string) { fmt.Fprintf(cx.stderr, "copying %s\n", what) })
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope store copy: %v\n", err)
		return exitUsage
	}
	if *asJSON {
		b, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintln(cx.stdout, string(b))
		return exitOK
	}
	fmt.Fprintf(cx.stdout, "copied %d calls (%d sessions, %d streams), %d ACS records, %d usage rows, %d tokens, %d audit entries, %d settings, %d building files and %d pending fetches; both stores count the same\n",
		res.Calls, res.Stats.Sessions, res.Stats.Streams, res.ACSRecords, res.UsageRows, res.Tokens, res.AuditEntries, res.Settings, res.BuildingFiles, res.PendingFetches)
	return exitOK
}

// storeGrantReader lets a database role read the store's reporting
// views, for BI tools, and nothing else.
func storeGrantReader(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSetWithoutTenant(cx, "store grant-reader", "--store postgres://… --role ROLE", &c)
	role := fs.String("role", "", "an existing database role (made by the database's administrator, with its login)")
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if strings.TrimSpace(*role) == "" {
		fmt.Fprintln(cx.stderr, "callscope store grant-reader: --role is required")
		return exitUsage
	}
	if !strings.Contains(c.store, "://") {
		// Opening a file path would make an embedded store there.
		fmt.Fprintf(cx.stderr, "callscope store grant-reader: %s is an embedded store, which BI tools do not read; give --store postgres://…\n", c.store)
		return exitUsage
	}
	st, ok := c.open(ctx, cx, "store grant-reader")
	if !ok {
		return exitUsage
	}
	defer closeStore(cx, "store grant-reader", st)
	g, ok := st.(store.ReaderGranter)
	if !ok {
		fmt.Fprintf(cx.stderr, "callscope store grant-reader: %s: %v; BI tools read a PostgreSQL store (--store postgres://…)\n", c.store, errors.ErrUnsupported)
		return exitUsage
	}
	if err := g.GrantReader(ctx, *role); err != nil {
		fmt.Fprintf(cx.stderr, "callscope store grant-reader: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(cx.stdout, "role %s may now read the views bi_calls, bi_stream_facts, bi_stream_rollup, bi_stream_rollup_network, bi_stream_rollup_device and bi_buildings, and nothing else of the store\n", *role)
	return exitOK
}
