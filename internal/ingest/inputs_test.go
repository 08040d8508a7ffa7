package ingest

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// record is a minimal Graph call record of its own id.
func record(id string) string {
	return `{"id":"` + id + `","version":1,"type":"peerToPeer"}` + "\n"
}

// removeWhenListed makes walkDir remove the folder victim once the walk
// has seen it and before it reads its files: the folder then fails to
// be listed with the error the system gives, whoever runs the test.
func removeWhenListed(t *testing.T, victim string) {
	t.Helper()
	walkDir = func(root string, fn fs.WalkDirFunc) error {
		return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && filepath.Clean(path) == victim {
				if err := os.RemoveAll(victim); err != nil {
					t.Errorf("remove %s: %v", victim, err)
				}
			}
			return fn(path, d, err)
		})
	}
	t.Cleanup(func() { walkDir = filepath.WalkDir })
}

// TestUnlistableFolderIsRejected: a folder whose files cannot be listed
// is rejected as a file that cannot be read is, named with the reason,
// and everything else is still stored (exit 1, not 2). Files, which
// `ingest --server` lists with, reports it with the same words.
func TestUnlistableFolderIsRejected(t *testing.T) {
	// Not parallel: it replaces walkDir. The package's parallel tests wait
	// until the sequential ones are done, so none of them sees it.
	for _, tc := range []struct {
		name   string
		victim string // under the folder given; "" is that folder
		breaks func(t *testing.T, victim string)
		// The files read around it, and the end of the reason.
		records int
		reason  string
	}{
		{"removed between listing and reading", "sub", removeWhenListed, 2, "no such file or directory"},
		{"the named folder removed after it was found", "", removeWhenListed, 0, "no such file or directory"},
		{"no permission", "sub", func(t *testing.T, victim string) {
			if os.Geteuid() == 0 {
				t.Skip("root reads a folder of mode 000; the removal cases cover the path")
			}
			if err := os.Chmod(victim, 0); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(victim, 0o755) }) // so that TempDir can be removed
		}, 2, "permission denied"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "in")
			victim := filepath.Join(dir, tc.victim)
			// prepare writes the folder afresh and breaks it: Files and Run
			// each need one, and the breaking may remove it.
			prepare := func() {
				t.Helper()
				os.Chmod(victim, 0o755) // the last break, if any, undone so that it can be removed
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				writeFile(t, dir, "a.json", record("good-a"))
				writeFile(t, dir, "sub/b.json", record("good-b"))
				writeFile(t, dir, "z.json", record("good-z"))
				tc.breaks(t, victim)
			}
			prepare()
			files, skipped, rejected, err := Files([]string{dir})
			if err != nil {
				t.Fatalf("Files: %v, want the folder %s among the rejected", err, victim)
			}

			prepare()
			st := openStore(t)
			sum := ingestPaths(t, st, Options{}, dir)
			if len(sum.Rejected) != 1 || sum.Rejected[0].File != victim ||
				!strings.HasPrefix(sum.Rejected[0].Error, "cannot read: listing the folder: ") ||
				!strings.Contains(sum.Rejected[0].Error, victim) || !strings.HasSuffix(sum.Rejected[0].Error, tc.reason) {
				t.Errorf("rejected %+v, want only %s: cannot read: listing the folder: …%s", sum.Rejected, victim, tc.reason)
			}
			// The folder counts as one input, like a file that cannot be read.
			if sum.Records != tc.records || sum.Calls != tc.records || sum.Files != tc.records+1 {
				t.Errorf("files %d, records %d, calls %d; want %d, %d, %d", sum.Files, sum.Records, sum.Calls, tc.records+1, tc.records, tc.records)
			}

			if !reflect.DeepEqual(rejected, sum.Rejected) || !reflect.DeepEqual(skipped, sum.Skipped) {
				t.Errorf("Files: rejected %+v, skipped %+v; ingesting: %+v, %+v", rejected, skipped, sum.Rejected, sum.Skipped)
			}
			var want []string
			if tc.records > 0 {
				want = []string{filepath.Join(dir, "a.json"), filepath.Join(dir, "z.json")}
			}
			if !slices.Equal(files, want) {
				t.Errorf("Files: %q, want %q", files, want)
			}
		})
	}
}

// TestFolderGivenAsLink: a folder named through a symbolic link is read
// as the folder itself; before, the walk saw only the link.
func TestFolderGivenAsLink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, dir, "real/a.json", record("good-a"))
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "real"), link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	sum := ingestPaths(t, openStore(t), Options{}, link)
	if sum.Files != 1 || sum.Records != 1 || len(sum.Skipped) != 0 || len(sum.Rejected) != 0 {
		t.Errorf("files %d, records %d, skipped %+v, rejected %+v; want the one record of %s", sum.Files, sum.Records, sum.Skipped, sum.Rejected, link)
	}
}
