package gen

import (
	"path/filepath"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// The building file is what CQD accepts: no header, 15 columns, network
// addresses with 8–28-bit prefixes, 0/1 booleans, no overlapping ranges;
// and it places the planted problems where the documentation says.
func TestBuildingFile(t *testing.T) {
	t.Parallel()
	dir, res := generate(t, Options{Seed: 9, Users: 20, Days: 1, End: testEnd, Format: FormatGraph})
	rows := readBuildingFile(t, filepath.Join(dir, "buildings.csv"))

	for i, a := range rows {
		for _, b := range rows[i+1:] {
			if a.prefix.Overlaps(b.prefix) {
				t.Errorf("%s (%s) overlaps %s (%s)", a.prefix, a.building, b.prefix, b.building)
			}
		}
	}
	buildings := map[string]bool{}
	for _, r := range rows {
		buildings[r.building] = true
	}
	if res.Buildings != len(buildings) {
		t.Errorf("Result.Buildings = %d, the file has %d", res.Buildings, len(buildings))
	}

	find := func(subnet string) *buildingFileRow {
		for i := range rows {
			if buildingOf(rows[i:i+1], subnet) != "" {
				return &rows[i]
			}
		}
		return nil
	}
	f := func(name, subnet, building string, bits int, inside, vpn string) {
		t.Helper()
		r := find(subnet)
		switch {
		case r == nil:
			t.Errorf("%s: %s is not in the building file", name, subnet)
		case r.building != building || r.prefix.Bits() != bits || r.inside != inside || r.vpn != vpn:
			t.Errorf("%s: %s is in %s /%d inside %s vpn %s, want %s /%d inside %s vpn %s",
				name, subnet, r.building, r.prefix.Bits(), r.inside, r.vpn, building, bits, inside, vpn)
		}
	}
	f("bad switch, in a supernet", BadSwitchSubnet, "SEA-B1", 22, "1", "0")
	f("poor Wi-Fi", "10.30.8.0", PoorWifiBuilding, 24, "1", "0")
	f("dropping access point's subnet", "10.20.8.0", "NYC-HUDSON", 24, "1", "0")
	f("VPN pool", "10.200.0.0", "VPN-SEA", 24, "1", "1")
	f("guest Wi-Fi", "172.20.1.0", "SEA-B1", 22, "0", "0")
	for _, home := range []string{"192.168.1.0", "192.168.0.0", "10.0.0.0"} {
		if r := find(home); r != nil {
			t.Errorf("home subnet %s is in the building file (%s)", home, r.building)
		}
	}

	// Every subnet of the generated records is either in the file or a
	// home or cellular network: no corporate subnet is missing.
	files, err := filepath.Glob(filepath.Join(dir, "graph", "*.jsonl.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Graph files: %v", err)
	}
	outside := map[string]bool{"192.168.1.0": true, "192.168.0.0": true, "10.0.0.0": true, "192.168.178.0": true, "100.72.0.0": true}
	seen := 0
	for _, path := range files {
		forEachRecord(t, path, func(c *model.Call) {
			for _, fact := range model.Facts(c) {
				for _, side := range clientSides(fact) {
					if side.Subnet == "" || outside[side.Subnet] {
						continue
					}
					seen++
					if find(side.Subnet) == nil {
						t.Errorf("call %s: subnet %s is not in the building file", c.ID, side.Subnet)
					}
				}
			}
		})
	}
	if seen == 0 {
		t.Error("no corporate subnet in the records")
	}
}
