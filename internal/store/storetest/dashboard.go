package storetest

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
)

// testDashboard holds Aggregate, PoorCalls and the exports to the
// Oracle over a generated organization, then changes the calls (newer
// versions, verdicts rewritten, retention) and holds Aggregate to it
// again, so that whatever a store keeps summed in advance follows every
// write. With WithReopen, the store is reopened after loading, so that
// what it keeps summed survives a restart (or whatever reopening means
// to the backend).
func testDashboard(t *testing.T, s *suite) {
	st := s.open(t)
	buildings := LoadDashboard(t, st)
	if s.reopen != nil {
		st = s.reopen(t, st)
	}
	stored := scanDashboard(t, st)
	o := NewOracle(stored.facts(), buildings)
	t.Run("Aggregate", func(t *testing.T) { checkAggregates(t, st, o, DashboardQueries(buildings)) })
	t.Run("TooFewStreams", func(t *testing.T) { testTooFewStreams(t, st, o) })
	t.Run("Refused", func(t *testing.T) { testAggregateRefused(t, st) })
	t.Run("FilterCase", func(t *testing.T) { testFilterCase(t, st, buildings) })
	t.Run("SetupFailuresCounted", func(t *testing.T) { testSetupFailuresCounted(t, st, o) })
	t.Run("PoorCalls", func(t *testing.T) { testPoorCalls(t, st, o, buildings, stored.starts) })
	t.Run("FailedCalls", func(t *testing.T) { testFailedCalls(t, st, o, stored.starts) })
	t.Run("Exports", func(t *testing.T) { testExports(t, st, o) })
	t.Run("FollowsWrites", func(t *testing.T) { testDashboardFollowsWrites(t, st, buildings, stored) })
}

// dashboardCalls is what the dashboard's cases read of the stored calls
// once: each call's facts and start, and the first calls themselves.
type dashboardCalls struct {
	byCall map[string][]model.StreamFact
	starts map[string]time.Time
	first  []*model.Call
}

func scanDashboard(t *testing.T, st store.Store) *dashboardCalls {
	t.Helper()
	d := &dashboardCalls{byCall: map[string][]model.StreamFact{}, starts: map[string]time.Time{}}
	if err := st.ScanCalls(context.Background(), store.CallFilter{Tenant: DashboardTenant}, func(c *model.Call) error {
		d.byCall[c.ID] = model.Facts(c)
		d.starts[c.ID] = c.StartDateTime.Value()
		if len(d.first) < 300 {
			d.first = append(d.first, c)
		}
		return nil
	}); err != nil {
		t.Fatalf("ScanCalls: %v", err)
	}
	if n := len(d.facts()); n < 1000 || len(d.first) < 300 {
		t.Fatalf("only %d calls and %d streams generated", len(d.byCall), n)
	}
	return d
}

func (d *dashboardCalls) facts() []model.StreamFact {
	var out []model.StreamFact
	for _, fs := range d.byCall {
		out = append(out, fs...)
	}
	return out
}

// checkAggregates compares Aggregate with the oracle for every query.
func checkAggregates(t *testing.T, st store.Store, o *Oracle, queries []cqd.Query) {
	t.Helper()
	for i, q := range queries {
		if err := q.Validate(); err != nil {
			t.Fatalf("query %d: %v", i, err)
		}
		want := o.Aggregate(q)
		testsSomething(t, q, want)
		got, err := st.Aggregate(context.Background(), q)
		if err != nil {
			t.Fatalf("query %d %+v: %v", i, q, err)
		}
		if !slices.Equal(got.GroupBy, q.GroupBy) || !slices.Equal(got.Measures, q.MeasureList()) {
			t.Errorf("query %d: result of %v by %v, want %v by %v", i, got.Measures, got.GroupBy, q.MeasureList(), q.GroupBy)
		}
		CheckRows(t, fmt.Sprintf("(query %d)", i), q, got.Rows, want)
	}
}

