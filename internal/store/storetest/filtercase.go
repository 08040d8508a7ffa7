package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
	"github.com/callscope/callscope/internal/store"
)

// testFilterCase: people type filter values in whatever case they think
// of (connectionType=WiFi); a value selects the same streams in any
// case, whether the query reads stream facts, a rollup or the building
// file, and a stream filter or an end filter.
func testFilterCase(t *testing.T, st store.Store, buildings []model.Building) {
	ctx := context.Background()
	building := buildings[0].BuildingName
	for _, c := range []struct {
		by     []cqd.Dimension
		filter cqd.Dimension
		value  string
	}{
		{nil, cqd.ConnectionType, "wifi"},
		{[]cqd.Dimension{cqd.Day}, cqd.MediaType, "audio"},
		{[]cqd.Dimension{cqd.Subnet}, cqd.ConnectionType, "wifi"},
		{[]cqd.Dimension{cqd.ConnectionType}, cqd.Building, building},
		{[]cqd.Dimension{cqd.BSSID}, cqd.Quality, "poor"},
	} {
		query := func(v string) (cqd.Query, []cqd.Row) {
			t.Helper()
			q := cqd.Query{Tenant: DashboardTenant, GroupBy: c.by, Filters: []cqd.Filter{{Dimension: c.filter, Values: []string{v}}}}
			res, err := st.Aggregate(ctx, q)
			if err != nil {
				t.Fatalf("%s=%s: %v", c.filter, v, err)
			}
			return q, res.Rows
		}
		_, want := query(c.value)
		if len(want) == 0 {
			t.Fatalf("%s=%s selects nothing: the case proves nothing", c.filter, c.value)
		}
		for _, v := range []string{strings.ToUpper(c.value), swapCase(c.value)} {
			q, got := query(v)
			CheckRows(t, fmt.Sprintf("(by %v, %s=%s)", c.by, c.filter, v), q, got, want)
		}
	}
}

// swapCase turns every letter's case: WiFi-2 for wIfI-2.
func swapCase(s string) string {
	return strings.Map(func(r rune) rune {
		if u := strings.ToUpper(string(r)); u != string(r) {
			return []rune(u)[0]
		}
		return []rune(strings.ToLower(string(r)))[0]
	}, s)
}

// testSetupFailuresCounted: a session that failed setup before any media
// flowed counts as a setup failure, not as a stream, in the facts and in
// the rollups alike (a whole day's window reads the rollup).
func testSetupFailuresCounted(t *testing.T, st store.Store, o *Oracle) {
	ctx := context.Background()
	for _, q := range []cqd.Query{
		{Tenant: DashboardTenant, Measures: []cqd.Measure{cqd.Streams, cqd.SetupFailures, cqd.SetupFailurePct}},
		{Tenant: DashboardTenant, GroupBy: []cqd.Dimension{cqd.MediaType}, Measures: []cqd.Measure{cqd.Streams, cqd.SetupFailures}},
		{Tenant: DashboardTenant, GroupBy: []cqd.Dimension{cqd.Hour}, Measures: []cqd.Measure{cqd.SetupFailures}},
	} {
		want := o.Aggregate(q)
		res, err := st.Aggregate(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		CheckRows(t, fmt.Sprintf("(setup failures by %v)", q.GroupBy), q, res.Rows, want)
	}
	none := 0
	for i := range o.facts {
		if o.facts[i].MediaKind == model.MediaNone && o.facts[i].FailureStage == "callSetup" {
			none++
		}
	}
	if none == 0 {
		t.Fatal("the dashboard's data has no setup failure without media: the case tests nothing")
	}
}
