package main

import (
	"context"
	"log/slog"

	"github.com/callscope/callscope/internal/cqdbench"
	"github.com/callscope/callscope/internal/ingestbench"
)

func benchLogger(cx *cmdContext) *slog.Logger {
	return slog.New(slog.NewTextHandler(cx.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func benchCQD(ctx context.Context, cx *cmdContext, args []string) error {
	fs := newBareFlagSet("bench cqd")
	var o cqdbench.Options
	fs.Int64Var(&o.Streams, "streams", 1_000_000, "stream facts to load")
	fs.Int64Var(&o.Seed, "seed", 1, "generated organization")
	fs.StringVar(&o.Dir, "dir", "", "keep the loaded store in this folder, to time again without loading (default: a temporary folder)")
	fs.IntVar(&o.Runs, "runs", 5, "timed runs per query; the median counts")
	fs.StringVar(&o.Store, "store", "", "store to load (when empty) and time: an embedded store's file, or a postgres://… DSN naming an empty database (default: an embedded store in --dir named after the options)")
	fs.IntVar(&o.Variants, "variants", 1, "groups of copies whose devices and client versions are named apart (a larger organization's variety)")
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	o.Out, o.Log = cx.stdout, benchLogger(cx)
	_, err := cqdbench.Run(ctx, o)
	return err
}

func benchIngest(ctx context.Context, cx *cmdContext, args []string) error {
	fs := newBareFlagSet("bench ingest")
	var o ingestbench.Options
	fs.Int64Var(&o.Bytes, "bytes", 100_000_000, "JSON to generate and ingest")
	fs.StringVar(&o.Format, "format", "graph", "graph (call records) or acs (log exports)")
	fs.Int64Var(&o.Seed, "seed", 1, "generated organization")
	fs.IntVar(&o.Users, "users", 2000, "people in the generated organization")
	fs.StringVar(&o.Dir, "dir", "", "folder for the data and the store (default: a temporary folder, removed afterwards)")
	fs.StringVar(&o.Store, "store", "", "store to ingest into (default: a fresh embedded store in --dir); a postgres://… DSN must name an empty database")
	if err := parse(cx, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fs.usageErr("unexpected arguments: %q", fs.Args())
	}
	o.Out, o.Log = cx.stdout, benchLogger(cx)
	_, err := ingestbench.Bench(ctx, o)
	return err
}
