// Package golden compares what tests produce with expected files under
// testdata/, and rewrites those files when the tests run with -update:
// after a deliberate change, run `go test ./… -update` and read the diff.
// Only tests import it.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/ from what the code produces")

// Updating reports whether the test run rewrites golden files.
func Updating() bool { return *update }

// Check compares got with the golden file at path, or writes it when
// updating.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (check it, then run with -update):\n%s", path, FirstDiff(got, want))
	}
}

// Stale reports the files of dir that no input produced any more (named
// in expected, by base name), or removes them when updating.
func Stale(t testing.TB, dir string, expected map[string]bool) {
	t.Helper()
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		switch {
		case f.IsDir() || expected[f.Name()]:
		case *update:
			if err := os.Remove(filepath.Join(dir, f.Name())); err != nil {
				t.Fatal(err)
			}
		default:
			t.Errorf("%s has no input any more (-update removes it)", filepath.Join(dir, f.Name()))
		}
	}
}

// FirstDiff shows the first line where two outputs part.
func FirstDiff(got, want []byte) string {
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
