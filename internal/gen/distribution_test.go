package gen

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A default-sized organization's week has the shape of a real tenant's
// records: mostly small (1:1 calls and small meetings), and a tail of
// large meetings of megabytes with hundreds of sessions, participants_v2
// over several pages, and ACS classes of dozens of people. Result's
// percentiles are those of the files.
func TestDistribution(t *testing.T) {
	t.Parallel()
	// Small files, so that pages meet file boundaries too.
	dir, res := generate(t, Options{Seed: 1, Users: DefaultUsers, Days: 7, End: testEnd, Plain: true, RecordsPerFile: 100})

	sizes, sessions := recordShape(t, dir)
	acsRows, acsPeople := acsShape(t, dir)
	f := func(name string, got, want bool) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	f("p50 of record bytes under 40 KB", res.RecordBytes.P50 < 40_000, true)
	f("p50 of record bytes at least 3 KB", res.RecordBytes.P50 >= 3_000, true)
	f("largest record over 1 MB", res.RecordBytes.Max > 1_000_000, true)
	f("largest record under 16 MB", res.RecordBytes.Max < 16_000_000, true)
	f("a record with 50 sessions or more", res.RecordSessions.Max >= 50, true)
	f("one record in twenty has 50 sessions or more", atLeast(sessions, 50) >= len(sessions)/20, true)
	f("one record in eight has 50 sessions or more", atLeast(sessions, 50) > len(sessions)/8, false)
	f("some record has participants_v2 pages", res.Pages > 0, true)
	f("an ACS call with 20 participants or more", slices.Max(acsPeople) >= 20, true)
	f("an ACS call with 100 rows or more", res.ACSRows.Max >= 100, true)

	check := func(name string, got Percentiles, values []int64) {
		t.Helper()
		want := exactPercentiles(values)
		for _, q := range []struct {
			name      string
			got, want int64
		}{{"p50", got.P50, want.P50}, {"p90", got.P90, want.P90}, {"p99", got.P99, want.P99}, {"max", got.Max, want.Max}} {
			if q.got > q.want || float64(q.got) < float64(q.want)*0.984 {
				t.Errorf("%s %s: Result says %d, the files %d", name, q.name, q.got, q.want)
			}
		}
	}
	check("record bytes", res.RecordBytes, sizes)
	check("record sessions", res.RecordSessions, sessions)
	check("ACS rows", res.ACSRows, acsRows)
	t.Logf("%d records: bytes %+v, sessions %+v; %d ACS calls: rows %+v", len(sizes), res.RecordBytes, res.RecordSessions, len(acsRows), res.ACSRows)
}

func atLeast(values []int64, n int64) int {
	k := 0
	for _, v := range values {
		if v >= n {
			k++
		}
	}
	return k
}

// exactPercentiles are the nearest-rank percentiles of values.
func exactPercentiles(values []int64) Percentiles {
	s := slices.Sorted(slices.Values(values))
	at := func(q float64) int64 {
		rank := int(math.Ceil(q * float64(len(s))))
		return s[max(rank, 1)-1]
	}
	return Percentiles{P50: at(0.5), P90: at(0.9), P99: at(0.99), Max: s[len(s)-1]}
}

// recordShape reads the bytes of every Graph record with its pages, and
// its sessions, from the files, and checks that each page is in its
// record's file, after it.
func recordShape(t *testing.T, dir string) (sizes, sessions []int64) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "graph", "callrecords-*.jsonl*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Graph files: %v", err)
	}
	for _, path := range files {
		last := ""
		forEachGraphLine(t, path, func(l graphLine) {
			if l.page {
				if l.callID != last {
					t.Fatalf("%s:%d: a page of call %s after a record of %q", path, l.line, l.callID, last)
				}
				sizes[len(sizes)-1] += int64(len(l.raw)) + 1
				return
			}
			var rec struct {
				ID       string            `json:"id"`
				Sessions []json.RawMessage `json:"sessions"`
			}
			if err := json.Unmarshal(l.raw, &rec); err != nil {
				t.Fatal(err)
			}
			last = rec.ID
			sizes = append(sizes, int64(len(l.raw))+1)
			sessions = append(sessions, int64(len(rec.Sessions)))
		})
	}
	return sizes, sessions
}

// acsShape reads the ACS blobs: the summary and diagnostics rows of each
// call and the people in it (distinct identifiers of CallSummary rows).
func acsShape(t *testing.T, dir string) (rows, people []int64) {
	t.Helper()
	byCall := map[string]int64{}
	identities := map[string]map[string]bool{}
	err := filepath.WalkDir(filepath.Join(dir, "acs"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var rec struct {
				CorrelationID string `json:"correlationId"`
				Category      string `json:"category"`
				Properties    struct {
					Identifier any `json:"identifier"`
				} `json:"properties"`
			}
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				return err
			}
			if rec.Category != categorySummary && rec.Category != categoryDiagnostics {
				continue
			}
			byCall[rec.CorrelationID]++
			id, _ := rec.Properties.Identifier.(string)
			if rec.Category == categorySummary && id != "" && id != "null" {
				if identities[rec.CorrelationID] == nil {
					identities[rec.CorrelationID] = map[string]bool{}
				}
				identities[rec.CorrelationID][strings.TrimSpace(id)] = true
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(byCall) == 0 {
		t.Fatal("no ACS calls")
	}
	for id, n := range byCall {
		rows = append(rows, n)
		people = append(people, int64(len(identities[id])))
	}
	return rows, people
}
