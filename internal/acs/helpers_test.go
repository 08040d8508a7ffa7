package acs

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// Correlation ids of the two calls in the published samples.
const (
	p2pCall   = "aaaa0000-bb11-2222-33cc-444444dddddd"
	groupCall = "bbbb1111-cc22-3333-44dd-555555eeeeee"
	// clientCall is the CallId of the client operation and media
	// statistics samples.
	clientCall = "92d800c4-abde-40be-91e9-3814ee786b19"
)

// fixtureFiles are the sample files, copied from shared/fixtures/acs.
var fixtureFiles = []string{
	"CallSummary.ndjson",
	"CallSummaryUpdates.ndjson",
	"CallDiagnostics.ndjson",
	"CallDiagnosticsUpdates.ndjson",
	"CallClientOperations.ndjson",
	"CallClientMediaStatsTimeSeries.ndjson",
	"CallSurvey.ndjson",
	"CallingMetrics.ndjson",
}

// lines returns the non-empty lines of a testdata file.
func lines(t testing.TB, name string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, l := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// hintFor is the category a storage export of the file would be under.
func hintFor(name string) model.ACSCategory {
	return CategoryFromPath("insights-logs-" + strings.ToLower(strings.TrimSuffix(name, ".ndjson")) + "/resourceId=/x/PT1H.json")
}

// line decodes line n (1-based) of a fixture with its path hint.
func line(t testing.TB, name string, n int) *model.ACSRecord {
	t.Helper()
	ls := lines(t, name)
	r, err := DecodeRecord(ls[n-1], hintFor(name))
	if err != nil {
		t.Fatalf("%s:%d: %v", name, n, err)
	}
	return r
}

// records decodes every line of the files and keeps those of call id.
func records(t testing.TB, call string, names ...string) []*model.ACSRecord {
	t.Helper()
	var out []*model.ACSRecord
	for _, name := range names {
		for i, l := range lines(t, name) {
			r, err := DecodeRecord(l, hintFor(name))
			if err != nil {
				t.Fatalf("%s:%d: %v", name, i+1, err)
			}
			if CallID(r) == call {
				out = append(out, r)
			}
		}
	}
	return out
}

// mustDecode decodes a hand-written record.
func mustDecode(t testing.TB, raw string, hint model.ACSCategory) *model.ACSRecord {
	t.Helper()
	r, err := DecodeRecord([]byte(raw), hint)
	if err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return r
}

// canonical is the golden form of a value.
func canonical(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// assemble assembles and fails the test on error.
func assemble(t testing.TB, recs []*model.ACSRecord) *model.Call {
	t.Helper()
	c, err := Assemble("tenant-1", recs)
	if err != nil {
		t.Fatalf("assemble: %v", err)
	}
	return c
}
