// Command callscope collects Microsoft Teams and Azure Communication
// Services call telemetry, judges its quality and serves it to support
// staff and network engineers. See README.md.
package main

import (
	"context"
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

// Exit codes shared by every command; exitCode alone chooses them.
const (
	exitOK       = 0
	exitRejected = 1 // some input was rejected; everything else was stored
	exitUsage    = 2 // usage or store error
)

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

// run runs the command args name and returns the exit code: the one
// place where a command's error becomes a message and a code.
func run(ctx context.Context, cx *cmdContext, args []string) int {
	if len(args) > 0 && args[0] == "help" {
		if len(args) == 1 {
			writeMainUsage(cx.stdout)
			return exitOK
		}
		// `callscope help token create` is `callscope token create -h`.
		args = append(args[1:len(args):len(args)], "-h")
	}
	return dispatch(ctx, cx, nil, args)
}
