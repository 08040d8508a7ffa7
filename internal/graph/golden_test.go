package graph_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from what the decoders produce")

// TestGolden decodes every object of the test inputs and compares its
// canonical JSON, byte for byte, with testdata/golden/<file>-<n>.json.
// After a deliberate change, refresh with go test ./internal/graph -update
// and read the diff.
func TestGolden(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "golden")
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	expected := map[string]bool{}
	for _, o := range objects(t) {
		if !decodable(o.kind) {
			continue
		}
		path := filepath.Join(dir, o.name+".json")
		expected[filepath.Base(path)] = true
		t.Run(o.name, func(t *testing.T) {
			t.Parallel()
			v, err := decodeAs(o.kind, o.usage, o.raw)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			got, err := json.MarshalIndent(v, "", "  ")
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			got = append(got, '\n')
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/graph -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the decoded value\n%s", path, firstDiff(got, want))
			}
		})
	}

	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if expected[f.Name()] {
			continue
		}
		if *update {
			if err := os.Remove(filepath.Join(dir, f.Name())); err != nil {
				t.Fatal(err)
			}
			continue
		}
		t.Errorf("testdata/golden/%s has no input any more (go test -update removes it)", f.Name())
	}
}

// firstDiff shows the first line where two outputs part.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n  got:  " + gl + "\n  want: " + wl
		}
	}
	return ""
}
