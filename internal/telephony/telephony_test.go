package telephony

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/golden"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
	"github.com/callscope/callscope/internal/store/duckdb"
)

var now = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

// TestParamsQuery: what people write becomes the store's query, every
// mistake named.
func TestParamsQuery(t *testing.T) {
	t.Parallel()
	f := func(p Params, wantErr string, check func(store.UsageQuery) bool) {
		t.Helper()
		q, err := p.Query("t", now)
		switch {
		case wantErr != "":
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Errorf("%+v: error %v, want one saying %q", p, err, wantErr)
			}
		case err != nil:
			t.Errorf("%+v: %v", p, err)
		case !check(q):
			t.Errorf("%+v: query %+v", p, q)
		}
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	f(Params{}, "", func(q store.UsageQuery) bool { return q.Since.Equal(day("2025-02-13")) && q.Until.IsZero() })
	f(Params{Days: 7}, "", func(q store.UsageQuery) bool { return q.Since.Equal(day("2025-03-08")) })
	f(Params{Since: "2025-03-01", Until: "2025-03-02T12:00:00Z"}, "", func(q store.UsageQuery) bool {
		return q.Since.Equal(day("2025-03-01")) && q.Until.Equal(day("2025-03-02").Add(12*time.Hour))
	})
	f(Params{By: "Trunk, day", Filters: []string{"success=false", "finalSipCode=503|408"}}, "", func(q store.UsageQuery) bool {
		return len(q.GroupBy) == 2 && q.GroupBy[0] == store.UsageDimTrunk && len(q.Filters) == 2 && len(q.Filters[1].Values) == 2
	})
	f(Params{By: "building"}, "by: unknown dimension", nil)
	f(Params{By: "day,trunk,user,number"}, "at most 3", nil)
	f(Params{By: "day,day"}, "given twice", nil)
	f(Params{Filters: []string{"trunk"}}, "want dimension=value", nil)
	f(Params{Order: "poorPct"}, "order", nil)
	f(Params{Since: "yesterday"}, "since", nil)
	f(Params{Since: "2025-03-02", Until: "2025-03-01"}, "until: must be after since", nil)
	f(Params{Days: -1}, "days", nil)
	f(Params{Top: -1}, "top", nil)
}

// TestCursor: a cursor reads back as written; anything else is refused.
func TestCursor(t *testing.T) {
	t.Parallel()
	for _, c := range []store.UsageCursor{
		{Start: now.Add(123 * time.Microsecond), Kind: "pstn", ID: "sha256:ab\ncd"},
		{Kind: "directRouting", ID: "x"},
	} {
		got, err := DecodeCursor(EncodeCursor(c))
		if err != nil || !got.Start.Equal(c.Start) || got.Kind != c.Kind || got.ID != c.ID {
			t.Errorf("cursor %+v read back as %+v, %v", c, got, err)
		}
	}
	for _, bad := range []string{"", "!!", "bzUw", EncodeCursor(store.UsageCursor{Kind: "pstn"})} {
		if _, err := DecodeCursor(bad); !errors.Is(err, ErrCursor) {
			t.Errorf("DecodeCursor(%q): %v", bad, err)
		}
	}
}

