package ingest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadElements feeds arbitrary bytes to the container reader: it must
// never panic, never report a line past the end of the input, and every
// element it returns without an error must be valid JSON, but for lines
// of JSON lines, which the decoders check.
func FuzzReadElements(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(examples, "*", "*.*json"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("{\"a\":1}\n{\"a\":\n{\"b\":2}"))
	f.Add([]byte(`{"records":[{"a":1},{"b":2}]}`))
	f.Add([]byte("[1,2"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		err := readElements(bytes.NewReader(data), 256, func(e element) error {
			if e.line < 1 || e.line > lines {
				t.Fatalf("element at line %d of %d", e.line, lines)
			}
			if e.err == nil && !e.unchecked && !json.Valid(e.raw) {
				t.Fatalf("element %q is not valid JSON", e.raw)
			}
			if e.unchecked && (len(e.raw) == 0 || len(bytes.TrimSpace(e.raw)) != len(e.raw)) {
				t.Fatalf("line element %q is empty or not trimmed", e.raw)
			}
			return nil
		})
		if fe, ok := err.(*fileError); ok && (fe.line < 1 || fe.line > lines+1) {
			t.Fatalf("file error at line %d of %d", fe.line, lines)
		}
	})
}
