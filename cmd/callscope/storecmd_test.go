package main

import (
	"os"
	"strings"
	"testing"
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
