package gen

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
)

// usageRow is what the tests read of a PSTN or direct-routing row.
type usageRow struct {
	kind              model.UsageKind
	ID                string    `json:"id"`
	CallID            string    `json:"callId"`
	CorrelationID     string    `json:"correlationId"`
	UserID            string    `json:"userId"`
	Start             time.Time `json:"startDateTime"`
	End               time.Time `json:"endDateTime"`
	Invite            time.Time `json:"inviteDateTime"`
	Failure           time.Time `json:"failureDateTime"`
	Duration          int64     `json:"duration"`
	CallType          string    `json:"callType"`
	CallerNumber      string    `json:"callerNumber"`
	CalleeNumber      string    `json:"calleeNumber"`
	Charge            *float64  `json:"charge"`
	Currency          string    `json:"currency"`
	UsageCountry      string    `json:"usageCountryCode"`
	License           string    `json:"licenseCapability"`
	DestinationCtx    *string   `json:"destinationContext"`
	Successful        *bool     `json:"successfulCall"`
	FinalSIPCode      int64     `json:"finalSipCode"`
	SubReason         int64     `json:"callEndSubReason"`
	Phrase            string    `json:"finalSipCodePhrase"`
	Trunk             string    `json:"trunkFullyQualifiedDomainName"`
	SignalingLocation string    `json:"signalingLocation"`
	MediaPathLocation string    `json:"mediaPathLocation"`
}

// readUsage reads every page under dir/usage: each file one list
// response of its function, @odata.nextLink on every page but the last,
// every row accepted by the decoder ingest uses.
func readUsage(t *testing.T, dir string) []usageRow {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "usage", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []usageRow
	pages := map[string][]int{} // function: rows per page, in order
	links := map[string][]string{}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Context  string            `json:"@odata.context"`
			Count    int               `json:"@odata.count"`
			NextLink string            `json:"@odata.nextLink"`
			Value    []json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		list, _ := graph.ParseContext(page.Context)
		kind, ok := list.UsageKind()
		if !ok || kind == model.UsageSMS {
			t.Fatalf("%s: @odata.context %q names no PSTN or direct-routing log", path, page.Context)
		}
		if page.Count != len(page.Value) || len(page.Value) == 0 || len(page.Value) > usagePageSize {
			t.Errorf("%s: @odata.count %d, %d rows", path, page.Count, len(page.Value))
		}
		fn := strings.Split(filepath.Base(path), "-")[0]
		pages[fn] = append(pages[fn], len(page.Value))
		links[fn] = append(links[fn], page.NextLink)
		for i, raw := range page.Value {
			if _, err := graph.DecodeUsageRow(kind, raw); err != nil {
				t.Fatalf("%s: row %d: %v", path, i, err)
			}
			r := usageRow{kind: kind}
			if err := json.Unmarshal(raw, &r); err != nil {
				t.Fatalf("%s: row %d: %v", path, i, err)
			}
			rows = append(rows, r)
		}
	}
	for fn, ls := range links {
		for i, l := range ls {
			last := i == len(ls)-1
			if last != (l == "") || !last && (pages[fn][i] != usagePageSize || !strings.Contains(l, fn+"(")) {
				t.Errorf("%s page %d of %d: %d rows, nextLink %q", fn, i+1, len(ls), pages[fn][i], l)
			}
		}
	}
	return rows
}

// phoneRecord is what the tests read of a Graph record of a phone call.
type phoneRecord struct {
	ID        string    `json:"id"`
	Start     time.Time `json:"startDateTime"`
	End       time.Time `json:"endDateTime"`
	Organizer struct {
		Identity phoneIdentity `json:"identity"`
	} `json:"organizer_v2"`
	Participants []struct {
		Identity phoneIdentity `json:"identity"`
	} `json:"participants_v2"`
	Sessions []struct {
		Caller, Callee struct {
			UserAgent struct {
				Role        string `json:"role"`
				HeaderValue string `json:"headerValue"`
			} `json:"userAgent"`
		}
		FailureInfo *struct {
			Stage string `json:"stage"`
		} `json:"failureInfo"`
	} `json:"sessions"`
}

type phoneIdentity struct {
	User  *struct{ ID string } `json:"user"`
	Phone *struct{ ID string } `json:"phone"`
}

