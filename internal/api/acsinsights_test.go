package api

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/acsreport"
	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/storetest"
)

// acsEnd is when the ACS report tests run: their calls start in the 10
// days before.
var acsEnd = time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)

// acsFixture stores ACS calls for tenant-a and other ones, under the
// same ids, for tenant-b.
func acsFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.clock.Set(acsEnd)
	ctx := context.Background()
	if _, err := f.st.PutCalls(ctx, append(storetest.ACSCalls("tenant-a", 11, 150, acsEnd), storetest.ACSCalls("tenant-b", 12, 30, acsEnd)...)); err != nil {
		t.Fatal(err)
	}
	return f
}

func getACSReport(t *testing.T, f *fixture, query, who string) *wire.ACSReport {
	t.Helper()
	r := f.get("/api/v1/reports/acs?"+query, who)
	if r.status != http.StatusOK {
		t.Fatalf("report %s as %s: %d %s", query, who, r.status, r.body)
	}
	var rep wire.ACSReport
	if err := json.Unmarshal([]byte(r.body), &rep); err != nil {
		t.Fatal(err)
	}
	return &rep
}

// TestACSReport: the report's sections are the store's sums, each end
// reason explained by the tables and leading to its calls; withheld
// values are marked, never shown; each tenant sees its own.
func TestACSReport(t *testing.T) {
	t.Parallel()
	f := acsFixture(t)
	ctx := context.Background()
	rep := getACSReport(t, f, "days=10", "engineer")
	q := store.ACSQuery{Tenant: "tenant-a", Since: acsEnd.Add(-9 * 24 * time.Hour)}
	all, err := f.st.ACSAggregate(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || !reflect.DeepEqual(rep.Totals, acsreport.MeasuresOf(all[0].ACSSums)) || rep.Totals.Participants < 100 {
		t.Fatalf("totals %+v, want %+v", rep.Totals, all)
	}
	if rep.Previous.Participants == 0 && rep.Previous.Surveys == 0 {
		t.Errorf("the previous window (the day before the 9 days) is empty: %+v", rep.Previous)
	}
	// Every breakdown adds up to the totals.
	for name, rows := range map[string][]wire.ACSGroupRow{"volume": rep.Volume, "sdk": rep.BySDKVersion, "os": rep.ByOS,
		"platform": rep.ByPlatform, "interop": rep.Interop, "callType": rep.ByCallType, "endpointType": rep.ByEndpointType} {
		var n int64
		for _, r := range rows {
			n += r.Participants
		}
		if n != rep.Totals.Participants {
			t.Errorf("%s: %d participants, want %d", name, n, rep.Totals.Participants)
		}
	}
	withheld := slices.IndexFunc(rep.BySDKVersion, func(r wire.ACSGroupRow) bool { return r.ValueWithheld })
	if withheld < 0 || rep.BySDKVersion[withheld].Value != nil {
		t.Errorf("no withheld SDK version, or one with a value: %+v", rep.BySDKVersion)
	}
	if r := f.get("/api/v1/reports/acs?days=10", "engineer"); strings.Contains(r.body, "Redacted") {
		t.Error("the report shows the word Microsoft withholds with")
	}
	if len(rep.Interop) != 2 || *rep.Interop[0].Value != "false" || *rep.Interop[1].Value != "true" {
		t.Errorf("interop rows %+v, want ACS only then Teams interop", rep.Interop)
	}

	// End reasons: explained, most first, each leading to its calls.
	var drop *wire.ACSEndReason
	for i, e := range rep.EndReasons {
		if i > 0 && e.Participants > rep.EndReasons[i-1].Participants {
			t.Errorf("end reasons not most first: %+v", rep.EndReasons)
		}
		if e.Code != nil && *e.Code == "410" && e.SubCode != nil && *e.SubCode == "3101" {
			drop = &rep.EndReasons[i]
		}
	}
	if drop == nil || !strings.HasPrefix(drop.Meaning, "call dropped") || drop.Explained != "code and subcode" || drop.Class != "Client failure" {
		t.Fatalf("410/3101: %+v", drop)
	}
	link, err := url.Parse(drop.CallsLink)
	if err != nil {
		t.Fatal(err)
	}
	r := f.get(drop.CallsLink, "engineer")
	if r.status != http.StatusOK {
		t.Fatalf("%s: %d %s", drop.CallsLink, r.status, r.body)
	}
	var list wire.ACSCallList
	if err := json.Unmarshal([]byte(r.body), &list); err != nil {
		t.Fatal(err)
	}
	sel := q
	for _, flt := range link.Query()["filter"] {
		parsed, err := store.ParseACSFilter(flt)
		if err != nil {
			t.Fatal(err)
		}
		sel.Filters = append(sel.Filters, parsed)
	}
	want, err := f.st.ACSCalls(ctx, sel, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || int64(len(list.Calls)) != drop.Calls || len(list.Calls) != len(want) {
		t.Fatalf("the drop's calls: %d listed, %d in the row, %d in the store", len(list.Calls), drop.Calls, len(want))
	}
	for i, c := range list.Calls {
		if c.ID != want[i].ID || c.Detail != "/api/v1/calls/"+want[i].ID {
			t.Errorf("call %d: %+v, want %s", i, c, want[i].ID)
		}
	}

	// Surveys.
	if rep.Surveys.Surveys != rep.Totals.Surveys || len(rep.Surveys.Ratings) != 4 || len(rep.Surveys.Issues) == 0 {
		t.Errorf("surveys %+v", rep.Surveys)
	}

	// tenant-b sees its own participants only.
	b := getACSReport(t, f, "days=10", "admin-b")
	allB, err := f.st.ACSAggregate(ctx, store.ACSQuery{Tenant: "tenant-b", Since: q.Since})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b.Totals, acsreport.MeasuresOf(allB[0].ACSSums)) || reflect.DeepEqual(b.Totals, rep.Totals) {
		t.Errorf("tenant-b's totals %+v, want %+v", b.Totals, allB[0].ACSSums)
	}

	wantError(t, f.get("/api/v1/reports/acs", "specialist"), http.StatusForbidden, codeForbidden)
	wantError(t, f.get("/api/v1/reports/acs/rows", "specialist"), http.StatusForbidden, codeForbidden)
	wantError(t, f.get("/api/v1/reports/acs/calls", "specialist"), http.StatusForbidden, codeForbidden)
	for _, bad := range []string{"filter=floor=1", "filter=sdkVersion", "days=0", "since=yesterday", "section=os", "format=parquet",
		"format=csv", "format=csv&section=floors", "by=os", "until=2025-01-01&since=2025-02-01"} {
		wantError(t, f.get("/api/v1/reports/acs?"+bad, "engineer"), http.StatusBadRequest, codeBadRequest)
	}
	for _, bad := range []string{"by=floor", "by=os,os", "by=os,day,platform,interop", "section=os"} {
		wantError(t, f.get("/api/v1/reports/acs/rows?"+bad, "engineer"), http.StatusBadRequest, codeBadRequest)
	}
	for _, bad := range []string{"limit=0", "cursor=x", "by=os"} {
		wantError(t, f.get("/api/v1/reports/acs/calls?"+bad, "engineer"), http.StatusBadRequest, codeBadRequest)
	}
}

// TestACSReportDownloads: a section and a grouping come as CSV, with the
// report's numbers; the end reasons' meanings come along.
func TestACSReportDownloads(t *testing.T) {
	t.Parallel()
	f := acsFixture(t)
	rep := getACSReport(t, f, "days=10", "admin")
	r := f.get("/api/v1/reports/acs?days=10&format=csv&section=endReasons", "admin")
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(r.header.Get("Content-Disposition"), "acs-endReasons.csv") {
		t.Fatalf("end reasons CSV: %d %v %s", r.status, r.header, r.body)
	}
	recs, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], []string{"code", "subCode", "resultCategory", "class", "participants", "calls", "sharePct", "meaning"}) || len(recs) != len(rep.EndReasons)+1 {
		t.Fatalf("CSV header %q and %d rows, want %d", recs[0], len(recs)-1, len(rep.EndReasons))
	}

	r = f.get("/api/v1/reports/acs/rows?days=10&by=sdkVersion,endReason&format=csv", "engineer")
	if r.status != http.StatusOK {
		t.Fatalf("rows CSV: %d %s", r.status, r.body)
	}
	recs, err = csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := recs[0]
	if !slices.Equal(head[:5], []string{"sdkVersion", "endCode", "endSubCode", "meaning", "calls"}) || !slices.Contains(head, "audioPoorPct") {
		t.Fatalf("rows CSV header %q", head)
	}
	found := false
	for _, rec := range recs[1:] {
		if rec[0] == "(withheld)" && rec[1] == "410" && rec[2] == "3100" {
			found = strings.HasPrefix(rec[3], "call setup failed")
		}
		if rec[0] == "Redacted" {
			t.Errorf("a withheld SDK version shown as a value: %q", rec)
		}
	}
	if !found {
		t.Errorf("no explained 410/3100 row of a withheld SDK version in\n%s", r.body)
	}

	r = f.get("/api/v1/reports/acs/rows?days=10&by=sdkVersion", "engineer")
	var rows wire.ACSRows
	if err := json.Unmarshal([]byte(r.body), &rows); err != nil {
		t.Fatal(err)
	}
	var participants int64
	for _, row := range rows.Rows {
		participants += row.Participants
		if slices.Contains(row.Withheld, "sdkVersion") != (row.Key["sdkVersion"] == nil && row.Withheld != nil) {
			t.Errorf("row %+v", row)
		}
	}
	if participants != rep.Totals.Participants || !slices.Equal(rows.GroupBy, []string{"sdkVersion"}) {
		t.Errorf("rows add up to %d participants, want %d", participants, rep.Totals.Participants)
	}
}

