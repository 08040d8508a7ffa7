package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/callscope/callscope/internal/flagenv"
	"github.com/callscope/callscope/internal/store"
	_ "github.com/callscope/callscope/internal/store/duckdb"   // the embedded default store
	_ "github.com/callscope/callscope/internal/store/postgres" // postgres://…
)

// common holds the flags every store-reading command has.
type common struct {
	store   string
	tenant  string
	asJSON  bool
	verbose bool
}

const defaultTenant = "default"

func newFlagSet(cx *cmdContext, name, args string, c *common) *flag.FlagSet {
	fs := newFlagSetWithoutTenant(cx, name, args, c)
	fs.StringVar(&c.tenant, "tenant", defaultTenant, "tenant whose data to use")
	return fs
}

// newFlagSetWithoutTenant is newFlagSet for a command whose --tenant
// holds more than the one tenant of c (a token may serve several): it
// defines its own, c.tenant stays unset.
func newFlagSetWithoutTenant(cx *cmdContext, name, args string, c *common) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(cx.stderr)
	fs.StringVar(&c.store, "store", "callscope.db", "store: a file path for the embedded store, or postgres://…")
	fs.BoolVar(&c.asJSON, "json", false, "print JSON")
	fs.BoolVar(&c.verbose, "v", false, "log progress details to standard error")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: callscope %s [flags] %s\n\nflags (each falls back to CALLSCOPE_<FLAG>):\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags with environment fallbacks; ok is false when the
// command should exit with code.
func parse(cx *cmdContext, fs *flag.FlagSet, args []string) (code int, ok bool) {
	if err := flagenv.Parse(fs, args, cx.lookupEnv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
		fmt.Fprintf(cx.stderr, "callscope %s: %v\n", fs.Name(), err)
		return exitUsage, false
	}
	return 0, true
}

// rulesFlag adds the quality rule-set choice to a command's flags.
func rulesFlag(fs *flag.FlagSet) *string {
	return fs.String("cqd-rules", "2024", "CQD stream classification rules: 2024 (current) or 2021")
}

func (c *common) logger(cx *cmdContext) *slog.Logger {
	if !c.verbose {
		return slog.New(slog.NewTextHandler(cx.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return slog.New(slog.NewTextHandler(cx.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func (c *common) open(ctx context.Context, cx *cmdContext, cmd string) (store.Store, bool) {
	st, err := store.Open(ctx, c.store)
	if err != nil {
		fmt.Fprintf(cx.stderr, "callscope %s: %v\n", cmd, err)
		return nil, false
	}
	return st, true
}

func closeStore(cx *cmdContext, cmd string, st io.Closer) {
	if err := st.Close(); err != nil {
		fmt.Fprintf(cx.stderr, "callscope %s: closing the store: %v\n", cmd, err)
	}
}
