package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"github.com/callscope/callscope/internal/cqdbench"
	"github.com/callscope/callscope/internal/flagenv"
	"github.com/callscope/callscope/internal/ingestbench"
)

const benchUsage = "usage: callscope bench cqd --streams N [--store FILE|postgres://…] [--seed S] [--dir D] [--runs R] [--variants V]\n" +
	"       callscope bench ingest [--bytes N] [--store S] [--format graph|acs] [--seed S] [--users U] [--dir D]"

func runBench(ctx context.Context, cx *cmdContext, args []string) int {
	if len(args) == 0 || args[0] != "cqd" && args[0] != "ingest" {
		fmt.Fprintln(cx.stderr, benchUsage)
		return exitUsage
	}
	name := "bench " + args[0]
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(cx.stderr)
	logger := slog.New(slog.NewTextHandler(cx.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	var run func() error
	switch args[0] {
	case "cqd":
		var o cqdbench.Options
		fs.Int64Var(&o.Streams, "streams", 1_000_000, "stream facts to load")
		fs.Int64Var(&o.Seed, "seed", 1, "generated organization")
		fs.StringVar(&o.Dir, "dir", "", "keep the loaded store in this folder, to time again without loading (default: a temporary folder)")
		fs.IntVar(&o.Runs, "runs", 5, "timed runs per query; the median counts")
		fs.StringVar(&o.Store, "store", "", "store to load (when empty) and time: an embedded store's file, or a postgres://… DSN naming an empty database (default: an embedded store in --dir named after the options)")
		fs.IntVar(&o.Variants, "variants", 1, "groups of copies whose devices and client versions are named apart (a larger organization's variety)")
		run = func() error {
			o.Out, o.Log = cx.stdout, logger
			_, err := cqdbench.Run(ctx, o)
			return err
		}
	case "ingest":
		var o ingestbench.Options
		fs.Int64Var(&o.Bytes, "bytes", 100_000_000, "JSON to generate and ingest")
		fs.StringVar(&o.Format, "format", "graph", "graph (call records) or acs (log exports)")
		fs.Int64Var(&o.Seed, "seed", 1, "generated organization")
		fs.IntVar(&o.Users, "users", 2000, "people in the generated organization")
		fs.StringVar(&o.Dir, "dir", "", "folder for the data and the store (default: a temporary folder, removed afterwards)")
		fs.StringVar(&o.Store, "store", "", "store to ingest into (default: a fresh embedded store in --dir); a postgres://… DSN must name an empty database")
		run = func() error {
			o.Out, o.Log = cx.stdout, logger
			_, err := ingestbench.Bench(ctx, o)
			return err
		}
	}
	if err := flagenv.Parse(fs, args[1:], cx.lookupEnv); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		fmt.Fprintf(cx.stderr, "callscope %s: %v\n", name, err)
		return exitUsage
	}
	if err := run(); err != nil {
		fmt.Fprintf(cx.stderr, "callscope %s: %v\n", name, err)
		return exitUsage
	}
	return exitOK
}
