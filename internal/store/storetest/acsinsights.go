package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// The ACS insights report sums the participants of ACS calls
// (model.ACSParticipantFacts), which a store keeps beside the stream facts.
// ACSOracle is the plain Go computation of every ACS query; the cases
// below hold each store to it over calls built here, through new
// versions, rewrites and retention, and across tenants.

// ACSOracle answers ACS queries over participant facts in Go.
type ACSOracle struct {
	facts []model.ACSParticipantFact
}

// NewACSOracle is the oracle of facts (of any tenants).
func NewACSOracle(facts []model.ACSParticipantFact) *ACSOracle {
	return &ACSOracle{facts: facts}
}

// ACSFactsOf reads the participant facts of the tenant's stored calls,
// as the store should have written them.
func ACSFactsOf(t testing.TB, st store.Store, tenant string) []model.ACSParticipantFact {
	t.Helper()
	var out []model.ACSParticipantFact
	if err := st.ScanCalls(context.Background(), store.CallFilter{Tenant: tenant}, func(c *model.Call) error {
		out = append(out, model.ACSParticipantFacts(c)...)
		return nil
	}); err != nil {
		t.Fatalf("ScanCalls: %v", err)
	}
	return out
}

// acsKeyOf is a fact's value of d, nil where unknown.
func acsKeyOf(f *model.ACSParticipantFact, d store.ACSDimension) *string {
	s := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	switch d {
	case store.ACSDay, store.ACSWeek:
		day := f.Day()
		if day.IsZero() {
			return nil
		}
		if d == store.ACSWeek {
			day = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		}
		return s(day.Format(time.DateOnly))
	case store.ACSInterop:
		return s(fmt.Sprint(f.Interop))
	case store.ACSSDKVersion:
		return s(f.SDKVersion)
	case store.ACSOS:
		return s(f.OS)
	case store.ACSPlatform:
		return s(f.Platform)
	case store.ACSEndCode:
		return s(f.EndCode)
	case store.ACSEndSubCode:
		return s(f.EndSubCode)
	case store.ACSResultCategory:
		return s(f.ResultCategory)
	case store.ACSCallType:
		return s(f.CallType)
	case store.ACSParticipantType:
		return s(f.ParticipantType)
	case store.ACSEndpointType:
		return s(f.EndpointType)
	}
	panic("unknown ACS dimension " + string(d))
}

// selected reports whether q selects f.
func (o *ACSOracle) selected(q store.ACSQuery, f *model.ACSParticipantFact) bool {
	if f.Tenant != q.Tenant {
		return false
	}
	if !q.Since.IsZero() && (f.CallStart.IsZero() || f.CallStart.Before(q.Since)) {
		return false
	}
	if !q.Until.IsZero() && (f.CallStart.IsZero() || !f.CallStart.Before(q.Until)) {
		return false
	}
	for _, flt := range q.Filters {
		v := acsKeyOf(f, flt.Dimension)
		if !slices.ContainsFunc(flt.Values, func(w string) bool { return (w == "" && v == nil) || (v != nil && *v == w) }) {
			return false
		}
	}
	return true
}

// add sums one fact into s; calls collects the distinct calls.
func addACS(s *store.ACSSums, calls map[string]bool, f *model.ACSParticipantFact) {
	s.Surveys += int64(f.Surveys)
	for k := range f.Ratings {
		s.Ratings[k].N += int64(f.Ratings[k].N)
		s.Ratings[k].Sum += f.Ratings[k].Sum
		s.Ratings[k].Poor += int64(f.Ratings[k].Poor)
	}
	if f.SurveyOnly {
		return
	}
	calls[f.CallID] = true
	s.Calls = int64(len(calls))
	s.Participants++
	if f.Seconds != nil {
		s.Seconds += *f.Seconds
	}
	if f.ResultCategory != "" {
		s.Categorized++
	}
	if model.ACSUnexpected(f.ResultCategory) {
		s.Unexpected++
	}
	s.Streams += int64(f.Streams)
	s.PoorStreams += int64(f.PoorStreams)
	if f.PoorStreams > 0 {
		s.Impacted++
	}
}

