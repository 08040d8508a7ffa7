package telephony

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/store"
)

// An SBC is degrading when its success rate in the second half of the
// window is DegradingPoints or more below the first half's, each half
// with at least DegradingAttempts attempts, so that a handful of failed
// calls on a quiet SBC is not news.
const (
	DegradingPoints   = 5.0
	DegradingAttempts = 20
)

// DirectRouting answers the Direct Routing health report of q (its
// window and filters; its grouping and ranking do not apply): the
// direct-routing rows per SBC and day, from which the SBCs, the days
// and the totals are added up; per SBC and final SIP code, for each
// SBC's most frequent failure; and per final SIP code with its phrase.
func (r Reporter) DirectRouting(ctx context.Context, q store.UsageQuery) (*wire.DirectRoutingHealth, error) {
	base := q
	base.GroupBy, base.OrderBy, base.Ascending, base.Limit, base.MaskDigits = nil, "", false, 0, 0
	base.Filters = append(slices.Clone(q.Filters), store.UsageFilter{Dimension: store.UsageDimKind, Values: []string{"directRouting"}})
	by := func(dims ...store.UsageDimension) store.UsageQuery {
		x := base
		x.GroupBy = dims
		return x
	}
	queries := []store.UsageQuery{
		by(store.UsageDimTrunk, store.UsageDimDay),
		by(store.UsageDimTrunk, store.UsageDimSIPCode, store.UsageDimSubReason),
		by(store.UsageDimSIPCode, store.UsageDimSubReason, store.UsageDimSIPPhrase),
	}
	results, err := r.all(ctx, queries)
	if err != nil {
		return nil, err
	}
	trunkDays, trunkCodes, codes := results[0], results[1], results[2]

	h := &wire.DirectRoutingHealth{Filters: filterTexts(q.Filters), SBCs: []wire.SBCHealth{}, Trend: []wire.UsageDay{}, SIPCodes: []wire.SIPCodeCount{}}
	setWindow(&h.Since, &h.Until, q)
	h.Totals = Measures(trunkDays.Totals)
	trunkQ, dayQ := by(store.UsageDimTrunk), by(store.UsageDimDay)
	var trunks, days []store.UsageGroup
	for _, g := range trunkDays.Groups {
		trunks = addTo(trunks, g.Key[:1], g.UsageTotals)
		days = addTo(days, g.Key[1:], g.UsageTotals)
	}
	store.SortUsageGroups(days, "", false)
	for _, g := range days {
		h.Trend = append(h.Trend, r.day(dayQ, g, 0))
	}
	for _, g := range codes.Groups {
		h.SIPCodes = append(h.SIPCodes, r.code(queries[2], g, trunkDays.Totals.Attempts))
	}
	// Most frequent first; of as frequent, failures first.
	slices.SortStableFunc(h.SIPCodes, func(a, b wire.SIPCodeCount) int {
		return cmp.Or(cmp.Compare(b.Calls, a.Calls), cmp.Compare(b.Failed, a.Failed))
	})
	mid := r.middle(q)
	for _, g := range trunks {
		h.SBCs = append(h.SBCs, r.sbc(trunkQ, queries, g, trunkDays, trunkCodes, codes, mid))
	}
	slices.SortStableFunc(h.SBCs, func(a, b wire.SBCHealth) int {
		switch {
		case a.SuccessRate == nil && b.SuccessRate != nil:
			return 1
		case a.SuccessRate != nil && b.SuccessRate == nil:
			return -1
		case a.SuccessRate != nil && *a.SuccessRate != *b.SuccessRate:
			return cmp.Compare(*a.SuccessRate, *b.SuccessRate)
		}
		return cmp.Compare(b.Attempts, a.Attempts)
	})
	return h, nil
}

// addTo adds totals to the group of key, which it appends when new.
func addTo(groups []store.UsageGroup, key []*string, t store.UsageTotals) []store.UsageGroup {
	for i := range groups {
		if sameValue(groups[i].Key[0], key[0]) {
			groups[i].Add(t)
			return groups
		}
	}
	g := store.UsageGroup{Key: slices.Clone(key)}
	g.Add(t)
	return append(groups, g)
}

