package building_test

import (
	"bytes"
	"errors"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/building"
)

// roundTrip writes rows, parses them back and checks the rows are the
// same and writing them again gives the same bytes.
func roundTrip(t *testing.T, rows []building.Building) []byte {
	t.Helper()
	var first bytes.Buffer
	if err := building.Write(&first, rows); err != nil {
		t.Fatalf("write: %v", err)
	}
	m, err := building.Parse(bytes.NewReader(first.Bytes()), "written.csv")
	if err != nil {
		t.Fatalf("parse what Write wrote: %v\n%s", err, first.Bytes())
	}
	if !equalRows(m.All(), rows) {
		t.Fatalf("rows changed in the round trip:\n%+v\n%+v", rows, m.All())
	}
	var second bytes.Buffer
	if err := building.Write(&second, m.All()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Fatalf("writing again differs:\n%s\n%s", first.Bytes(), second.Bytes())
	}
	return first.Bytes()
}

func TestWriteRoundTrip(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"buildings.csv", "buildings.tsv"} {
		m, err := parseFile(t, filepath.Join("testdata", "good", name))
		if err != nil {
			t.Fatal(err)
		}
		roundTrip(t, m.All())
	}
	roundTrip(t, lookupMap(t).All())
}

// Values that need quoting come back unchanged; the output is plain CQD
// CSV: no header, 15 columns, 0/1.
func TestWriteQuoting(t *testing.T) {
	t.Parallel()
	p := netip.MustParsePrefix
	f := func(b building.Building, want string) {
		t.Helper()
		b.NetworkIP = p("10.1.2.0/24")
		if got := string(roundTrip(t, []building.Building{b})); got != want+"\n" {
			t.Errorf("wrote %q, want %q", got, want+"\n")
		}
	}
	f(building.Building{}, "10.1.2.0,,24,,,,,,,,,,0,0,0")
	f(building.Building{NetworkName: "USA/Seattle/SEA-1", BuildingName: "SEA-1", InsideCorp: true, VPN: true},
		"10.1.2.0,USA/Seattle/SEA-1,24,SEA-1,,,,,,,,,1,0,1")
	f(building.Building{NetworkName: "Seattle, WA"}, `10.1.2.0,"Seattle, WA",24,,,,,,,,,,0,0,0`)
	f(building.Building{NetworkName: `SYD "Barangaroo"`}, `10.1.2.0,"SYD ""Barangaroo""",24,,,,,,,,,,0,0,0`)
	f(building.Building{NetworkName: `"`}, `10.1.2.0,"""",24,,,,,,,,,,0,0,0`)
	f(building.Building{City: " padded "}, `10.1.2.0,,24,,,,," padded ",,,,,0,0,0`)
	f(building.Building{City: "\u00a0nbsp"}, "10.1.2.0,,24,,,,,\"\u00a0nbsp\",,,,,0,0,0")
	f(building.Building{Region: "tab\there"}, "10.1.2.0,,24,,,,,,,,,\"tab\there\",0,0,0")
	f(building.Building{Country: "Zürich"}, "10.1.2.0,,24,,,,,,,Zürich,,,0,0,0")
	f(building.Building{ZipCode: "SW1A 1AA"}, "10.1.2.0,,24,,,,,,SW1A 1AA,,,,0,0,0")
}

func TestWriteRefuses(t *testing.T) {
	t.Parallel()
	f := func(b building.Building, want string) {
		t.Helper()
		var buf bytes.Buffer
		err := building.Write(&buf, []building.Building{{NetworkIP: netip.MustParsePrefix("10.1.1.0/24")}, b})
		if err == nil || err.Error() != want {
			t.Errorf("Write = %v, want %s", err, want)
		}
	}
	ok := netip.MustParsePrefix("10.1.2.0/24")
	f(building.Building{}, "write building file: row 2: NetworkIP: no range")
	f(building.Building{NetworkIP: netip.MustParsePrefix("10.1.2.5/24")}, "write building file: row 2: NetworkIP: 10.1.2.5/24 has host bits set: want 10.1.2.0/24")
	f(building.Building{NetworkIP: netip.MustParsePrefix("10.0.0.0/7")}, "write building file: row 2: NetworkIP: /7 is not a prefix length: want 8 to 32")
	f(building.Building{NetworkIP: netip.MustParsePrefix("2001:db8::/32")}, "write building file: row 2: NetworkIP: /32 is not a prefix length: want 48 to 128")
	f(building.Building{NetworkIP: netip.MustParsePrefix("::ffff:10.1.2.0/120")}, "write building file: row 2: NetworkIP: ::ffff:10.1.2.0 has a zone or is IPv4-mapped")
	f(building.Building{NetworkIP: ok, City: "two\nlines"}, `write building file: row 2: City: "two\nlines" holds a line break or invalid UTF-8, which the file cannot carry`)
	f(building.Building{NetworkIP: ok, Region: "cr\r"}, `write building file: row 2: Region: "cr\r" holds a line break or invalid UTF-8, which the file cannot carry`)
	f(building.Building{NetworkIP: ok, BuildingName: "\xff"}, `write building file: row 2: BuildingName: "\xff" holds a line break or invalid UTF-8, which the file cannot carry`)
	if err := building.Write(&bytes.Buffer{}, nil); err != nil {
		t.Errorf("Write(nil) = %v", err)
	}
	if err := building.Write(failingWriter{}, lookupMap(t).All()); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Write to a failing writer = %v", err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
