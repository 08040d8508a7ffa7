package rollup

import (
	"testing"
	"time"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
)

// TestFor: a query reads the smallest table that keeps all it groups and
// filters by, when its measures add up and its window is whole days;
// else the facts.
func TestFor(t *testing.T) {
	t.Parallel()
	midnight := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		q    cqd.Query
		want string // "" for the facts
	}{
		{"everything", cqd.Query{}, "stream_rollup_network"},
		{"by building, from the subnet", cqd.Query{GroupBy: []cqd.Dimension{cqd.Building, cqd.Day}}, "stream_rollup_network"},
		{"by Wi-Fi band, filtered by platform", cqd.Query{GroupBy: []cqd.Dimension{cqd.WifiBand}, Filters: []cqd.Filter{{Dimension: cqd.Platform, Values: []string{"windows"}}}}, "stream_rollup_network"},
		{"by client version", cqd.Query{GroupBy: []cqd.Dimension{cqd.ClientVersion}}, "stream_rollup_device"},
		{"filtered by device", cqd.Query{Filters: []cqd.Filter{{Dimension: cqd.CaptureDevice, Values: []string{"x"}}}}, "stream_rollup_device"},
		{"by device and platform", cqd.Query{GroupBy: []cqd.Dimension{cqd.RenderDevice, cqd.Platform, cqd.ProductFamily}}, "stream_rollup_device"},
		{"by device and network", cqd.Query{GroupBy: []cqd.Dimension{cqd.CaptureDevice, cqd.ConnectionType}}, "stream_rollup"},
		{"by building, filtered by client version", cqd.Query{GroupBy: []cqd.Dimension{cqd.Building}, Filters: []cqd.Filter{{Dimension: cqd.ClientVersion, Values: []string{"x"}}}}, "stream_rollup"},
		{"percentiles add up", cqd.Query{Measures: []cqd.Measure{cqd.P95Jitter, cqd.PoorPct}}, "stream_rollup_network"},
		{"whole days", cqd.Query{Since: midnight, Until: midnight.Add(48 * time.Hour)}, "stream_rollup_network"},
		{"by BSSID", cqd.Query{GroupBy: []cqd.Dimension{cqd.BSSID}}, ""},
		{"by hour", cqd.Query{GroupBy: []cqd.Dimension{cqd.Hour}}, ""},
		{"filtered by user agent", cqd.Query{Filters: []cqd.Filter{{Dimension: cqd.UserAgent, Values: []string{"x"}}}}, "stream_rollup_device"},
		{"by user agent and network", cqd.Query{GroupBy: []cqd.Dimension{cqd.UserAgent, cqd.Subnet}}, ""},
		{"by failure reason", cqd.Query{GroupBy: []cqd.Dimension{cqd.FailureReason, cqd.FailureStage}}, "stream_rollup_network"},
		{"distinct calls", cqd.Query{Measures: []cqd.Measure{cqd.Streams, cqd.Calls}}, ""},
		{"a window from an hour", cqd.Query{Since: midnight.Add(time.Hour)}, ""},
		{"a window to an hour", cqd.Query{Until: midnight.Add(time.Hour)}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, ok := For(c.q)
			if ok != (c.want != "") || got.Name != c.want {
				t.Errorf("For = %q, %v; want %q", got.Name, ok, c.want)
			}
		})
	}
}

// TestDeltaRows: a fact counted in and out again leaves nothing; facts
// a table cannot tell apart are summed into one row; metrics are summed
// and counted where known and bucketed for percentiles.
func TestDeltaRows(t *testing.T) {
	t.Parallel()
	ms := func(v float64) *float64 { return &v }
	start := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	end := start.Add(90 * time.Second)
	fact := func(device string, jitter *float64) model.StreamFact {
		return model.StreamFact{Tenant: "t", CallID: "c", Source: model.SourceGraph, MediaKind: model.MediaAudio,
			CallStart: start, Start: &start, End: &end, Quality: model.QualityGood, JitterMs: jitter,
			Caller: model.SideFact{Kind: model.EndpointParticipant, Subnet: "10.0.0.0", CaptureDevice: device}}
	}
	a, b, gone := fact("Headset A", ms(12)), fact("Headset B", ms(40)), fact("Laptop mic", nil)
	d := NewDelta()
	d.AddFacts([][]model.StreamFact{{a, b, gone}})
	d.Add(&gone, -1)

	full := d.Rows(Tables[1])
	if len(full) != 2 || full[0].Key.Sides[0][9] != "Headset A" || full[1].Key.Sides[0][9] != "Headset B" {
		t.Fatalf("full rollup: %+v, want a row for each headset and none for the fact taken out", full)
	}
	network := d.Rows(Tables[0])
	if len(network) != 1 {
		t.Fatalf("network rollup: %d rows, want the two headsets in one", len(network))
	}
	k, p := network[0].Key, network[0].Part
	if k.Sides[0][9] != "" || k.Sides[0][5] != "10.0.0.0" || !k.Day.Equal(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("network key %+v", k)
	}
	if p.N != 2 || p.Jitter != 52 || p.JitterN != 2 || p.LossN != 0 || p.Ms != 180000 || p.MsN != 2 {
		t.Errorf("network part %+v", *p)
	}
	layout := Metrics[0].Layout()
	want := Hist{{uint16(layout.Bucket(12)), 1}, {uint16(layout.Bucket(40)), 1}}
	if len(p.Hists[0]) != 2 || p.Hists[0][0] != want[0] || p.Hists[0][1] != want[1] {
		t.Errorf("jitter histogram %v, want %v", p.Hists[0], want)
	}

	d.Add(&a, -1)
	d.Add(&b, -1)
	for _, table := range Tables {
		if rows := d.Rows(table); len(rows) != 0 {
			t.Errorf("%s: %d rows left after every fact was taken out again", table.Name, len(rows))
		}
	}
}
