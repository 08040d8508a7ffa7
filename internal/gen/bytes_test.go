package gen

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// A byte target ends the run early at a whole call: the Graph lines are
// the first ones of the run without it, about the target's worth, and the
// ACS calls end where the Graph calls did. Plain files hold the lines the
// gzip files do.
func TestBytesTarget(t *testing.T) {
	t.Parallel()
	base := Options{Seed: 8, Users: 40, Days: 3, End: testEnd}
	_, full := generate(t, base)
	fullLines := graphLinesOf(t, full)

	cases := []struct {
		name  string
		bytes int64
		plain bool
	}{
		{"plain, no target", 0, true},
		{"a megabyte", 1 << 20, false},
		{"a megabyte, plain", 1 << 20, true},
		{"ten megabytes", 10 << 20, true},
		{"one byte: one call", 1, false},
		{"more than there is", 1 << 40, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := base
			o.Bytes, o.Plain = tc.bytes, tc.plain
			_, res := generate(t, o)
			lines := graphLinesOf(t, res)
			written := int64(0)
			for i, l := range lines {
				if i >= len(fullLines) || !bytes.Equal(l, fullLines[i]) {
					t.Fatalf("line %d differs from the run without a target", i+1)
				}
				written += int64(len(l)) + 1
			}
			if written != res.GraphBytes {
				t.Errorf("Result.GraphBytes %d, the files hold %d", res.GraphBytes, written)
			}
			switch {
			case tc.bytes == 0 || tc.bytes >= full.GraphBytes:
				if len(lines) != len(fullLines) || res.Calls != full.Calls {
					t.Errorf("%d lines and %d calls, want all %d and %d", len(lines), res.Calls, len(fullLines), full.Calls)
				}
			default:
				if res.GraphBytes < tc.bytes {
					t.Errorf("stopped at %d bytes, before the target %d", res.GraphBytes, tc.bytes)
				}
				if len(lines) >= len(fullLines) {
					t.Errorf("wrote all %d lines despite the target", len(lines))
				}
				if res.GraphBytes-res.RecordBytes.Max*3 > tc.bytes {
					t.Errorf("wrote %d bytes, more than a call past the target %d", res.GraphBytes, tc.bytes)
				}
			}
			if tc.bytes > 0 && tc.bytes < full.GraphBytes {
				checkACSCut(t, acsCalls(t, full), acsCalls(t, res), lastGraphTime(t, res))
			}
		})
	}
}

// checkACSCut checks that the ACS calls of a run cut short are the
// first ones of the full run, none long after the last Graph call.
func checkACSCut(t *testing.T, full, cut map[string]time.Time, graphLast time.Time) {
	t.Helper()
	var last time.Time
	for id, at := range cut {
		if _, ok := full[id]; !ok {
			t.Fatalf("ACS call %s is not in the full run", id)
		}
		if at.After(last) {
			last = at
		}
	}
	for id, at := range full {
		if _, ok := cut[id]; !ok && !at.After(last) {
			t.Errorf("ACS call %s at %v is missing before the last one kept at %v", id, at, last)
		}
	}
	if last.After(graphLast.Add(time.Hour)) {
		t.Errorf("the last ACS call starts at %v, long after the Graph calls ended at %v", last, graphLast)
	}
	if len(cut) >= len(full) {
		t.Errorf("all %d ACS calls written despite the target", len(full))
	}
}

// With Format acs, the byte target counts the ACS JSON.
func TestBytesTargetACS(t *testing.T) {
	t.Parallel()
	base := Options{Seed: 8, Users: 60, Days: 3, End: testEnd, Format: FormatACS}
	_, full := generate(t, base)
	cut := base
	cut.Bytes = full.ACSBytes / 3
	_, res := generate(t, cut)
	if res.ACSBytes < cut.Bytes || res.ACSBytes >= full.ACSBytes || res.Calls >= full.Calls {
		t.Errorf("wrote %d bytes in %d calls for a target of %d; the full run %d in %d", res.ACSBytes, res.Calls, cut.Bytes, full.ACSBytes, full.Calls)
	}
	checkACSCut(t, acsCalls(t, full), acsCalls(t, res), testEnd)
}

// graphLinesOf returns every line of the Graph files of a run, in order.
func graphLinesOf(t *testing.T, res Result) [][]byte {
	t.Helper()
	var out [][]byte
	for _, path := range res.Files {
		if !isGraphFile(path) {
			continue
		}
		forEachGraphLine(t, path, func(l graphLine) { out = append(out, bytes.Clone(l.raw)) })
	}
	if len(out) == 0 {
		t.Fatal("no Graph lines")
	}
	return out
}

// lastGraphTime is the latest start or end of a Graph call of a run.
func lastGraphTime(t *testing.T, res Result) time.Time {
	t.Helper()
	var last time.Time
	for _, path := range res.Files {
		if !isGraphFile(path) {
			continue
		}
		forEachRecord(t, path, func(c *model.Call) {
			for _, at := range []time.Time{c.StartDateTime.Value(), c.EndDateTime.Value()} {
				if at.After(last) {
					last = at
				}
			}
		})
	}
	return last
}

// acsCalls maps the ACS calls of a run to their start.
func acsCalls(t *testing.T, res Result) map[string]time.Time {
	t.Helper()
	out := map[string]time.Time{}
	for _, path := range res.Files {
		if !strings.Contains(filepath.ToSlash(path), "/insights-logs-callsummary/") {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
			var rec struct {
				CorrelationID string `json:"correlationId"`
				Properties    struct {
					CallStartTime time.Time `json:"callStartTime"`
				} `json:"properties"`
			}
			if err := json.Unmarshal(line, &rec); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			out[rec.CorrelationID] = rec.Properties.CallStartTime
		}
	}
	return out
}

func isGraphFile(path string) bool {
	return strings.Contains(filepath.ToSlash(path), "/graph/callrecords-")
}