// kind tells a direct-routing call (a session with the organization's
// SBC, named in its user agent) from a Calling Plan one (a session with
// the mediation server, which reaches the carrier); other calls have
// neither.
func (p phoneRecord) kind() (model.UsageKind, string) {
	var k model.UsageKind
	for _, s := range p.Sessions {
		for _, ua := range []string{s.Caller.UserAgent.HeaderValue, s.Callee.UserAgent.HeaderValue} {
			if fqdn, ok := strings.CutPrefix(ua, "SBC/7.40A.500 ("); ok {
				return model.UsageDirectRouting, strings.TrimSuffix(fqdn, ")")
			}
		}
		if s.Caller.UserAgent.Role == "mediationServer" || s.Callee.UserAgent.Role == "mediationServer" {
			k = model.UsagePSTN
		}
	}
	return k, ""
}

// Every Calling Plan call that connected has one PSTN row and every
// direct-routing call one direct-routing row, with the call's id as
// correlationId, its user, times and numbers; the other direct-routing
// rows are attempts that failed before any call, with a failure code.
func TestUsageRowsMatchCalls(t *testing.T) {
	t.Parallel()
	dir, res := generate(t, Options{Seed: 6, Users: 40, Days: 4, End: testEnd, Format: FormatGraph})
	rows := readUsage(t, dir)
	if len(rows) != res.PSTNRows+res.DirectRoutingRows {
		t.Fatalf("%d rows in the files, Result says %d + %d", len(rows), res.PSTNRows, res.DirectRoutingRows)
	}
	byCorrelation := map[string][]usageRow{}
	for _, r := range rows {
		byCorrelation[r.CorrelationID] = append(byCorrelation[r.CorrelationID], r)
	}
	calls := map[string]bool{}
	types := map[string]int{}
	for _, path := range res.Files {
		if !isGraphFile(path) {
			continue
		}
		forEachGraphLine(t, path, func(l graphLine) {
			if l.page {
				return
			}
			var rec phoneRecord
			if err := json.Unmarshal(l.raw, &rec); err != nil {
				t.Fatal(err)
			}
			kind, trunk := rec.kind()
			if kind == "" || calls[rec.ID] {
				return // not a phone call, or a later version of one
			}
			calls[rec.ID] = true
			failed := rec.Sessions[0].FailureInfo != nil && rec.Sessions[0].FailureInfo.Stage == "callSetup"
			got := byCorrelation[rec.ID]
			if kind == model.UsagePSTN && failed {
				if len(got) != 0 {
					t.Errorf("call %s failed to set up, yet has %d PSTN rows", rec.ID, len(got))
				}
				return
			}
			if len(got) != 1 || got[0].kind != kind {
				t.Errorf("call %s (%s): %d rows %v", rec.ID, kind, len(got), got)
				return
			}
			r := got[0]
			types[r.CallType]++
			checkRowOfCall(t, rec, r, failed, trunk)
		})
	}
	for id, rs := range byCorrelation {
		if calls[id] {
			continue
		}
		for _, r := range rs {
			if r.kind != model.UsageDirectRouting || r.Successful == nil || *r.Successful || r.FinalSIPCode < 400 ||
				r.Failure.Before(r.Invite) || r.Duration != 0 || r.End.Year() != 1 {
				t.Errorf("row %s names no call and is not a failed direct-routing attempt: %+v", id, r)
			}
		}
	}
	for _, ct := range []string{"user_in", "user_out", "ByotIn", "ByotOut"} {
		if types[ct] == 0 {
			t.Errorf("no call of type %s among %v", ct, types)
		}
	}
}

