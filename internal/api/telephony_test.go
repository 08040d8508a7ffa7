package api

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/storetest"
)

// storeUsage stores, for tenant-a, Alice's two PSTN calls out from
// numbers that differ in their last digits, one of them the usage of a
// stored call; direct-routing calls through two SBCs, sbc2 failing; and
// for tenant-b a call of Carol's.
func (f *fixture) storeUsage() {
	f.t.Helper()
	ctx := context.Background()
	s := model.Some[string]
	at := func(h int) model.Opt[time.Time] { return model.Some(t0.Add(-time.Duration(h) * time.Hour)) }
	dr := func(id, trunk string, h int, ok bool, code int64, dur int64) *model.UsageRow {
		r := &model.UsageRow{Kind: model.UsageDirectRouting, ID: id, StartDateTime: at(h), TrunkFQDN: s(trunk), CallType: s("ByotIn"),
			CallerNumber: s("+4930123456"), CalleeNumber: s("+14255551150"), UserID: s("bob-id"), UserDisplayName: s("Bob Example"),
			SuccessfulCall: model.Some(ok), FinalSIPCode: model.Some(code), CallEndSubReason: model.Some(560000 + code), Duration: model.Some(dur)}
		if ok {
			r.FinalSIPCodePhrase = s("BYE")
		} else {
			r.FinalSIPCodePhrase = s("Service Unavailable")
		}
		return r
	}
	rows := []*model.UsageRow{
		{Kind: model.UsagePSTN, ID: "p1", StartDateTime: at(1), CallType: s("user_out"), UserID: s("alice-id"), UserPrincipalName: s("alice@contoso.com"),
			UserDisplayName: s("Alice Example"), CallerNumber: s("+1 425 555 0101"), CalleeNumber: s("+4930999999"), Duration: model.Some[int64](120),
			Charge: model.Some(0.5), Currency: s("USD"), UsageCountryCode: s("US"), CorrelationID: s("stored-call")},
		{Kind: model.UsagePSTN, ID: "p2", StartDateTime: at(2), CallType: s("user_out"), UserID: s("alice-id"), UserPrincipalName: s("alice@contoso.com"),
			UserDisplayName: s("Alice Example"), CallerNumber: s("+14255550199"), CalleeNumber: s("+4930888888"), Duration: model.Some[int64](60),
			Charge: model.Some(0.25), Currency: s("USD"), UsageCountryCode: model.NullOf[string]()},
		dr("d1", "SBC1.contoso.com", 3, true, 0, 300), dr("d2", "sbc1.contoso.com", 4, true, 0, 100), dr("d3", "sbc1.contoso.com", 5, false, 503, 0),
		dr("d4", "sbc2.contoso.com", 6, false, 503, 0), dr("d5", "sbc2.contoso.com", 7, false, 486, 0),
	}
	if _, err := f.st.PutUsageRows(ctx, "tenant-a", rows); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.st.PutUsageRows(ctx, "tenant-b", []*model.UsageRow{{Kind: model.UsagePSTN, ID: "b1", StartDateTime: at(1),
		UserID: s("carol-id"), CallerNumber: s("+4930111111"), Duration: model.Some[int64](30)}}); err != nil {
		f.t.Fatal(err)
	}
	if _, err := f.st.PutCalls(ctx, []*model.Call{storetest.SampleCall("tenant-a", "stored-call", 1, t0.Add(-time.Hour), 1, 1)}); err != nil {
		f.t.Fatal(err)
	}
}

// auditActions are the actions of tenant-a's audit log, oldest first.
func (f *fixture) telAuditActions() []string {
	f.t.Helper()
	if err := f.srv.audit.flush(context.Background()); err != nil {
		f.t.Fatal(err)
	}
	entries, err := f.st.AuditLog(context.Background(), store.AuditFilter{Tenant: "tenant-a"})
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Action)
	}
	slices.Reverse(out)
	return out
}

func decodeTel[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("decode: %v: %s", err, r.body)
	}
	return v
}

