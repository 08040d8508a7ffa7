package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/graph"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// The usage reports' cases hold each backend's UsageReport and UsageRows
// to usageOracle, a plain Go computation over the rows the store gives
// back (ScanUsageRows) and the calls it lists: what a report must say of
// what is stored, whatever SQL computed it.

// usageTrunks are the SBCs of the fixture, as Graph spells them.
var usageTrunks = []string{"SBC1.Contoso.com", "sbc2.contoso.com", "sbc-eu.contoso.com"}

// UsageSampleRows are PSTN and direct-routing rows of every shape: a few
// hundred over the four days before the suite's t0 (every kind of value
// present, null and absent, numbers written as people write them), rows
// without a start or a user, a number Microsoft masked, an SMS, a start
// exactly at t0, and rows whose correlation id is a call id. Backends'
// migration tests backfill their facts from them.
func UsageSampleRows() []*model.UsageRow {
	r := rand.New(rand.NewPCG(7, 11))
	var rows []*model.UsageRow
	users := []struct{ id, upn, name string }{
		{aliceID, aliceUPN, "Alice Example"}, {bobID, "bob@contoso.com", "Bob Example"},
		{"", "Dana@Contoso.com", "Dana NoId"}, {"", "", ""},
	}
	for i := range 240 {
		u := users[r.IntN(len(users))]
		start := t0.Add(-time.Duration(r.IntN(4*24*60)) * time.Minute).Add(time.Duration(r.IntN(1000)) * time.Nanosecond * 100)
		row := &model.UsageRow{ID: fmt.Sprintf("u%03d", i), StartDateTime: model.Some(start)}
		if u.id != "" {
			row.UserID = some(u.id)
		}
		if u.upn != "" {
			row.UserPrincipalName, row.UserDisplayName = some(u.upn), some(u.name)
		}
		ours, theirs := fmt.Sprintf("+1 (425) 555-01%02d", r.IntN(12)), fmt.Sprintf("+4930%07d", r.IntN(3))
		if i%2 == 0 {
			row.Kind = model.UsageDirectRouting
			row.CorrelationID = some(fmt.Sprintf("corr-%03d", i))
			row.TrunkFQDN = some(usageTrunks[r.IntN(len(usageTrunks))])
			row.CallType = some([]string{"ByotIn", "ByotOut", "ByotOutUserForwarding"}[r.IntN(3)])
			ok := r.IntN(4) > 0
			row.SuccessfulCall = model.Some(ok)
			if ok {
				row.FinalSIPCode, row.CallEndSubReason, row.FinalSIPCodePhrase = model.Some[int64](0), model.Some[int64](540000), some("BYE")
				row.Duration = model.Some(int64(r.IntN(900)))
			} else {
				code := []int64{486, 487, 503, 408, 500}[r.IntN(5)]
				row.FinalSIPCode, row.CallEndSubReason = model.Some(code), model.Some(560000+code)
				row.FinalSIPCodePhrase = some(fmt.Sprintf("Phrase %d", code))
				row.Duration = model.Some[int64](0)
			}
			if r.IntN(3) == 0 {
				row.UserCountryCode = some("DE")
			}
		} else {
			row.Kind = model.UsagePSTN
			row.CallID = some(fmt.Sprintf("%d_%d@192.0.2.1", i, r.IntN(1000)))
			row.CallType = some([]string{"user_in", "user_out", "conf_in", "emergency"}[r.IntN(4)])
			row.Duration = model.Some(int64(r.IntN(1800)))
			row.UsageCountryCode = some([]string{"US", "DE", "GB"}[r.IntN(3)])
			switch r.IntN(4) {
			case 0:
				row.Charge, row.Currency = model.Some(float64(r.IntN(100))/100), some("USD")
			case 1:
				row.Charge, row.ConnectionCharge, row.Currency = model.Some(0.25), model.Some(0.05), some("EUR")
			case 2:
				row.Charge = model.Some(0.1) // no currency
			}
		}
		if strings.HasSuffix(strings.ToLower(row.CallType.Value()), "in") {
			row.CallerNumber, row.CalleeNumber = some(theirs), some(ours)
		} else {
			row.CallerNumber, row.CalleeNumber = some(ours), some(theirs)
		}
		rows = append(rows, row)
	}
	// The edges: no start, no user and nulls, a number Microsoft masked,
	// an SMS, a start exactly at t0.
	rows = append(rows,
		&model.UsageRow{Kind: model.UsageDirectRouting, ID: "no-start", TrunkFQDN: some("sbc2.contoso.com"), SuccessfulCall: model.Some(true), Duration: model.Some[int64](60)},
		&model.UsageRow{Kind: model.UsageDirectRouting, ID: "nulls", StartDateTime: model.Some(t0.Add(-time.Hour)), UserID: model.NullOf[string](),
			TrunkFQDN: model.NullOf[string](), SuccessfulCall: model.NullOf[bool](), Duration: model.NullOf[int64](), CallType: some("")},
		&model.UsageRow{Kind: model.UsageDirectRouting, ID: "masked", StartDateTime: model.Some(t0), CallType: some("ByotIn"),
			CalleeNumber: some("+12345678***"), TrunkFQDN: some("sbc2.contoso.com"), SuccessfulCall: model.Some(false), FinalSIPCode: model.Some[int64](480)},
		&model.UsageRow{Kind: model.UsagePSTN, ID: "odd-numbers-1", StartDateTime: model.Some(t0.Add(-5 * time.Hour)), CallType: some("user_out"),
			CallerNumber: some("tel:+1 425 555 0110;ext=7"), Duration: model.Some[int64](10)},
		&model.UsageRow{Kind: model.UsagePSTN, ID: "odd-numbers-2", StartDateTime: model.Some(t0.Add(-6 * time.Hour)), CallType: some("conf_in"),
			CalleeNumber: some("++1+42"), Duration: model.Some[int64](11)},
		&model.UsageRow{Kind: model.UsagePSTN, ID: "odd-numbers-3", StartDateTime: model.Some(t0.Add(-7 * time.Hour)), CallType: some("user_out"),
			CallerNumber: some("911"), Duration: model.Some[int64](12)},
		&model.UsageRow{Kind: model.UsageSMS, ID: "sms-1", SentDateTime: model.Some(t0.Add(-time.Hour)), SourceNumber: some("+14255550101")},
		&model.UsageRow{Kind: model.UsagePSTN, ID: "same-call", StartDateTime: model.Some(t0.Add(-2 * time.Hour)), CorrelationID: some("call-a"),
			CallType: some("user_out"), Duration: model.Some[int64](42)},
		&model.UsageRow{Kind: model.UsageDirectRouting, ID: "other-tenants-call", StartDateTime: model.Some(t0.Add(-3 * time.Hour)),
			CorrelationID: some("call-b"), TrunkFQDN: some("sbc2.contoso.com"), SuccessfulCall: model.Some(true), Duration: model.Some[int64](30)},
	)
	return rows
}

