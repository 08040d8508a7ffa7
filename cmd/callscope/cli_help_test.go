package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// everyCommand lists every command and subcommand by its words.
func everyCommand() [][]string {
	var out [][]string
	var walk func(cs []*command)
	walk = func(cs []*command) {
		for _, c := range cs {
			out = append(out, strings.Fields(c.name))
			walk(c.subs)
		}
	}
	walk(commands())
	return out
}

// TestHelpOfEveryCommand: -h, --help and `callscope help` print to
// standard output, exit 0, and give every command a description and
// examples; a command with subcommands lists them, a leaf its flags.
func TestHelpOfEveryCommand(t *testing.T) {
	t.Parallel()
	for _, words := range everyCommand() {
		name := strings.Join(words, " ")
		c := findCommand(name)
		for _, form := range [][]string{append(words[:len(words):len(words)], "-h"), append(words[:len(words):len(words)], "--help"), append([]string{"help"}, words...)} {
			t.Run(strings.Join(form, " "), func(t *testing.T) {
				t.Parallel()
				out, stderr, code := newCLI(t).run("", form...)
				if code != exitOK || stderr != "" {
					t.Fatalf("exit %d, stderr %q; want 0 and nothing on standard error", code, stderr)
				}
				for _, want := range []string{"usage: callscope " + name, c.about, "examples:\n  "} {
					if !strings.Contains(out, want) {
						t.Errorf("help lacks %q:\n%s", want, out)
					}
				}
				if c.subs == nil && !strings.Contains(out, "flags (each falls back to CALLSCOPE_<FLAG>):") {
					t.Errorf("help lists no flags:\n%s", out)
				}
				for _, s := range c.subs {
					if !strings.Contains(out, strings.TrimPrefix(s.name, name+" ")+" ") {
						t.Errorf("help does not list %s:\n%s", s.name, out)
					}
				}
			})
		}
		if c.about == "" || len(c.examples) == 0 || c.summary == "" {
			t.Errorf("%s lacks a summary, a description or examples", name)
		}
		for _, e := range c.examples {
			if !strings.Contains(e, "callscope "+words[0]) {
				t.Errorf("example %q of %s does not run it", e, name)
			}
		}
	}
}

// TestMainUsage: callscope alone prints the usage to standard error and
// exits 2; asked for, to standard output with 0.
func TestMainUsage(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	out, stderr, code := c.run("")
	if code != exitUsage || out != "" || !strings.Contains(stderr, "usage: callscope <command>") || !strings.HasPrefix(stderr, "callscope: give a command") {
		t.Errorf("no arguments: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}} {
		out, stderr, code := c.run("", args...)
		if code != exitOK || stderr != "" || !strings.Contains(out, "usage: callscope <command>") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, stderr)
		}
		for _, cmd := range commands() {
			if !strings.Contains(out, "  "+cmd.name+" ") {
				t.Errorf("%v does not list %s", args, cmd.name)
			}
		}
	}
}

