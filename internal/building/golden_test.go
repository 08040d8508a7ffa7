package building_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/building"
	"github.com/callscope/callscope/internal/golden"
)

// TestBadFiles parses every file under testdata/bad, one per invalid
// setting, and compares the error with the .err file beside it. After a
// deliberate change of a message, refresh them with
// go test ./internal/building -update and read the diff.
func TestBadFiles(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "bad", "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad files: %v", err)
	}
	expected := map[string]bool{}
	for _, path := range files {
		expected[filepath.Base(path)] = true
		errPath := strings.TrimSuffix(path, ".csv") + ".err"
		expected[filepath.Base(errPath)] = true
		t.Run(filepath.Base(path), func(t *testing.T) {
			m, err := parseFile(t, path)
			var e *building.Error
			if !errors.As(err, &e) || m != nil {
				t.Fatalf("got map %v, error %T %v; want a *building.Error", m, err, err)
			}
			golden.Check(t, errPath, []byte(err.Error()+"\n"))
		})
	}
	golden.Stale(t, filepath.Join("testdata", "bad"), expected)
}

// TestGoodFiles parses the files under testdata/good, a CSV and a TSV of
// the same rows with a byte-order mark and CRLF line ends, and compares the
// rows with the .json file beside each.
func TestGoodFiles(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "good", "*.[ct]sv"))
	if err != nil || len(files) < 2 {
		t.Fatalf("no good files: %v", err)
	}
	var first []building.Building
	for _, path := range files {
		m, err := parseFile(t, path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.MarshalIndent(m.All(), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, path+".json", append(got, '\n'))
		if first == nil {
			first = m.All()
		} else if !equalRows(first, m.All()) {
			t.Errorf("%s and %s give different rows", files[0], path)
		}
	}
}

func parseFile(t *testing.T, path string) (*building.Map, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return building.Parse(bytes.NewReader(data), filepath.Base(path))
}

// equalRows compares rows but for their line numbers.
func equalRows(a, b []building.Building) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		x.Line, y.Line = 0, 0
		if x != y {
			return false
		}
	}
	return true
}