// Aggregate is ACSAggregate's answer.
func (o *ACSOracle) Aggregate(q store.ACSQuery) []store.ACSRow {
	type group struct {
		row   store.ACSRow
		calls map[string]bool
	}
	groups := map[string]*group{}
	for i := range o.facts {
		f := &o.facts[i]
		if !o.selected(q, f) {
			continue
		}
		key := make([]*string, len(q.GroupBy))
		id := ""
		for j, d := range q.GroupBy {
			key[j] = acsKeyOf(f, d)
			if key[j] == nil {
				id += "\x00n"
			} else {
				id += "\x00v" + *key[j]
			}
		}
		g := groups[id]
		if g == nil {
			g = &group{row: store.ACSRow{Key: key}, calls: map[string]bool{}}
			groups[id] = g
		}
		addACS(&g.row.ACSSums, g.calls, f)
	}
	var out []store.ACSRow
	for _, g := range groups {
		out = append(out, g.row)
	}
	slices.SortFunc(out, store.ACSRowLess)
	return out
}

// Issues is ACSIssues' answer.
func (o *ACSOracle) Issues(q store.ACSQuery) []store.ACSIssue {
	n := map[string]int64{}
	for i := range o.facts {
		if f := &o.facts[i]; o.selected(q, f) {
			for _, is := range f.Issues {
				n[is]++
			}
		}
	}
	var out []store.ACSIssue
	for text, c := range n {
		is := store.SplitIssue(text)
		is.Surveys = c
		out = append(out, is)
	}
	store.SortACSIssues(out)
	return out
}

// Calls is ACSCalls' answer.
func (o *ACSOracle) Calls(q store.ACSQuery, limit, offset int) []store.ACSCall {
	byID := map[string]*store.ACSCall{}
	callsOf := map[string]map[string]bool{}
	for i := range o.facts {
		f := &o.facts[i]
		if !o.selected(q, f) {
			continue
		}
		c := byID[f.CallID]
		if c == nil {
			c = &store.ACSCall{ID: f.CallID, Start: f.CallStart, CallType: f.CallType, Interop: f.Interop}
			byID[f.CallID], callsOf[f.CallID] = c, map[string]bool{}
		}
		addACS(&c.ACSSums, callsOf[f.CallID], f)
	}
	var out []store.ACSCall
	for _, c := range byID {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b store.ACSCall) int {
		switch {
		case a.Start.IsZero() != b.Start.IsZero():
			if a.Start.IsZero() {
				return 1
			}
			return -1
		case !a.Start.Equal(b.Start):
			return b.Start.Compare(a.Start)
		}
		return strings.Compare(a.ID, b.ID)
	})
	out = out[min(offset, len(out)):]
	if limit > 0 {
		out = out[:min(limit, len(out))]
	}
	return out
}

// ACSQueries are queries over the calls of ACSCalls, tenant unset,
// that between them group by every dimension, alone and together, and
// filter by values, by unknown and by window.
func ACSQueries(end time.Time) []store.ACSQuery {
	week := end.Add(-7 * 24 * time.Hour)
	day := end.UTC().Truncate(24 * time.Hour)
	var qs []store.ACSQuery
	qs = append(qs, store.ACSQuery{})
	for _, d := range store.ACSDimensions() {
		qs = append(qs, store.ACSQuery{GroupBy: []store.ACSDimension{d}})
	}
	qs = append(qs,
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSEndCode, store.ACSEndSubCode, store.ACSResultCategory}},
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSDay, store.ACSInterop}, Since: week, Until: end},
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSSDKVersion}, Filters: []store.ACSFilter{{Dimension: store.ACSInterop, Values: []string{"false"}}}},
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSPlatform}, Filters: []store.ACSFilter{{Dimension: store.ACSSDKVersion, Values: []string{"", "Redacted"}}}},
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSEndCode, store.ACSEndSubCode}, Filters: []store.ACSFilter{
			{Dimension: store.ACSSDKVersion, Values: []string{acsFailingSDK}}, {Dimension: store.ACSCallType, Values: []string{"Group", "P2P"}}}},
		store.ACSQuery{Filters: []store.ACSFilter{{Dimension: store.ACSDay, Values: []string{end.Add(-48 * time.Hour).Format(time.DateOnly)}}}},
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSWeek}, Since: week.Add(time.Hour)},
		store.ACSQuery{Filters: []store.ACSFilter{{Dimension: store.ACSResultCategory, Values: []string{""}}}},
		// Windows of whole days, which daily sums can answer.
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSDay, store.ACSInterop}, Since: day.AddDate(0, 0, -7), Until: day},
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSSDKVersion}, Since: day.AddDate(0, 0, -5)},
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSEndCode, store.ACSEndSubCode, store.ACSResultCategory}, Until: day},
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSOS, store.ACSCallType}, Filters: []store.ACSFilter{{Dimension: store.ACSOS, Values: []string{"", "Redacted", "iOS 17.6.1"}}}, Since: day.AddDate(0, 0, -9)},
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSWeek, store.ACSPlatform}, Since: day.AddDate(0, 0, -9), Until: day.AddDate(0, 0, 1)},
		store.ACSQuery{Filters: []store.ACSFilter{{Dimension: store.ACSInterop, Values: []string{"true"}}}, Since: day.AddDate(0, 0, -3)},
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSEndpointType, store.ACSParticipantType}, Since: day.AddDate(0, 0, -9)},
		store.ACSQuery{GroupBy: []store.ACSDimension{store.ACSEndCode}, Since: day.AddDate(0, 0, -9)},
	)
	return qs
}

