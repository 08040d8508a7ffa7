package store

import (
	"math"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
)

// TestNumbers: numbers are kept as their digits, stars and a leading
// '+'; masking one is access.MaskPhone's, and a filter's stars stand
// for digits.
func TestNumbers(t *testing.T) {
	t.Parallel()
	norm := func(in, want string) {
		t.Helper()
		if got := NormalizeNumber(in); got != want {
			t.Errorf("NormalizeNumber(%q) = %q, want %q", in, got, want)
		}
	}
	norm("+1 (425) 555-0101", "+14255550101")
	norm("tel:+14255550101;ext=7", "+142555501017")
	norm("+12345678***", "+12345678***")
	norm("++1+42", "+142")
	norm("1+2", "12")
	norm("anonymous", "")
	for _, n := range []string{"+14255550101", "+12345678***", "911", "+12", "", "4255550101", "+1***", "+"} {
		for _, k := range []int{0, 1, 3, 4, 12, 15} {
			if got, want := MaskNumber(n, k), access.MaskPhone(n, k); got != want {
				t.Errorf("MaskNumber(%q, %d) = %q, access.MaskPhone %q", n, k, got, want)
			}
		}
	}
	match := func(number, value string, want bool) {
		t.Helper()
		if got := NumberMatches(number, value); got != want {
			t.Errorf("NumberMatches(%q, %q) = %v", number, value, got)
		}
	}
	match("+14255550101", "+1 425 555 0***", true)
	match("+14255550101", "+14255550101", true)
	match("+14255550101", "+1425555010", false)
	match("+12345678***", "+123456789**", false)
	match("+12345678***", "+12345678***", true)
	if p := NumberPattern("+1 425 555 01**"); p != "+142555501__" {
		t.Errorf("NumberPattern = %q", p)
	}
}

// TestUsageFactOf: what the reports read of a row.
func TestUsageFactOf(t *testing.T) {
	t.Parallel()
	s := model.Some[string]
	start := time.Date(2025, 3, 14, 23, 59, 59, 999_999_999, time.UTC)
	in := &model.UsageRow{Kind: model.UsageDirectRouting, ID: "r", StartDateTime: model.Some(start), CallType: s("ByotIn"),
		CallerNumber: s("+4930123456"), CalleeNumber: s("+1 425 555 0101"), UserPrincipalName: s("Alice@Contoso.com"),
		TrunkFQDN: s("SBC1.Contoso.COM"), UserCountryCode: s("DE"), CallID: s("sip-call"), SuccessfulCall: model.Some(false),
		FinalSIPCode: model.Some[int64](503), Currency: s("")}
	f, ok := UsageFactOf("key", in)
	switch {
	case !ok || f.ID != "key" || f.Kind != "directRouting":
		t.Fatalf("fact %+v, %v", f, ok)
	case !f.Start.Equal(start.Truncate(time.Microsecond)) || f.Day.Format(time.DateOnly) != "2025-03-14":
		t.Errorf("start %v, day %v", f.Start, f.Day)
	case *f.Number != "+14255550101":
		t.Errorf("number of a call in %q, want the callee's", *f.Number)
	case *f.UserKey != "alice@contoso.com" || *f.UserPrincipalName != "Alice@Contoso.com" || f.UserName != nil:
		t.Errorf("user %q %q %v", *f.UserKey, *f.UserPrincipalName, f.UserName)
	case *f.Trunk != "sbc1.contoso.com" || *f.Country != "DE" || *f.CallRef != "sip-call" || f.Currency != nil:
		t.Errorf("trunk %q country %q ref %q currency %v", *f.Trunk, *f.Country, *f.CallRef, f.Currency)
	}
	out := *in
	out.CallType, out.UserID, out.CorrelationID, out.UsageCountryCode = s("ByotOutUserForwarding"), s("alice-id"), s("corr"), s("US")
	if f, _ := UsageFactOf("key", &out); *f.Number != "+4930123456" || *f.UserKey != "alice-id" || *f.CallRef != "corr" || *f.Country != "US" {
		t.Errorf("a call out: number %q, user %q, ref %q, country %q", *f.Number, *f.UserKey, *f.CallRef, *f.Country)
	}
	if _, ok := UsageFactOf("sms", &model.UsageRow{Kind: model.UsageSMS}); ok {
		t.Error("an SMS has a fact")
	}
}

// TestUsageTotals: what is counted where, and the rates.
func TestUsageTotals(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	d := func(v int64) *int64 { return &v }
	var tot UsageTotals
	for _, f := range []UsageFact{
		{Successful: &yes, Duration: d(100)},
		{Successful: &no, SIPCode: d(486), Duration: d(0)},
		{Successful: &no, SIPCode: d(503)},
		{Duration: d(60)}, // a PSTN call: no attempt, but it took place
	} {
		tot.AddFact(f)
	}
	want := UsageTotals{Calls: 4, Attempts: 3, Successful: 1, Delivered: 2, Seconds: 160, Connected: 2, ConnectedSeconds: 160}
	if countsOf(tot) != countsOf(want) {
		t.Errorf("totals %+v, want %+v", tot, want)
	}
	if r, _ := tot.SuccessRate(); math.Abs(r-100.0/3) > 1e-9 {
		t.Errorf("success rate %v", r)
	}
	if r, _ := tot.NER(); math.Abs(r-200.0/3) > 1e-9 {
		t.Errorf("NER %v", r)
	}
	if a, _ := tot.AverageSeconds(); a != 80 {
		t.Errorf("average %v", a)
	}
	if _, ok := (UsageTotals{Calls: 1}).Rank(UsageOrderSuccessRate); ok {
		t.Error("a rate without attempts ranks")
	}
}

func countsOf(t UsageTotals) [7]int64 {
	return [7]int64{t.Calls, t.Attempts, t.Successful, t.Delivered, t.Seconds, t.Connected, t.ConnectedSeconds}
}
