// Package acsreport assembles the ACS insights report (Azure's Voice and
// Video Insights workbook) from a store's ACS participants and stream
// aggregates: what the API answers and the command line prints without
// a server, the same numbers both ways.
package acsreport

import (
	"cmp"
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// Source is what the report reads: the store's ACS participants and
// its stream aggregates.
type Source interface {
	ACSAggregate(ctx context.Context, q store.ACSQuery) ([]store.ACSRow, error)
	ACSIssues(ctx context.Context, q store.ACSQuery) ([]store.ACSIssue, error)
	Aggregate(ctx context.Context, q cqd.Query) (*cqd.Result, error)
}

// Selection is a report's window and participant filters: the query,
// and the filters as given ("dimension=value|value").
type Selection struct {
	Query   store.ACSQuery
	Filters []string
}

// IssuesShown caps the survey issues the report lists.
const IssuesShown = 50

// Build asks src for every section of the report of sel at once; now
// ends a window without an end, for the window before it.
func Build(ctx context.Context, src Source, sel Selection, now time.Time) (*wire.ACSReport, error) {
	q := sel.Query
	rep := &wire.ACSReport{Filters: sel.Filters}
	if rep.Filters == nil {
		rep.Filters = []string{}
	}
	if !q.Since.IsZero() {
		rep.Since = &q.Since
	}
	if !q.Until.IsZero() {
		rep.Until = &q.Until
	}
	by := func(dims ...store.ACSDimension) store.ACSQuery {
		g := q
		g.GroupBy = dims
		return g
	}
	type breakdown struct {
		q   store.ACSQuery
		dst *[]wire.ACSGroupRow
		// byKey keeps key order (days, interop) rather than volume.
		byKey bool
	}
	breakdowns := []breakdown{
		{by(store.ACSDay), &rep.Volume, true},
		{by(store.ACSSDKVersion), &rep.BySDKVersion, false},
		{by(store.ACSOS), &rep.ByOS, false},
		{by(store.ACSPlatform), &rep.ByPlatform, false},
		{by(store.ACSInterop), &rep.Interop, true},
		{by(store.ACSCallType), &rep.ByCallType, false},
		{by(store.ACSParticipantType), &rep.ByParticipantType, false},
		{by(store.ACSEndpointType), &rep.ByEndpointType, false},
	}
	var totals, previous, ends []store.ACSRow
	var issues []store.ACSIssue
	var media *cqd.Result
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	st := src
	for _, b := range breakdowns {
		g.Go(func() error {
			rows, err := st.ACSAggregate(gctx, b.q)
			if err != nil {
				return err
			}
			*b.dst = groupRows(rows, b.byKey)
			return nil
		})
	}
	g.Go(func() (err error) { totals, err = st.ACSAggregate(gctx, q); return err })
	g.Go(func() (err error) {
		prev, ok := previousWindow(q, now)
		if ok {
			previous, err = st.ACSAggregate(gctx, prev)
		}
		return err
	})
	g.Go(func() (err error) {
		ends, err = st.ACSAggregate(gctx, by(store.ACSEndCode, store.ACSEndSubCode, store.ACSResultCategory))
		return err
	})
	g.Go(func() (err error) { issues, err = st.ACSIssues(gctx, q); return err })
	var mq cqd.Query
	mq, rep.MediaQualityNote = mediaQuery(q)
	g.Go(func() (err error) { media, err = st.Aggregate(gctx, mq); return err })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var all store.ACSSums
	if len(totals) > 0 {
		all = totals[0].ACSSums
	}
	rep.Totals = MeasuresOf(all)
	if len(previous) > 0 {
		rep.Previous = MeasuresOf(previous[0].ACSSums)
	}
	rep.EndReasons = endReasons(ends, all.Participants, sel)
	rep.MediaQuality = mediaRows(media)
	rep.Surveys = wire.ACSSurveys{Surveys: all.Surveys, Ratings: RatingsOf(all), Issues: []wire.ACSIssue{}}
	for _, is := range issues[:min(IssuesShown, len(issues))] {
		rep.Surveys.Issues = append(rep.Surveys.Issues, wire.ACSIssue{Kind: is.Kind, Issue: is.Issue, Surveys: is.Surveys})
	}
	return rep, nil
}

// previousWindow is the window of the same length before q's.
func previousWindow(q store.ACSQuery, now time.Time) (store.ACSQuery, bool) {
	if q.Since.IsZero() {
		return q, false
	}
	until := q.Until
	if until.IsZero() {
		until = now
	}
	span := until.Sub(q.Since)
	if span <= 0 {
		return q, false
	}
	p := q
	p.Since, p.Until = q.Since.Add(-span), q.Since
	return p, true
}

// mediaQuery is the dashboard query of stream quality by SDK version:
// the ACS streams of the window, and of the SDK versions and call types
// the participant filters name; the note says so.
func mediaQuery(q store.ACSQuery) (cqd.Query, string) {
	mq := cqd.Query{Tenant: q.Tenant, Since: q.Since, Until: q.Until, GroupBy: []cqd.Dimension{cqd.ClientVersion},
		Filters:  []cqd.Filter{{Dimension: cqd.Source, Values: []string{string(model.SourceACS)}}},
		Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.AvgJitter, cqd.AvgPacketLoss, cqd.AvgRoundTrip}}
	note := "Streams of ACS calls in the window, by the SDK version of their client end (both ends in a P2P call)."
	ignored := false
	for _, f := range q.Filters {
		switch f.Dimension {
		case store.ACSSDKVersion:
			mq.Filters = append(mq.Filters, cqd.Filter{Dimension: cqd.ClientVersion, Values: f.Values})
		case store.ACSCallType:
			var vs []string
			for _, v := range f.Values {
				switch v {
				case "P2P":
					vs = append(vs, string(model.CallTypePeerToPeer))
				case "Group":
					vs = append(vs, string(model.CallTypeGroupCall))
				default:
					vs = append(vs, v)
				}
			}
			mq.Filters = append(mq.Filters, cqd.Filter{Dimension: cqd.CallType, Values: vs})
		default:
			ignored = true
		}
	}
	if ignored {
		note += " Filters other than SDK version and call type do not apply to streams."
	}
	return mq, note
}

