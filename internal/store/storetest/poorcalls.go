package storetest

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

type poorCallWant struct {
	streams, poor, sessions int
	// first is the order of the first poor stream, where its client end.
	first [4]int
	where store.PoorEnd
	users map[string]bool
	media map[string]bool
	// reasons are the failure reasons of a failed call's failed facts.
	reasons []string
}

// poorCalls is what PoorCalls(q) must list, in order: the calls with
// poor streams among those q keeps, newest first (or as q orders them),
// then by id.
func (o *Oracle) poorCalls(q cqd.Query, starts map[string]time.Time) ([]string, map[string]*poorCallWant) {
	return o.callList(store.PoorList, q, starts)
}

// callList is what the list of calls (poor or failed) must hold, in
// order, with what each call's row says.
func (o *Oracle) callList(list store.CallList, q cqd.Query, starts map[string]time.Time) ([]string, map[string]*poorCallWant) {
	marked := func(f *model.StreamFact) bool { return f.Quality == model.QualityPoor }
	if list == store.FailedList {
		marked = func(f *model.StreamFact) bool { return f.FailureStage != "" }
	}
	wants := map[string]*poorCallWant{}
	sessions := map[string]map[int]bool{}
	for i := range o.facts {
		f := &o.facts[i]
		if !q.Since.IsZero() && f.CallStart.Before(q.Since) || !q.Until.IsZero() && !f.CallStart.Before(q.Until) || !o.keeps(q, f) {
			continue
		}
		w := wants[f.CallID]
		if w == nil {
			w = &poorCallWant{users: map[string]bool{}, media: map[string]bool{}}
			wants[f.CallID] = w
		}
		w.streams++
		if !marked(f) {
			continue
		}
		w.poor++
		if list == store.FailedList {
			reason := cmp.Or(f.FailureReason, "no reason given")
			w.reasons = append(w.reasons, f.FailureStage+": "+reason)
		}
		if sessions[f.CallID] == nil {
			sessions[f.CallID] = map[int]bool{}
		}
		sessions[f.CallID][f.SessionIndex] = true
		side := o.poorSide(q, f)
		user := f.Caller.UserID
		if side == 1 {
			user = f.Callee.UserID
		}
		if user != "" {
			w.users[user] = true
		}
		w.media[string(f.MediaKind)] = true
		order := [4]int{f.SessionIndex, f.SegmentIndex, f.MediaIndex, f.StreamIndex}
		if w.poor == 1 || slices.Compare(order[:], w.first[:]) < 0 {
			val := func(d cqd.Dimension) string {
				if v := o.end(f, side, d); v != nil {
					return *v
				}
				return ""
			}
			w.first = order
			w.where = store.PoorEnd{UserID: user, Building: val(cqd.Building), NetworkName: val(cqd.NetworkName),
				Subnet: val(cqd.Subnet), ConnectionType: val(cqd.ConnectionType), CaptureDevice: val(cqd.CaptureDevice)}
		}
	}
	var ids []string
	for id, w := range wants {
		w.sessions = len(sessions[id])
		if w.poor > 0 {
			ids = append(ids, id)
		}
	}
	newest := func(a, b string) int {
		if c := starts[b].Compare(starts[a]); c != 0 {
			return c
		}
		return 0
	}
	slices.SortFunc(ids, func(a, b string) int {
		wa, wb := wants[a], wants[b]
		var c int
		switch q.OrderBy {
		case cqd.Poor:
			c = cmp.Compare(wa.poor, wb.poor)
		case cqd.PoorPct:
			c = cmp.Compare(float64(wa.poor)/float64(wa.streams), float64(wb.poor)/float64(wb.streams))
		case cqd.Streams:
			c = cmp.Compare(wa.streams, wb.streams)
		default:
			c = starts[a].Compare(starts[b])
		}
		if !q.Ascending {
			c = -c
		}
		if c == 0 && q.OrderBy != "" {
			c = newest(a, b)
		}
		return cmp.Or(c, strings.Compare(a, b))
	})
	return ids, wants
}

