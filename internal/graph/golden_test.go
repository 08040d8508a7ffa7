package graph_test

import (
	"encoding/json"
	"github.com/callscope/callscope/internal/golden"
	"path/filepath"
	"testing"
)

// TestGolden decodes every object of the test inputs and compares its
// canonical JSON, byte for byte, with testdata/golden/<file>-<n>.json.
// After a deliberate change, refresh with go test ./internal/graph -update
// and read the diff.
func TestGolden(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "golden")
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
			golden.Check(t, path, append(got, '\n'))
		})
	}
	golden.Stale(t, dir, expected)
}
