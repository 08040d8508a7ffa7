package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/building"
	"github.com/callscope/callscope/internal/store"
)

// TestBuildingsCommands: the generated organization's subnets are
// missing until its building file is imported; the file exports back as
// it was; a bad file is refused with its lines and exit 1.
func TestBuildingsCommands(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	dir := t.TempDir()
	if _, stderr, code := c.run("", "gen", "--seed", "3", "--users", "12", "--days", "3", "--out", dir); code != exitOK {
		t.Fatalf("gen: %d %s", code, stderr)
	}
	if _, stderr, code := c.run("", "ingest", dir); code != exitOK {
		t.Fatalf("ingest: %d %s", code, stderr)
	}
	missing := func() []store.SubnetCount {
		t.Helper()
		out, stderr, code := c.run("", "buildings", "missing", "--json", "--min-streams", "1", "--days", "5")
		if code != exitOK {
			t.Fatalf("buildings missing: %d %s", code, stderr)
		}
		var got []store.SubnetCount
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return got
	}
	before := missing()
	if len(before) == 0 {
		t.Fatal("no subnet is missing before the building file is imported")
	}

	file := filepath.Join(dir, "buildings.csv")
	out, stderr, code := c.run("", "buildings", "import", file)
	if code != exitOK || !strings.Contains(out, "rows") {
		t.Fatalf("buildings import: %d %s %s", code, out, stderr)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m, err := building.Parse(strings.NewReader(string(raw)), file)
	if err != nil {
		t.Fatal(err)
	}
	after := missing()
	if len(after) >= len(before) {
		t.Errorf("%d subnets missing after the import, %d before", len(after), len(before))
	}
	for _, s := range after {
		if _, ok := m.LookupSubnet(s.Subnet); ok {
			t.Errorf("subnet %s is in the building file but listed as missing", s.Subnet)
		}
	}
	var mapped int
	for _, s := range before {
		if !slices.ContainsFunc(after, func(a store.SubnetCount) bool { return a.Subnet == s.Subnet }) {
			mapped++
		}
	}
	if mapped == 0 {
		t.Error("the building file mapped none of the missing subnets")
	}

	// The dashboard by building: the file's buildings, and streams
	// outside any.
	out, stderr, code = c.run("", "cqd", "--json", "--by", "building", "--measures", "streams,poorPct", "--days", "5")
	var byBuilding []map[string]any
	if code != exitOK || json.Unmarshal([]byte(out), &byBuilding) != nil || len(byBuilding) < 2 {
		t.Fatalf("cqd by building: exit %d, %s %s", code, out, stderr)
	}
	for _, row := range byBuilding {
		name, _ := row["building"].(string)
		if row["building"] != nil && !slices.ContainsFunc(m.All(), func(b building.Building) bool { return b.BuildingName == name }) {
			t.Errorf("cqd row of building %q, which the file does not have", name)
		}
		if n, _ := row["streams"].(float64); n <= 0 {
			t.Errorf("cqd row %v without streams", row)
		}
	}
	out, _, code = c.run("", "cqd", "--by", "inside,mediaType", "--order", "poorPct", "--top", "3")
	if code != exitOK || !strings.Contains(out, "poorPct") || len(strings.Split(strings.TrimSpace(out), "\n")) != 4 {
		t.Errorf("cqd table: exit %d\n%s", code, out)
	}
	out, stderr, code = c.run("", "poor-calls", "--json", "--days", "5", "--filter", "building="+m.All()[0].BuildingName, "--limit", "5")
	var poor []store.PoorCall
	if code != exitOK || json.Unmarshal([]byte(out), &poor) != nil || len(poor) == 0 || poor[0].Poor == 0 {
		t.Errorf("poor-calls: exit %d, %s %s", code, out, stderr)
	}
	// Exports, by the engine's writers.
	out, stderr, code = c.run("", "cqd", "--by", "building", "--measures", "streams", "--days", "5", "--format", "csv")
	if code != exitOK || !strings.HasPrefix(out, "building,streams\n") || strings.Count(out, "\n") != len(byBuilding)+1 {
		t.Errorf("cqd --format csv: exit %d, %q %s", code, out, stderr)
	}
	parquet := filepath.Join(t.TempDir(), "streams.parquet")
	if _, stderr, code := c.run("", "cqd", "--streams", "--format", "parquet", "--out", parquet, "--days", "5"); code != exitOK {
		t.Errorf("cqd --streams --format parquet: exit %d, %s", code, stderr)
	} else if raw, err := os.ReadFile(parquet); err != nil || !strings.HasPrefix(string(raw), "PAR1") {
		t.Errorf("not a parquet file: %v", err)
	}
	if _, stderr, code := c.run("", "cqd", "--by", "floor"); code != exitUsage || !strings.Contains(stderr, `unknown dimension "floor"`) {
		t.Errorf("cqd --by floor: exit %d, %s", code, stderr)
	}

	out, _, code = c.run("", "buildings", "export")
	again, err := building.Parse(strings.NewReader(out), "export")
	if code != exitOK || err != nil || !slices.Equal(stripLines(again.All()), stripLines(m.All())) {
		t.Errorf("export: exit %d, %v; rows differ from the imported file", code, err)
	}

	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("10.1.0.0,A,22,A,,,,,,,,,1,0,0\n10.1.2.0,B,24,B,,,,,,,,,1,0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = c.run("", "buildings", "import", bad)
	if code != exitRejected || !strings.Contains(stderr, bad+":2:") || !strings.Contains(stderr, "unchanged") {
		t.Errorf("bad file: exit %d, %s", code, stderr)
	}
	if out, _, _ := c.run("", "buildings", "export"); out == "" {
		t.Error("the refused file cleared the active one")
	}
}

// stripLines drops the line numbers, which an exported file renumbers.
func stripLines(rows []building.Building) []building.Building {
	out := slices.Clone(rows)
	for i := range out {
		out[i].Line = 0
	}
	return out
}
