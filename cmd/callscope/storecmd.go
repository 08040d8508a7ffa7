package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/callscope/callscope/internal/store"
)

func runStore(ctx context.Context, cx *cmdContext, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(cx.stderr, "usage: callscope store grant-reader [flags]")
		return exitUsage
	}
	switch args[0] {
	case "grant-reader":
		return storeGrantReader(ctx, cx, args[1:])
	}
	fmt.Fprintf(cx.stderr, "callscope store: unknown subcommand %q: want grant-reader\n", args[0])
	return exitUsage
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
	fmt.Fprintf(cx.stdout, "role %s may now read the views bi_calls, bi_stream_facts, bi_stream_rollup, bi_stream_rollup_network and bi_buildings, and nothing else of the store\n", *role)
	return exitOK
}
