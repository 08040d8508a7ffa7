package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/callscope/callscope/internal/building"
	"github.com/callscope/callscope/internal/console"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// buildingsImport checks a CQD building file and makes it the tenant's
// active one. A file with problems is refused whole, every problem
// printed with its line, and exits 1; the active file stays.
func buildingsImport(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("buildings import", &c)
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fs.usageErr("give one building file")
	}
	name := fs.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	m, err := building.Parse(f, name)
	var bad *building.Error
	if errors.As(err, &bad) {
		return rejected("%s\n%s refused; the active building file is unchanged", bad.Error(), name)
	}
	if err != nil {
		return err
	}
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	rows := m.All()
	if err := st.ReplaceBuildings(ctx, c.tenant, rows, time.Time{}); err != nil {
		return err
	}
	var subnets uint64
	for _, b := range rows {
		subnets += b.ExpandedRows()
	}
	_, err = fmt.Fprintf(cx.stdout, "%s: %s, %s: the building file of tenant %s\n", name,
		console.Plural(len(rows), "row"), console.Plural(int(subnets), "subnet"), c.tenant)
	return err
}

// buildingsExport prints the active building file in CQD's format, to
// edit and import again.
func buildingsExport(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("buildings export", &c)
	rem := addRemoteFlags(fs, readVerb, "an admin API token", "")
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	if rem.on() {
		cl, err := rem.dial(fs, &c)
		if err != nil {
			return err
		}
		return cl.ExportBuildings(ctx, cx.stdout)
	}
	st, err := rem.open(ctx, &c)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	var rows []model.Building
	if rows, _, err = st.Buildings(ctx, c.tenant); err != nil {
		return err
	}
	return building.Write(cx.stdout, rows)
}

// buildingsMissing prints CQD's missing-subnet report.
func buildingsMissing(ctx context.Context, cx *cmdContext, args []string) (err error) {
	var c common
	fs := newFlagSet("buildings missing", &c)
	days := fs.Int("days", 30, "streams of calls of the last N days")
	minStreams := fs.Int("min-streams", store.DefaultMissingSubnetStreams, "list subnets with at least this many audio streams")
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	if *days < 1 {
		return fs.usageErr("--days must be at least 1")
	}
	st, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer closeStore(st, &err)
	found, err := st.MissingSubnets(ctx, store.MissingSubnetQuery{Tenant: c.tenant,
		Since: time.Now().Add(-time.Duration(*days) * 24 * time.Hour), MinStreams: *minStreams})
	if err != nil {
		return err
	}
	if c.asJSON {
		if found == nil {
			found = []store.SubnetCount{}
		}
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(found)
	}
	if len(found) == 0 {
		_, err := fmt.Fprintf(cx.stdout, "every subnet with %s or more in the last %s is in the building file\n",
			console.Plural(*minStreams, "audio stream"), console.Plural(*days, "day"))
		return err
	}
	return console.WriteMissingSubnets(cx.stdout, found)
}
