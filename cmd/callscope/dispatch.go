package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// usageError is a command line that cannot be run as given: the message
// is followed by the command's usage.
type usageError struct {
	err   error
	usage func(io.Writer)
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// rejectedError ends a command that stored what it could read but
// rejected some input, listed in its output: exit 1.
type rejectedError struct{ msg string }

func (e *rejectedError) Error() string { return e.msg }

// rejected is a rejectedError.
func rejected(format string, args ...any) error {
	return &rejectedError{msg: fmt.Sprintf(format, args...)}
}

// isHelp reports whether args ask for help.
func isHelp(arg string) bool {
	return arg == "-h" || arg == "--help" || arg == "-help" || arg == "help"
}

// dispatch finds the command args name among the subcommands of parent
// (the commands when nil), runs it and returns its exit code.
func dispatch(ctx context.Context, cx *cmdContext, parent *command, args []string) int {
	list, name, usage := commands(), "callscope", writeMainUsage
	if parent != nil {
		list, name, usage = parent.subs, "callscope "+parent.name, parent.writeGroupUsage
	}
	if len(args) == 0 {
		what := "a command"
		if parent != nil {
			what = "a subcommand"
		}
		return exitCode(cx, name, &usageError{err: errors.New("give " + what), usage: usage})
	}
	if isHelp(args[0]) {
		usage(cx.stdout)
		return exitOK
	}
	full := args[0]
	if parent != nil {
		full = parent.name + " " + args[0]
	}
	for _, c := range list {
		if c.name != full {
			continue
		}
		if c.subs != nil {
			return dispatch(ctx, cx, c, args[1:])
		}
		return exitCode(cx, "callscope "+c.name, c.run(ctx, cx, args[1:]))
	}
	what := "command"
	if parent != nil {
		what = "subcommand"
	}
	return exitCode(cx, name, &usageError{err: fmt.Errorf("unknown %s %q", what, args[0]), usage: usage})
}

// exitCode turns what a command returned into its exit code, and says
// why on standard error whenever that is not 0: each line of the
// message begins with the command's name. Help has been printed already.
func exitCode(cx *cmdContext, name string, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	code := exitUsage
	var rej *rejectedError
	if errors.As(err, &rej) {
		code = exitRejected
	}
	for _, line := range strings.Split(strings.TrimRight(err.Error(), "\n"), "\n") {
		fmt.Fprintf(cx.stderr, "%s: %s\n", name, line)
	}
	var ue *usageError
	if errors.As(err, &ue) && ue.usage != nil {
		fmt.Fprintln(cx.stderr)
		ue.usage(cx.stderr)
	}
	return code
}