// MeasuresOf is the wire form of sums.
func MeasuresOf(s store.ACSSums) wire.ACSMeasures {
	overall := s.Ratings[model.RatingOverall]
	return wire.ACSMeasures{Calls: s.Calls, Participants: s.Participants, Minutes: s.Minutes(), AvgMinutes: s.AvgMinutes(),
		UnexpectedErrors: s.Unexpected, UnexpectedPct: s.UnexpectedPct(), Streams: s.Streams, PoorStreams: s.PoorStreams,
		ImpactedPct: s.ImpactedPct(), Surveys: s.Surveys, AvgRating: overall.Average(), PoorRatingPct: overall.PoorPct()}
}

// RatingsOf lists the ratings of every kind.
func RatingsOf(s store.ACSSums) []wire.ACSRating {
	out := make([]wire.ACSRating, 0, len(s.Ratings))
	for k, r := range s.Ratings {
		out = append(out, wire.ACSRating{Kind: model.ACSRatingKinds[k], Ratings: r.N, AvgScore: r.Average(), PoorPct: r.PoorPct()})
	}
	return out
}

// Withheld reads a key: a value Microsoft withheld is no value.
func Withheld(v *string) (*string, bool) {
	if v != nil && strings.EqualFold(strings.TrimSpace(*v), "redacted") {
		return nil, true
	}
	return v, false
}

// groupRows are a breakdown's rows: in key order, or most participants
// first (then by key).
func groupRows(rows []store.ACSRow, byKey bool) []wire.ACSGroupRow {
	if !byKey {
		rows = slices.Clone(rows)
		slices.SortStableFunc(rows, func(a, b store.ACSRow) int { return cmp.Compare(b.Participants, a.Participants) })
	}
	out := make([]wire.ACSGroupRow, 0, len(rows))
	for _, r := range rows {
		v, withheld := Withheld(r.Key[0])
		out = append(out, wire.ACSGroupRow{Value: v, ValueWithheld: withheld, ACSMeasures: MeasuresOf(r.ACSSums)})
	}
	return out
}

// ExplainEnd is what the tables say of a code and subcode, and how it
// was found.
func ExplainEnd(code, sub *string) (meaning, how string) {
	c, sc := "", ""
	if code != nil {
		c = *code
	}
	if sub != nil {
		sc = *sub
	}
	e, exact, ok := model.ExplainACSEnd(c, sc)
	switch {
	case !ok:
		return "", ""
	case exact:
		return e.Meaning, "code and subcode"
	case e.SubCode != "":
		return e.Meaning, "subcode"
	}
	return e.Meaning, "code"
}

// endReasons are the rows by end code, subcode and category, most
// participants first, explained, each with the link to its calls.
func endReasons(rows []store.ACSRow, total int64, sel Selection) []wire.ACSEndReason {
	rows = slices.Clone(rows)
	slices.SortStableFunc(rows, func(a, b store.ACSRow) int { return cmp.Compare(b.Participants, a.Participants) })
	out := make([]wire.ACSEndReason, 0, len(rows))
	for _, r := range rows {
		if r.Participants == 0 {
			continue // survey-only rows end nothing
		}
		e := wire.ACSEndReason{Code: r.Key[0], SubCode: r.Key[1], ResultCategory: r.Key[2], Participants: r.Participants, Calls: r.Calls}
		e.Meaning, e.Explained = ExplainEnd(e.Code, e.SubCode)
		if e.Code != nil {
			e.Class = model.ACSCodeClass(*e.Code)
		}
		if total > 0 {
			v := float64(r.Participants) / float64(total) * 100
			e.SharePct = &v
		}
		v := sel.Values()
		for i, d := range []store.ACSDimension{store.ACSEndCode, store.ACSEndSubCode, store.ACSResultCategory} {
			val := ""
			if r.Key[i] != nil {
				val = *r.Key[i]
			}
			v.Add("filter", string(d)+"="+val)
		}
		e.CallsLink = "/api/v1/reports/acs/calls?" + v.Encode()
		out = append(out, e)
	}
	return out
}