// testTooFewStreams: a group with fewer streams than MinStreams is left
// out, the one group of an ungrouped query too, whether the rollups or
// the facts answer.
func testTooFewStreams(t *testing.T, st store.Store, o *Oracle) {
	total := o.Aggregate(cqd.Query{Tenant: DashboardTenant})
	streams := int(*total[0].Values[0])
	for _, q := range []cqd.Query{
		{MinStreams: streams + 1},
		{MinStreams: streams + 1, Measures: []cqd.Measure{cqd.Streams, cqd.Calls, cqd.P95Jitter}},
		{GroupBy: []cqd.Dimension{cqd.Building}, MinStreams: streams + 1},
		{GroupBy: []cqd.Dimension{cqd.Hour}, MinStreams: streams + 1},
	} {
		q.Tenant = DashboardTenant
		if want := o.Aggregate(q); len(want) != 0 {
			t.Fatalf("%+v: the oracle gives %d rows", q, len(want))
		}
		got, err := st.Aggregate(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Rows) != 0 {
			t.Errorf("%+v: %d rows, want none: no group has %d streams", q, len(got.Rows), q.MinStreams)
		}
	}
	q := cqd.Query{Tenant: DashboardTenant, MinStreams: streams}
	if got, err := st.Aggregate(context.Background(), q); err != nil || len(got.Rows) != 1 {
		t.Errorf("%+v: %v, %v; want the one row of all %d streams", q, got, err, streams)
	}
}

// testAggregateRefused: invalid queries are ErrInvalid, for the
// aggregate, the poor calls and the exports alike.
func testAggregateRefused(t *testing.T, st store.Store) {
	ctx := context.Background()
	for _, q := range []cqd.Query{
		{},
		{Tenant: "t", GroupBy: []cqd.Dimension{"floor"}},
		{Tenant: "t", Measures: []cqd.Measure{"mos"}},
		{Tenant: "t", OrderBy: cqd.Drops},
		{Tenant: "t", Filters: []cqd.Filter{{Dimension: cqd.Building}}},
		{Tenant: "t", Since: DashboardEnd, Until: DashboardEnd},
	} {
		if _, err := st.Aggregate(ctx, q); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("Aggregate %+v: %v, want ErrInvalid", q, err)
		}
		if q.Tenant == "" || len(q.Filters) > 0 || !q.Since.IsZero() {
			if _, err := st.PoorCalls(ctx, q, 0, 0); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("PoorCalls %+v: %v, want ErrInvalid", q, err)
			}
			if err := st.ExportFacts(ctx, q, store.ExportCSV, false, io.Discard); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("ExportFacts %+v: %v, want ErrInvalid", q, err)
			}
		}
	}
	q := cqd.Query{Tenant: DashboardTenant}
	if err := st.ExportFacts(ctx, q, "xlsx", false, io.Discard); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("ExportFacts as xlsx: %v, want ErrInvalid", err)
	}
	if err := st.ExportAggregate(ctx, q, "xlsx", io.Discard); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("ExportAggregate as xlsx: %v, want ErrInvalid", err)
	}
}

