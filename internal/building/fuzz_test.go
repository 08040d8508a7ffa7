package building_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/callscope/callscope/internal/building"
)

// FuzzParse feeds Parse arbitrary bytes, seeded with every file under
// testdata (good and bad) and the corpus under testdata/fuzz/FuzzParse.
// Run it with
// go test ./internal/building -run '^$' -fuzz FuzzParse -fuzztime 60s
// and keep whatever it finds there as a seed.
//
// Whatever the input: no panic; a rejection is an *Error with readable
// problems; an accepted file gives sorted, disjoint rows that Lookup finds
// and that Write gives back unchanged.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"good/*.[ct]sv", "bad/*.csv"} {
		files, err := filepath.Glob(filepath.Join("testdata", pattern))
		if err != nil {
			f.Fatal(err)
		}
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Add([]byte(base))
	f.Add([]byte(lookupFile))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := building.Parse(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			checkError(t, err)
			return
		}
		checkMap(t, m)
		var out bytes.Buffer
		if err := building.Write(&out, m.All()); err != nil {
			t.Fatalf("Write of parsed rows: %v", err)
		}
		back, err := building.Parse(bytes.NewReader(out.Bytes()), "written.csv")
		if err != nil {
			t.Fatalf("Parse of written rows: %v\n%q", err, out.Bytes())
		}
		if !equalRows(m.All(), back.All()) {
			t.Fatalf("round trip changed the rows:\n%+v\n%+v", m.All(), back.All())
		}
	})
}

func checkError(t *testing.T, err error) {
	t.Helper()
	var e *building.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v is not a *building.Error", err, err)
	}
	if len(e.Problems) == 0 || len(e.Problems) > building.MaxProblems {
		t.Fatalf("%d problems", len(e.Problems))
	}
	for i, p := range e.Problems {
		if p.Msg == "" || p.Line < 0 || i > 0 && p.Line < e.Problems[i-1].Line {
			t.Fatalf("problem %d: %+v (after %+v)", i, p, e.Problems[max(i-1, 0)])
		}
	}
	if msg := err.Error(); !utf8.ValidString(msg) || strings.Count(msg, "\n") > building.MaxProblems {
		t.Fatalf("error message is not UTF-8 or too long: %q", msg)
	}
}

func checkMap(t *testing.T, m *building.Map) {
	t.Helper()
	all := m.All()
	if len(all) != m.Len() || len(all) == 0 {
		t.Fatalf("Len %d, All %d rows", m.Len(), len(all))
	}
	// The expansion limit, counted apart from the package: in float64,
	// where powers of two add exactly and never wrap.
	expanded := 0.0
	for _, b := range all {
		size, unit := 32, 24
		if b.NetworkIP.Addr().Is6() {
			size, unit = 128, 64
		}
		if b.VPN {
			unit = size
		}
		expanded += math.Pow(2, float64(max(unit-b.NetworkIP.Bits(), 0)))
	}
	if expanded > building.MaxExpandedRows {
		t.Fatalf("accepted a file that expands to %g rows", expanded)
	}
	for i, b := range all {
		if !b.NetworkIP.IsValid() || b.NetworkIP.Masked() != b.NetworkIP || b.Line < 1 {
			t.Fatalf("row %+v", b)
		}
		if i > 0 && (all[i-1].NetworkIP.Overlaps(b.NetworkIP) || all[i-1].NetworkIP.Addr().Compare(b.NetworkIP.Addr()) >= 0) {
			t.Fatalf("rows %s and %s are out of order or overlap", all[i-1].NetworkIP, b.NetworkIP)
		}
		for _, s := range []string{b.NetworkName, b.BuildingName, b.City, b.Region} {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\n") {
				t.Fatalf("row %+v holds %q", b, s)
			}
		}
		if got, ok := m.Lookup(b.NetworkIP.Addr()); !ok || got.Line != b.Line {
			t.Fatalf("Lookup(%s) = %+v, %v; want line %d", b.NetworkIP.Addr(), got, ok, b.Line)
		}
	}
}
