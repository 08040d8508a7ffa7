package storetest

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/building"
	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/gen"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store"
)

// The dashboard is a computation over many calls, so its cases load a
// generated organization's weeks (Graph call records and ACS logs,
// judged, with its building file) through ingest, as a user would,
// rather than the few calls the other cases build by hand.

// DashboardTenant is the tenant LoadDashboard stores its calls under.
const DashboardTenant = "contoso"

// DashboardEnd is the end of the generated window: calls start in the
// 20 days before it.
var DashboardEnd = time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)

// LoadDashboard ingests a generated organization into st, judged by the
// default rules, and sets its building file; it returns the file's rows.
func LoadDashboard(t testing.TB, st store.Store) []model.Building {
	t.Helper()
	ctx := context.Background()
	data := t.TempDir()
	if _, err := gen.Generate(ctx, data, gen.Options{Seed: 5, Users: 40, Days: 20, End: DashboardEnd}); err != nil {
		t.Fatalf("generate: %v", err)
	}
	engine, err := quality.New(quality.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.Run(ctx, st, []string{data}, ingest.Options{Tenant: DashboardTenant, Prepare: engine.Judge})
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	if len(sum.Rejected) > 0 {
		t.Fatalf("ingest rejected %d records of generated data, first %+v", len(sum.Rejected), sum.Rejected[0])
	}
	f, err := os.Open(filepath.Join(data, "buildings.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := building.Parse(f, "buildings.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows := m.All()
	if err := st.ReplaceBuildings(ctx, DashboardTenant, rows, DashboardEnd); err != nil {
		t.Fatalf("ReplaceBuildings: %v", err)
	}
	return rows
}

// FactsOf reads the stream facts of the tenant's stored calls, and each
// call's start.
func FactsOf(t testing.TB, st store.Store, tenant string) ([]model.StreamFact, map[string]time.Time) {
	t.Helper()
	var facts []model.StreamFact
	starts := map[string]time.Time{}
	if err := st.ScanCalls(context.Background(), store.CallFilter{Tenant: tenant}, func(c *model.Call) error {
		starts[c.ID] = c.StartDateTime.Value()
		facts = append(facts, model.Facts(c)...)
		return nil
	}); err != nil {
		t.Fatalf("ScanCalls: %v", err)
	}
	return facts, starts
}

// DashboardQueries are queries over LoadDashboard's data, its tenant
// set, that between them ask for every dimension and measure, filter
// by stream and by end, group by one end and by several, order, cap and
// window: each must give what the Oracle gives. Those whose window
// starts and ends at midnight can be answered from daily rollups.
func DashboardQueries(buildings []model.Building) []cqd.Query {
	someBuilding := buildings[0].BuildingName
	all := cqd.Measures()
	week := DashboardEnd.Add(-7 * 24 * time.Hour)
	queries := []cqd.Query{
		{},
		{Measures: all},
		{GroupBy: []cqd.Dimension{cqd.MediaType}, Measures: all},
		{GroupBy: []cqd.Dimension{cqd.Day}},
		{GroupBy: []cqd.Dimension{cqd.Week, cqd.MediaType}},
		{GroupBy: []cqd.Dimension{cqd.Month}, Since: week, Until: DashboardEnd.Add(-24 * time.Hour)},
		{GroupBy: []cqd.Dimension{cqd.Hour}, Filters: []cqd.Filter{{Dimension: cqd.MediaType, Values: []string{"audio"}}}},
		{GroupBy: []cqd.Dimension{cqd.Building}, Measures: all},
		{GroupBy: []cqd.Dimension{cqd.Building, cqd.Month}},
		{GroupBy: []cqd.Dimension{cqd.City, cqd.Country, cqd.Region}},
		{GroupBy: []cqd.Dimension{cqd.Inside, cqd.ConnectionType}},
		{GroupBy: []cqd.Dimension{cqd.NetworkName, cqd.VPN, cqd.ExpressRoute}},
		{GroupBy: []cqd.Dimension{cqd.Subnet}, Filters: []cqd.Filter{{Dimension: cqd.ConnectionType, Values: []string{"wifi"}}}},
		{GroupBy: []cqd.Dimension{cqd.WifiBand}, Filters: []cqd.Filter{{Dimension: cqd.Building, Values: []string{someBuilding}}}},
		{GroupBy: []cqd.Dimension{cqd.BSSID}, OrderBy: cqd.PoorPct, Limit: 5, MinStreams: 20},
		{GroupBy: []cqd.Dimension{cqd.Platform, cqd.ProductFamily}, OrderBy: cqd.Streams, Ascending: true},
		{GroupBy: []cqd.Dimension{cqd.UserAgent}, Measures: []cqd.Measure{cqd.Streams, cqd.Poor, cqd.SetupFailures, cqd.Drops}},
		{GroupBy: []cqd.Dimension{cqd.CaptureDevice, cqd.RenderDevice}},
		// Devices and networks together: only the full rollup has both.
		{GroupBy: []cqd.Dimension{cqd.CaptureDevice, cqd.ConnectionType}, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.P95Jitter}},
		{GroupBy: []cqd.Dimension{cqd.Building, cqd.ClientVersion}, Filters: []cqd.Filter{{Dimension: cqd.MediaType, Values: []string{"audio"}}}},
		{GroupBy: []cqd.Dimension{cqd.UserTenant, cqd.Transport}},
		{GroupBy: []cqd.Dimension{cqd.CallType, cqd.Source}, Measures: all},
		{GroupBy: []cqd.Dimension{cqd.PSTN, cqd.MediaType}, Measures: all},
		{GroupBy: []cqd.Dimension{cqd.Platform, cqd.ClientVersion}, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.SetupFailurePct, cqd.P95RoundTrip}},
		{GroupBy: []cqd.Dimension{cqd.ClientVersion}, Filters: []cqd.Filter{{Dimension: cqd.PSTN, Values: []string{"true"}}}, Measures: []cqd.Measure{cqd.Streams, cqd.P95Jitter}, OrderBy: cqd.P95Jitter, Limit: 3},
		{GroupBy: []cqd.Dimension{cqd.Quality, cqd.Building}, Filters: []cqd.Filter{{Dimension: cqd.Quality, Values: []string{"poor", "unclassified"}}}},
		{Filters: []cqd.Filter{{Dimension: cqd.Building, Values: []string{someBuilding, ""}}}, Measures: all},
		{Filters: []cqd.Filter{{Dimension: cqd.Inside, Values: []string{"outside"}}, {Dimension: cqd.MediaType, Values: []string{"audio", "video"}}}},
		{GroupBy: []cqd.Dimension{cqd.Building}, Filters: []cqd.Filter{{Dimension: cqd.WifiBand, Values: []string{"frequency24GHz"}}}},
		{GroupBy: []cqd.Dimension{cqd.Day, cqd.Inside}, Since: week, Until: DashboardEnd, Measures: []cqd.Measure{cqd.Streams, cqd.PoorPct, cqd.Minutes, cqd.AvgMinutesStream, cqd.DropPct}},
		{GroupBy: []cqd.Dimension{cqd.Week}, Since: week.Add(time.Hour)},
		{GroupBy: []cqd.Dimension{cqd.FailureStage, cqd.MediaType}, Measures: []cqd.Measure{cqd.Streams, cqd.SetupFailures, cqd.Drops}},
		{GroupBy: []cqd.Dimension{cqd.ClientVersion}, Filters: []cqd.Filter{{Dimension: cqd.FailureStage, Values: []string{"callSetup"}}}, Measures: []cqd.Measure{cqd.SetupFailures}},
		{GroupBy: []cqd.Dimension{cqd.FailureReason, cqd.FailureStage}, Filters: []cqd.Filter{{Dimension: cqd.FailureStage, Values: []string{"callSetup", "midcall"}}},
			Measures: []cqd.Measure{cqd.SetupFailures, cqd.Drops}, OrderBy: cqd.SetupFailures, Limit: 5},
		{GroupBy: []cqd.Dimension{cqd.Source, cqd.FailureReason}, Measures: []cqd.Measure{cqd.Streams, cqd.SetupFailurePct, cqd.DropPct}},
		{GroupBy: []cqd.Dimension{cqd.UserAgent}, Since: week, Until: DashboardEnd, MinStreams: 10,
			Measures: []cqd.Measure{cqd.Streams, cqd.SetupFailures, cqd.SetupFailurePct, cqd.Drops, cqd.DropPct, cqd.P95Jitter}},
		{Since: DashboardEnd.Add(24 * time.Hour)},
	}
	for i := range queries {
		queries[i].Tenant = DashboardTenant
	}
	return queries
}

// CheckRows fails t unless got are want's rows, keys equal and values
// equal to a millionth; what names where the rows came from.
func CheckRows(t testing.TB, what string, q cqd.Query, got, want []cqd.Row) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%+v %s: %d rows, want %d\ngot  %s\nwant %s", q, what, len(got), len(want), dump(got), dump(want))
	}
	if len(want) == 0 {
		t.Fatalf("%+v: no rows: the query tests nothing", q)
	}
	for r := range want {
		if !slices.EqualFunc(got[r].Key, want[r].Key, func(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }) {
			t.Fatalf("%+v %s: row %d key %s, want %s", q, what, r, keyString(got[r].Key), keyString(want[r].Key))
		}
		for m, measure := range q.MeasureList() {
			if !near(got[r].Values[m], want[r].Values[m]) {
				t.Errorf("%+v %s: row %s: %s = %s, want %s", q, what, keyString(want[r].Key), measure, num(got[r].Values[m]), num(want[r].Values[m]))
			}
		}
	}
}

// testsSomething fails t when a query grouped by one dimension finds no
// value of it: the data would not exercise the dimension.
func testsSomething(t testing.TB, q cqd.Query, want []cqd.Row) {
	t.Helper()
	if len(q.GroupBy) == 1 && !slices.ContainsFunc(want, func(r cqd.Row) bool { return r.Key[0] != nil }) {
		t.Fatalf("%+v: the data has no %s: the query tests nothing", q, q.GroupBy[0])
	}
}