// acsFailingSDK is the SDK version of ACSCalls whose participants end
// in unexpected errors more often.
const acsFailingSDK = "1.28.4"

// ACSCalls builds n ACS calls of tenant, deterministic by seed, that
// start in the 10 days before end (some without a start): P2P calls and
// group calls, Teams meetings among them, of participants on every SDK,
// OS and endpoint type, ending every way the tables explain and some
// they do not, with streams good and poor, and surveys naming their
// participant or nobody.
func ACSCalls(tenant string, seed uint64, n int, end time.Time) []*model.Call {
	r := rand.New(rand.NewPCG(seed, 7))
	pick := func(vs ...string) string { return vs[r.IntN(len(vs))] }
	type ending struct{ code, sub, category string }
	endings := []ending{{"0", "0", "Success"}, {"0", "0", ""}, {"487", "0", "Success"}, {"410", "3100", "UnexpectedClientError"},
		{"410", "3101", "UnexpectedClientError"}, {"0", "4521", "ExpectedError"}, {"490", "4502", ""}, {"0", "", ""},
		{"500", "", "UnexpectedServerError"}, {"", "", ""}}
	var calls []*model.Call
	for i := range n {
		start := end.Add(-time.Duration(r.IntN(10*24*60)) * time.Minute).Truncate(time.Second)
		group := r.IntN(3) > 0
		c := &model.Call{Tenant: tenant, ID: fmt.Sprintf("acs-%03d", i), Version: 1, Source: model.SourceACS,
			StartDateTime: model.Some(start), ACS: &model.ACSCall{CorrelationID: fmt.Sprintf("acs-%03d", i)}}
		if i%17 == 5 {
			c.StartDateTime = model.Opt[time.Time]{}
		}
		if group {
			c.ACS.CallType, c.Type = "Group", model.Some(model.CallTypeGroupCall)
		} else {
			c.ACS.CallType, c.Type = "P2P", model.Some(model.CallTypePeerToPeer)
		}
		if r.IntN(10) < 3 {
			c.ACS.TeamsThreadID = "19:meeting_" + fmt.Sprint(i) + "@thread.v2"
		}
		participant := func(pid string) *model.ACSParticipant {
			sdk := pick("1.31.2", "1.30.1", acsFailingSDK, "2.13.0", "Redacted", "")
			e := endings[r.IntN(len(endings))]
			if sdk == acsFailingSDK && r.IntN(2) == 0 {
				e = ending{"410", "3100", "UnexpectedClientError"}
			}
			p := &model.ACSParticipant{ParticipantID: pid, EndpointType: pick("VoIP", "VoIP", "VoIP", "PSTN", "Bot")}
			opt := func(v string) model.Opt[string] {
				if v == "" {
					return model.Opt[string]{}
				}
				return model.Some(v)
			}
			p.SDKVersion = opt(sdk)
			p.OSVersion = opt(pick("Windows 10.0.19045 Arch: x64", "iOS 17.6.1", "Android 14; Manufacturer: Google; Model: Pixel 8", "macOS 14.6.1", "Redacted", ""))
			p.ParticipantType = opt(pick("ACS", "Teams", ""))
			p.EndReason, p.EndSubCode, p.ResultCategory = opt(e.code), opt(e.sub), opt(e.category)
			return p
		}
		session := func(id string, caller, callee *model.ACSParticipant) *model.Session {
			s := &model.Session{ID: some(id), ACS: caller, CalleeACS: callee}
			if r.IntN(8) > 0 {
				s.StartDateTime = model.Some(start.Add(time.Duration(r.IntN(60)) * time.Second))
				s.EndDateTime = model.Some(s.StartDateTime.Value().Add(time.Duration(r.IntN(3600)) * time.Second))
			}
			m := &model.Media{Label: some("main-audio")}
			for range r.IntN(4) {
				m.Streams = append(m.Streams, &model.Stream{Quality: []model.StreamQuality{model.QualityGood, model.QualityPoor, model.QualityUnclassified, ""}[r.IntN(4)]})
			}
			s.Segments = []*model.Segment{{ID: some(id), Media: []*model.Media{m}}}
			return s
		}
		var pids []string
		if group {
			for j := range 1 + r.IntN(4) {
				pid := fmt.Sprintf("%s-p%d", c.ID, j)
				pids = append(pids, pid)
				c.Sessions = append(c.Sessions, session(pid, participant(pid), nil))
			}
		} else {
			c.Sessions = append(c.Sessions, session(c.ID, participant(""), participant("")))
		}
		for range r.IntN(3) {
			who := "nobody"
			if len(pids) > 0 && r.IntN(3) > 0 {
				who = pids[r.IntN(len(pids))]
			}
			score := func() model.Opt[float64] {
				if r.IntN(4) == 0 {
					return model.Opt[float64]{}
				}
				return model.Some(float64(r.IntN(6)))
			}
			sv := &model.ACSSurvey{ParticipantID: some(who), OverallScore: score(), OverallThreshold: model.Some(2.0),
				AudioScore: score(), VideoScore: score(), VideoThreshold: model.Some(3.0), ScreenshareScore: score()}
			if r.IntN(2) == 0 {
				sv.AudioIssues = some(pick("NoRemoteAudio", "Echo,NoLocalAudio", "AudioNoise"))
			}
			if r.IntN(3) == 0 {
				sv.OverallCallIssues = some("CallCannotJoin")
			}
			c.ACS.Surveys = append(c.ACS.Surveys, sv)
		}
		calls = append(calls, c)
	}
	return calls
}