// all runs the queries at once: a report is several scans of one table,
// which the store can serve side by side.
func (r Reporter) all(ctx context.Context, qs []store.UsageQuery) ([]*store.UsageResult, error) {
	out := make([]*store.UsageResult, len(qs))
	errs := make([]error, len(qs))
	var wg sync.WaitGroup
	for i, q := range qs {
		wg.Go(func() { out[i], errs[i] = r.Store.UsageReport(ctx, q) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// middle is where the window's second half begins.
func (r Reporter) middle(q store.UsageQuery) time.Time {
	until := q.Until
	if until.IsZero() {
		until = r.now()
	}
	return q.Since.Add(until.Sub(q.Since) / 2)
}

// sbc is one SBC's health: its totals, its days, the change between the
// window's halves and its most frequent failure.
func (r Reporter) sbc(trunkQ store.UsageQuery, qs []store.UsageQuery, g store.UsageGroup, trunkDays, trunkCodes, codes *store.UsageResult, mid time.Time) wire.SBCHealth {
	s := wire.SBCHealth{Trunk: g.Key[0], UsageMeasures: Measures(g.UsageTotals), Days: []wire.UsageDay{},
		Rows: r.link(trunkQ, trunkQ.GroupBy, g.Key)}
	var first, second store.UsageTotals
	for _, d := range trunkDays.Groups {
		if !sameValue(d.Key[0], g.Key[0]) || d.Key[1] == nil {
			continue
		}
		s.Days = append(s.Days, r.day(qs[0], d, 1))
		if day, err := time.Parse(time.DateOnly, *d.Key[1]); err == nil && day.Add(12*time.Hour).Before(mid) {
			first.Add(d.UsageTotals)
		} else {
			second.Add(d.UsageTotals)
		}
	}
	a, aok := first.SuccessRate()
	b, bok := second.SuccessRate()
	if aok && bok {
		change := round(b-a, 1e4)
		s.Change = &change
		s.Degrading = change <= -DegradingPoints && first.Attempts >= DegradingAttempts && second.Attempts >= DegradingAttempts
	}
	var top *store.UsageGroup
	failed := func(x *store.UsageGroup) int64 { return x.Attempts - x.Successful }
	for i := range trunkCodes.Groups {
		f := &trunkCodes.Groups[i]
		if sameValue(f.Key[0], g.Key[0]) && failed(f) > 0 && (top == nil || failed(f) > failed(top)) {
			top = f
		}
	}
	if top != nil {
		narrowed := qs[1]
		narrowed.Filters = append(slices.Clone(narrowed.Filters), store.UsageFilter{Dimension: store.UsageDimSuccess, Values: []string{"false"}})
		c := wire.SIPCodeCount{Code: intValue(top.Key[1]), SubReason: intValue(top.Key[2]), Calls: failed(top),
			Failed: failed(top), Share: some(share(failed(top), g.Attempts)), Rows: r.link(narrowed, qs[1].GroupBy, top.Key)}
		c.Phrase = phraseOf(codes, top.Key[1], top.Key[2])
		s.TopFailure = &c
	}
	return s
}

// day is a group of a query by day (the day is key i).
func (r Reporter) day(q store.UsageQuery, g store.UsageGroup, i int) wire.UsageDay {
	return wire.UsageDay{Day: Value(g.Key[i]), UsageMeasures: Measures(g.UsageTotals), Rows: r.link(q, q.GroupBy, g.Key)}
}

// code is a group of the query by SIP code, subcode and phrase.
func (r Reporter) code(q store.UsageQuery, g store.UsageGroup, attempts int64) wire.SIPCodeCount {
	return wire.SIPCodeCount{Code: intValue(g.Key[0]), SubReason: intValue(g.Key[1]), Phrase: g.Key[2], Calls: g.Calls,
		Failed: g.Attempts - g.Successful, Share: some(share(g.Calls, attempts)), Rows: r.link(q, q.GroupBy, g.Key)}
}

// phraseOf is the most frequent phrase of a SIP code and subcode.
func phraseOf(codes *store.UsageResult, code, sub *string) *string {
	var best *store.UsageGroup
	for i, g := range codes.Groups {
		if sameValue(g.Key[0], code) && sameValue(g.Key[1], sub) && g.Key[2] != nil && (best == nil || g.Calls > best.Calls) {
			best = &codes.Groups[i]
		}
	}
	if best == nil {
		return nil
	}
	return best.Key[2]
}

func share(n, of int64) (float64, bool) {
	if of == 0 {
		return 0, false
	}
	return float64(n) / float64(of) * 100, true
}

func sameValue(a, b *string) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func intValue(s *string) *int64 {
	if s == nil {
		return nil
	}
	n, err := strconv.ParseInt(*s, 10, 64)
	if err != nil {
		return nil
	}
	return &n
}