// TestACSReportCallsPaged: the calls come a page at a time, each once.
func TestACSReportCallsPaged(t *testing.T) {
	t.Parallel()
	f := acsFixture(t)
	next := "/api/v1/reports/acs/calls?days=10&limit=40&filter=callType=Group"
	var ids []string
	for pages := 0; next != ""; pages++ {
		if pages > 10 {
			t.Fatal("no end to the pages")
		}
		r := f.get(next, "engineer")
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", next, r.status, r.body)
		}
		var list wire.ACSCallList
		if err := json.Unmarshal([]byte(r.body), &list); err != nil {
			t.Fatal(err)
		}
		for _, c := range list.Calls {
			if c.CallType != "Group" {
				t.Errorf("call %+v is not a group call", c)
			}
			ids = append(ids, c.ID)
		}
		next = list.Next
	}
	want, err := f.st.ACSCalls(context.Background(), store.ACSQuery{Tenant: "tenant-a", Since: acsEnd.Add(-9 * 24 * time.Hour),
		Filters: []store.ACSFilter{{Dimension: store.ACSCallType, Values: []string{"Group"}}}}, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(want) || len(ids) <= 40 {
		t.Fatalf("%d calls over the pages, want %d (more than a page)", len(ids), len(want))
	}
	for i := range want {
		if ids[i] != want[i].ID {
			t.Fatalf("call %d is %s, want %s", i, ids[i], want[i].ID)
		}
	}
}