// TestTelephonyRoles: the reports are the organization's, for engineers
// and administrators; Tier 1 is refused, and a tenant sees its own rows.
func TestTelephonyRoles(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.storeUsage()
	for _, path := range []string{pathPSTNReport, pathDirectRouting, pathUsageRows} {
		wantError(t, f.get(path, "specialist"), 403, codeForbidden)
		wantError(t, f.get(path, ""), 401, codeUnauthenticated)
		for _, who := range []string{"engineer", "admin"} {
			if r := f.get(path, who); r.status != 200 {
				t.Errorf("%s as %s: %d %s", path, who, r.status, r.body)
			}
		}
	}
	b := decodeTel[wire.UsageReport](t, f.get(pathPSTNReport, "admin-b"))
	if b.Totals.Calls != 1 {
		t.Errorf("tenant-b's totals: %+v, want its one call", b.Totals)
	}
	a := decodeTel[wire.UsageReport](t, f.get(pathPSTNReport, "admin"))
	if a.Totals.Calls != 7 || a.Totals.Attempts != 5 || a.Totals.Successful != 2 {
		t.Errorf("tenant-a's totals: %+v, want 7 calls, 5 attempts, 2 established", a.Totals)
	}
}

// TestPSTNReportByNumber: numbers are masked, and the numbers masking
// makes one are one group; grouping by number is audited.
func TestPSTNReportByNumber(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.storeUsage()
	r := f.get(pathPSTNReport+"?by=number&filter=kind=pstn", "engineer")
	rep := decodeTel[wire.UsageReport](t, r)
	if len(rep.Rows) != 1 || *rep.Rows[0].Key["number"] != "+14255550***" || rep.Rows[0].Calls != 2 || rep.Rows[0].Minutes != 3 {
		t.Fatalf("by number: %s", r.body)
	}
	if c := rep.Rows[0].Charges; len(c) != 1 || c[0].Currency != "USD" || c[0].Charge != 0.75 {
		t.Errorf("charges %+v, want 0.75 USD", c)
	}
	for _, n := range []string{"0101", "0199", "+14255551150"} {
		if strings.Contains(r.body, n) {
			t.Errorf("the answer holds %s: %s", n, r.body)
		}
	}
	link, err := url.Parse(rep.Rows[0].Rows)
	if err != nil || link.Path != pathUsageRows || !slices.Contains(link.Query()["filter"], "number=+14255550***") {
		t.Fatalf("drill-down %q", rep.Rows[0].Rows)
	}
	rows := decodeTel[wire.UsageRows](t, f.get(rep.Rows[0].Rows, "engineer"))
	if len(rows.Rows) != 2 {
		t.Errorf("the group's rows: %d, want 2", len(rows.Rows))
	}
	// A number typed whole selects what its masked form shows.
	typed := decodeTel[wire.UsageRows](t, f.get(pathUsageRows+"?filter="+url.QueryEscape("number=+1 425 555 0101"), "engineer"))
	if len(typed.Rows) != 2 || !slices.Equal(typed.Filters, []string{"number=+14255550***"}) {
		t.Errorf("rows of a typed number: %d, filters %v; want both, by the masked number", len(typed.Rows), typed.Filters)
	}
	if got := f.telAuditActions(); !slices.Equal(got, []string{actionUsageReportPersonal, actionViewUsageRows, actionViewUsageRows}) {
		t.Errorf("audit %v", got)
	}
	// By user: names and UPNs for those who may see them.
	byUser := decodeTel[wire.UsageReport](t, f.get(pathPSTNReport+"?by=user&order=minutes", "admin"))
	if len(byUser.Rows) != 2 || *byUser.Rows[0].Key["user"] != "bob-id" || *byUser.Rows[1].User.DisplayName != "Alice Example" {
		t.Errorf("by user, most minutes first: %+v", byUser.Rows)
	}
}