// checkACS holds ACSAggregate, ACSIssues and ACSCalls of the tenant to
// the oracle of the participants of its calls as stored.
func checkACS(t *testing.T, st store.Store, tenant string, end time.Time) {
	t.Helper()
	ctx := context.Background()
	facts := ACSFactsOf(t, st, tenant)
	if len(facts) == 0 {
		t.Fatalf("tenant %s has no ACS participants: the check tests nothing", tenant)
	}
	o := NewACSOracle(facts)
	daily := 0
	for i, q := range ACSQueries(end) {
		q.Tenant = tenant
		if _, ok := store.ACSRollupCalls(q); ok {
			daily++
		}
		want := o.Aggregate(q)
		if len(want) == 0 {
			t.Fatalf("query %d %+v: the oracle finds nothing: the query tests nothing", i, q)
		}
		got, err := st.ACSAggregate(ctx, q)
		if err != nil {
			t.Fatalf("ACSAggregate %d %+v: %v", i, q, err)
		}
		CheckACSRows(t, fmt.Sprintf("query %d %+v", i, q), got, want)
	}
	if n := len(ACSQueries(end)); daily < 10 || n-daily < 10 {
		t.Fatalf("%d of %d queries can be answered from daily sums: both ways need testing", daily, n)
	}
	for _, q := range []store.ACSQuery{{}, {Filters: []store.ACSFilter{{Dimension: store.ACSCallType, Values: []string{"Group"}}}}, {Since: end.Add(-72 * time.Hour)}} {
		q.Tenant = tenant
		want := o.Issues(q)
		got, err := st.ACSIssues(ctx, q)
		if err != nil {
			t.Fatalf("ACSIssues %+v: %v", q, err)
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("ACSIssues %+v\ngot  %+v\nwant %+v", q, got, want)
		}
	}
	for _, c := range []struct {
		q             store.ACSQuery
		limit, offset int
	}{
		{store.ACSQuery{}, 0, 0},
		{store.ACSQuery{Filters: []store.ACSFilter{{Dimension: store.ACSEndCode, Values: []string{"410"}}, {Dimension: store.ACSEndSubCode, Values: []string{"3100"}}}}, 0, 0},
		{store.ACSQuery{Filters: []store.ACSFilter{{Dimension: store.ACSSDKVersion, Values: []string{acsFailingSDK}}}}, 5, 3},
		{store.ACSQuery{Since: end.Add(-96 * time.Hour), Until: end.Add(-24 * time.Hour)}, 7, 0},
	} {
		c.q.Tenant = tenant
		want := o.Calls(c.q, c.limit, c.offset)
		got, err := st.ACSCalls(ctx, c.q, c.limit, c.offset)
		if err != nil {
			t.Fatalf("ACSCalls %+v: %v", c.q, err)
		}
		if len(want) == 0 {
			t.Fatalf("ACSCalls %+v %d %d: the oracle finds nothing", c.q, c.limit, c.offset)
		}
		if len(got) != len(want) {
			t.Fatalf("ACSCalls %+v %d %d: %d calls, want %d", c.q, c.limit, c.offset, len(got), len(want))
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.ID != w.ID || !g.Start.Equal(w.Start) || g.CallType != w.CallType || g.Interop != w.Interop || !sameACSSums(g.ACSSums, w.ACSSums) {
				t.Errorf("ACSCalls %+v %d %d: call %d\ngot  %+v\nwant %+v", c.q, c.limit, c.offset, i, g, w)
			}
		}
	}
}

