package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// TestEveryExampleIngests reads each example file into its own store and
// checks what was stored against the file's content.
func TestEveryExampleIngests(t *testing.T) {
	t.Parallel()
	type want struct {
		records, acs, usage, skipped int
		calls                        map[string][2]int // id → sessions, streams
	}
	const p2p = "e523d2ed-2966-4b6b-925b-754a88034cc5"
	cases := map[string]want{
		"graph/callrecord-get-basic.json":                    {records: 1, calls: map[string][2]int{p2p: {0, 0}}},
		"graph/callrecord-get-expanded.json":                 {records: 1, calls: map[string][2]int{p2p: {1, 1}}},
		"graph/callrecord-get-expanded-legacy.json":          {records: 1, calls: map[string][2]int{p2p: {1, 2}}},
		"graph/callrecord-get-participants-v2-expanded.json": {records: 1, calls: map[string][2]int{p2p: {0, 0}}},
		"graph/callrecords-list.json":                        {records: 2, calls: map[string][2]int{"3cf3bbc8-b21d-4f2e-bfd0-b13603ae6c65": {0, 0}, "c3ad8c4b-4a87-4ab1-bef0-284d2f40ed9f": {0, 0}}},
		"graph/callrecords-list-filter-participant.json":     {records: 1, calls: map[string][2]int{"3cf3bbc8-b21d-4f2e-bfd0-b13603ae6c65": {0, 0}}},
		"graph/callrecords-list-filter-startdatetime.json":   {records: 1, calls: map[string][2]int{"3cf3bbc8-b21d-4f2e-bfd0-b13603ae6c65": {0, 0}}},
		"graph/sessions-list.json":                           {records: 1, calls: map[string][2]int{p2p: {1, 0}}},
		"graph/sessions-list-expanded-segments.json":         {records: 1, calls: map[string][2]int{p2p: {1, 2}}},
		"graph/participants-v2-list.json":                    {records: 2, calls: map[string][2]int{"614e3ff0-4728-4394-8c03-52fb3b967fde": {0, 0}}},
		"graph/pstn-calls.json":                              {records: 1, usage: 1},
		"graph/pstn-calls-beta.json":                         {records: 1, usage: 1},
		"graph/direct-routing-calls.json":                    {records: 1, usage: 1},
		"graph/direct-routing-calls-beta.json":               {records: 1, usage: 1},
		"graph/sms-log-beta.json":                            {records: 1, usage: 1},
		"graph/change-notification.json":                     {skipped: 1},
		"graph/lifecycle-notification.json":                  {skipped: 1},
		"graph/subscription-create-request.json":             {skipped: 1},
		"acs/CallSummary.ndjson":                             {records: 9, acs: 9, calls: map[string][2]int{"aaaa0000-bb11-2222-33cc-444444dddddd": {4, 0}, "bbbb1111-cc22-3333-44dd-555555eeeeee": {5, 0}}},
		"acs/CallDiagnostics.ndjson":                         {records: 7, acs: 7, calls: map[string][2]int{"aaaa0000-bb11-2222-33cc-444444dddddd": {1, 3}, "bbbb1111-cc22-3333-44dd-555555eeeeee": {2, 4}}},
		"acs/CallSummaryUpdates.ndjson":                      {records: 9, acs: 9, calls: map[string][2]int{"aaaa0000-bb11-2222-33cc-444444dddddd": {4, 0}, "bbbb1111-cc22-3333-44dd-555555eeeeee": {5, 0}}},
		"acs/CallDiagnosticsUpdates.ndjson":                  {records: 7, acs: 7, calls: map[string][2]int{"aaaa0000-bb11-2222-33cc-444444dddddd": {1, 3}, "bbbb1111-cc22-3333-44dd-555555eeeeee": {2, 4}}},
		"acs/CallClientOperations.ndjson":                    {records: 1, acs: 1},
		"acs/CallClientMediaStatsTimeSeries.ndjson":          {records: 1, acs: 1},
		"acs/CallSurvey.ndjson":                              {records: 4, acs: 4},
		"acs/CallingMetrics.ndjson":                          {records: 2, acs: 2},
	}
	files, _ := filepath.Glob(filepath.Join(examples, "*", "*"))
	seen := 0
	for _, f := range files {
		if filepath.Ext(f) == ".md" {
			continue
		}
		rel, _ := filepath.Rel(examples, f)
		w, ok := cases[rel]
		if !ok {
			t.Errorf("example %s has no expectation in this test", rel)
			continue
		}
		seen++
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			st := openStore(t)
			sum := ingestPaths(t, st, Options{}, f)
			if len(sum.Rejected) != 0 {
				t.Fatalf("rejected: %v", sum.Rejected)
			}
			if sum.Records != w.records || sum.ACSRecords != w.acs || sum.UsageRows != w.usage || len(sum.Skipped) != w.skipped {
				t.Errorf("records %d acs %d usage %d skipped %d, want %d %d %d %d", sum.Records, sum.ACSRecords, sum.UsageRows, len(sum.Skipped), w.records, w.acs, w.usage, w.skipped)
			}
			for id, counts := range w.calls {
				c := mustCall(t, st, "contoso", id)
				if len(c.Sessions) != counts[0] || streamCount(c) != counts[1] {
					t.Errorf("call %s: %d sessions %d streams, want %d %d", id, len(c.Sessions), streamCount(c), counts[0], counts[1])
				}
			}
		})
	}
	if seen != len(cases) {
		t.Errorf("%d examples found, %d expected", seen, len(cases))
	}
}

