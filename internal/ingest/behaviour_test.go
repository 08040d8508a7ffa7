package ingest

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIngestTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	first := ingestPaths(t, st, Options{}, examples)
	before := dump(t, st, "contoso")
	second := ingestPaths(t, st, Options{}, examples)
	if after := dump(t, st, "contoso"); after != before {
		t.Errorf("second ingest changed the store:\nbefore %s\nafter  %s", before[:200], after[:200])
	}
	if second.Inserted+second.Replaced+second.Merged != 0 || second.Unchanged == 0 {
		t.Errorf("second run: %+v", second)
	}
	if second.Calls != first.Calls || second.Sessions != first.Sessions || second.Streams != first.Streams || second.Records != first.Records {
		t.Errorf("summaries differ: first %d/%d/%d/%d second %d/%d/%d/%d", first.Records, first.Calls, first.Sessions, first.Streams,
			second.Records, second.Calls, second.Sessions, second.Streams)
	}
}

// versioned returns the legacy example record at another version, with
// the given number of streams kept in its one media.
func versioned(t *testing.T, version int, streams int) string {
	t.Helper()
	var rec map[string]any
	if err := json.Unmarshal(readExample(t, "graph/callrecord-get-expanded-legacy.json"), &rec); err != nil {
		t.Fatal(err)
	}
	rec["version"] = version
	media := rec["sessions"].([]any)[0].(map[string]any)["segments"].([]any)[0].(map[string]any)["media"].([]any)[0].(map[string]any)
	media["streams"] = media["streams"].([]any)[:streams]
	b, _ := json.Marshal(rec)
	return string(b)
}

func TestVersionOrder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	v1 := writeFile(t, dir, "v1.json", versioned(t, 1, 1))
	v2 := writeFile(t, dir, "v2.json", versioned(t, 2, 2))
	const id = "e523d2ed-2966-4b6b-925b-754a88034cc5"

	t.Run("newer first", func(t *testing.T) {
		t.Parallel()
		st := openStore(t)
		ingestPaths(t, st, Options{}, v2)
		sum := ingestPaths(t, st, Options{}, v1)
		if sum.Older != 1 {
			t.Errorf("older version not counted: %+v", sum)
		}
		if c := mustCall(t, st, "contoso", id); c.Version != 2 || streamCount(c) != 2 {
			t.Errorf("stored version %d with %d streams, want 2 with 2", c.Version, streamCount(c))
		}
	})
	t.Run("older first", func(t *testing.T) {
		t.Parallel()
		st := openStore(t)
		ingestPaths(t, st, Options{}, v1)
		sum := ingestPaths(t, st, Options{}, v2)
		if sum.Replaced != 1 {
			t.Errorf("newer version did not replace: %+v", sum)
		}
		if c := mustCall(t, st, "contoso", id); c.Version != 2 || streamCount(c) != 2 {
			t.Errorf("stored version %d with %d streams, want 2 with 2", c.Version, streamCount(c))
		}
	})
	t.Run("both in one file, older last", func(t *testing.T) {
		t.Parallel()
		st := openStore(t)
		f := writeFile(t, t.TempDir(), "both.jsonl", versioned(t, 2, 2)+"\n"+versioned(t, 1, 1)+"\n")
		sum := ingestPaths(t, st, Options{}, f)
		if sum.Older != 1 || mustCall(t, st, "contoso", id).Version != 2 {
			t.Errorf("summary %+v", sum)
		}
	})
}

