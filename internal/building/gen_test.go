package building_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/building"
	"github.com/callscope/callscope/internal/gen"
)

// The building file the generator writes is one CQD would take: every
// line parses into a row, and the planted problems land in the buildings
// its documentation names.
func TestGeneratedFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	end := time.Date(2025, 3, 14, 18, 0, 0, 0, time.UTC)
	res, err := gen.Generate(context.Background(), dir, gen.Options{Seed: 9, Users: 20, Days: 1, End: end, Format: gen.FormatGraph})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "buildings.csv")
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	m, err := building.Parse(fh, "buildings.csv")
	if err != nil {
		t.Fatal(err)
	}
	if lines := countLines(t, path); m.Len() != lines || lines == 0 {
		t.Errorf("%d rows of %d lines", m.Len(), lines)
	}
	names := map[string]bool{}
	for _, b := range m.All() {
		names[b.BuildingName] = true
	}
	if len(names) != res.Buildings {
		t.Errorf("%d buildings, gen says %d", len(names), res.Buildings)
	}

	f := func(subnet, wantBuilding string, wantBits int, inside, vpn bool) {
		t.Helper()
		b, ok := m.LookupSubnet(subnet)
		if !ok || b.BuildingName != wantBuilding || b.NetworkIP.Bits() != wantBits || b.InsideCorp != inside || b.VPN != vpn {
			t.Errorf("LookupSubnet(%s) = %+v, %v; want %s /%d inside %v vpn %v", subnet, b, ok, wantBuilding, wantBits, inside, vpn)
		}
	}
	f(gen.BadSwitchSubnet, "SEA-B1", 22, true, false)
	f("10.30.8.0", gen.PoorWifiBuilding, 24, true, false)
	f("10.200.0.0", "VPN-SEA", 24, true, true)
	f("172.20.1.0", "SEA-B1", 22, false, false)
	for _, home := range []string{"192.168.1.0", "192.168.0.0", "10.0.0.0"} {
		if b, ok := m.LookupSubnet(home); ok {
			t.Errorf("home subnet %s is in %s", home, b.BuildingName)
		}
	}
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	n := 0
	for sc := bufio.NewScanner(fh); sc.Scan(); {
		n++
	}
	return n
}
