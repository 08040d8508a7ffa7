package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/store/postgres/pgtest"
)

// TestGrantReaderUsage: grant-reader needs a role and a PostgreSQL store,
// and refuses an embedded store's path without making a store there.
// (The grants themselves are tested on a real PostgreSQL server in the
// store's package.)
func TestGrantReaderUsage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no role", []string{"store", "grant-reader"}, "--role is required"},
		{"embedded store", []string{"store", "grant-reader", "--role", "powerbi"}, "embedded store"},
		{"no subcommand", []string{"store"}, "usage: callscope store"},
		{"unknown subcommand", []string{"store", "grant"}, "unknown subcommand"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cl := newCLI(t)
			_, stderr, code := cl.run("", c.args...)
			if code != exitUsage || !strings.Contains(stderr, c.want) {
				t.Errorf("%v: exit %d, %q; want exit %d saying %q", c.args, code, stderr, exitUsage, c.want)
			}
			if _, err := os.Stat(cl.store); !os.IsNotExist(err) {
				t.Errorf("%v made a store at %s: %v", c.args, cl.store, err)
			}
		})
	}
}

// TestStoreCopyBothWays: an embedded store copied into PostgreSQL, and
// that copied into a new embedded store, list the same calls and show the
// same call, as the user would see them. The PostgreSQL server is real
// (pgtest), started for this test.
func TestStoreCopyBothWays(t *testing.T) {
	t.Parallel()
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Stop() })
	c := newCLI(t)
	if _, stderr, code := c.run("", "ingest", "--tenant", "contoso", examples); code != exitOK && code != exitRejected {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	if _, stderr, code := c.run("", "token", "create", "--name", "desk", "--role", "specialist", "--tenant", "contoso"); code != exitOK {
		t.Fatalf("token create: exit %d: %s", code, stderr)
	}
	pg := srv.Database(t)
	back := filepath.Join(t.TempDir(), "back.db")
	for _, step := range [][2]string{{c.store, pg}, {pg, back}} {
		out, stderr, code := c.run("", "store", "copy", "--json", "--from", step[0], "--to", step[1])
		if code != exitOK {
			t.Fatalf("store copy --from %s --to %s: exit %d: %s", step[0], step[1], code, stderr)
		}
		var res struct{ Calls, Tokens int }
		if err := json.Unmarshal([]byte(out), &res); err != nil || res.Calls == 0 || res.Tokens != 1 {
			t.Fatalf("store copy printed %q (%v): want calls and the token", out, err)
		}
	}
	list := func(st string) string {
		out, stderr, code := c.run("", "calls", "--store", st, "--tenant", "contoso", "--json")
		if code != exitOK {
			t.Fatalf("calls --store %s: exit %d: %s", st, code, stderr)
		}
		return out
	}
	want := list(c.store)
	var calls []struct{ ID string }
	if err := json.Unmarshal([]byte(want), &calls); err != nil || len(calls) == 0 {
		t.Fatalf("calls --json: %v, %q", err, want)
	}
	for _, st := range []string{pg, back} {
		if got := list(st); got != want {
			t.Errorf("calls of %s differ from the source's", st)
		}
		show := func(st string) string {
			out, stderr, code := c.run("", "show", "--store", st, "--tenant", "contoso", "--json", calls[0].ID)
			if code != exitOK {
				t.Fatalf("show --store %s: exit %d: %s", st, code, stderr)
			}
			return out
		}
		if show(st) != show(c.store) {
			t.Errorf("call %s of %s differs from the source's", calls[0].ID, st)
		}
	}
	if _, stderr, code := c.run("", "store", "copy", "--from", c.store, "--to", pg); code != exitUsage || !strings.Contains(stderr, "not empty") {
		t.Errorf("a copy into a store that is not empty: exit %d, %q", code, stderr)
	}
}