// TestACSMergeInEveryFileOrder splits the ACS examples of two calls over
// three files and ingests them, one run per file, in every order: the
// stored calls must always be the same.
func TestACSMergeInEveryFileOrder(t *testing.T) {
	t.Parallel()
	summary := strings.Split(strings.TrimSpace(string(readExample(t, "acs/CallSummary.ndjson"))), "\n")
	diag := strings.Split(strings.TrimSpace(string(readExample(t, "acs/CallDiagnostics.ndjson"))), "\n")
	dir := t.TempDir()
	files := []string{
		writeFile(t, dir, "a.ndjson", strings.Join(append(summary[:4:4], diag[4:]...), "\n")),
		writeFile(t, dir, "b.ndjson", strings.Join(append(summary[4:], diag[:2]...), "\n")),
		writeFile(t, dir, "c.ndjson", strings.Join(diag[2:4], "\n")),
	}
	perms := [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	var want string
	for _, p := range perms {
		st := openStore(t)
		for _, i := range p {
			ingestPaths(t, st, Options{}, files[i])
		}
		got := dump(t, st, "contoso")
		if want == "" {
			want = got
			group := mustCall(t, st, "contoso", "bbbb1111-cc22-3333-44dd-555555eeeeee")
			if len(group.Sessions) != 5 || streamCount(group) != 4 {
				t.Fatalf("group call: %d sessions, %d streams", len(group.Sessions), streamCount(group))
			}
			continue
		}
		if got != want {
			t.Errorf("order %v stored something else", p)
		}
	}
	// All at once gives the same as one file at a time.
	st := openStore(t)
	ingestPaths(t, st, Options{}, files...)
	if got := dump(t, st, "contoso"); got != want {
		t.Errorf("one run over all files differs from one run per file")
	}
}

func TestBadInputIsReportedAndTheRestStored(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	lines := strings.Split(strings.TrimSpace(string(readExample(t, "acs/CallDiagnostics.ndjson"))), "\n")
	bad := strings.Replace(lines[1], `"jitterAvg":"1"`, `"jitterAvg":"fast"`, 1)
	content := strings.Join([]string{lines[0], bad, `{"broken": `, lines[2], `{"hello": "world"}`, lines[3]}, "\n")
	f := writeFile(t, dir, "diag.ndjson", content)
	q := filepath.Join(dir, "quarantine")
	st := openStore(t)
	sum := ingestPaths(t, st, Options{Quarantine: q}, f)
	if sum.Records != 3 {
		t.Errorf("%d records stored, want 3", sum.Records)
	}
	if len(sum.Rejected) != 3 {
		t.Fatalf("rejected %v", sum.Rejected)
	}
	wantLines := []int{2, 3, 5}
	for i, p := range sum.Rejected {
		if p.File != f || p.Line != wantLines[i] || p.Quarantined == "" {
			t.Errorf("rejection %d: %+v", i, p)
		}
	}
	if !strings.Contains(sum.Rejected[0].Error, "jitterAvg") || !strings.Contains(sum.Rejected[0].Error, "fast") {
		t.Errorf("error should name the field and value: %s", sum.Rejected[0].Error)
	}
	qb, err := os.ReadFile(filepath.Join(q, safeName(f)+".rejected.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(qb), "\n"); got != 3 || !strings.Contains(string(qb), `"fast"`) {
		t.Errorf("quarantine holds %d records:\n%s", got, qb)
	}
}

func TestTruncatedDocumentKeepsWhatWasRead(t *testing.T) {
	t.Parallel()
	var list struct {
		Value []json.RawMessage `json:"value"`
	}
	json.Unmarshal(readExample(t, "graph/callrecords-list.json"), &list)
	doc := fmt.Sprintf("{\n\"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#communications/callRecords\",\n\"value\": [\n%s,\n%s", list.Value[0], list.Value[1][:40])
	f := writeFile(t, t.TempDir(), "cut.json", doc)
	st := openStore(t)
	sum := ingestPaths(t, st, Options{}, f)
	if sum.Records != 1 || len(sum.Rejected) != 1 || !strings.Contains(sum.Rejected[0].Error, "rest of the file") {
		t.Errorf("summary %+v", sum)
	}
}

func TestContainerFormats(t *testing.T) {
	t.Parallel()
	summaryLines := strings.Split(strings.TrimSpace(string(readExample(t, "acs/CallSummary.ndjson"))), "\n")
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(readExample(t, "acs/CallSummary.ndjson"))
	zw.Close()
	updates := readExample(t, "acs/CallSummaryUpdates.ndjson")
	storage := "insights-logs-callsummaryupdates/resourceId=/SUBSCRIPTIONS/X/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COMMUNICATION/COMMUNICATIONSERVICES/ACS/y=2021/m=07/d=05/h=06/m=00/PT1H.json"
	f := func(name, path, content string, stdin bool, records int) {
		t.Helper()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := openStore(t)
			p := writeFile(t, t.TempDir(), path, content)
			opts := Options{}
			if stdin {
				opts.Stdin = strings.NewReader(content)
				p = "-"
			}
			sum := ingestPaths(t, st, opts, p)
			if sum.Records != records || len(sum.Rejected) != 0 {
				t.Errorf("records %d rejected %v, want %d", sum.Records, sum.Rejected, records)
			}
			if sum.Calls != 2 {
				t.Errorf("%d calls, want 2", sum.Calls)
			}
		})
	}
	f("gzip json lines", "summary.ndjson.gz", gz.String(), false, 9)
	f("gzip without the extension", "summary.bin", gz.String(), false, 9)
	f("json array", "summary.json", "[\n"+strings.Join(summaryLines, ",\n")+"\n]", false, 9)
	f("event hubs body", "eh.json", `{"records": [`+strings.Join(summaryLines, ",")+`]}`, false, 9)
	f("standard input", "unused", strings.Join(summaryLines, "\n"), true, 9)
	f("storage export path", storage, string(updates), false, 9)
	_ = dir
}