// usageFixture stores UsageSampleRows for tenant-a, then the fuller beta
// copy of one of them, which replaces it; and for tenant-b rows of its
// own, one under a key of tenant-a's. Calls call-a and corr-002 are
// tenant-a's, call-b only tenant-b's.
func usageFixture(t *testing.T, st store.Store) {
	t.Helper()
	ctx := context.Background()
	rows := UsageSampleRows()
	if _, err := st.PutUsageRows(ctx, "tenant-a", rows); err != nil {
		t.Fatalf("PutUsageRows: %v", err)
	}
	// The beta copy of u000 is fuller (it adds the user's country): it
	// replaces the stored row and its fact.
	beta := *rows[0]
	beta.UserCountryCode, beta.OtherPartyCountry = some("FR"), some("US")
	if got, err := st.PutUsageRows(ctx, "tenant-a", []*model.UsageRow{&beta, rows[2]}); err != nil || !slices.Equal(got, outcomes(model.Replaced, model.Unchanged)) {
		t.Fatalf("PutUsageRows(beta copy) = %v, %v", got, err)
	}
	other := []*model.UsageRow{
		{Kind: model.UsageDirectRouting, ID: "u000", StartDateTime: model.Some(t0.Add(-time.Hour)), TrunkFQDN: some("sbc1.contoso.com"),
			SuccessfulCall: model.Some(false), FinalSIPCode: model.Some[int64](503), CorrelationID: some("call-b")},
		{Kind: model.UsagePSTN, ID: "b-only", StartDateTime: model.Some(t0.Add(-time.Hour)), UserID: some(carolID), Duration: model.Some[int64](600),
			Charge: model.Some(9.0), Currency: some("USD")},
	}
	if _, err := st.PutUsageRows(ctx, "tenant-b", other); err != nil {
		t.Fatalf("PutUsageRows(tenant-b): %v", err)
	}
	put(t, st, outcomes(model.Inserted, model.Inserted, model.Inserted),
		simpleCall("tenant-a", "call-a", 1, t0, 1, 1), simpleCall("tenant-a", "corr-002", 1, t0, 1, 1), simpleCall("tenant-b", "call-b", 1, t0, 1, 1))
}

