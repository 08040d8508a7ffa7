package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/ingest"
)

func summaryJSON(t *testing.T, out string) ingest.Summary {
	t.Helper()
	var s ingest.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("not a summary: %v\n%s", err, out)
	}
	return s
}

// TestIngestToServer: while a server holds the store, `ingest` says how
// to reach it, and `ingest --server` sends the files to it, with the
// summary, problems and exit code that ingesting into the store gives.
func TestIngestToServer(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	out, stderr, code := c.run("", "token", "create", "--name", "loader", "--role", "admin", "--tenant", "contoso")
	if code != exitOK {
		t.Fatalf("token create: %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	admin := lines[len(lines)-1]
	out, stderr, code = c.run("", "token", "create", "--name", "tier1", "--role", "specialist", "--tenant", "contoso")
	if code != exitOK {
		t.Fatalf("token create: %d %s", code, stderr)
	}
	specialist := out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:]
	s := startServe(t, c)

	_, stderr, code = c.run("", "ingest", "--tenant", "contoso", examples)
	if code != exitUsage || !strings.Contains(stderr, "--server") {
		t.Errorf("ingest into a store the server holds: exit %d, %s; want 2 and a hint at --server", code, stderr)
	}

	// The same files into a store of its own, for comparison.
	direct := newCLI(t)
	out, stderr, code = direct.run("", "ingest", "--json", "--tenant", "contoso", examples)
	if code != exitOK {
		t.Fatalf("direct ingest: %d %s", code, stderr)
	}
	want := summaryJSON(t, out)

	c.env["CALLSCOPE_TOKEN"] = admin
	out, stderr, code = c.run("", "ingest", "--json", "--server", s.base, examples)
	if code != exitOK {
		t.Fatalf("ingest --server: exit %d: %s", code, stderr)
	}
	got := summaryJSON(t, out)
	if got.Files != want.Files || got.Records != want.Records || got.Calls != want.Calls || got.Streams != want.Streams ||
		got.ACSRecords != want.ACSRecords || got.UsageRows != want.UsageRows || len(got.Skipped) != len(want.Skipped) {
		t.Errorf("through the server: %+v\ndirectly: %+v", got, want)
	}
	for _, p := range got.Incomplete {
		if !strings.HasPrefix(p.File, examples) {
			t.Errorf("problem named %q, want the local path", p.File)
		}
	}
	// Stored under the token's tenant: the second time nothing changes.
	out, _, _ = c.run("", "ingest", "--json", "--server", s.base, examples)
	if again := summaryJSON(t, out); again.Inserted != 0 || again.Replaced != 0 || again.Unchanged == 0 {
		t.Errorf("second upload changed the store: %+v", again)
	}

	// Rejected records: exit 1, named by file and line.
	bad := filepath.Join(t.TempDir(), "broken.jsonl")
	if err := os.WriteFile(bad, []byte("{\"id\":\"good-1\",\"version\":1,\"type\":\"peerToPeer\"}\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = c.run("", "ingest", "--json", "--server", s.base, bad)
	if sum := summaryJSON(t, out); code != exitRejected || len(sum.Rejected) != 1 || sum.Rejected[0].File != bad || sum.Rejected[0].Line != 2 {
		t.Errorf("rejected through the server: exit %d, %+v", code, sum.Rejected)
	}
	// Standard input.
	out, _, code = c.run(`{"id":"good-2","version":1,"type":"peerToPeer"}`, "ingest", "--json", "--server", s.base, "-")
	if sum := summaryJSON(t, out); code != exitOK || sum.Calls != 1 {
		t.Errorf("stdin through the server: exit %d, %+v", code, sum)
	}

	// What a person can get wrong is said plainly.
	for _, tc := range []struct {
		name  string
		env   map[string]string
		args  []string
		wants string
	}{
		{"no token", map[string]string{"CALLSCOPE_TOKEN": ""}, nil, "no API token"},
		{"wrong token", map[string]string{"CALLSCOPE_TOKEN": "cs_wrong"}, nil, "check --token"},
		{"not an admin", map[string]string{"CALLSCOPE_TOKEN": strings.TrimSpace(specialist)}, nil, "admin token"},
		{"other tenant", nil, []string{"--tenant", "fabrikam"}, "--tenant"},
		{"bad address", nil, []string{"--server", "127.0.0.1:1"}, "want an address such as"},
		{"quarantine", nil, []string{"--quarantine", t.TempDir()}, "--quarantine needs the store"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cc := &cli{t: t, store: c.store, env: map[string]string{"CALLSCOPE_TOKEN": admin}}
			for k, v := range tc.env {
				cc.env[k] = v
			}
			args := append([]string{"ingest", "--server", s.base}, tc.args...)
			_, stderr, code := cc.run("", append(args, bad)...)
			if code != exitUsage || !strings.Contains(stderr, tc.wants) {
				t.Errorf("exit %d, %q; want 2 and %q", code, stderr, tc.wants)
			}
		})
	}
}