// CheckACSRows fails t unless got are want's rows: keys equal, counts
// equal, sums equal to a millionth.
func CheckACSRows(t testing.TB, what string, got, want []store.ACSRow) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d\ngot  %+v\nwant %+v", what, len(got), len(want), got, want)
	}
	for i := range want {
		if !slices.EqualFunc(got[i].Key, want[i].Key, func(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }) {
			t.Fatalf("%s: row %d key %s, want %s", what, i, keyString(got[i].Key), keyString(want[i].Key))
		}
		if !sameACSSums(got[i].ACSSums, want[i].ACSSums) {
			t.Errorf("%s: row %s\ngot  %+v\nwant %+v", what, keyString(want[i].Key), got[i].ACSSums, want[i].ACSSums)
		}
	}
}

func sameACSSums(a, b store.ACSSums) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-6*math.Max(1, math.Abs(y)) }
	ra, rb := a.Ratings, b.Ratings
	a.Ratings, b.Ratings = [model.ACSRatingKindCount]store.ACSRatingTotal{}, [model.ACSRatingKindCount]store.ACSRatingTotal{}
	sa, sb := a.Seconds, b.Seconds
	a.Seconds, b.Seconds = 0, 0
	if a != b || !near(sa, sb) {
		return false
	}
	for k := range ra {
		if ra[k].N != rb[k].N || ra[k].Poor != rb[k].Poor || !near(ra[k].Sum, rb[k].Sum) {
			return false
		}
	}
	return true
}

// acsEnd is the end of the window of the suite's ACS calls.
var acsEnd = t0