// usageWorld is what the oracle reads: a tenant's stored rows and calls.
type usageWorld struct {
	facts []store.UsageFact
	rows  map[store.UsageKey]*model.UsageRow
	calls map[string]bool
}

func readUsageWorld(t *testing.T, st store.Store, tenant string) *usageWorld {
	t.Helper()
	w := &usageWorld{rows: map[store.UsageKey]*model.UsageRow{}, calls: map[string]bool{}}
	err := st.ScanUsageRows(context.Background(), tenant, time.Time{}, func(r store.UsageRecord) error {
		if f, ok := store.UsageFactOf(r.Key, r.Row); ok {
			w.facts = append(w.facts, f)
		}
		w.rows[store.UsageKey{Kind: string(r.Row.Kind), ID: r.Key}] = r.Row
		return nil
	})
	if err != nil {
		t.Fatalf("ScanUsageRows: %v", err)
	}
	for _, c := range list(t, st, store.CallFilter{Tenant: tenant}) {
		w.calls[c.ID] = true
	}
	return w
}

// selects is the oracle's selection: window and filters.
func (w *usageWorld) selects(q store.UsageQuery, f store.UsageFact) bool {
	if !q.Since.IsZero() && (f.Start == nil || f.Start.Before(q.Since)) {
		return false
	}
	if !q.Until.IsZero() && (f.Start == nil || !f.Start.Before(q.Until)) {
		return false
	}
	for _, flt := range q.Filters {
		if !store.UsageFilterKeeps(f, flt) {
			return false
		}
	}
	return true
}

// report is UsageReport's answer, computed in Go.
func (w *usageWorld) report(q store.UsageQuery) *store.UsageResult {
	res := &store.UsageResult{GroupBy: q.GroupBy}
	index := map[string]int{}
	for _, f := range w.facts {
		if !w.selects(q, f) {
			continue
		}
		key := make([]*string, len(q.GroupBy))
		for i, d := range q.GroupBy {
			key[i] = store.UsageValue(f, d)
			if d == store.UsageDimNumber && key[i] != nil {
				m := store.MaskNumber(*key[i], q.MaskDigits)
				key[i] = &m
			}
		}
		id := fmt.Sprint(keyText(key))
		i, ok := index[id]
		if !ok {
			i = len(res.Groups)
			index[id] = i
			res.Groups = append(res.Groups, store.UsageGroup{Key: key})
		}
		g := &res.Groups[i]
		g.AddFact(f)
		if slices.Contains(q.GroupBy, store.UsageDimUser) {
			if f.UserName != nil && *f.UserName > g.UserName {
				g.UserName = *f.UserName
			}
			if f.UserPrincipalName != nil && *f.UserPrincipalName > g.UserPrincipalName {
				g.UserPrincipalName = *f.UserPrincipalName
			}
		}
	}
	store.SortUsageGroups(res.Groups, q.OrderBy, q.Ascending)
	res.Total = len(res.Groups)
	for _, g := range res.Groups {
		res.Totals.Add(g.UsageTotals)
	}
	if q.Limit > 0 && len(res.Groups) > q.Limit {
		res.Groups = res.Groups[:q.Limit]
	}
	return res
}

