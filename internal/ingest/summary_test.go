package ingest

import (
	"bytes"
	"strings"
	"testing"
)

// TestVersionsWithinInput: versions of a call met within one input are
// counted apart from versions that met the store's, so that a first
// ingest does not report replacing what nobody had stored.
func TestVersionsWithinInput(t *testing.T) {
	t.Parallel()
	f := func(name string, runs [][]string, replaced, older, replacedInInput, olderInInput int) {
		t.Helper()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := openStore(t)
			var sum *Summary
			for _, lines := range runs {
				path := writeFile(t, t.TempDir(), "in.jsonl", strings.Join(lines, "\n")+"\n")
				sum = ingestPaths(t, st, Options{}, path)
			}
			if sum.Replaced != replaced || sum.Older != older || sum.ReplacedInInput != replacedInInput || sum.OlderInInput != olderInInput {
				t.Errorf("replaced %d (in input %d), older %d (in input %d); want %d (%d), %d (%d)",
					sum.Replaced, sum.ReplacedInInput, sum.Older, sum.OlderInInput, replaced, replacedInInput, older, olderInInput)
			}
		})
	}
	v1, v2, v3 := versioned(t, 1, 1), versioned(t, 2, 2), versioned(t, 3, 1)
	f("older first, one input", [][]string{{v1, v2}}, 1, 0, 1, 0)
	f("newer first, one input", [][]string{{v2, v1}}, 0, 1, 0, 1)
	f("three versions, one input", [][]string{{v1, v3, v2}}, 1, 1, 1, 1)
	f("newer than stored", [][]string{{v1}, {v2}}, 1, 0, 0, 0)
	f("older than stored", [][]string{{v2}, {v1}}, 0, 1, 0, 0)
	f("newer than stored, then newer in input", [][]string{{v1}, {v2, v3}}, 2, 0, 1, 0)
}

func TestSummaryText(t *testing.T) {
	t.Parallel()
	f := func(s Summary, want ...string) {
		t.Helper()
		var b bytes.Buffer
		s.WriteText(&b)
		for _, w := range want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("summary lacks %q:\n%s", w, b.String())
			}
		}
	}
	f(Summary{Files: 1, Records: 1, Calls: 1, Sessions: 1, Streams: 1, Inserted: 1}, "1 file, 1 record in", "1 call, 1 session, 1 stream", "stored: 1 new\n")
	f(Summary{Files: 2, Records: 17, Calls: 1, Inserted: 1, Replaced: 16, ReplacedInInput: 16},
		"2 files, 17 records", "stored: 1 new\n", "16 records were older versions of calls in this same input; the newest was kept")
	f(Summary{Records: 2, Inserted: 1, Older: 1, OlderInInput: 1}, "1 record was an older version of calls in this same input")
	f(Summary{Records: 3, Replaced: 2, ReplacedInInput: 1, Older: 1}, "stored: 1 replaced an older stored version, 1 older than the stored version, skipped")
	f(Summary{}, "stored: nothing")
	f(Summary{Rejected: []Problem{{File: "a", Line: 1, Error: "bad"}}}, "1 record or file rejected:\n  a:1: bad")
}