func TestStoragePathNamesTheCategory(t *testing.T) {
	t.Parallel()
	// The Updates samples say "CallSummary" in their records; the container
	// in the path says what they are.
	line := strings.Split(string(readExample(t, "acs/CallSummary.ndjson")), "\n")[0]
	p := writeFile(t, t.TempDir(), "insights-logs-callsummaryupdates/y=2021/m=07/d=19/h=18/m=00/PT1H.json", line)
	st := openStore(t)
	ingestPaths(t, st, Options{}, p)
	recs, err := st.ACSRecords(t.Context(), "contoso", "aaaa0000-bb11-2222-33cc-444444dddddd")
	if err != nil || len(recs) != 1 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	if recs[0].Category != "CallSummaryUpdates" {
		t.Errorf("category %s, want CallSummaryUpdates", recs[0].Category)
	}
}

// meeting returns a Graph group-call record with n sessions, some of them
// sharing an id the way auto attendant → call queue transfers do.
func meeting(id string, n int) string {
	var sessions []string
	for i := range n {
		sid := fmt.Sprintf("s-%02d", i)
		if i%10 == 9 {
			sid = fmt.Sprintf("s-%02d", i-1) // repeated id, other service identity
		}
		sessions = append(sessions, fmt.Sprintf(`{"id":%q,"modalities":["audio"],"startDateTime":"2026-11-20T10:%02d:00Z","endDateTime":"2026-11-20T11:00:00Z",
"caller":{"@odata.type":"#microsoft.graph.callRecords.participantEndpoint","associatedIdentity":{"id":"user-%02d","displayName":"User %d"}},
"callee":{"@odata.type":"#microsoft.graph.callRecords.serviceEndpoint","associatedIdentity":{"id":"service-%02d"},"userAgent":{"@odata.type":"#microsoft.graph.callRecords.serviceUserAgent","role":"skypeForBusinessAudioVideoMcu"}},
"segments":[{"id":%q,"media":[{"label":"main-audio","streams":[%s,%s]}]}]}`,
			sid, i%60, i, i, i, sid, stream("1", "callerToCallee", i), stream("2", "calleeToCaller", i+1)))
	}
	return fmt.Sprintf(`{"id":%q,"version":3,"type":"groupCall","modalities":["audio"],"startDateTime":"2026-11-20T10:00:00Z","endDateTime":"2026-11-20T11:00:00Z","sessions":[%s]}`,
		id, strings.Join(sessions, ","))
}

// stream is an audio stream with the metrics real clients report; one in
// seven is poor, as in a network with trouble somewhere.
func stream(id, direction string, n int) string {
	jitter, maxJitter, loss, maxLoss := "PT0.012S", "PT0.02S", 0.004, 0.03
	if n%7 == 0 {
		jitter, maxJitter, loss, maxLoss = "PT0.045S", "PT0.08S", 0.12, 0.25
	}
	return fmt.Sprintf(`{"streamId":%q,"streamDirection":%q,"averageJitter":%q,"maxJitter":%q,"averagePacketLossRate":%v,"maxPacketLossRate":%v,"averageRoundTripTime":"PT0.045S","maxRoundTripTime":"PT0.09S","packetUtilization":%d,"averageBandwidthEstimate":9000000,"audioCodec":"satin"}`,
		id, direction, jitter, maxJitter, loss, maxLoss, 1500+n)
}

func TestMeetingWithSixtySessions(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	f := writeFile(t, t.TempDir(), "meeting.json", meeting("meeting-60", 60))
	sum := ingestPaths(t, st, Options{}, f)
	if len(sum.Rejected) != 0 || sum.Sessions != 60 || sum.Streams != 120 {
		t.Fatalf("summary %+v", sum)
	}
	c := mustCall(t, st, "contoso", "meeting-60")
	if len(c.Sessions) != 60 || streamCount(c) != 120 {
		t.Errorf("stored %d sessions, %d streams", len(c.Sessions), streamCount(c))
	}
	ids := map[string]int{}
	for _, s := range c.Sessions {
		ids[s.ID.Value()]++
	}
	if ids["s-08"] != 2 {
		t.Errorf("repeated session id s-08 kept %d times, want 2", ids["s-08"])
	}
	stats, _ := st.Stats(t.Context(), "contoso")
	if stats.Streams != 120 || stats.Sessions != 60 {
		t.Errorf("stats %+v", stats)
	}
}

func TestTenantsAreKeptApart(t *testing.T) {
	t.Parallel()
	st := openStore(t)
	f := filepath.Join(examples, "graph/callrecord-get-expanded-legacy.json")
	ingestPaths(t, st, Options{Tenant: "contoso"}, f)
	ingestPaths(t, st, Options{Tenant: "fabrikam"}, filepath.Join(examples, "graph/callrecord-get-basic.json"))
	a := mustCall(t, st, "contoso", "e523d2ed-2966-4b6b-925b-754a88034cc5")
	b := mustCall(t, st, "fabrikam", "e523d2ed-2966-4b6b-925b-754a88034cc5")
	if len(a.Sessions) != 1 || len(b.Sessions) != 0 || b.Tenant != "fabrikam" {
		t.Errorf("the same meeting under two tenants must stay two records: %d / %d sessions", len(a.Sessions), len(b.Sessions))
	}
}
