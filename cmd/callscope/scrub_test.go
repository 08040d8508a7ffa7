package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScrubRewritesStoreFiles: a scrub that clears personal data says how
// the store's files were rewritten; one with nothing to clear leaves them
// alone. The examples are years old, so everything in them is due.
func TestScrubRewritesStoreFiles(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	if _, stderr, code := c.run("", "ingest", "--tenant", "contoso", examples); code != exitOK {
		t.Fatalf("ingest exit %d: %s", code, stderr)
	}
	out, stderr, code := c.run("", "scrub")
	if code != exitOK {
		t.Fatalf("scrub exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "store files rewritten without what was removed: ") {
		t.Errorf("scrub output says nothing of rewriting the store's files:\n%s", out)
	}
	entries, err := os.ReadDir(filepath.Dir(c.store))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".compact-") {
			t.Errorf("%s left beside the store", e.Name())
		}
	}

	out, stderr, code = c.run("", "scrub", "--json")
	if code != exitOK {
		t.Fatalf("second scrub exit %d: %s", code, stderr)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("scrub --json: %v\n%s", err, out)
	}
	if res["callsCleared"] != float64(0) || res["compaction"] != nil {
		t.Errorf("second scrub %s: want nothing cleared and no rewrite", out)
	}
}
