package api

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/ingest"
)

func summaryOf(t *testing.T, r response) ingest.Summary {
	t.Helper()
	var s ingest.Summary
	if err := json.Unmarshal([]byte(r.body), &s); err != nil {
		t.Fatalf("not a summary: %v: %s", err, r.body)
	}
	return s
}

// TestUpload: an admin sends an example file (plain, gzip, multipart)
// and gets ingest's summary; the call is then served, judged.
func TestUpload(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	raw, err := os.ReadFile("../../examples/graph/callrecord-get-expanded.json")
	if err != nil {
		t.Fatal(err)
	}
	r := f.do(http.MethodPost, "/api/v1/ingest?name=record.json", "admin", bytes.NewReader(raw), "Content-Type", "text/plain")
	if r.status != http.StatusOK {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	s := summaryOf(t, r)
	if s.Files != 1 || s.Calls != 1 || s.Inserted != 1 || len(s.Rejected) != 0 {
		t.Errorf("summary = %+v", s)
	}
	for _, p := range s.Incomplete {
		if p.File != "record.json" {
			t.Errorf("summary names file %q, want the uploaded name", p.File)
		}
	}
	d := f.get("/api/v1/calls/e523d2ed-2966-4b6b-925b-754a88034cc5/verdicts", "engineer")
	if d.status != 200 || !strings.Contains(d.body, `"rules":"cqd-`) {
		t.Errorf("uploaded call not judged: %d %s", d.status, d.body)
	}

	// The same file again, gzipped, as one of two multipart files.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	zw.Close()
	acs, err := os.ReadFile("../../examples/acs/CallSummary.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("comment", "not a file")
	for name, content := range map[string][]byte{"record.json.gz": gz.Bytes(), `C:\exports\CallSummary.ndjson`: acs} {
		w, _ := mw.CreateFormFile("file", name)
		w.Write(content)
	}
	mw.Close()
	r = f.do(http.MethodPost, "/api/v1/ingest", "admin", &body, "Content-Type", mw.FormDataContentType())
	if r.status != http.StatusOK {
		t.Fatalf("multipart upload: %d %s", r.status, r.body)
	}
	s = summaryOf(t, r)
	if s.Files != 2 || s.Unchanged < 1 || s.ACSRecords == 0 {
		t.Errorf("multipart summary = %+v", s)
	}
	if m := f.get("/metrics", ""); !strings.Contains(m.body, "callscope_ingest_records_total") || strings.Contains(m.body, "callscope_ingest_records_total 0\n") {
		t.Errorf("ingest counters not in /metrics")
	}
}

// TestUploadRejected: a file with unreadable records is 422 with the
// rejected records, named by the uploaded file; the readable ones are
// stored.
func TestUploadRejected(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	lines := `{"id":"good-1","version":1,"type":"peerToPeer","startDateTime":"2025-03-14T09:00:00Z"}
not json at all
{"id":"bad-version","version":"soon"}
`
	r := f.do(http.MethodPost, "/api/v1/ingest", "admin", strings.NewReader(lines), "Content-Disposition", `attachment; filename="broken.jsonl"`)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %s", r.status, r.body)
	}
	s := summaryOf(t, r)
	if len(s.Rejected) != 2 || s.Calls != 1 {
		t.Fatalf("summary = %+v", s)
	}
	for _, p := range s.Rejected {
		if p.File != "broken.jsonl" || p.Line < 2 || p.Error == "" {
			t.Errorf("rejected = %+v, want file broken.jsonl with a line and an error", p)
		}
	}
	if d := f.get("/api/v1/calls/good-1", "admin"); d.status != 200 {
		t.Errorf("the readable record was not stored: %d", d.status)
	}
}

// TestUploadTooLarge: past MaxUploadBytes is 413, whether the client
// says so up front or not.
func TestUploadTooLarge(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *Config) { c.MaxUploadBytes = 2000 })
	raw, err := os.ReadFile("../../examples/graph/callrecord-get-expanded.json")
	if err != nil {
		t.Fatal(err)
	}
	r := f.do(http.MethodPost, "/api/v1/ingest", "admin", bytes.NewReader(raw))
	wantError(t, r, http.StatusRequestEntityTooLarge, codeTooLarge)
	// No Content-Length: the limit is found while reading.
	req, _ := http.NewRequest(http.MethodPost, "/api/v1/ingest", struct{ *bytes.Reader }{bytes.NewReader(raw)})
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer "+f.tokens["admin"])
	rec := newRecorder()
	f.h.ServeHTTP(rec, req)
	wantError(t, response{rec.Code, rec.Header(), rec.Body.String()}, http.StatusRequestEntityTooLarge, codeTooLarge)
	// Other routes take at most MaxBodyBytes.
	big := strings.Repeat("x", DefaultMaxBodyBytes+1)
	wantError(t, f.do(http.MethodGet, "/api/v1/me", "admin", strings.NewReader(big)), http.StatusRequestEntityTooLarge, codeTooLarge)
}