// reportStore is a store with usage rows of a fortnight: Alice's calls
// from numbers that differ only in their last digits, and two SBCs, one
// of which fails more and more in the second week.
func reportStore(t *testing.T) store.Store {
	t.Helper()
	st, err := duckdb.Open(context.Background(), filepath.Join(t.TempDir(), "callscope.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := model.Some[string]
	start := now.Add(-14 * 24 * time.Hour)
	var rows []*model.UsageRow
	for i := range 14 * 8 {
		at := start.Add(time.Duration(i) * 3 * time.Hour)
		trunk := []string{"sbc-a.contoso.com", "SBC-B.contoso.com"}[i%2]
		ok := !(i%2 == 1 && at.After(start.Add(7*24*time.Hour)) && i%3 != 0)
		r := &model.UsageRow{Kind: model.UsageDirectRouting, ID: "dr" + itoa(int64(i)), StartDateTime: model.Some(at), TrunkFQDN: s(trunk),
			CallType: s("ByotOut"), CallerNumber: s("+1425555010" + itoa(int64(i%10))), UserID: s("alice-id"), UserDisplayName: s("Alice"),
			SuccessfulCall: model.Some(ok), Duration: model.Some[int64](60), FinalSIPCode: model.Some[int64](0), CallEndSubReason: model.Some[int64](560000)}
		if !ok {
			r.Duration, r.FinalSIPCode, r.CallEndSubReason, r.FinalSIPCodePhrase = model.Some[int64](0), model.Some[int64](503), model.Some[int64](560503), s("Service Unavailable")
		}
		rows = append(rows, r)
	}
	rows = append(rows, &model.UsageRow{Kind: model.UsagePSTN, ID: "p1", StartDateTime: model.Some(now.Add(-time.Hour)), CallType: s("user_out"),
		CallerNumber: s("+44 20 7946 0123"), Duration: model.Some[int64](90), Charge: model.Some(0.1), ConnectionCharge: model.Some(0.2), Currency: s("GBP")})
	if _, err := st.PutUsageRows(context.Background(), "t", rows); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestUsageMasksAndMerges: the numbers of a group are masked, numbers
// masking makes one are one group, and groups rank by the order asked.
func TestUsageMasksAndMerges(t *testing.T) {
	t.Parallel()
	r := Reporter{Store: reportStore(t), Link: RowsLink}
	q, err := Params{By: "number", Days: 30}.Query("t", now)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Usage(context.Background(), q, Ranking{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 2 || *rep.Rows[0].Key["number"] != "+14255550***" || rep.Rows[0].Calls != 112 || *rep.Rows[1].Key["number"] != "+442079460***" {
		t.Fatalf("groups %+v", rep.Rows)
	}
	if !strings.Contains(rep.Rows[0].Rows, "filter=number%3D%2B14255550%2A%2A%2A") {
		t.Errorf("drill-down %s", rep.Rows[0].Rows)
	}
	one, err := Reporter{Store: r.Store, Policy: access.Policy{PhoneDigitsMasked: 1}}.Usage(context.Background(), q, Ranking{Order: "calls", Ascending: true, Top: 1})
	if err != nil {
		t.Fatal(err)
	}
	if one.Groups != 2 || len(one.Rows) != 1 || *one.Rows[0].Key["number"] != "+44207946012*" || one.Rows[0].Calls != 1 {
		t.Errorf("masked on one digit, fewest calls first, the first: %d groups, %s", one.Groups, *one.Rows[0].Key["number"])
	}
	if c := rep.Totals.Charges; len(c) != 1 || c[0].Currency != "GBP" || c[0].Charge != 0.1 || c[0].ConnectionCharge != 0.2 {
		t.Errorf("charges %+v", c)
	}
	// Without grouping: the totals, as a file too.
	q.GroupBy = nil
	totals, err := r.Usage(context.Background(), q, Ranking{})
	if err != nil {
		t.Fatal(err)
	}
	var csv bytes.Buffer
	if err := UsageReportCSV(&csv, totals); err != nil {
		t.Fatal(err)
	}
	if want := "calls,attempts,successful,successRate,ner,minutes,averageSeconds,charge_GBP,connectionCharge_GBP\n" +
		"113,112,94,83.9286,83.9286,95.5,60.3158,0.1,0.2\n"; csv.String() != want || len(totals.Rows) != 0 || totals.Groups != 1 {
		t.Errorf("totals as CSV:\n%s\nwant\n%s", csv.String(), want)
	}
}

// TestDirectRoutingFindsTheFailingSBC: the SBC whose calls fail in the
// window's second half comes first, degrading, with its failure; the
// other does not.
func TestDirectRoutingFindsTheFailingSBC(t *testing.T) {
	t.Parallel()
	r := Reporter{Store: reportStore(t), Now: func() time.Time { return now }}
	q, err := Params{Days: 15}.Query("t", now)
	if err != nil {
		t.Fatal(err)
	}
	h, err := r.DirectRouting(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.SBCs) != 2 || *h.SBCs[0].Trunk != "sbc-b.contoso.com" || !h.SBCs[0].Degrading || h.SBCs[1].Degrading {
		t.Fatalf("SBCs %+v", h.SBCs)
	}
	b := h.SBCs[0]
	if b.TopFailure == nil || *b.TopFailure.Code != 503 || *b.TopFailure.Phrase != "Service Unavailable" || *b.Change > -DegradingPoints || len(b.Days) < 13 {
		t.Errorf("sbc-b: change %v, failure %+v, %d days", *b.Change, b.TopFailure, len(b.Days))
	}
	if h.Totals.Calls != 112 || h.Totals.Attempts != 112 || len(h.SIPCodes) != 2 || *h.SIPCodes[0].Code != 0 {
		t.Errorf("totals %+v, codes %+v", h.Totals, h.SIPCodes)
	}
	var out bytes.Buffer
	for _, table := range HealthTables {
		out.WriteString("# " + table + "\n")
		if err := DirectRoutingCSV(&out, h, table); err != nil {
			t.Fatal(err)
		}
	}
	golden.Check(t, filepath.Join("testdata", "direct-routing.csv"), out.Bytes())
}

// TestRowsPagesAndCSV: pages of rows follow one another, redacted for
// the role; every row downloads.
func TestRowsPagesAndCSV(t *testing.T) {
	t.Parallel()
	r := Reporter{Store: reportStore(t)}
	q, err := Params{Days: 30, Filters: []string{"kind=directRouting", "success=false"}}.Query("t", now)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	var after *store.UsageCursor
	for {
		items, next, err := r.Rows(context.Background(), q, after, 7, access.Engineer)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			seen++
			if n := it.Row.CallerNumber.Value(); !strings.HasSuffix(n, "***") || it.Row.UserDisplayName.Value() != "Alice" {
				t.Errorf("row %s: number %q, name %q", it.Key, n, it.Row.UserDisplayName.Value())
			}
		}
		if next == nil {
			break
		}
		after = next
	}
	var csv bytes.Buffer
	w := NewRowsCSV(&csv)
	if err := r.EachRow(context.Background(), q, access.Engineer, w.Write); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(csv.String(), "\n"); seen == 0 || lines != seen+1 {
		t.Errorf("%d rows paged, %d CSV lines", seen, lines)
	}
	golden.Check(t, filepath.Join("testdata", "rows.csv"), csv.Bytes())
}
