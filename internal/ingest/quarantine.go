package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// quarantine copies rejected input into a folder, so that it can be
// looked at, fixed and ingested again: one file of rejected records per
// input file (JSON lines), and whole files that could not be read to the end.
type quarantine struct {
	dir   string
	files map[string]*os.File
	err   error
}

func newQuarantine(dir string) *quarantine {
	return &quarantine{dir: dir, files: map[string]*os.File{}}
}

// safeName flattens an input path into one file name.
func safeName(name string) string {
	if name == "-" {
		return "stdin"
	}
	r := strings.NewReplacer("/", "_", "\\", "_", ":", "_")
	return strings.TrimLeft(r.Replace(filepath.Clean(name)), "._")
}

// record appends one rejected record and returns where it went.
func (q *quarantine) record(in input, line int, raw []byte) string {
	if q.dir == "" || q.err != nil {
		return ""
	}
	name := safeName(in.name) + ".rejected.jsonl"
	f, ok := q.files[name]
	if !ok {
		if err := os.MkdirAll(q.dir, 0o755); err != nil {
			q.err = err
			return ""
		}
		var err error
		f, err = os.OpenFile(filepath.Join(q.dir, name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			q.err = err
			return ""
		}
		q.files[name] = f
	}
	// Keep each record on one line; broken JSON is written as it was.
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		buf.Reset()
		buf.Write(bytes.ReplaceAll(raw, []byte("\n"), []byte(" ")))
	}
	buf.WriteByte('\n')
	if _, err := f.Write(buf.Bytes()); err != nil {
		q.err = err
		return ""
	}
	return fmt.Sprintf("%s (from line %d)", filepath.Join(q.dir, name), line)
}

// copyFile copies a whole input that could not be read to the end.
func (q *quarantine) copyFile(in input) string {
	if q.dir == "" || in.path == "" {
		return ""
	}
	src, err := os.Open(in.path)
	if err != nil {
		return ""
	}
	defer src.Close()
	if err := os.MkdirAll(q.dir, 0o755); err != nil {
		return ""
	}
	dst := filepath.Join(q.dir, safeName(in.name))
	out, err := os.Create(dst)
	if err != nil {
		return ""
	}
	defer out.Close()
	if _, err := io.Copy(out, src); err != nil {
		return ""
	}
	return dst
}

// Close flushes the quarantine files.
func (q *quarantine) Close() error {
	var first error
	for _, f := range q.files {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
	}
	if first == nil {
		first = q.err
	}
	return first
}
