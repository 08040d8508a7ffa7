package ingest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// Ingesting records again, most of them unchanged, encodes calls light
// once the writer finds most unchanged; the calls that did change, or
// are new, among them must still be stored whole. Records come in more
// batches than one (callBatch), the changed and new ones in the last.
func TestReingestWithChangesAmongUnchanged(t *testing.T) {
	t.Parallel()
	const n, changed, added = 2600, 10, 5
	record := func(i, version, streams int) string {
		var rec map[string]any
		if err := json.Unmarshal([]byte(versioned(t, version, streams)), &rec); err != nil {
			t.Fatal(err)
		}
		rec["id"] = fmt.Sprintf("c0ffee00-0000-4000-8000-%012d", i)
		delete(rec, "sessions@odata.nextLink") // whole records, encoded as decoded
		b, _ := json.Marshal(rec)
		return string(b)
	}
	var first, second []string
	for i := range n {
		first = append(first, record(i, 1, 2))
		if i >= n-changed {
			second = append(second, record(i, 2, 1))
		} else {
			second = append(second, record(i, 1, 2))
		}
	}
	for i := n; i < n+added; i++ {
		second = append(second, record(i, 1, 2))
	}
	dir := t.TempDir()
	firstPath := writeFile(t, dir, "first.jsonl", strings.Join(first, "\n")+"\n")
	secondPath := writeFile(t, dir, "second.jsonl", strings.Join(second, "\n")+"\n")

	again := openStore(t)
	ingestPaths(t, again, Options{}, firstPath)
	sum := ingestPaths(t, again, Options{}, secondPath)
	if sum.Unchanged != n-changed || sum.Replaced != changed || sum.Inserted != added {
		t.Errorf("second ingest: %d unchanged, %d replaced, %d new; want %d, %d, %d",
			sum.Unchanged, sum.Replaced, sum.Inserted, n-changed, changed, added)
	}
	if sum.Streams != 2*(n-changed)+changed+2*added {
		t.Errorf("second ingest counted %d streams, want %d", sum.Streams, 2*(n-changed)+changed+2*added)
	}
	once := openStore(t)
	ingestPaths(t, once, Options{}, secondPath)
	if a, b := dump(t, again, "contoso"), dump(t, once, "contoso"); a != b {
		t.Errorf("ingesting again stored otherwise than ingesting once:\nagain %.300s\nonce  %.300s", a, b)
	}
}