// poorCallWant is what the poor-call list must say of one call.
// testExports: facts come out whole, a row per stream the query keeps,
// with each end's building and personal columns only when asked for;
// aggregates come out as Aggregate gives them; Parquet files are
// Parquet. (Reading a Parquet file back takes an engine: each backend's
// own tests do.)
func testExports(t *testing.T, st store.Store, o *Oracle) {
	ctx := context.Background()
	q := cqd.Query{Tenant: DashboardTenant, Filters: []cqd.Filter{{Dimension: cqd.MediaType, Values: []string{"audio"}}}}
	perCall := map[string]int{}
	for i := range o.facts {
		if f := &o.facts[i]; o.keeps(q, f) {
			perCall[f.CallID]++
		}
	}
	for _, personal := range []bool{false, true} {
		var buf bytes.Buffer
		if err := st.ExportFacts(ctx, q, store.ExportCSV, personal, &buf); err != nil {
			t.Fatal(err)
		}
		records, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("personal=%v: the CSV does not read back: %v", personal, err)
		}
		header := records[0]
		for _, c := range []string{"caller_user_id", "callee_bssid"} {
			if slices.Contains(header, c) != personal {
				t.Errorf("personal=%v: header %v has %s: %v", personal, header, c, !personal)
			}
		}
		for _, c := range []string{"call_id", "jitter_ms", "quality", "caller_subnet", "caller_building", "callee_inside"} {
			if !slices.Contains(header, c) {
				t.Errorf("header lacks %s: %v", c, header)
			}
		}
		col := slices.Index(header, "call_id")
		got := map[string]int{}
		for _, r := range records[1:] {
			got[r[col]]++
		}
		if !maps.Equal(got, perCall) {
			t.Errorf("personal=%v: %d rows of %d calls, want %d calls' streams", personal, len(records)-1, len(got), len(perCall))
		}
	}
	agg := cqd.Query{Tenant: DashboardTenant, GroupBy: []cqd.Dimension{cqd.Building, cqd.Day}, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct}}
	want := o.Aggregate(agg)
	var buf bytes.Buffer
	if err := st.ExportAggregate(ctx, agg, store.ExportCSV, &buf); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("aggregate CSV does not read back: %v", err)
	}
	if !slices.Equal(records[0], []string{"building", "day", "streams", "poorPct"}) || len(records)-1 != len(want) {
		t.Fatalf("aggregate CSV: header %q, %d rows; want %d", records[0], len(records)-1, len(want))
	}
	total, wantTotal := 0.0, 0.0
	for i, r := range records[1:] {
		n, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			t.Fatalf("aggregate CSV row %d: streams %q: %v", i+1, r[2], err)
		}
		total += n
		wantTotal += *want[i].Values[0]
	}
	if total != wantTotal {
		t.Errorf("aggregate CSV: %v streams, want %v", total, wantTotal)
	}
	for what, export := range map[string]func(io.Writer) error{
		"facts":     func(w io.Writer) error { return st.ExportFacts(ctx, q, store.ExportParquet, false, w) },
		"aggregate": func(w io.Writer) error { return st.ExportAggregate(ctx, agg, store.ExportParquet, w) },
	} {
		var buf bytes.Buffer
		if err := export(&buf); err != nil {
			t.Fatalf("%s as Parquet: %v", what, err)
		}
		b := buf.Bytes()
		if len(b) < 12 || !bytes.HasPrefix(b, []byte("PAR1")) || !bytes.HasSuffix(b, []byte("PAR1")) {
			t.Errorf("%s as Parquet: %d bytes, not a Parquet file", what, len(b))
		}
	}
}

