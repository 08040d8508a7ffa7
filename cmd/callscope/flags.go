package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

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

// flagSet is a command's flags, its documentation for -h, and the old
// spellings of its flags that scripts may still use.
type flagSet struct {
	*flag.FlagSet
	cmd *command
	// aliases maps another spelling to the flag it stands for.
	aliases map[string]string
}

// newBareFlagSet is the flag set of command name (as commands() names
// it), without the common flags.
func newBareFlagSet(name string) *flagSet {
	c := findCommand(name)
	if c == nil {
		panic("callscope: no command " + name) // a wiring mistake, caught by every test
	}
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), cmd: c, aliases: map[string]string{}}
	// Help goes to standard output and errors to standard error, each
	// by exitCode and parse: the flag package's own printing is off.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// newFlagSet is the flag set of a command that reads or writes a
// tenant's data in a store.
func newFlagSet(name string, c *common) *flagSet {
	fs := newFlagSetWithoutTenant(name, c)
	fs.StringVar(&c.tenant, "tenant", defaultTenant, "tenant whose data to use")
	return fs
}

// newFlagSetWithoutTenant is newFlagSet for a command whose --tenant
// holds more than the one tenant of c (a token may serve several), or
// none: it defines its own, c.tenant stays unset.
func newFlagSetWithoutTenant(name string, c *common) *flagSet {
	fs := newBareFlagSet(name)
	fs.StringVar(&c.store, "store", "callscope.db", "store: a file path for the embedded store, or postgres://…")
	fs.BoolVar(&c.asJSON, "json", false, "print JSON")
	fs.BoolVar(&c.verbose, "v", false, "log progress details to standard error")
	return fs
}

// alias lets name stand for the flag of, as an older or another
// command's spelling. The alias is not listed on its own in the help;
// its environment variable still counts.
func (fs *flagSet) alias(name, of string) {
	if fs.Lookup(of) == nil {
		panic("callscope: alias of an unknown flag " + of)
	}
	fs.aliases[name] = of
}

// usageErr is an error in the command line of fs's command.
func (fs *flagSet) usageErr(format string, args ...any) error {
	return &usageError{err: fmt.Errorf(format, args...), usage: fs.writeUsage}
}

// parse parses flags with environment fallbacks. -h prints the help to
// standard output and returns flag.ErrHelp.
func parse(cx *cmdContext, fs *flagSet, args []string) error {
	err := flagenv.Parse(fs.FlagSet, fs.canonical(args), fs.lookupEnv(cx.lookupEnv))
	if errors.Is(err, flag.ErrHelp) {
		fs.writeUsage(cx.stdout)
		return flag.ErrHelp
	}
	if err != nil {
		return &usageError{err: err, usage: fs.writeUsage}
	}
	return nil
}

// canonical writes the flags of args under their own names rather than
// an alias, so that the flag package, and the rule that a flag given
// beats the environment, see one flag.
func (fs *flagSet) canonical(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || len(a) < 2 || a[0] != '-' {
			return append(out, args[i:]...) // flags end here
		}
		dashes := "-"
		if strings.HasPrefix(a, "--") {
			dashes = "--"
		}
		name, value, hasValue := strings.Cut(a[len(dashes):], "=")
		if of, ok := fs.aliases[name]; ok {
			name = of
			a = dashes + name
			if hasValue {
				a += "=" + value
			}
		}
		out = append(out, a)
		// A flag's value in the next argument is not a flag.
		if f := fs.Lookup(name); f != nil && !hasValue && !isBoolFlag(f) && i+1 < len(args) {
			i++
			out = append(out, args[i])
		}
	}
	return out
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// lookupEnv is lookup that also reads the environment variables of a
// flag's aliases: for a list flag, all of them, joined by commas; else
// the flag's own first.
func (fs *flagSet) lookupEnv(lookup func(string) (string, bool)) func(string) (string, bool) {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	return func(key string) (string, bool) {
		var names []string
		fs.VisitAll(func(f *flag.Flag) {
			if flagenv.EnvName(f.Name) == key {
				names = append(names, f.Name)
			}
		})
		if len(names) != 1 {
			return lookup(key)
		}
		var vals []string
		if v, ok := lookup(key); ok {
			vals = append(vals, v)
		}
		for a, of := range fs.aliases {
			if of != names[0] {
				continue
			}
			if v, ok := lookup(flagenv.EnvName(a)); ok {
				vals = append(vals, v)
			}
		}
		if len(vals) == 0 {
			return "", false
		}
		if _, list := fs.Lookup(names[0]).Value.(*tenantList); list {
			return strings.Join(vals, ","), true
		}
		return vals[0], true
	}
}

// rulesFlag adds the quality rule-set choice to a command's flags.
func rulesFlag(fs *flagSet) *string {
	return fs.String("cqd-rules", "2024", "CQD stream classification rules: 2024 (current) or 2021")
}

func (c *common) logger(cx *cmdContext) *slog.Logger {
	if !c.verbose {
		return slog.New(slog.NewTextHandler(cx.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return slog.New(slog.NewTextHandler(cx.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// open opens the store of --store.
func (c *common) open(ctx context.Context) (store.Store, error) {
	return store.Open(ctx, c.store)
}

// closeStore closes st into *err: a store that fails to close may not
// have kept what was written.
func closeStore(st io.Closer, err *error) {
	if cerr := st.Close(); cerr != nil && *err == nil {
		*err = fmt.Errorf("closing the store: %w", cerr)
	}
}
