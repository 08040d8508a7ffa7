// Command callscope collects Microsoft Teams and Azure Communication
// Services call telemetry, judges its quality and serves it to support
// staff and network engineers. See README.md.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	cx := &cmdContext{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, lookupEnv: os.LookupEnv,
		stderrIsTerminal: term.IsTerminal(int(os.Stderr.Fd())), stdoutIsTerminal: term.IsTerminal(int(os.Stdout.Fd()))}
	stopProfile := startProfile(cx)
	code := run(ctx, cx, os.Args[1:])
	stopProfile()
	stop()
	os.Exit(code)
}

// Exit codes shared by every command.
const (
	exitOK       = 0
	exitRejected = 1 // some input was rejected; everything else was stored
	exitUsage    = 2 // usage or store error
)

type command struct {
	name, summary string
	run           func(ctx context.Context, cx *cmdContext, args []string) int
}

// cmdContext is what a command reads and writes besides its flags, so
// that tests run commands in process.
type cmdContext struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	lookupEnv      func(string) (string, bool)
	// stderrIsTerminal decides whether ingest draws a progress bar,
	// stdoutIsTerminal whether verdicts are coloured.
	stderrIsTerminal, stdoutIsTerminal bool
}

func commands() []command {
	return []command{
		{"ingest", "read telemetry files into the store", runIngest},
		{"calls", "list calls and meetings, newest first", runCalls},
		{"show", "show one call with its sessions, legs, media and streams", runShow},
		{"reclassify", "judge every stored call again with the current quality rules", runReclassify},
		{"scrub", "clear personal data past its retention period, delete calls past theirs", runScrub},
		{"token", "create, list and revoke API tokens", runToken},
		{"store", "copy a store into another (embedded ⇄ PostgreSQL); grant-reader: reporting views for BI tools", runStore},
		{"cqd", "dashboard measures by building, network, device, time…", runCQD},
		{"poor-calls", "the organization's poor calls, newest first, by the dashboard's filters", runPoorCalls},
		{"buildings", "import or export the CQD building file; list subnets it misses", runBuildings},
		{"serve", "serve the HTTP API (--demo: with generated data)", runServe},
		{"sync", "read the last days' call records from Microsoft Graph (a backfill)", runSync},
		{"bench", "bench cqd | ingest: time the dashboard's queries, or ingest, on generated data", runBench},
		{"gen", "write realistic synthetic telemetry for demos and benchmarks", runGen},
	}
}

func run(ctx context.Context, cx *cmdContext, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(cx)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, cx, args[1:])
		}
	}
	fmt.Fprintf(cx.stderr, "callscope: unknown command %q\n\n", args[0])
	usage(cx)
	return exitUsage
}

func usage(cx *cmdContext) {
	fmt.Fprintln(cx.stderr, "usage: callscope <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(cx.stderr, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(cx.stderr, "\nRun 'callscope <command> -h' for a command's flags. Every flag falls back to CALLSCOPE_<FLAG>.")
	fmt.Fprintln(cx.stderr, "While 'callscope serve' holds the store, ingest, calls, show, cqd, poor-calls and buildings export\n"+
		"work through it: --server http://HOST:PORT, with an API token in CALLSCOPE_TOKEN.")
}
