// Package rollup is what every store keeps summed in advance for the
// dashboard, apart from how it is stored: the daily rollup tables and
// the keys each keeps, which of them answers a query, the histograms
// percentiles are read from, and the arithmetic of a write's change to
// them (Delta). A backend translates these into its own tables and SQL;
// the conformance suite's oracle checks what comes out.
//
// A rollup row is the stream facts of one day that share every key the
// table keeps, summed: counts, sums of the averaged metrics, and a
// sparse histogram per percentile. Sums add up, so the rows of a table
// may hold several rows per key (a write adds the new facts' rows and
// rows that take replaced facts out again), and a query sums them.
package rollup

import (
	"slices"
	"time"

	"github.com/callscope/callscope/internal/cqd"
)

// SideKeys are the end columns (after a side's caller_ or callee_
// prefix) the rollups keep of each end, in table order: the full rollup
// all but the user agent, which only the device rollup keeps.
var SideKeys = []string{"kind", "tenant_id", "platform", "product_family", "client_version", "subnet",
	"connection_type", "wifi_band", "transport", "capture_device", "render_device", "user_agent"}

// EndColumn is the stream_facts column (after the side's prefix) of each
// end dimension that the facts hold; a rollup holds the dimension when
// it keeps the column.
var EndColumn = map[cqd.Dimension]string{
	cqd.Subnet: "subnet", cqd.ConnectionType: "connection_type", cqd.WifiBand: "wifi_band", cqd.BSSID: "bssid",
	cqd.Transport: "transport", cqd.Platform: "platform", cqd.ProductFamily: "product_family",
	cqd.UserAgent: "user_agent", cqd.CaptureDevice: "capture_device", cqd.RenderDevice: "render_device",
	cqd.UserTenant: "tenant_id", cqd.ClientVersion: "client_version",
}

// Table is one rollup table: the facts summed by the stream keys and, of
// each end, Keep (a subset of SideKeys, in their order).
type Table struct {
	Name string
	Keep []string
}

// Tables lists the rollup tables, smallest first, each the first to
// answer the queries it holds: one without the ends' devices, product
// and client version, many times smaller where an organization has many
// models and builds, for the queries that do not ask for them (by
// building, network, subnet, Wi-Fi…); one without the ends' networks,
// for the queries by device, product and client version (five times
// smaller than the full one at 10 million streams of 16 groups of
// models and builds); and the full one.
var Tables = []Table{
	{Name: "stream_rollup_network", Keep: []string{"kind", "tenant_id", "platform", "subnet", "connection_type", "wifi_band", "transport"}},
	{Name: "stream_rollup_device", Keep: []string{"kind", "tenant_id", "platform", "product_family", "client_version", "capture_device", "render_device", "user_agent"}},
	{Name: "stream_rollup", Keep: SideKeys[:len(SideKeys)-1]},
}

// For is the smallest table that can answer q exactly — every
// dimension and measure of q is in it, and q's window starts and ends at
// UTC midnight (rollups are daily) — and false when only the facts can.
func For(q cqd.Query) (Table, bool) {
	for _, m := range q.MeasureList() {
		if !m.Additive() {
			return Table{}, false
		}
	}
	for _, t := range []time.Time{q.Since, q.Until} {
		if !t.IsZero() && !t.Equal(t.UTC().Truncate(24*time.Hour)) {
			return Table{}, false
		}
	}
	for _, t := range Tables {
		if t.Answers(q) {
			return t, true
		}
	}
	return Table{}, false
}

// Answers reports whether t holds every dimension q groups or filters
// by (not whether its window and measures suit a rollup: For does).
func (t Table) Answers(q cqd.Query) bool {
	dims := slices.Clone(q.GroupBy)
	for _, f := range q.Filters {
		dims = append(dims, f.Dimension)
	}
	return !slices.ContainsFunc(dims, func(d cqd.Dimension) bool { return !t.Holds(d) })
}

// Holds reports whether t keeps what d is made of. Building dimensions
// are made of the subnet, joined to the building file when read.
func (t Table) Holds(d cqd.Dimension) bool {
	switch {
	case d == cqd.Hour, d == cqd.BSSID:
		return false
	case !d.OfEnd():
		return true
	case d.FromBuildingFile():
		return slices.Contains(t.Keep, "subnet")
	}
	return slices.Contains(t.Keep, EndColumn[d])
}