// testDashboardFollowsWrites changes the stored calls as telemetry and
// callscope itself do, and holds Aggregate to the oracle over the facts
// of the calls as stored after each change (those changed read back).
func testDashboardFollowsWrites(t *testing.T, st store.Store, buildings []model.Building, stored *dashboardCalls) {
	ctx := context.Background()
	byCall, calls := stored.byCall, stored.first
	reread := func(changed []*model.Call) {
		t.Helper()
		for _, c := range changed {
			stored, err := st.Call(ctx, DashboardTenant, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			byCall[c.ID] = model.Facts(stored)
		}
	}
	all := cqd.Measures()
	week := DashboardEnd.Add(-7 * 24 * time.Hour)
	queries := []cqd.Query{
		{Measures: all},
		{GroupBy: []cqd.Dimension{cqd.Day, cqd.Quality}},
		{GroupBy: []cqd.Dimension{cqd.Building}, Measures: all},
		{GroupBy: []cqd.Dimension{cqd.CallType, cqd.Source}, Measures: all},
		{GroupBy: []cqd.Dimension{cqd.Subnet, cqd.ConnectionType}, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.AvgJitter, cqd.Minutes}},
		{GroupBy: []cqd.Dimension{cqd.Building, cqd.ClientVersion}, Measures: []cqd.Measure{cqd.Streams, cqd.P95Jitter, cqd.P95PacketLoss, cqd.P95RoundTrip, cqd.P95Concealed}},
		{GroupBy: []cqd.Dimension{cqd.Day, cqd.Inside}, Since: week, Until: DashboardEnd, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.DropPct}},
		{GroupBy: []cqd.Dimension{cqd.BSSID}, Filters: []cqd.Filter{{Dimension: cqd.MediaType, Values: []string{"audio"}}}},
	}
	check := func(when string) {
		t.Helper()
		o := NewOracle(stored.facts(), buildings)
		for i, q := range queries {
			q.Tenant = DashboardTenant
			got, err := st.Aggregate(ctx, q)
			if err != nil {
				t.Fatalf("%s: query %d: %v", when, i, err)
			}
			want := o.Aggregate(q)
			testsSomething(t, q, want)
			CheckRows(t, fmt.Sprintf("(%s, query %d)", when, i), q, got.Rows, want)
		}
	}

	ChangeCalls(t, st, calls, func(when string, changed []*model.Call, deleted int) {
		if changed != nil {
			reread(changed)
		} else {
			// Retention: the calls that started before the cut went, with
			// their facts; those without a start stayed.
			gone := 0
			for id, fs := range byCall {
				if len(fs) > 0 && !fs[0].CallStart.IsZero() && fs[0].CallStart.Before(RetentionCut) {
					delete(byCall, id)
					gone++
				}
			}
			if deleted < gone {
				t.Fatalf("retention deleted %d calls, want at least the %d with streams that started before %s", deleted, gone, RetentionCut)
			}
		}
		check(when)
	})

	// Rollups computed again from the facts equal those every write kept.
	if r, ok := st.(store.RollupRebuilder); ok {
		for _, tenant := range []string{DashboardTenant, ""} {
			if err := r.RebuildRollups(ctx, tenant); err != nil {
				t.Fatalf("RebuildRollups(%q): %v", tenant, err)
			}
			check(fmt.Sprintf("rollups rebuilt for tenant %q", tenant))
		}
	}
}

// RetentionCut is when ChangeCalls' retention deletes calls before.
var RetentionCut = DashboardEnd.Add(-10 * 24 * time.Hour)

// ChangeCalls changes stored calls as telemetry and callscope itself do,
// and calls check after each change with what it was and the calls it
// changed: newer versions of calls[:100] with fewer streams, worse jitter
// and new verdicts; calls[100:200] judged again by the 2021 rules and
// rewritten; then retention, of every tenant, of the calls that started
// before RetentionCut (changed nil, deleted how many calls went). calls
// needs 200 at least.
func ChangeCalls(t testing.TB, st store.Store, calls []*model.Call, check func(when string, changed []*model.Call, deleted int)) {
	t.Helper()
	ctx := context.Background()
	engine, err := quality.New(quality.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range calls[:100] {
		c.Version++
		if len(c.Sessions) > 1 {
			c.Sessions = c.Sessions[:1]
		}
		for _, s := range c.Sessions {
			for _, g := range s.Segments {
				for _, m := range g.Media {
					for _, x := range m.Streams {
						x.AverageJitter = model.Some(model.Duration(90 * time.Millisecond))
					}
				}
			}
		}
		engine.Judge(c)
	}
	if _, err := st.PutCalls(ctx, calls[:100]); err != nil {
		t.Fatal(err)
	}
	check("after newer versions", calls[:100], 0)

	old, err := quality.New(quality.Options{CQDRules: "2021"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range calls[100:200] {
		old.Judge(c)
	}
	if err := st.RewriteCalls(ctx, calls[100:200]); err != nil {
		t.Fatal(err)
	}
	check("after rewrites", calls[100:200], 0)

	n, err := st.DeleteCalls(ctx, "", RetentionCut)
	if err != nil || n == 0 {
		t.Fatalf("retention deleted %d calls: %v", n, err)
	}
	check("after retention", nil, n)
}