// TestACSReportMediaQuality: stream quality by SDK version is the
// dashboard's answer for the ACS streams, worst first.
func TestACSReportMediaQuality(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	f.clock.Set(time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC))
	rep := getACSReport(t, f, "days=3660&filter=os=Android%2011.0", "engineer")
	if !strings.Contains(rep.MediaQualityNote, "do not apply") {
		t.Errorf("note %q does not say the OS filter does not apply to streams", rep.MediaQualityNote)
	}
	rep = getACSReport(t, f, "days=3660", "engineer")
	res, err := f.st.Aggregate(context.Background(), cqd.Query{Tenant: "tenant-a", Since: f.clock.Now().UTC().Truncate(24 * time.Hour).Add(-3659 * 24 * time.Hour),
		GroupBy: []cqd.Dimension{cqd.ClientVersion}, Filters: []cqd.Filter{{Dimension: cqd.Source, Values: []string{"acs"}}},
		Measures: []cqd.Measure{cqd.Streams}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) == 0 || len(rep.MediaQuality) != len(res.Rows) {
		t.Fatalf("%d SDK versions, want %d", len(rep.MediaQuality), len(res.Rows))
	}
	var streams float64
	for _, m := range rep.MediaQuality {
		streams += m.Streams
	}
	var want float64
	for _, row := range res.Rows {
		want += *row.Values[0]
	}
	if streams != want {
		t.Errorf("%v streams, want %v", streams, want)
	}
}