// TestLegacyRecordValues checks stored values against the file they came
// from, field by field.
func TestLegacyRecordValues(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	ingestPaths(t, st, Options{}, filepath.Join(examples, "graph/callrecord-get-expanded-legacy.json"))
	c := mustCall(t, st, "contoso", "e523d2ed-2966-4b6b-925b-754a88034cc5")
	if c.Version != 1 || c.Type.Value() != model.CallTypePeerToPeer || c.Tenant != "contoso" || c.Source != model.SourceGraph {
		t.Errorf("header %d %s %s %s", c.Version, c.Type.Value(), c.Tenant, c.Source)
	}
	if got := c.StartDateTime.Value(); !got.Equal(time.Date(2020, 2, 25, 18, 52, 21, 216988900, time.UTC)) {
		t.Errorf("start %v", got)
	}
	m := c.Sessions[0].Segments[0].Media[0]
	if m.CallerNetwork.ConnectionType.Value() != model.ConnectionWifi || m.CalleeNetwork.LinkSpeed.Value() != 4294967295 {
		t.Errorf("networks %+v %+v", m.CallerNetwork, m.CalleeNetwork)
	}
	s0, s1 := m.Streams[0], m.Streams[1]
	if s0.AverageJitter.Value().Std() != 16*time.Millisecond || !s0.AverageAudioDegradation.IsNull() || s0.PacketUtilization.Value() != 67 {
		t.Errorf("stream 0: jitter %v degradation %v packets %v", s0.AverageJitter, s0.AverageAudioDegradation, s0.PacketUtilization)
	}
	if s1.AverageAudioDegradation.Value() != 1.160898 || s1.AveragePacketLossRate.Value() != 0.01381693 {
		t.Errorf("stream 1: %v %v", s1.AverageAudioDegradation, s1.AveragePacketLossRate)
	}
	if fb := c.Sessions[0].Callee.Feedback; fb == nil || fb.Rating.Value() != "poor" || !fb.Tokens["Noisy"].Value() {
		t.Errorf("feedback %+v", fb)
	}
	// Every property of the file survived: the stored call encodes the
	// file's streams with the same numbers.
	raw := readExample(t, "graph/callrecord-get-expanded-legacy.json")
	var file struct {
		Sessions []struct {
			Segments []struct {
				Media []struct {
					Streams []map[string]any `json:"streams"`
				} `json:"media"`
			} `json:"segments"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	stored, _ := json.Marshal(m.Streams)
	var back []map[string]any
	json.Unmarshal(stored, &back)
	for i, fs := range file.Sessions[0].Segments[0].Media[0].Streams {
		for k, v := range fs {
			if got := back[i][k]; got != v {
				t.Errorf("stream %d %s: stored %v, file %v", i, k, got, v)
			}
		}
	}
}

func TestUnknownFilesInFolderAreListed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, dir, "notes.csv", "a,b\n")
	writeFile(t, dir, "README.md", "# docs\n")
	b, _ := os.ReadFile(filepath.Join(examples, "graph/callrecord-get-basic.json"))
	writeFile(t, dir, "sub/record.json", string(b))
	st := openStore(t)
	sum := ingestPaths(t, st, Options{}, dir)
	if sum.Files != 1 || sum.Records != 1 || len(sum.Skipped) != 1 || filepath.Base(sum.Skipped[0].File) != "notes.csv" {
		t.Errorf("files %d records %d skipped %v", sum.Files, sum.Records, sum.Skipped)
	}
}
