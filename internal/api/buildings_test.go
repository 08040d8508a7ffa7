package api

import (
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/building"
)

// TestBuildingFile: an admin uploads a CQD building file, reads it back
// as rows and as the file itself, and a bad file is refused whole with
// every problem by line; other roles and tenants get nothing.
func TestBuildingFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	good, err := os.ReadFile("../building/testdata/good/buildings.csv")
	if err != nil {
		t.Fatal(err)
	}
	want, err := building.Parse(strings.NewReader(string(good)), "buildings.csv")
	if err != nil {
		t.Fatal(err)
	}

	r := f.do(http.MethodPut, "/api/v1/buildings?name=buildings.csv", "admin", strings.NewReader(string(good)), "Content-Type", "text/csv")
	if r.status != http.StatusOK {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	var sum buildingsResponse
	if err := json.Unmarshal([]byte(r.body), &sum); err != nil || sum.Rows != want.Len() || sum.UploadedAt == nil || sum.Subnets == 0 {
		t.Errorf("upload summary = %s (%v)", r.body, err)
	}

	r = f.get("/api/v1/buildings", "admin")
	var got buildingsResponse
	if err := json.Unmarshal([]byte(r.body), &got); err != nil || r.status != 200 {
		t.Fatalf("read: %d %s", r.status, r.body)
	}
	rows := want.All()
	if len(got.Buildings) != len(rows) {
		t.Fatalf("read %d rows, want %d", len(got.Buildings), len(rows))
	}
	for i, b := range rows {
		if got.Buildings[i] != rowOf(b) {
			t.Errorf("row %d = %+v, want %+v", i, got.Buildings[i], rowOf(b))
		}
	}
	// The file as CQD reads it: parsed again, the same rows.
	r = f.get("/api/v1/buildings?format=csv", "admin")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("download: %d %v", r.status, r.header)
	}
	again, err := building.Parse(strings.NewReader(r.body), "download.csv")
	if err != nil || again.Len() != want.Len() {
		t.Fatalf("the download does not parse back: %v", err)
	}

	// A bad file: 422 with its problems; the active file stays.
	bad := "10.1.0.0,A,22,A,,,,,,,,,1,0,0\n10.1.2.0,B,24,B,,,,,,,,,1,0,0\n10.2.0.0,C,24,C,,,,,,,,,yes,0,0\n"
	r = f.do(http.MethodPut, "/api/v1/buildings?name=new.csv", "admin", strings.NewReader(bad))
	wantError(t, r, http.StatusUnprocessableEntity, codeInvalidFile)
	var e errorBody
	if err := json.Unmarshal([]byte(r.body), &e); err != nil {
		t.Fatal(err)
	}
	lines := map[int]string{}
	for _, p := range e.Error.Problems {
		lines[p.Line] = p.Field
	}
	if len(e.Error.Problems) != 2 || lines[2] != "NetworkIP" || lines[3] != "InsideCorp" {
		t.Errorf("problems = %+v, want the overlap on line 2 and the boolean on line 3", e.Error.Problems)
	}
	if r := f.get("/api/v1/buildings", "admin"); !strings.Contains(r.body, `"rows":`+jsonInt(want.Len())) {
		t.Errorf("the refused file replaced the active one: %s", r.body)
	}

	// Admins only; tenants apart.
	for _, who := range []string{"engineer", "specialist"} {
		wantError(t, f.get("/api/v1/buildings", who), http.StatusForbidden, codeForbidden)
		wantError(t, f.do(http.MethodPut, "/api/v1/buildings", who, strings.NewReader(string(good))), http.StatusForbidden, codeForbidden)
		wantError(t, f.get("/api/v1/buildings/missing-subnets", who), http.StatusForbidden, codeForbidden)
	}
	if r := f.get("/api/v1/buildings", "admin-b"); r.status != 200 || strings.Contains(r.body, "SEA-B1") {
		t.Errorf("tenant-b's admin sees tenant-a's building file: %d %s", r.status, r.body)
	}
}

func jsonInt(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestMissingSubnets: the subnets of the examples' audio streams are
// listed until a building file maps them.
func TestMissingSubnets(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	f.clock.Set(time.Date(2020, 2, 26, 8, 30, 0, 0, time.UTC))
	subnets := func() []string {
		t.Helper()
		r := f.get("/api/v1/buildings/missing-subnets?days=30&minStreams=1", "admin")
		var resp missingSubnetsResponse
		if err := json.Unmarshal([]byte(r.body), &resp); err != nil || r.status != 200 {
			t.Fatalf("missing subnets: %d %s", r.status, r.body)
		}
		var out []string
		for _, s := range resp.Subnets {
			if s.Streams < 1 || s.FirstSeen.IsZero() {
				t.Errorf("row %+v", s)
			}
			out = append(out, s.Subnet)
		}
		return out
	}
	if got := subnets(); !slices.Contains(got, "10.139.80.0") {
		t.Fatalf("missing subnets = %v, want 10.139.80.0 among them", got)
	}
	file := "10.139.80.0,EMEA/Dublin,24,DUB-1,,,,Dublin,,IE,,EMEA,1,0,0\n"
	if r := f.do(http.MethodPut, "/api/v1/buildings", "admin", strings.NewReader(file)); r.status != 200 {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	if got := subnets(); slices.Contains(got, "10.139.80.0") {
		t.Errorf("after the building file: %v still lists 10.139.80.0", got)
	}
	wantError(t, f.get("/api/v1/buildings/missing-subnets?days=0", "admin"), http.StatusBadRequest, codeBadRequest)
}
