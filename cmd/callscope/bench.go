package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"github.com/callscope/callscope/internal/cqdbench"
	"github.com/callscope/callscope/internal/flagenv"
)

func runBench(ctx context.Context, cx *cmdContext, args []string) int {
	if len(args) == 0 || args[0] != "cqd" {
		fmt.Fprintln(cx.stderr, "usage: callscope bench cqd --streams N [--seed S] [--dir D] [--runs R] [--variants V]")
		return exitUsage
	}
	fs := flag.NewFlagSet("bench cqd", flag.ContinueOnError)
	fs.SetOutput(cx.stderr)
	var o cqdbench.Options
	fs.Int64Var(&o.Streams, "streams", 1_000_000, "stream facts to load")
	fs.Int64Var(&o.Seed, "seed", 1, "generated organization")
	fs.StringVar(&o.Dir, "dir", "", "keep the loaded store in this folder, to time again without loading (default: a temporary folder)")
	fs.IntVar(&o.Runs, "runs", 5, "timed runs per query; the median counts")
	fs.IntVar(&o.Variants, "variants", 1, "groups of copies whose devices and client versions are named apart (a larger organization's variety)")
	if err := flagenv.Parse(fs, args[1:], cx.lookupEnv); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		fmt.Fprintf(cx.stderr, "callscope bench cqd: %v\n", err)
		return exitUsage
	}
	o.Out = cx.stdout
	o.Log = slog.New(slog.NewTextHandler(cx.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if _, err := cqdbench.Run(ctx, o); err != nil {
		fmt.Fprintf(cx.stderr, "callscope bench cqd: %v\n", err)
		return exitUsage
	}
	return exitOK
}