// Values are the API parameters that select sel again.
func (sel Selection) Values() url.Values {
	v := url.Values{}
	if !sel.Query.Since.IsZero() {
		v.Set("since", sel.Query.Since.UTC().Format(time.RFC3339))
	}
	if !sel.Query.Until.IsZero() {
		v.Set("until", sel.Query.Until.UTC().Format(time.RFC3339))
	}
	for _, f := range sel.Filters {
		v.Add("filter", f)
	}
	return v
}

// mediaRows are stream quality by SDK version, worst poor % first.
func mediaRows(res *cqd.Result) []wire.ACSMediaRow {
	out := []wire.ACSMediaRow{}
	if res == nil {
		return out
	}
	for _, row := range res.Rows {
		get := func(m cqd.Measure) *float64 {
			if v, ok := res.Value(row, m); ok {
				return &v
			}
			return nil
		}
		m := wire.ACSMediaRow{PoorPct: get(cqd.PoorPct), AvgJitterMs: get(cqd.AvgJitter),
			AvgPacketLoss: get(cqd.AvgPacketLoss), AvgRoundTrip: get(cqd.AvgRoundTrip)}
		m.SDKVersion, m.SDKVersionWithheld = Withheld(row.Key[0])
		if n := get(cqd.Streams); n != nil {
			m.Streams = *n
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b wire.ACSMediaRow) int {
		switch {
		case a.PoorPct == nil && b.PoorPct == nil:
			return cmp.Compare(b.Streams, a.Streams)
		case a.PoorPct == nil:
			return 1
		case b.PoorPct == nil:
			return -1
		}
		return cmp.Compare(*b.PoorPct, *a.PoorPct)
	})
	return out
}

// Rows groups the participants q selects by q.GroupBy, every measure
// and rating kind, each row explained when grouped by end code.
func Rows(ctx context.Context, src Source, q store.ACSQuery) (*wire.ACSRows, error) {
	rows, err := src.ACSAggregate(ctx, q)
	if err != nil {
		return nil, err
	}
	resp := &wire.ACSRows{GroupBy: make([]string, len(q.GroupBy)), Rows: make([]wire.ACSRow, 0, len(rows))}
	if !q.Since.IsZero() {
		resp.Since = &q.Since
	}
	if !q.Until.IsZero() {
		resp.Until = &q.Until
	}
	code, sub := slices.Index(q.GroupBy, store.ACSEndCode), slices.Index(q.GroupBy, store.ACSEndSubCode)
	for i, d := range q.GroupBy {
		resp.GroupBy[i] = string(d)
	}
	for _, row := range rows {
		out := wire.ACSRow{Key: map[string]*string{}, ACSMeasures: MeasuresOf(row.ACSSums), Ratings: RatingsOf(row.ACSSums)}
		for i, d := range q.GroupBy {
			v, withheld := Withheld(row.Key[i])
			out.Key[string(d)] = v
			if withheld {
				out.Withheld = append(out.Withheld, string(d))
			}
		}
		if code >= 0 {
			var sc *string
			if sub >= 0 {
				sc = row.Key[sub]
			}
			meaning, _ := ExplainEnd(row.Key[code], sc)
			out.Meaning = &meaning
		}
		resp.Rows = append(resp.Rows, out)
	}
	return resp, nil
}

// DefaultDays is the window of a report asked without one.
const DefaultDays = 30

// SelectionOf reads p's window (Since, Until, Days: the last
// DefaultDays without them) and its Filters, as ACS participant
// filters, for tenant; By and the dashboard's other fields do not
// apply. Errors name the parameter.
func SelectionOf(p cqd.Params, tenant string, now time.Time) (Selection, error) {
	w := cqd.Params{Since: p.Since, Until: p.Until, Days: p.Days}
	if w.Days == 0 && w.Since == "" {
		w.Days = DefaultDays
	}
	window, err := w.Query(tenant, now)
	if err != nil {
		return Selection{}, err
	}
	sel := Selection{Query: store.ACSQuery{Tenant: tenant, Since: window.Since, Until: window.Until}, Filters: []string{}}
	for _, f := range p.Filters {
		flt, err := store.ParseACSFilter(f)
		if err != nil {
			return Selection{}, err
		}
		sel.Query.Filters = append(sel.Query.Filters, flt)
		sel.Filters = append(sel.Filters, f)
	}
	return sel, nil
}
