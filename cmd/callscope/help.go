package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// writeMainUsage lists the commands.
func writeMainUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: callscope <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'callscope <command> -h' (or 'callscope help <command>') for a command's description, examples and flags.\n"+
		"Every flag falls back to CALLSCOPE_<FLAG>.\n"+
		"While 'callscope serve' holds the store, ingest, calls, show, users, cqd, poor-calls and buildings export\n"+
		"work through it: --server http://HOST:PORT, with an API token in CALLSCOPE_TOKEN.")
}

// writeGroupUsage lists a command's subcommands.
func (c *command) writeGroupUsage(w io.Writer) {
	var names []string
	for _, s := range c.subs {
		names = append(names, strings.TrimPrefix(s.name, c.name+" "))
	}
	fmt.Fprintf(w, "usage: callscope %s %s [flags]\n\n%s\n\nsubcommands:\n", c.name, strings.Join(names, "|"), c.about)
	for _, s := range c.subs {
		fmt.Fprintf(w, "  %-10s %s\n", strings.TrimPrefix(s.name, c.name+" "), s.summary)
	}
	writeExamples(w, c.examples)
	fmt.Fprintf(w, "\nRun 'callscope %s <subcommand> -h' for its flags.\n", c.name)
}

func writeExamples(w io.Writer, examples []string) {
	if len(examples) == 0 {
		return
	}
	fmt.Fprintln(w, "\nexamples:")
	for _, e := range examples {
		fmt.Fprintf(w, "  %s\n", e)
	}
}

// writeUsage prints a command's help: usage line, description,
// examples and flags.
func (fs *flagSet) writeUsage(w io.Writer) {
	c := fs.cmd
	line := "callscope " + c.name + " [flags]"
	if c.args != "" {
		line += " " + c.args
	}
	fmt.Fprintf(w, "usage: %s\n\n%s\n", line, c.about)
	writeExamples(w, c.examples)
	fmt.Fprintln(w, "\nflags (each falls back to CALLSCOPE_<FLAG>):")
	also := map[string][]string{}
	for a, of := range fs.aliases {
		also[of] = append(also[of], a)
	}
	fs.VisitAll(func(f *flag.Flag) {
		if _, isAlias := fs.aliases[f.Name]; isAlias {
			return
		}
		kind, usage := flag.UnquoteUsage(f)
		head := "  --" + f.Name
		if len(f.Name) == 1 {
			head = "  -" + f.Name
		}
		if kind != "" {
			head += " " + kind
		}
		for _, a := range also[f.Name] {
			head += " (also --" + a + ")"
		}
		if def := f.DefValue; def != "" && def != "false" && def != "0" {
			if fmt.Sprintf("%T", f.Value) == "*flag.stringValue" {
				def = fmt.Sprintf("%q", def)
			}
			usage += fmt.Sprintf(" (default %s)", def)
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", head, strings.ReplaceAll(usage, "\n", "\n    \t"))
	})
}
