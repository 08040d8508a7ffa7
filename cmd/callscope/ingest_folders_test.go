//go:build unix

package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/callscope/callscope/internal/ingest"
)

// TestIngestFolderProblems: a named pipe in a folder is listed as
// skipped, and a sub-folder that cannot be listed (not testable as root,
// who lists any folder; internal/ingest covers that case with a folder
// removed mid-walk) is rejected while the rest is stored, with exit 1.
// `ingest --server` gives the same summary entries and exit code as
// ingesting into the store, also when the folder holds nothing to send.
func TestIngestFolderProblems(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mkfifo := func(name string) string {
		t.Helper()
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("mixed/a.json", `{"id":"folder-a","version":1,"type":"peerToPeer"}`)
	mixedPipe := mkfifo("mixed/pipe.jsonl")
	mixedWant := 0 // exit code
	var locked string
	if os.Geteuid() != 0 {
		write("mixed/locked/b.json", `{"id":"folder-b","version":1,"type":"peerToPeer"}`)
		locked = filepath.Join(root, "mixed/locked")
		if err := os.Chmod(locked, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(locked, 0o755) }) // so that TempDir can be removed
		mixedWant = exitRejected
	}
	onlyPipe := mkfifo("only-pipe/pipe.jsonl")

	c := newCLI(t)
	out, stderr, code := c.run("", "token", "create", "--name", "loader", "--role", "admin", "--tenant", "contoso")
	if code != exitOK {
		t.Fatalf("token create: %d %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	c.env["CALLSCOPE_TOKEN"] = lines[len(lines)-1] // the token is the last line
	s := startServe(t, c)

	for _, tc := range []struct {
		name     string
		folder   string
		code     int
		records  int
		skipped  []ingest.Problem
		rejected string // the folder rejected, if any
	}{
		{"a named pipe beside a record", filepath.Join(root, "mixed"), mixedWant, 1,
			[]ingest.Problem{{File: mixedPipe, Error: "not a regular file: a named pipe"}}, locked},
		{"nothing to send", filepath.Join(root, "only-pipe"), exitOK, 0,
			[]ingest.Problem{{File: onlyPipe, Error: "not a regular file: a named pipe"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Into a store of its own, then through the server.
			out, stderr, code := newCLI(t).run("", "ingest", "--json", "--tenant", "contoso", tc.folder)
			if code != tc.code {
				t.Fatalf("ingest %s: exit %d, want %d: %s", tc.folder, code, tc.code, stderr)
			}
			direct := summaryJSON(t, out)
			out, stderr, code = c.run("", "ingest", "--json", "--server", s.base, tc.folder)
			if code != tc.code {
				t.Fatalf("ingest --server %s: exit %d, want %d: %s", tc.folder, code, tc.code, stderr)
			}
			served := summaryJSON(t, out)

			for _, sum := range []struct {
				how string
				ingest.Summary
			}{{"into the store", direct}, {"through the server", served}} {
				if sum.Records != tc.records || !reflect.DeepEqual(sum.Skipped, tc.skipped) {
					t.Errorf("%s: records %d, skipped %+v; want %d, %+v", sum.how, sum.Records, sum.Skipped, tc.records, tc.skipped)
				}
				if sum.Rejected == nil {
					t.Errorf("%s: rejected is null, want a list", sum.how)
				}
				switch {
				case tc.rejected == "" && len(sum.Rejected) != 0:
					t.Errorf("%s: rejected %+v, want none", sum.how, sum.Rejected)
				case tc.rejected != "" && (len(sum.Rejected) != 1 || sum.Rejected[0].File != tc.rejected || !strings.Contains(sum.Rejected[0].Error, "permission denied")):
					t.Errorf("%s: rejected %+v, want %s: … permission denied", sum.how, sum.Rejected, tc.rejected)
				}
			}
			if served.Files != direct.Files || !reflect.DeepEqual(served.Rejected, direct.Rejected) {
				t.Errorf("through the server: files %d, rejected %+v; into the store: %d, %+v", served.Files, served.Rejected, direct.Files, direct.Rejected)
			}
		})
	}
}
