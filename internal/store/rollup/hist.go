package rollup

import (
	"slices"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
)

// Metric is a metric a rollup keeps a histogram of, for the percentile
// read from it: its facts column, and the prefix of its two rollup
// columns, the buckets that count something (<prefix>_buckets, in
// increasing order) and their counts (<prefix>_counts).
type Metric struct {
	Fact, Prefix string
	Measure      cqd.Measure
	Value        func(*model.StreamFact) *float64
}

// BucketsColumn and CountsColumn are the metric's rollup columns.
func (m Metric) BucketsColumn() string { return m.Prefix + "_buckets" }
func (m Metric) CountsColumn() string  { return m.Prefix + "_counts" }

// Layout is the metric's buckets: those of its percentile.
func (m Metric) Layout() cqd.Layout {
	_, l, _ := m.Measure.Percentile()
	return l
}

// Metrics are the rollups' histograms in table order.
var Metrics = []Metric{
	{"jitter_ms", "jitter", cqd.P95Jitter, func(f *model.StreamFact) *float64 { return f.JitterMs }},
	{"packet_loss_rate", "loss", cqd.P95PacketLoss, func(f *model.StreamFact) *float64 { return f.PacketLossRate }},
	{"round_trip_ms", "rtt", cqd.P95RoundTrip, func(f *model.StreamFact) *float64 { return f.RoundTripMs }},
	{"concealed_ratio", "concealed", cqd.P95Concealed, func(f *model.StreamFact) *float64 { return f.ConcealedRatio }},
}

// MetricOf is the histogram the percentile measure m is read from; any
// other measure is a programming error.
func MetricOf(m cqd.Measure) Metric {
	i := slices.IndexFunc(Metrics, func(h Metric) bool { return h.Measure == m })
	if i < 0 {
		panic("rollup: no histogram for measure " + string(m))
	}
	return Metrics[i]
}

// Hist is a histogram as a rollup row keeps it: the buckets that count
// something, in increasing order, with their counts. A row sums a few
// streams, so a dense histogram of 68 or 89 counts was mostly zeros,
// which a batch's delta held and summed for every key.
type Hist []BucketCount

// BucketCount is one bucket of a Hist and its count.
type BucketCount struct {
	Bucket uint16
	N      int64
}

// Add counts n in bucket b.
func (h *Hist) Add(b int, n int64) {
	i, found := slices.BinarySearchFunc(*h, uint16(b), func(c BucketCount, b uint16) int { return int(c.Bucket) - int(b) })
	if found {
		(*h)[i].N += n
		return
	}
	*h = slices.Insert(*h, i, BucketCount{uint16(b), n})
}

// Merge adds every count of q.
func (h *Hist) Merge(q Hist) {
	for _, c := range q {
		h.Add(int(c.Bucket), c.N)
	}
}

// Empty reports whether every bucket counts zero (counts in and out
// again leave zeros behind).
func (h Hist) Empty() bool {
	return !slices.ContainsFunc(h, func(c BucketCount) bool { return c.N != 0 })
}