// TestDirectRoutingReport: SBCs worst first, SIP codes most frequent
// first, each with its rows; one table downloads as CSV.
func TestDirectRoutingReport(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.storeUsage()
	h := decodeTel[wire.DirectRoutingHealth](t, f.get(pathDirectRouting+"?days=7", "engineer"))
	if len(h.SBCs) != 2 || *h.SBCs[0].Trunk != "sbc2.contoso.com" || *h.SBCs[0].SuccessRate != 0 || *h.SBCs[1].SuccessRate != 66.6667 {
		t.Fatalf("sbcs %+v", h.SBCs)
	}
	if s := h.SBCs[1]; s.Attempts != 3 || *s.AverageSeconds != 200 || s.TopFailure == nil || *s.TopFailure.Code != 503 || *s.TopFailure.Phrase != "Service Unavailable" {
		t.Errorf("sbc1: %+v, top failure %+v", s.UsageMeasures, s.TopFailure)
	}
	if *h.SBCs[0].NER != 50 {
		t.Errorf("sbc2's NER %v, want 50 (486 busy reached the user)", *h.SBCs[0].NER)
	}
	if len(h.SIPCodes) != 3 || *h.SIPCodes[0].Code != 503 || h.SIPCodes[0].Calls != 2 || h.SIPCodes[0].Failed != 2 {
		t.Errorf("sip codes %+v", h.SIPCodes)
	}
	if h.Totals.Calls != 5 || len(h.Trend) != 1 || h.Trend[0].Day != "2025-03-14" {
		t.Errorf("totals %+v, trend %+v", h.Totals, h.Trend)
	}
	rows := decodeTel[wire.UsageRows](t, f.get(h.SBCs[0].Rows, "engineer"))
	if len(rows.Rows) != 2 {
		t.Errorf("sbc2's rows: %d", len(rows.Rows))
	}
	r := f.get(pathDirectRouting+"?days=7&format=csv&table=sipCodes", "engineer")
	if r.status != 200 || r.header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(r.header.Get("Content-Disposition"), "direct-routing-sipCodes.csv") {
		t.Fatalf("csv: %d %v", r.status, r.header)
	}
	recs, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil || len(recs) != 4 || recs[0][0] != "finalSipCode" || recs[1][0] != "503" {
		t.Errorf("csv %q, %v", recs, err)
	}
	if got := f.telAuditActions(); !slices.Equal(got, []string{actionViewUsageRows}) {
		t.Errorf("audit %v: only the rows name people", got)
	}
}

// TestUsageRowsPages: pages follow one another newest first, rows are
// redacted and marked withheld, a row of a stored call links to it, and
// the download has every row.
func TestUsageRowsPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.storeUsage()
	var keys []string
	next := pathUsageRows + "?limit=3"
	for next != "" {
		page := decodeTel[wire.UsageRows](t, f.get(next, "engineer"))
		for _, it := range page.Rows {
			keys = append(keys, it.Key)
			if it.Key == "p1" && (it.CallRecordID != "stored-call" || it.Detail != "/api/v1/calls/stored-call") {
				t.Errorf("p1: call %q detail %q", it.CallRecordID, it.Detail)
			}
			if it.Key != "p1" && it.CallRecordID != "" {
				t.Errorf("%s matched call %q", it.Key, it.CallRecordID)
			}
		}
		next = page.Next
	}
	if want := []string{"p1", "p2", "d1", "d2", "d3", "d4", "d5"}; !slices.Equal(keys, want) {
		t.Errorf("rows %v, want %v", keys, want)
	}
	r := f.get(pathUsageRows+"?filter=kind=pstn", "engineer")
	if !strings.Contains(r.body, `"calleeNumber":"+4930999***"`) || strings.Contains(r.body, "999999") || !strings.Contains(r.body, `"usageCountryCodeWithheld":true`) {
		t.Errorf("rows not masked or not marked: %s", r.body)
	}
	d := f.get(pathUsageRows+"?format=csv", "admin")
	recs, err := csv.NewReader(strings.NewReader(d.body)).ReadAll()
	if err != nil || len(recs) != 8 || recs[0][0] != "startDateTime" || strings.Contains(d.body, "0101") {
		t.Errorf("download: %d lines, %v: %s", len(recs), err, d.body)
	}
}

// TestTelephonyBadRequests: what cannot be answered is a 400 naming the
// parameter.
func TestTelephonyBadRequests(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, target := range []string{
		pathPSTNReport + "?by=building",
		pathPSTNReport + "?by=day,trunk,user,number",
		pathPSTNReport + "?order=poorPct",
		pathPSTNReport + "?format=parquet",
		pathPSTNReport + "?filter=trunk",
		pathPSTNReport + "?since=yesterday",
		pathPSTNReport + "?top=0",
		pathDirectRouting + "?by=trunk",
		pathDirectRouting + "?table=sbcs",
		pathDirectRouting + "?format=csv&table=calls",
		pathUsageRows + "?cursor=nonsense",
		pathUsageRows + "?limit=501",
		pathUsageRows + "?format=csv&limit=5",
		pathUsageRows + "?order=calls",
	} {
		wantError(t, f.get(target, "admin"), 400, codeBadRequest)
	}
}