// testACSInsights: the participants of two tenants' ACS calls, and of
// a Graph call that has none, are summed, counted and listed as the
// oracle says; each tenant sees only its own, even under the same call
// ids; and the ACS calls' participants survive a restart.
func testACSInsights(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	a := ACSCalls("tenant-a", 1, 120, acsEnd)
	b := ACSCalls("tenant-b", 2, 40, acsEnd) // the same ids, other participants
	graphCall := simpleCall("tenant-a", "graph-1", 1, acsEnd.Add(-time.Hour), 2, 3)
	if _, err := st.PutCalls(ctx, append(append(a, b...), graphCall)); err != nil {
		t.Fatalf("PutCalls: %v", err)
	}
	if s.reopen != nil {
		st = s.reopen(t, st)
	}
	checkACS(t, st, "tenant-a", acsEnd)
	checkACS(t, st, "tenant-b", acsEnd)
	rows, err := st.ACSAggregate(ctx, store.ACSQuery{Tenant: "tenant-c"})
	if err != nil || len(rows) != 0 {
		t.Errorf("a tenant without calls: %v, %v; want no rows", rows, err)
	}
	calls, err := st.ACSCalls(ctx, store.ACSQuery{Tenant: "tenant-a"}, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(calls, func(c store.ACSCall) bool { return c.ID == "graph-1" }) {
		t.Errorf("a Graph call is listed among ACS calls")
	}
}

// testACSInsightsFollowWrites: a newer version of an ACS call, a
// rewrite and retention change the participants as they change the
// calls; putting the same calls again changes nothing.
func testACSInsightsFollowWrites(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	calls := ACSCalls("tenant-a", 3, 60, acsEnd)
	other := ACSCalls("tenant-b", 3, 60, acsEnd)
	if _, err := st.PutCalls(ctx, append(slices.Clone(calls), other...)); err != nil {
		t.Fatalf("PutCalls: %v", err)
	}
	before := ACSFactsOf(t, st, "tenant-a")

	// The same calls again: nothing changes.
	if _, err := st.PutCalls(ctx, ACSCalls("tenant-a", 3, 60, acsEnd)); err != nil {
		t.Fatal(err)
	}
	q := store.ACSQuery{Tenant: "tenant-a", GroupBy: []store.ACSDimension{store.ACSEndCode, store.ACSEndSubCode}}
	got, err := st.ACSAggregate(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	CheckACSRows(t, "after putting the same calls again", got, NewACSOracle(before).Aggregate(q))

	// A newer version: every participant now ends in a dropped call.
	newer := ACSCalls("tenant-a", 3, 60, acsEnd)[7]
	newer.Version = 2
	participants := int64(0)
	for _, sess := range newer.Sessions {
		for _, p := range []*model.ACSParticipant{sess.ACS, sess.CalleeACS} {
			if p != nil {
				p.EndReason, p.EndSubCode, p.ResultCategory = some("410"), some("3101"), some("UnexpectedClientError")
				participants++
			}
		}
	}
	if _, err := st.PutCalls(ctx, []*model.Call{newer}); err != nil {
		t.Fatal(err)
	}
	// A rewrite: another call's participants lose their SDK version.
	rewritten := ACSCalls("tenant-a", 3, 60, acsEnd)[11]
	for _, sess := range rewritten.Sessions {
		sess.ACS.SDKVersion = model.Opt[string]{}
	}
	if err := st.RewriteCalls(ctx, []*model.Call{rewritten}); err != nil {
		t.Fatal(err)
	}
	dropped, err := st.ACSCalls(ctx, store.ACSQuery{Tenant: "tenant-a", Filters: []store.ACSFilter{{Dimension: store.ACSEndSubCode, Values: []string{"3101"}}}}, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(dropped, func(c store.ACSCall) bool { return c.ID == newer.ID && c.Participants == participants }) {
		t.Errorf("the newer version's drops are not listed: %+v", dropped)
	}
	checkACS(t, st, "tenant-a", acsEnd)

	// Retention: calls that started more than 5 days before the end go,
	// with their participants; tenant-b's stay.
	cut := acsEnd.Add(-5 * 24 * time.Hour)
	if _, err := st.DeleteCalls(ctx, "tenant-a", cut); err != nil {
		t.Fatal(err)
	}
	rows, err := st.ACSAggregate(ctx, store.ACSQuery{Tenant: "tenant-a", Until: cut})
	if err != nil || len(rows) != 0 {
		t.Errorf("after retention, participants of deleted calls remain: %+v, %v", rows, err)
	}
	checkACS(t, st, "tenant-a", acsEnd)
	checkACS(t, st, "tenant-b", acsEnd)
}

// testACSInsightsRefused: invalid queries are ErrInvalid.
func testACSInsightsRefused(t *testing.T, s *suite) {
	st := s.open(t)
	ctx := context.Background()
	for _, q := range []store.ACSQuery{
		{},
		{Tenant: "t", GroupBy: []store.ACSDimension{"floor"}},
		{Tenant: "t", GroupBy: []store.ACSDimension{store.ACSOS, store.ACSOS}},
		{Tenant: "t", GroupBy: []store.ACSDimension{store.ACSOS, store.ACSDay, store.ACSPlatform, store.ACSInterop}},
		{Tenant: "t", Filters: []store.ACSFilter{{Dimension: store.ACSOS}}},
		{Tenant: "t", Filters: []store.ACSFilter{{Dimension: "mos", Values: []string{"1"}}}},
		{Tenant: "t", Since: acsEnd, Until: acsEnd},
	} {
		if _, err := st.ACSAggregate(ctx, q); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("ACSAggregate %+v: %v, want ErrInvalid", q, err)
		}
		if _, err := st.ACSIssues(ctx, q); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("ACSIssues %+v: %v, want ErrInvalid", q, err)
		}
		if _, err := st.ACSCalls(ctx, q, 10, 0); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("ACSCalls %+v: %v, want ErrInvalid", q, err)
		}
	}
	if _, err := st.ACSCalls(ctx, store.ACSQuery{Tenant: "t"}, -1, 0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("ACSCalls with a negative limit: %v, want ErrInvalid", err)
	}
}