// testPoorCalls: the poor-call list holds exactly the calls with poor
// streams among those the filters keep, newest first or in the order
// asked for, with their counts and who had the poor streams where, and
// pages through them.
func testPoorCalls(t *testing.T, st store.Store, o *Oracle, buildings []model.Building, starts map[string]time.Time) {
	ctx := context.Background()
	people := map[string]map[string]string{} // call → person id → name
	var named, placed, several int
	for i, q := range []cqd.Query{
		{},
		{Filters: []cqd.Filter{{Dimension: cqd.Building, Values: []string{buildings[0].BuildingName}}}},
		{Filters: []cqd.Filter{{Dimension: cqd.ConnectionType, Values: []string{"wifi"}}, {Dimension: cqd.MediaType, Values: []string{"audio"}}}},
		{Since: DashboardEnd.Add(-5 * 24 * time.Hour)},
		{Since: DashboardEnd.Add(-9 * 24 * time.Hour), Until: DashboardEnd.Add(-2 * 24 * time.Hour)},
		{OrderBy: cqd.Poor},
		{OrderBy: cqd.PoorPct, Ascending: true, Filters: []cqd.Filter{{Dimension: cqd.MediaType, Values: []string{"video"}}}},
		{OrderBy: cqd.Streams},
		{Ascending: true},
	} {
		q.Tenant = DashboardTenant
		ids, wants := o.poorCalls(q, starts)
		got, err := st.PoorCalls(ctx, q, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(ids) || len(ids) == 0 {
			t.Fatalf("query %d: %d poor calls, want %d", i, len(got), len(ids))
		}
		for j, c := range got {
			w := wants[c.ID]
			if c.ID != ids[j] || c.Streams != w.streams || c.Poor != w.poor || c.PoorSessions != w.sessions ||
				len(c.Reasons) == 0 || !c.Start.Equal(starts[c.ID].Truncate(time.Microsecond)) {
				t.Fatalf("query %d: call %d = %+v, want %s with %+v", i, j, c, ids[j], *w)
			}
			where := c.Where
			where.DisplayName = ""
			if where != w.where || c.PoorUsers != len(w.users) || !slices.Equal(c.PoorMedia, slices.Sorted(maps.Keys(w.media))) {
				t.Fatalf("query %d: call %s's poor streams were %+v of %d users in %q, want %+v of %d in %v",
					i, c.ID, where, c.PoorUsers, c.PoorMedia, w.where, len(w.users), slices.Sorted(maps.Keys(w.media)))
			}
			if c.Where.Building != "" && c.Where.Subnet != "" && c.Where.CaptureDevice != "" {
				placed++
			}
			if c.PoorUsers > 1 {
				several++
			}
			if c.Where.UserID == "" {
				continue
			}
			if c.Where.DisplayName != "" {
				named++
			}
			if people[c.ID] == nil {
				people[c.ID] = map[string]string{}
				for _, p := range model.People(mustCall(t, st, DashboardTenant, c.ID)) {
					people[c.ID][p.ID] = p.DisplayName
				}
			}
			if name := people[c.ID][c.Where.UserID]; c.Where.DisplayName != name {
				t.Fatalf("query %d: call %s: user %s named %q, want %q", i, c.ID, c.Where.UserID, c.Where.DisplayName, name)
			}
		}
		page, err := st.PoorCalls(ctx, q, 3, 2)
		if err != nil || len(page) != min(3, max(len(ids)-2, 0)) || (len(page) > 0 && page[0].ID != ids[2]) {
			t.Errorf("query %d: page 2..5 = %v, %v", i, page, err)
		}
	}
	if named == 0 || placed == 0 || several == 0 {
		t.Errorf("poor calls: %d with the user's name, %d with building, subnet and device, %d with several users: the cases test nothing", named, placed, several)
	}
	if _, err := st.PoorCalls(ctx, cqd.Query{Tenant: DashboardTenant, OrderBy: cqd.P95Jitter, Measures: []cqd.Measure{cqd.P95Jitter}}, 0, 0); err == nil {
		t.Error("poor calls ordered by jitter: no error")
	}
}

// poorSide is the end of a poor stream that says who and where: the
// client end the query's end filters select, else the client end.
func (o *Oracle) poorSide(q cqd.Query, f *model.StreamFact) int {
	for side := range 2 {
		ok := isEndSide(f, side)
		for _, flt := range q.Filters {
			if flt.Dimension.OfEnd() && !matches(o.end(f, side, flt.Dimension), flt.Values) {
				ok = false
			}
		}
		if ok {
			return side
		}
	}
	if f.Caller.Kind == model.EndpointService {
		return 1
	}
	return 0
}

// testFailedCalls: the failed-call list holds exactly the calls with
// failed legs among those the filters keep, with their counts, reasons
// and where the first failure was, and pages through them.
func testFailedCalls(t *testing.T, st store.Store, o *Oracle, starts map[string]time.Time) {
	ctx := context.Background()
	var acs, reasoned int
	for i, q := range []cqd.Query{
		{},
		{Filters: []cqd.Filter{{Dimension: cqd.FailureStage, Values: []string{"callSetup"}}}},
		{Filters: []cqd.Filter{{Dimension: cqd.Source, Values: []string{"acs"}}}},
		{Since: DashboardEnd.Add(-9 * 24 * time.Hour), Until: DashboardEnd.Add(-2 * 24 * time.Hour), OrderBy: cqd.Poor},
	} {
		q.Tenant = DashboardTenant
		ids, wants := o.callList(store.FailedList, q, starts)
		got, err := st.FailedCalls(ctx, q, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(ids) || len(ids) == 0 {
			t.Fatalf("query %d: %d failed calls, want %d", i, len(got), len(ids))
		}
		for j, c := range got {
			w := wants[c.ID]
			want := store.RankReasonsBy(strings.Join(w.reasons, "\n"), "\n")
			where := c.Where
			where.DisplayName = ""
			if c.ID != ids[j] || c.Streams != w.streams || c.Poor != w.poor || c.PoorSessions != w.sessions ||
				!slices.Equal(c.Reasons, want) || where != w.where {
				t.Fatalf("query %d: call %d = %+v, want %s with %+v, reasons %q", i, j, c, ids[j], *w, want)
			}
			if c.Source == model.SourceACS {
				acs++
			}
			if !strings.HasSuffix(c.Reasons[0], "no reason given") {
				reasoned++
			}
		}
		page, err := st.FailedCalls(ctx, q, 2, 1)
		if err != nil || len(page) != min(2, max(len(ids)-1, 0)) || (len(page) > 0 && page[0].ID != ids[1]) {
			t.Errorf("query %d: page 1..3 = %v, %v", i, page, err)
		}
	}
	if acs == 0 || reasoned == 0 {
		t.Errorf("failed calls: %d of ACS, %d with a reason: the cases test nothing", acs, reasoned)
	}
}
