package acsblob

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// exampleCategories are the repository's ACS examples, one file per
// category (examples/acs/<Category>.ndjson).
var exampleCategories = []string{
	"CallSummary", "CallSummaryUpdates", "CallDiagnostics", "CallDiagnosticsUpdates",
	"CallClientOperations", "CallClientMediaStatsTimeSeries", "CallSurvey", "CallingMetrics",
}

// Every example, uploaded as Azure Monitor writes it (an append blob per
// category container, a block per few lines), is stored exactly as
// `callscope ingest` of the same files stores it; a second poll reads
// and stores nothing.
func TestPollStoresWhatIngestStores(t *testing.T) {
	a := newAccount(t)
	st := openStore(t)
	files := map[string]string{}
	var containers []string
	for i, cat := range exampleCategories {
		c := a.container(cat)
		containers = append(containers, c)
		name := a.blob(i)
		lines := exampleLines(t, cat)
		a.create(c, name, "")
		for j := 0; j < len(lines); j += 3 {
			a.append(c, name, strings.Join(lines[j:min(j+3, len(lines))], ""))
		}
		files[c+"/"+name] = strings.Join(lines, "")
	}
	want, wantStore := ingestFiles(t, files)
	if want.Calls == 0 || want.ACSRecords == 0 {
		t.Fatalf("ingest of the examples stored nothing: %+v", want)
	}

	r := a.reader(st, containers)
	res := poll(t, r)
	got := res.Summary
	if got.Files != len(exampleCategories) || res.Read != len(exampleCategories) || res.Listed != len(exampleCategories) {
		t.Errorf("files %d, blobs read %d, listed %d; want %d each", got.Files, res.Read, res.Listed, len(exampleCategories))
	}
	if got.Records != want.Records || got.ACSRecords != want.ACSRecords || got.Calls != want.Calls ||
		got.Sessions != want.Sessions || got.Streams != want.Streams || len(got.Rejected) != len(want.Rejected) {
		t.Errorf("poll: records %d, ACS records %d, calls %d, sessions %d, streams %d, rejected %d;\n"+
			"ingest: records %d, ACS records %d, calls %d, sessions %d, streams %d, rejected %d",
			got.Records, got.ACSRecords, got.Calls, got.Sessions, got.Streams, len(got.Rejected),
			want.Records, want.ACSRecords, want.Calls, want.Sessions, want.Streams, len(want.Rejected))
	}
	if d, w := dump(t, st), dump(t, wantStore); d != w {
		t.Errorf("the store differs from ingest's:\npoll:   %.400s\ningest: %.400s", d, w)
	}
	var size int64
	for _, f := range files {
		size += int64(len(f))
	}
	if res.Bytes != size {
		t.Errorf("read %d bytes, want %d", res.Bytes, size)
	}

	before := dump(t, st)
	again := poll(t, r)
	if again.Read != 0 || again.Bytes != 0 || again.Summary.Records != 0 || again.Summary.Inserted != 0 {
		t.Errorf("second poll read %d blobs, %d bytes, %d records, inserted %d; want nothing",
			again.Read, again.Bytes, again.Summary.Records, again.Summary.Inserted)
	}
	if dump(t, st) != before {
		t.Error("second poll changed the store")
	}
}

// Lines appended after a poll are read by the next one and only they; a
// half-written line waits until it is complete and is read once, also by
// a new Reader on the same store (a restart), which reads nothing again.
func TestPollReadsOnlyWhatIsNew(t *testing.T) {
	a := newAccount(t)
	st := openStore(t)
	c := a.container("CallDiagnostics")
	name := a.blob(10)
	lines := exampleLines(t, "CallDiagnostics")
	if len(lines) < 6 {
		t.Fatalf("want 6 example lines, have %d", len(lines))
	}
	a.create(c, name, strings.Join(lines[:3], ""))
	r := a.reader(st, []string{c})

	if res := poll(t, r); res.Summary.Records != 3 || res.Bytes != int64(len(strings.Join(lines[:3], ""))) {
		t.Fatalf("first poll: %d records, %d bytes; want 3 and the first three lines", res.Summary.Records, res.Bytes)
	}

	half := len(lines[4]) / 2
	a.append(c, name, lines[3]+lines[4][:half])
	res := poll(t, r)
	if res.Summary.Records != 1 || res.Bytes != int64(len(lines[3])) || len(res.Summary.Rejected) != 0 {
		t.Fatalf("after a line and a half: %d records, %d bytes, rejected %v; want the whole line only (%d bytes)",
			res.Summary.Records, res.Bytes, res.Summary.Rejected, len(lines[3]))
	}
	if res := poll(t, r); res.Summary.Records != 0 || res.Bytes != 0 {
		t.Fatalf("nothing appended: %d records, %d bytes read; want none", res.Summary.Records, res.Bytes)
	}

	// A restart: a new Reader knows only what the store remembers.
	r = a.reader(st, []string{c})
	a.append(c, name, lines[4][half:]+lines[5])
	res = poll(t, r)
	if res.Summary.Records != 2 || res.Bytes != int64(len(lines[4])+len(lines[5])) || len(res.Summary.Rejected) != 0 {
		t.Fatalf("after completing the line: %d records, %d bytes, rejected %v; want 2 records, %d bytes",
			res.Summary.Records, res.Bytes, res.Summary.Rejected, len(lines[4])+len(lines[5]))
	}

	r = a.reader(st, []string{c})
	before := dump(t, st)
	if res := poll(t, r); res.Read != 0 || res.Summary.Records != 0 {
		t.Fatalf("restart with nothing new: %d blobs, %d records read", res.Read, res.Summary.Records)
	}
	if dump(t, st) != before {
		t.Error("a restart changed the store")
	}

	_, whole := ingestFiles(t, map[string]string{c + "/" + name: strings.Join(lines[:6], "")})
	if got, want := dump(t, st), dump(t, whole); got != want {
		t.Errorf("read in pieces, the store differs from ingest of the whole file:\npoll:   %.300s\ningest: %.300s", got, want)
	}
}