// rowsPage is UsageRows' answer, computed in Go.
func (w *usageWorld) rowsPage(q store.UsageQuery, after *store.UsageCursor, limit int) []store.UsageRowMatch {
	var sel []store.UsageFact
	for _, f := range w.facts {
		if w.selects(q, f) {
			sel = append(sel, f)
		}
	}
	slices.SortFunc(sel, compareNewest)
	var out []store.UsageRowMatch
	for _, f := range sel {
		if after != nil && compareNewest(f, cursorFact(*after)) <= 0 {
			continue
		}
		m := store.UsageRowMatch{Key: f.ID, Row: w.rows[store.UsageKey{Kind: f.Kind, ID: f.ID}]}
		if f.CallRef != nil && w.calls[*f.CallRef] {
			m.CallID = *f.CallRef
		}
		if out = append(out, m); len(out) == limit {
			break
		}
	}
	return out
}

func cursorFact(c store.UsageCursor) store.UsageFact {
	f := store.UsageFact{Kind: c.Kind, ID: c.ID}
	if !c.Start.IsZero() {
		f.Start = &c.Start
	}
	return f
}

// compareNewest is UsageRows' order: start descending, undated last,
// then kind and key bytewise.
func compareNewest(a, b store.UsageFact) int {
	switch {
	case a.Start == nil && b.Start != nil:
		return 1
	case a.Start != nil && b.Start == nil:
		return -1
	case a.Start != nil && !a.Start.Equal(*b.Start):
		return b.Start.Compare(*a.Start)
	}
	if c := strings.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

func keyText(key []*string) []string {
	out := make([]string, len(key))
	for i, v := range key {
		out[i] = "(unknown)"
		if v != nil {
			out[i] = "=" + *v
		}
	}
	return out
}

// sameUsageResult compares two answers, charges to a billionth of the
// larger (backends add floats in their own order).
func sameUsageResult(got, want *store.UsageResult) error {
	if got.Total != want.Total {
		return fmt.Errorf("%d groups in all, want %d", got.Total, want.Total)
	}
	if err := sameTotals(got.Totals, want.Totals); err != nil {
		return fmt.Errorf("totals: %w", err)
	}
	if len(got.Groups) != len(want.Groups) {
		return fmt.Errorf("%d groups %v, want %d %v", len(got.Groups), groupKeys(got), len(want.Groups), groupKeys(want))
	}
	for i, g := range got.Groups {
		w := want.Groups[i]
		if !slices.Equal(keyText(g.Key), keyText(w.Key)) {
			return fmt.Errorf("group %d: key %v, want %v", i, keyText(g.Key), keyText(w.Key))
		}
		if g.UserName != w.UserName || g.UserPrincipalName != w.UserPrincipalName {
			return fmt.Errorf("group %v: user %q %q, want %q %q", keyText(g.Key), g.UserName, g.UserPrincipalName, w.UserName, w.UserPrincipalName)
		}
		if err := sameTotals(g.UsageTotals, w.UsageTotals); err != nil {
			return fmt.Errorf("group %v: %w", keyText(g.Key), err)
		}
	}
	return nil
}

// sameTotals compares totals, charges to a billionth of the larger.
func sameTotals(got, want store.UsageTotals) error {
	if countsOf(got) != countsOf(want) {
		return fmt.Errorf("%+v, want %+v", countsOf(got), countsOf(want))
	}
	if len(got.Charges) != len(want.Charges) {
		return fmt.Errorf("charges %+v, want %+v", got.Charges, want.Charges)
	}
	for j, c := range got.Charges {
		d := want.Charges[j]
		if c.Currency != d.Currency || !nearly(c.Charge, d.Charge) || !nearly(c.ConnectionCharge, d.ConnectionCharge) {
			return fmt.Errorf("charges %+v, want %+v", got.Charges, want.Charges)
		}
	}
	return nil
}

// countsOf is every total but the charges.
func countsOf(t store.UsageTotals) [7]int64 {
	return [7]int64{t.Calls, t.Attempts, t.Successful, t.Delivered, t.Seconds, t.Connected, t.ConnectedSeconds}
}

func nearly(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func groupKeys(r *store.UsageResult) [][]string {
	var out [][]string
	for _, g := range r.Groups {
		out = append(out, keyText(g.Key))
	}
	return out
}

// usageQueries are the reports the cases ask for, every dimension
// grouped and filtered, values of every case and the unknown.
func usageQueries() []store.UsageQuery {
	day := func(d int) time.Time { return t0.Truncate(24 * time.Hour).Add(time.Duration(d) * 24 * time.Hour) }
	flt := func(d store.UsageDimension, v ...string) store.UsageFilter {
		return store.UsageFilter{Dimension: d, Values: v}
	}
	by := func(d ...store.UsageDimension) []store.UsageDimension { return d }
	q := []store.UsageQuery{
		{},
		{Since: day(-3), Until: day(1)},
		{Since: t0, Until: t0.Add(time.Microsecond)},
		{Since: t0.Add(-time.Hour), Until: t0},
		{Until: day(-1)},
		{Filters: []store.UsageFilter{flt(store.UsageDimKind, "DIRECTROUTING")}},
		{Filters: []store.UsageFilter{flt(store.UsageDimTrunk, "sbc1.contoso.com", "")}},
		{Filters: []store.UsageFilter{flt(store.UsageDimNumber, "+1 425 555 01**"), flt(store.UsageDimSuccess, "false")}},
		{Filters: []store.UsageFilter{flt(store.UsageDimNumber, "+1234567****", "+14255550101")}},
		{Filters: []store.UsageFilter{flt(store.UsageDimNumber, "")}},
		{Filters: []store.UsageFilter{flt(store.UsageDimUser, strings.ToUpper(aliceUPN), "dana@contoso.com")}},
		{Filters: []store.UsageFilter{flt(store.UsageDimUser, "")}},
		{Filters: []store.UsageFilter{flt(store.UsageDimSIPCode, "486", "503"), flt(store.UsageDimSubReason, "560503")}},
		{Filters: []store.UsageFilter{flt(store.UsageDimDay, day(-1).Format(time.DateOnly)), flt(store.UsageDimCallType, "byotin", "USER_IN")}},
		{Filters: []store.UsageFilter{flt(store.UsageDimCountry, "de"), flt(store.UsageDimSIPPhrase, "bye", "")}},
		{Filters: []store.UsageFilter{flt(store.UsageDimSuccess, "")}},
	}
	for _, g := range [][]store.UsageDimension{
		by(store.UsageDimKind), by(store.UsageDimUser), by(store.UsageDimNumber), by(store.UsageDimCountry),
		by(store.UsageDimCallType), by(store.UsageDimTrunk), by(store.UsageDimDay), by(store.UsageDimSIPCode, store.UsageDimSubReason, store.UsageDimSIPPhrase),
		by(store.UsageDimSuccess), by(store.UsageDimTrunk, store.UsageDimDay), by(store.UsageDimUser, store.UsageDimNumber, store.UsageDimCountry),
	} {
		q = append(q, store.UsageQuery{GroupBy: g}, store.UsageQuery{GroupBy: g, Since: day(-2),
			Filters: []store.UsageFilter{flt(store.UsageDimKind, "directRouting", "pstn"), flt(store.UsageDimTrunk, "SBC2.contoso.com", "")}})
	}
	// Ranked and cut, numbers masked: ties go by key, groups without a
	// rate last either way.
	for _, o := range store.UsageOrders() {
		for _, asc := range []bool{false, true} {
			q = append(q, store.UsageQuery{GroupBy: by(store.UsageDimTrunk, store.UsageDimDay), OrderBy: o, Ascending: asc, Limit: 7},
				store.UsageQuery{GroupBy: by(store.UsageDimUser), OrderBy: o, Ascending: asc})
		}
	}
	for _, mask := range []int{1, 3, 12} {
		q = append(q, store.UsageQuery{GroupBy: by(store.UsageDimNumber), MaskDigits: mask},
			store.UsageQuery{GroupBy: by(store.UsageDimNumber, store.UsageDimKind), MaskDigits: mask, OrderBy: store.UsageOrderMinutes, Limit: 3},
			store.UsageQuery{GroupBy: by(store.UsageDimNumber), MaskDigits: mask, Filters: []store.UsageFilter{flt(store.UsageDimNumber, "+1425555****")}})
	}
	return q
}

// testUsageReport: every report of the fixture is the oracle's, of the
// tenant's own rows.
func testUsageReport(t *testing.T, s *suite) {
	st := s.open(t)
	usageFixture(t, st)
	ctx := context.Background()
	for _, tenant := range []string{"tenant-a", "tenant-b"} {
		w := readUsageWorld(t, st, tenant)
		for _, q := range usageQueries() {
			q.Tenant = tenant
			got, err := st.UsageReport(ctx, q)
			if err != nil {
				t.Fatalf("UsageReport(%+v): %v", q, err)
			}
			if err := sameUsageResult(got, w.report(q)); err != nil {
				t.Errorf("UsageReport(%s, by %v, filters %v, %v to %v): %v", tenant, q.GroupBy, q.Filters, q.Since, q.Until, err)
			}
		}
	}
	// A few answers written out, so that the oracle is checked too.
	total, err := st.UsageReport(ctx, store.UsageQuery{Tenant: "tenant-a"})
	if err != nil || len(total.Groups) != 1 {
		t.Fatalf("UsageReport(all): %+v, %v", total, err)
	}
	if got := total.Groups[0].Calls; got != 248 {
		t.Errorf("calls = %d, want 248 (240 rows and 8 edges, without the SMS)", got)
	}
	byTrunk, err := st.UsageReport(ctx, store.UsageQuery{Tenant: "tenant-a", GroupBy: []store.UsageDimension{store.UsageDimTrunk},
		Filters: []store.UsageFilter{{Dimension: store.UsageDimTrunk, Values: []string{"SBC2.CONTOSO.COM"}}}})
	if err != nil || len(byTrunk.Groups) != 1 || *byTrunk.Groups[0].Key[0] != "sbc2.contoso.com" {
		t.Fatalf("UsageReport(by trunk sbc2): %+v, %v", byTrunk, err)
	}
	if g := byTrunk.Groups[0]; g.Attempts != g.Calls || g.Delivered < g.Successful || g.Connected != g.Successful {
		t.Errorf("sbc2: %+v: every call an attempt, delivered at least the successful, connected the successful", g.UsageTotals)
	}
	none, err := st.UsageReport(ctx, store.UsageQuery{Tenant: "tenant-c"})
	if err != nil || len(none.Groups) != 0 {
		t.Errorf("UsageReport of a tenant without rows: %+v, %v; want no group", none, err)
	}
}

// testUsageRowsPaged: pages of rows, newest first, follow one another
// without a gap or a repeat, each with the tenant's own call matched.
func testUsageRowsPaged(t *testing.T, s *suite) {
	st := s.open(t)
	usageFixture(t, st)
	ctx := context.Background()
	w := readUsageWorld(t, st, "tenant-a")
	for _, q := range usageQueries()[:16] {
		q.Tenant = "tenant-a"
		for _, limit := range []int{1, 7, 500} {
			var after *store.UsageCursor
			for page := 0; ; page++ {
				got, err := st.UsageRows(ctx, q, after, limit)
				if err != nil {
					t.Fatalf("UsageRows(%+v): %v", q, err)
				}
				want := w.rowsPage(q, after, limit)
				if err := sameUsageRows(t, got, want); err != nil {
					t.Fatalf("UsageRows(filters %v, %v to %v, limit %d) page %d: %v", q.Filters, q.Since, q.Until, limit, page, err)
				}
				if len(got) < limit {
					break
				}
				c := store.CursorOf(got[len(got)-1])
				after = &c
			}
		}
	}
	matched := map[string]string{}
	all, err := st.UsageRows(ctx, store.UsageQuery{Tenant: "tenant-a"}, nil, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if m.CallID != "" {
			matched[m.Key] = m.CallID
		}
	}
	if want := map[string]string{"same-call": "call-a", "u002": "corr-002"}; !mapsEqual(matched, want) {
		t.Errorf("rows matched to calls: %v, want %v (call-b is tenant-b's)", matched, want)
	}
	if n := len(all); n != 248 || all[n-1].Key != "no-start" {
		t.Errorf("%d rows, last %q; want 248, the undated last", n, all[n-1].Key)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func sameUsageRows(t *testing.T, got, want []store.UsageRowMatch) error {
	t.Helper()
	if len(got) != len(want) {
		return fmt.Errorf("%d rows %v, want %d %v", len(got), rowKeys(got), len(want), rowKeys(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Key != w.Key || g.Row.Kind != w.Row.Kind || g.CallID != w.CallID {
			return fmt.Errorf("row %d: %s/%s call %q, want %s/%s call %q", i, g.Row.Kind, g.Key, g.CallID, w.Row.Kind, w.Key, w.CallID)
		}
		if canonical(t, g.Row) != canonical(t, w.Row) {
			return fmt.Errorf("row %s: %s, want %s", g.Key, canonical(t, g.Row), canonical(t, w.Row))
		}
	}
	return nil
}

func rowKeys(ms []store.UsageRowMatch) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Key)
	}
	return out
}

// testUsageReportRetention: a row whose personal data retention cleared
// is counted without it: its user and number are unknown, in the
// report and in the rows.
func testUsageReportRetention(t *testing.T, s *suite) {
	st := s.open(t)
	usageFixture(t, st)
	ctx := context.Background()
	var cleared []store.UsageRecord
	err := st.ScanUsageRows(ctx, "tenant-a", t0.Add(-48*time.Hour), func(r store.UsageRecord) error {
		model.ClearPII(r.Row)
		cleared = append(cleared, r)
		return nil
	})
	if err != nil || len(cleared) == 0 {
		t.Fatalf("ScanUsageRows: %d rows, %v", len(cleared), err)
	}
	if err := st.RewriteUsageRows(ctx, "tenant-a", cleared); err != nil {
		t.Fatalf("RewriteUsageRows: %v", err)
	}
	w := readUsageWorld(t, st, "tenant-a")
	old := store.UsageQuery{Tenant: "tenant-a", Until: t0.Add(-48 * time.Hour)}
	for _, by := range []store.UsageDimension{store.UsageDimUser, store.UsageDimNumber} {
		q := old
		q.GroupBy = []store.UsageDimension{by}
		got, err := st.UsageReport(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if err := sameUsageResult(got, w.report(q)); err != nil {
			t.Errorf("by %s after retention: %v", by, err)
		}
		if len(got.Groups) != 1 || got.Groups[0].Key[0] != nil || got.Groups[0].UserName != "" {
			t.Errorf("by %s of the cleared rows: %v, want the unknown alone", by, groupKeys(got))
		}
	}
	q := old
	q.Filters = []store.UsageFilter{{Dimension: store.UsageDimUser, Values: []string{aliceID}}}
	if got, err := st.UsageRows(ctx, q, nil, 10); err != nil || len(got) != 0 {
		t.Errorf("rows of Alice among the cleared: %v, %v; want none", rowKeys(got), err)
	}
	if got, err := st.UsageReport(ctx, store.UsageQuery{Tenant: "tenant-b", GroupBy: []store.UsageDimension{store.UsageDimUser}}); err != nil ||
		!slices.ContainsFunc(got.Groups, func(g store.UsageGroup) bool { return g.Key[0] != nil && *g.Key[0] == carolID }) {
		t.Errorf("tenant-b's users after tenant-a's retention: %v, %v", groupKeys(got), err)
	}
}

// testUsageReportInvalid: queries that cannot be answered are refused.
func testUsageReportInvalid(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	four := []store.UsageDimension{store.UsageDimKind, store.UsageDimUser, store.UsageDimDay, store.UsageDimTrunk}
	for _, q := range []store.UsageQuery{
		{},
		{Tenant: "tenant-a", GroupBy: four},
		{Tenant: "tenant-a", GroupBy: []store.UsageDimension{"building"}},
		{Tenant: "tenant-a", GroupBy: []store.UsageDimension{store.UsageDimDay, store.UsageDimDay}},
		{Tenant: "tenant-a", Filters: []store.UsageFilter{{Dimension: store.UsageDimTrunk}}},
		{Tenant: "tenant-a", Since: t0, Until: t0},
	} {
		if _, err := st.UsageReport(ctx, q); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("UsageReport(%+v): %v, want ErrInvalid", q, err)
		}
		if _, err := st.UsageRows(ctx, q, nil, 10); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("UsageRows(%+v): %v, want ErrInvalid", q, err)
		}
	}
	if _, err := st.UsageRows(ctx, store.UsageQuery{Tenant: "tenant-a"}, nil, 0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("UsageRows(limit 0): %v, want ErrInvalid", err)
	}
}

// UsageFactText writes a fact out whole, times in UTC, for backends'
// tests to compare the facts their migrations backfill with
// store.UsageFactOf's.
func UsageFactText(f store.UsageFact) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s", f.Kind, f.ID)
	for _, v := range []any{f.Start, f.Day, f.UserKey, f.UserPrincipalName, f.UserName, f.Number, f.Country, f.CallType, f.Trunk,
		f.Successful, f.SIPCode, f.SubReason, f.SIPPhrase, f.Duration, f.Charge, f.ConnectionCharge, f.Currency, f.CallRef} {
		b.WriteString(" ")
		switch p := v.(type) {
		case *time.Time:
			if p != nil {
				b.WriteString(p.UTC().Format(time.RFC3339Nano))
				continue
			}
		case *string:
			if p != nil {
				fmt.Fprintf(&b, "%q", *p)
				continue
			}
		case *bool:
			if p != nil {
				fmt.Fprint(&b, *p)
				continue
			}
		case *int64:
			if p != nil {
				fmt.Fprint(&b, *p)
				continue
			}
		case *float64:
			if p != nil {
				fmt.Fprint(&b, *p)
				continue
			}
		}
		b.WriteString("-")
	}
	return b.String()
}

// UsageBackfillRows are the rows of Graph's PSTN and direct-routing
// examples in dir (v1.0 and beta, each under an id of its own) and
// UsageSampleRows: what backends' migration tests store before the facts
// existed, to backfill them.
func UsageBackfillRows(t testing.TB, dir string) []*model.UsageRow {
	t.Helper()
	var out []*model.UsageRow
	for _, f := range []struct {
		file string
		kind model.UsageKind
	}{
		{"pstn-calls.json", model.UsagePSTN}, {"pstn-calls-beta.json", model.UsagePSTN},
		{"direct-routing-calls.json", model.UsageDirectRouting}, {"direct-routing-calls-beta.json", model.UsageDirectRouting},
	} {
		b, err := os.ReadFile(filepath.Join(dir, f.file))
		if err != nil {
			t.Fatal(err)
		}
		var page struct{ Value []json.RawMessage }
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatalf("%s: %v", f.file, err)
		}
		for i, raw := range page.Value {
			r, err := graph.DecodeUsageRow(f.kind, raw)
			if err != nil {
				t.Fatalf("%s row %d: %v", f.file, i, err)
			}
			r.ID = f.file + "/" + r.ID
			out = append(out, r)
		}
	}
	if len(out) < 4 {
		t.Fatalf("examples in %s: %d rows", dir, len(out))
	}
	return append(out, UsageSampleRows()...)
}
