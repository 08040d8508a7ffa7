package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/callscope/callscope/internal/store"
)

// storeCopy copies a store whole into an empty one, embedded or
// PostgreSQL, either way, and checks the counts.
func storeCopy(ctx context.Context, cx *cmdContext, args []string) (err error) {
	fs := newBareFlagSet("store copy")
	from := fs.String("from", "", "the store to copy: a file path (embedded store) or postgres://…")
	to := fs.String("to", "", "an empty store to copy into: a file path or postgres://…")
	asJSON := fs.Bool("json", false, "print what was copied as JSON")
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		return fs.usageErr("give --from STORE and --to STORE, and nothing else")
	}
	if *from == *to {
		return fs.usageErr("--from and --to name the same store")
	}
	src, err := store.Open(ctx, *from)
	if err != nil {
		return err
	}
	defer closeStore(src, &err)
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer closeStore(dst, &err)
	res, err := store.Copy(ctx, src, dst, func(what string) { fmt.Fprintf(cx.stderr, "copying %s\n", what) })
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	_, err = fmt.Fprintf(cx.stdout, "copied %d calls (%d sessions, %d streams), %d ACS records, %d usage rows, %d tokens, %d audit entries, %d settings, %d building files and %d pending fetches; both stores count the same\n",
		res.Calls, res.Stats.Sessions, res.Stats.Streams, res.ACSRecords, res.UsageRows, res.Tokens, res.AuditEntries, res.Settings, res.BuildingFiles, res.PendingFetches)
	return err
}

// storeGrantReader lets a database role read the store's reporting
// views, for BI tools, and nothing else.
func storeGrantReader(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSetWithoutTenant("store grant-reader", &c)
	role := fs.String("role", "", "an existing database role (made by the database's administrator, with its login)")
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*role) == "" {
		return fs.usageErr("--role is required")
	}
	if !strings.Contains(c.store, "://") {
		// Opening a file path would make an embedded store there.
		return fs.usageErr("%s is an embedded store, which BI tools do not read; give --store postgres://…", c.store)
	}
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	g, ok := st.(store.ReaderGranter)
	if !ok {
		return fmt.Errorf("%s: %w; BI tools read a PostgreSQL store (--store postgres://…)", c.store, errors.ErrUnsupported)
	}
	if err := g.GrantReader(ctx, *role); err != nil {
		return err
	}
	_, err = fmt.Fprintf(cx.stdout, "role %s may now read the views bi_calls, bi_stream_facts, bi_stream_rollup, bi_stream_rollup_network, bi_stream_rollup_device and bi_buildings, and nothing else of the store\n", *role)
	return err
}