// A line that is not a record is reported by its blob and its line in
// the whole blob, in whichever poll it arrives, and the lines around it
// are stored.
func TestBadLineIsReportedByBlobAndLine(t *testing.T) {
	a := newAccount(t)
	st := openStore(t)
	c := a.container("CallSummary")
	name := a.blob(11)
	lines := exampleLines(t, "CallSummary")
	a.create(c, name, lines[0]+lines[1]+"{\"time\": oops\n"+lines[2])
	r := a.reader(st, []string{c})

	res := poll(t, r)
	rej := res.Summary.Rejected
	if len(rej) != 1 || rej[0].File != c+"/"+name || rej[0].Line != 3 {
		t.Fatalf("rejected %+v; want one, %s/%s line 3", rej, c, name)
	}
	if res.Summary.Records != 3 {
		t.Errorf("%d records stored; want the 3 good lines", res.Summary.Records)
	}

	a.append(c, name, lines[3]+"not json\n"+lines[4])
	res = poll(t, r)
	rej = res.Summary.Rejected
	if len(rej) != 1 || rej[0].File != c+"/"+name || rej[0].Line != 6 {
		t.Fatalf("rejected %+v; want one, %s/%s line 6 (the blob's line, not the poll's)", rej, c, name)
	}
	if res.Summary.Records != 2 {
		t.Errorf("%d records stored; want the 2 good lines", res.Summary.Records)
	}
	if got := stats(t, st).ACSRecords; got != 5 {
		t.Errorf("%d ACS records stored; want 5", got)
	}
}

// Containers Azure Monitor has not created yet are no error: the default
// list names every category, most of which a resource never writes.
func TestMissingContainersAreEmpty(t *testing.T) {
	a := newAccount(t)
	st := openStore(t)
	r := a.reader(st, []string{"insights-logs-never-created"})
	res := poll(t, r)
	if res.Listed != 0 || res.Summary.Records != 0 {
		t.Fatalf("listed %d, records %d", res.Listed, res.Summary.Records)
	}
}

// Records are routed by their container, as ingest routes them by the
// export path: a CallSummary record (no callUpdatesVersion) in the
// CallSummaryUpdates container is stored as an Updates record.
func TestCategoryComesFromTheContainer(t *testing.T) {
	a := newAccount(t)
	st := openStore(t)
	c := a.container("CallSummaryUpdates")
	line := exampleLines(t, "CallSummary")[0]
	if strings.Contains(strings.ToLower(line), "callupdatesversion") {
		t.Fatal("the example line has a callUpdatesVersion: it would be an Updates record anywhere")
	}
	var rec struct {
		CorrelationID string `json:"correlationId"`
	}
	if err := json.Unmarshal([]byte(line), &rec); err != nil {
		t.Fatal(err)
	}
	a.create(c, a.blob(17), line)
	res := poll(t, a.reader(st, []string{c}))
	if res.Summary.Records != 1 || len(res.Summary.Rejected) != 0 {
		t.Fatalf("%d records, rejected %v; want the record stored", res.Summary.Records, res.Summary.Rejected)
	}
	recs, err := st.ACSRecords(context.Background(), tenant, rec.CorrelationID)
	if err != nil || len(recs) != 1 || recs[0].Category != model.ACSCallSummaryUpdates {
		t.Fatalf("stored %d records (%v), the first %+v; want one CallSummaryUpdates record", len(recs), err, recs)
	}
}