// TestUploadExportPath: the uploaded file's path names the ACS log
// category of a storage export's records, as it does for `callscope
// ingest`, whatever the records' own category fields say (here: nothing).
func TestUploadExportPath(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile("../../examples/acs/CallSummary.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		rec["category"], rec["operationName"] = "", ""
		b, _ := json.Marshal(rec)
		lines = append(lines, string(b))
	}
	body := strings.Join(lines, "\n")
	const export = "insights-logs-callsummary/resourceId=/SUBSCRIPTIONS/X/y=2021/m=07/d=19/h=18/m=00/PT1H.json"

	f := newFixture(t)
	r := f.do(http.MethodPost, "/api/v1/ingest?name="+export, "admin", strings.NewReader(body))
	if r.status != http.StatusOK {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	if s := summaryOf(t, r); s.ACSRecords != len(lines) || len(s.Rejected) != 0 {
		t.Errorf("summary = %+v, want %d ACS records read as CallSummary", s, len(lines))
	}
	// Without the path the records cannot be told apart.
	r = f.do(http.MethodPost, "/api/v1/ingest?name=PT1H.json", "admin", strings.NewReader(body))
	if s := summaryOf(t, r); len(s.Rejected) == 0 || s.Rejected[0].File != "PT1H.json" {
		t.Errorf("without the path: %d %+v, want the records rejected, named by the file", r.status, s)
	}
}

func TestCleanName(t *testing.T) {
	t.Parallel()
	f := func(in, want string) {
		t.Helper()
		if got := cleanName(in, 3); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", in, got, want)
		}
	}
	f("record.json", "record.json")
	f(`C:\exports\CallSummary.ndjson`, "C:/exports/CallSummary.ndjson")
	f("../../etc/passwd", "etc/passwd")
	f("/a/./b//c.json", "a/b/c.json")
	f("a,b\x00.json", "a_b_.json")
	f("", "upload-3")
	f("/", "upload-3")
	f(".", "upload-3")
	f(strings.Repeat("é", 300)+".json", strings.Repeat("é", 253)+".json")
}

// TestUploadRecordTooLarge: a record past MaxRecordBytes is rejected by
// line and size (422), and the records after it are stored.
func TestUploadRecordTooLarge(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *Config) { c.MaxRecordBytes = 4096 })
	body := `{"id":"big","version":1,"joinWebUrl":"` + strings.Repeat("x", 100_000) + `"}` + "\n" +
		`{"id":"small","version":1,"type":"peerToPeer"}` + "\n"
	r := f.do(http.MethodPost, "/api/v1/ingest?name=calls.jsonl", "admin", strings.NewReader(body), "Content-Type", "text/plain")
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	s := summaryOf(t, r)
	if s.Records != 1 || len(s.Rejected) != 1 || s.Rejected[0].File != "calls.jsonl" || s.Rejected[0].Line != 1 ||
		!strings.Contains(s.Rejected[0].Error, "larger than the limit of 4.0 KiB") {
		t.Errorf("summary = %+v", s)
	}
}
