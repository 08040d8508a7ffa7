package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestProblemsInInputOrder: the run decodes many files at once, and
// still lists what it found in input order: each file's bad lines, then
// what it found of the file as a whole (a file that stops mid-way, a
// notification skipped), before the next file's.
func TestProblemsInInputOrder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for i := range 40 {
		var b strings.Builder
		fmt.Fprintf(&b, "not json %d\n", i)
		for range 30 {
			b.WriteString(`{"value": "no telemetry"}` + "\n")
		}
		if i%10 == 9 {
			var line bytes.Buffer
			if err := json.Compact(&line, readExample(t, "graph/change-notification.json")); err != nil {
				t.Fatal(err)
			}
			b.WriteString(line.String() + "\n")
		}
		writeFile(t, dir, fmt.Sprintf("f%02d.jsonl", i), b.String())
	}
	sum := ingestPaths(t, openStore(t), Options{}, dir)
	var files []string
	for _, p := range sum.Rejected {
		if p.Line == 1 {
			files = append(files, filepath.Base(p.File))
		}
	}
	if len(files) != 40 {
		t.Fatalf("%d files with their first line rejected, want 40: %+v", len(files), sum.Rejected)
	}
	for i, f := range files {
		if want := fmt.Sprintf("f%02d.jsonl", i); f != want {
			t.Fatalf("problem %d is of %s, want %s", i, f, want)
		}
	}
	var skipped []string
	for _, p := range sum.Skipped {
		skipped = append(skipped, filepath.Base(p.File))
	}
	if want := []string{"f09.jsonl", "f19.jsonl", "f29.jsonl", "f39.jsonl"}; fmt.Sprint(skipped) != fmt.Sprint(want) {
		t.Errorf("skipped %v, want %v", skipped, want)
	}
	if sum.Files != 40 {
		t.Errorf("%d files counted, want 40", sum.Files)
	}
}
