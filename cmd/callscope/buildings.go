package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/callscope/callscope/internal/building"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

func runBuildings(ctx context.Context, cx *cmdContext, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(cx.stderr, "usage: callscope buildings import FILE | export | missing [flags]")
		return exitUsage
	}
	switch args[0] {
	case "import":
		return buildingsImport(ctx, cx, args[1:])
	case "export":
		return buildingsExport(ctx, cx, args[1:])
	case "missing":
		return buildingsMissing(ctx, cx, args[1:])
	}
	fmt.Fprintf(cx.stderr, "callscope buildings: unknown subcommand %q: want import, export or missing\n", args[0])
	return exitUsage
}

// buildingsImport checks a CQD building file and makes it the tenant's
// active one. A file with problems is refused whole, every problem
// printed with its line, and exits 1; the active file stays.
func buildingsImport(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "buildings import", "FILE (CQD building file: CSV or TSV, no header, 15 columns)", &c)
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(cx.stderr, "callscope buildings import: give one building file")
		return exitUsage
	}
	name := fs.Arg(0)
	f, err := os.Open(name)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope buildings import: %v\n", err)
		return exitUsage
	}
	defer f.Close()
	m, err := building.Parse(f, name)
	var bad *building.Error
	if errors.As(err, &bad) {
		fmt.Fprintln(cx.stderr, bad.Error())
		fmt.Fprintf(cx.stderr, "callscope buildings import: %s refused; the active building file is unchanged\n", name)
		return exitRejected
	}
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope buildings import: %v\n", err)
		return exitUsage
	}
	st, ok := c.open(ctx, cx, "buildings import")
	if !ok {
		return exitUsage
	}
	defer closeStore(cx, "buildings import", st)
	rows := m.All()
	if err := st.ReplaceBuildings(ctx, c.tenant, rows, time.Time{}); err != nil {
		fmt.Fprintf(cx.stderr, "callscope buildings import: %v\n", err)
		return exitUsage
	}
	var subnets uint64
	for _, b := range rows {
		subnets += b.ExpandedRows()
	}
	fmt.Fprintf(cx.stdout, "%s: %d rows, %d subnets: the building file of tenant %s\n", name, len(rows), subnets, c.tenant)
	return exitOK
}

// buildingsExport prints the active building file in CQD's format, to
// edit and import again.
func buildingsExport(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "buildings export", "", &c)
	rem := addRemoteFlags(fs, readVerb, "an admin API token", "")
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	var err error
	if rem.on() {
		cl, ok := rem.dial(cx, fs, &c, "buildings export")
		if !ok {
			return exitUsage
		}
		err = cl.ExportBuildings(ctx, cx.stdout)
	} else {
		st, ok := rem.open(ctx, cx, &c, "buildings export")
		if !ok {
			return exitUsage
		}
		defer closeStore(cx, "buildings export", st)
		var rows []model.Building
		if rows, _, err = st.Buildings(ctx, c.tenant); err == nil {
			err = building.Write(cx.stdout, rows)
		}
	}
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope buildings export: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// buildingsMissing prints CQD's missing-subnet report.
func buildingsMissing(ctx context.Context, cx *cmdContext, args []string) int {
	var c common
	fs := newFlagSet(cx, "buildings missing", "", &c)
	days := fs.Int("days", 30, "streams of calls of the last N days")
	minStreams := fs.Int("min-streams", store.DefaultMissingSubnetStreams, "list subnets with at least this many audio streams")
	if code, ok := parse(cx, fs, args); !ok {
		return code
	}
	if *days < 1 {
		fmt.Fprintln(cx.stderr, "callscope buildings missing: --days must be at least 1")
		return exitUsage
	}
	st, ok := c.open(ctx, cx, "buildings missing")
	if !ok {
		return exitUsage
	}
	defer closeStore(cx, "buildings missing", st)
	found, err := st.MissingSubnets(ctx, store.MissingSubnetQuery{Tenant: c.tenant,
		Since: time.Now().Add(-time.Duration(*days) * 24 * time.Hour), MinStreams: *minStreams})
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope buildings missing: %v\n", err)
		return exitUsage
	}
	if c.asJSON {
		if found == nil {
			found = []store.SubnetCount{}
		}
		enc := json.NewEncoder(cx.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(found); err != nil {
			fmt.Fprintf(cx.stderr, "callscope buildings missing: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	if len(found) == 0 {
		fmt.Fprintf(cx.stdout, "every subnet with %d or more audio streams in the last %d days is in the building file\n", *minStreams, *days)
		return exitOK
	}
	tw := tabwriter.NewWriter(cx.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SUBNET\tAUDIO STREAMS\tPOOR\tFIRST SEEN\tLAST SEEN")
	for _, s := range found {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\n", s.Subnet, s.Streams, s.Poor, s.First.Format(time.DateOnly), s.Last.Format(time.DateOnly))
	}
	if err := tw.Flush(); err != nil {
		fmt.Fprintf(cx.stderr, "callscope buildings missing: %v\n", err)
		return exitUsage
	}
	return exitOK
}
