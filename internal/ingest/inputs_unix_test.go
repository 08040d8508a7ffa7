//go:build unix

package ingest

import (
	"net"
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
	"time"
)

// TestFolderEntriesNotRead: every entry of a folder that is not read is
// in the summary's skipped list with the reason, a named pipe or a socket
// as much as a file of another kind; only hidden entries and
// documentation are passed over without a word.
func TestFolderEntriesNotRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, dir, "a.json", record("good-a"))
	type entry struct {
		name string
		make func(path string) error
		// why is the skipped entry's reason; "" when none is wanted.
		why string
	}
	mkfifo := func(path string) error { return syscall.Mkfifo(path, 0o644) }
	// In the walk's order, which is the order of the skipped list.
	entries := []entry{
		{".hidden-pipe", mkfifo, ""},
		{"README.md", func(path string) error { return os.WriteFile(path, []byte("# data\n"), 0o644) }, ""},
		{"feed.md", mkfifo, "not a regular file: a named pipe"},
		{"link.json", func(path string) error {
			return os.Symlink(filepath.Join(dir, "a.json"), path)
		}, "not a regular file: a symbolic link (links inside a folder are not followed; name the file itself)"},
		{"notes.csv", func(path string) error { return os.WriteFile(path, []byte("a,b\n"), 0o644) },
			"not a telemetry file (expected .json, .jsonl, .ndjson or .gz)"},
		{"pipe", mkfifo, "not a regular file: a named pipe"},
		{"pipe.jsonl", mkfifo, "not a regular file: a named pipe"},
		{"sock", func(path string) error {
			l, err := net.Listen("unix", path)
			if err != nil {
				return err
			}
			// Closing would remove the socket file; keep it for the test.
			l.(*net.UnixListener).SetUnlinkOnClose(false)
			return l.Close()
		}, "not a regular file: a socket"},
		{"sub/deeper.json", mkfifo, "not a regular file: a named pipe"},
	}
	var want []Problem
	for _, e := range entries {
		path := filepath.Join(dir, e.name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := e.make(path); err != nil {
			t.Fatalf("make %s: %v", path, err)
		}
		if e.why != "" {
			want = append(want, Problem{File: path, Error: e.why})
		}
	}

	files, skipped, rejected, err := Files([]string{dir})
	if err != nil || len(rejected) != 0 || !reflect.DeepEqual(files, []string{filepath.Join(dir, "a.json")}) {
		t.Errorf("Files: %q, rejected %+v, %v; want only a.json", files, rejected, err)
	}
	if !reflect.DeepEqual(skipped, want) {
		t.Errorf("Files: skipped\n%+v\nwant\n%+v", skipped, want)
	}
	sum := ingestPaths(t, openStore(t), Options{}, dir)
	if sum.Files != 1 || sum.Records != 1 || len(sum.Rejected) != 0 {
		t.Errorf("files %d, records %d, rejected %+v; want a.json alone read", sum.Files, sum.Records, sum.Rejected)
	}
	if !reflect.DeepEqual(sum.Skipped, want) {
		t.Errorf("skipped\n%+v\nwant\n%+v", sum.Skipped, want)
	}
}

// feedPipe makes a named pipe at path and writes content into it from
// another goroutine once a reader opens it. The returned function waits
// for the writer; a writer no reader came for is let go rather than left
// blocked.
func feedPipe(t *testing.T, path, content string) (wait func()) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0) // blocks until a reader opens
		if err != nil {
			done <- err
			return
		}
		_, err = f.WriteString(content)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		done <- err
	}()
	return func() {
		// The writer may still be closing its end after the reader is
		// done: give it a while (a watchdog, not a wait) before taking it
		// for one no reader came for.
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("write %s: %v", path, err)
			}
			return
		case <-time.After(10 * time.Second):
		}
		// Nobody read the pipe: open it for reading, without waiting for
		// the writer, so that the writer's open returns.
		if r, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			defer r.Close()
		}
		if err := <-done; err == nil {
			t.Errorf("%s was never read", path)
		}
	}
}

// TestNamedPipeOnTheCommandLine: a named pipe named explicitly is a
// stream to read, as standard input is; a record it rejects is reported
// without trying to copy the pipe, which cannot be read a second time,
// into the quarantine.
func TestNamedPipeOnTheCommandLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		content  string
		records  int
		rejected int
	}{
		{"records", record("good-a") + record("good-b"), 2, 0},
		{"a broken document", `{"id":"good-a","version":1,`, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			pipe := filepath.Join(dir, "feed")
			wait := feedPipe(t, pipe, tc.content)
			st := openStore(t)
			type result struct {
				sum *Summary
				err error
			}
			done := make(chan result, 1)
			go func() {
				sum, err := Run(t.Context(), st, []string{pipe}, Options{Tenant: "contoso", Quarantine: filepath.Join(dir, "quarantine")})
				done <- result{sum, err}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(time.Minute): // a watchdog, not a wait: the run takes well under a second
				// Give a reader blocked on opening the pipe a writer, then
				// an end, so that the test does not hang.
				if w, err := os.OpenFile(pipe, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
					w.Close()
				}
				t.Fatalf("reading the named pipe %s did not end", pipe)
			}
			wait()
			if r.err != nil {
				t.Fatalf("ingest %s: %v", pipe, r.err)
			}
			sum := r.sum
			if sum.Files != 1 || sum.Records != tc.records || len(sum.Rejected) != tc.rejected || len(sum.Skipped) != 0 {
				t.Errorf("files %d, records %d, rejected %+v, skipped %+v; want 1 file, %d records, %d rejected",
					sum.Files, sum.Records, sum.Rejected, sum.Skipped, tc.records, tc.rejected)
			}
			for _, p := range sum.Rejected {
				if p.File != pipe || p.Quarantined != "" {
					t.Errorf("rejected %+v, want %s, not copied", p, pipe)
				}
			}
		})
	}
}