// TestErrorsBecomeExitCodes: every failure says why on standard error,
// once, prefixed with the command; usage errors add the command's usage;
// rejected input exits 1, everything else 2.
func TestErrorsBecomeExitCodes(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	bad := filepath.Join(t.TempDir(), "bad.ndjson")
	writeTestFile(t, bad, "{\"a\":\n")
	f := func(args []string, code int, prefix string, withUsage bool, want ...string) {
		t.Helper()
		out, stderr, got := c.run("", args...)
		if got != code {
			t.Errorf("%v: exit %d, want %d; stderr %q", args, got, code, stderr)
		}
		if !strings.HasPrefix(stderr, prefix+": ") {
			t.Errorf("%v: stderr %q does not begin %q", args, stderr, prefix+": ")
		}
		if has := strings.Contains(stderr, "usage: callscope"); has != withUsage {
			t.Errorf("%v: usage printed %v, want %v: %q", args, has, withUsage, stderr)
		}
		for _, w := range want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: stderr %q lacks %q", args, stderr, w)
			}
		}
		if withUsage && strings.Contains(out, "usage:") {
			t.Errorf("%v: usage on standard output: %q", args, out)
		}
	}
	f([]string{"frobnicate"}, exitUsage, "callscope", true, `unknown command "frobnicate"`)
	f([]string{"token"}, exitUsage, "callscope token", true, "give a subcommand", "create")
	f([]string{"token", "mint"}, exitUsage, "callscope token", true, `unknown subcommand "mint"`)
	f([]string{"buildings"}, exitUsage, "callscope buildings", true, "give a subcommand")
	f([]string{"bench"}, exitUsage, "callscope bench", true, "give a subcommand")
	f([]string{"bench", "cqd", "--nope"}, exitUsage, "callscope bench cqd", true, "flag provided but not defined")
	f([]string{"calls", "--nope"}, exitUsage, "callscope calls", true, "flag provided but not defined")
	f([]string{"calls", "--days", "-1"}, exitUsage, "callscope calls", true, "must not be negative")
	f([]string{"show"}, exitUsage, "callscope show", true, "give exactly one call id")
	f([]string{"users"}, exitUsage, "callscope users", true, "give a name")
	f([]string{"token", "create", "--role", "janitor"}, exitUsage, "callscope token create", true, "--role")
	f([]string{"token", "revoke", "tok_nothere"}, exitUsage, "callscope token revoke", false, "no token tok_nothere")
	f([]string{"gen"}, exitUsage, "callscope gen", true, "--out")
	f([]string{"ingest"}, exitUsage, "callscope ingest", true, "no input")
	f([]string{"ingest", bad}, exitRejected, "callscope ingest", false, "1 record or file rejected")
	f([]string{"show", "no-such-call"}, exitUsage, "callscope show", false, "no call no-such-call")
	f([]string{"cqd", "--by", "floor"}, exitUsage, "callscope cqd", true, `unknown dimension "floor"`)
	f([]string{"buildings", "import", bad}, exitRejected, "callscope buildings import", false, "refused")
	// The environment's mistakes too.
	c.env["CALLSCOPE_DAYS"] = "many"
	f([]string{"calls"}, exitUsage, "callscope calls", true, "CALLSCOPE_DAYS")
}

// TestFlagAliases: the old or other commands' spellings of a flag still
// work, and the help lists each flag once, with its other spelling.
func TestFlagAliases(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	mustRun(t, c, "ingest", "--tenant", "contoso", examples)
	top := mustRun(t, c, "cqd", "--tenant", "contoso", "--since", "2000-01-01", "--by", "mediaType", "--measures", "streams", "--top", "2", "--json")
	limit := mustRun(t, c, "cqd", "--tenant", "contoso", "--since", "2000-01-01", "--by", "mediaType", "--measures", "streams", "--limit=2", "--json")
	if top != limit || strings.Count(limit, "\"streams\"") != 2 {
		t.Errorf("--top 2 and --limit=2 differ or keep other than 2 rows:\n%s\n%s", top, limit)
	}
	const id = "e523d2ed-2966-4b6b-925b-754a88034cc5"
	as := mustRun(t, c, "show", "--tenant", "contoso", "--as", "specialist", "--user", "owen.franklin@contoso.com", id)
	role := mustRun(t, c, "show", "--tenant", "contoso", "--role", "specialist", "--user", "owen.franklin@contoso.com", id)
	if as != role || !strings.Contains(role, "Internal User") {
		t.Errorf("show --role is not show --as:\n%s\n%s", as, role)
	}
	help := mustRun(t, c, "cqd", "-h")
	if !strings.Contains(help, "--limit int (also --top)") || strings.Contains(help, "\n  --top") {
		t.Errorf("cqd help lists --limit and --top apart:\n%s", help)
	}
	help = mustRun(t, c, "token", "create", "-h")
	if !strings.Contains(help, "(also --tenants)") || strings.Contains(help, "\n  --tenants") {
		t.Errorf("token create help lists --tenant and --tenants apart:\n%s", help)
	}
}