// checkRowOfCall checks a row against the record of its call.
func checkRowOfCall(t *testing.T, rec phoneRecord, r usageRow, failed bool, trunk string) {
	t.Helper()
	var user, number, own string
	for _, p := range rec.Participants {
		switch {
		case p.Identity.User != nil:
			user = p.Identity.User.ID
			if p.Identity.Phone != nil {
				own = p.Identity.Phone.ID
			}
		case p.Identity.Phone != nil:
			number = p.Identity.Phone.ID
		}
	}
	inbound := rec.Organizer.Identity.User == nil
	caller, callee := own, number
	if inbound {
		caller, callee = number, own
	}
	want := map[string]bool{"user_in": inbound, "user_out": !inbound, "ByotIn": inbound, "ByotOut": !inbound}
	switch {
	case r.UserID != user:
		t.Errorf("call %s: row of user %s, the call's is %s", rec.ID, r.UserID, user)
	case !want[r.CallType]:
		t.Errorf("call %s: callType %s, inbound %v", rec.ID, r.CallType, inbound)
	case own != "" && (r.CallerNumber != caller || r.CalleeNumber != callee),
		own == "" && (inbound && r.CallerNumber != number || !inbound && r.CalleeNumber != number):
		t.Errorf("call %s: numbers %s → %s, the call's %s → %s", rec.ID, r.CallerNumber, r.CalleeNumber, caller, callee)
	case r.kind == model.UsageDirectRouting && r.Trunk != trunk:
		t.Errorf("call %s: trunk %s, the record's SBC %s", rec.ID, r.Trunk, trunk)
	case failed:
		if *r.Successful || r.FinalSIPCode < 400 || r.Duration != 0 {
			t.Errorf("call %s failed to set up, its row: %+v", rec.ID, r)
		}
	case !r.Start.Equal(rec.Start) || !r.End.Equal(rec.End) || r.Duration != int64(math.Round(rec.End.Sub(rec.Start).Seconds())):
		t.Errorf("call %s: row %v–%v (%d s), call %v–%v", rec.ID, r.Start, r.End, r.Duration, rec.Start, rec.End)
	case r.kind == model.UsageDirectRouting && (!*r.Successful || r.FinalSIPCode != 0 || r.Invite.After(r.Start)):
		t.Errorf("call %s connected, its row: %+v", rec.ID, r)
	case r.kind == model.UsagePSTN && (r.Charge == nil || *r.Charge < 0 || r.Currency == "" || r.License == "" || r.CallID != rec.ID):
		t.Errorf("call %s: PSTN row %+v", rec.ID, r)
	}
}

// The DegradingSBC's attempts fail more and more over the last days of
// the window, with server errors and timeouts, while the other SBCs'
// succeed as they did.
func TestDegradingSBCFails(t *testing.T) {
	t.Parallel()
	dir, _ := generate(t, Options{Seed: 3, Users: 120, Days: 21, End: testEnd, Format: FormatGraph})
	rows := readUsage(t, dir)
	start := testEnd.Add(-SBCDegradationDays * 24 * time.Hour)
	type rate struct{ ok, all, serverErrors int }
	before, during, lastDays := map[string]*rate{}, map[string]*rate{}, map[string]*rate{}
	add := func(m map[string]*rate, r usageRow) {
		if m[r.Trunk] == nil {
			m[r.Trunk] = &rate{}
		}
		x := m[r.Trunk]
		x.all++
		if *r.Successful {
			x.ok++
		}
		if r.FinalSIPCode >= 500 || r.FinalSIPCode == 408 {
			x.serverErrors++
		}
	}
	for _, r := range rows {
		if r.kind != model.UsageDirectRouting {
			continue
		}
		switch {
		case r.Invite.Before(start):
			add(before, r)
		default:
			add(during, r)
			if r.Invite.After(testEnd.Add(-3 * 24 * time.Hour)) {
				add(lastDays, r)
			}
		}
	}
	pct := func(x *rate) float64 {
		if x == nil || x.all == 0 {
			return math.NaN()
		}
		return 100 * float64(x.ok) / float64(x.all)
	}
	for _, fqdn := range []string{"sbc1-us.contoso.com", DegradingSBC, "sbc1-eu.contoso.com"} {
		b, d, l := before[fqdn], during[fqdn], lastDays[fqdn]
		if b == nil || d == nil || l == nil || b.all < 50 || d.all < 25 {
			t.Fatalf("%s: too few attempts to judge: %+v, %+v, %+v", fqdn, b, d, l)
		}
		t.Logf("%-22s before %5.1f%% of %3d, last %d days %5.1f%% of %3d, last 3 days %5.1f%% of %3d",
			fqdn, pct(b), b.all, SBCDegradationDays, pct(d), d.all, pct(l), l.all)
		if pct(b) < 92 {
			t.Errorf("%s succeeds %.1f%% before the degradation, want 95–98%%", fqdn, pct(b))
		}
		if fqdn != DegradingSBC {
			if pct(d) < 90 {
				t.Errorf("%s succeeds %.1f%% in the last days: only %s should degrade", fqdn, pct(d), DegradingSBC)
			}
			continue
		}
		if pct(d) > 80 || pct(l) > 65 {
			t.Errorf("%s succeeds %.1f%% in the last %d days and %.1f%% in the last 3: want well below 80%%", fqdn, pct(d), SBCDegradationDays, pct(l))
		}
		failed := d.all - d.ok
		if d.serverErrors < failed*2/3 {
			t.Errorf("%s: %d of its %d failures are server errors or timeouts, want most", fqdn, d.serverErrors, failed)
		}
	}
}
