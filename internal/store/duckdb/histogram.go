package duckdb

import (
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/model"
)

// Percentile histograms in SQL: bucketing as cqd.Layout.Bucket does it,
// counting per bucket, and the estimate of migration 007's macros
// (hist_quantile), which follow cqd.Layout.Estimate.

// metricHist is a metric the rollup keeps a histogram of: its facts
// column, the prefix of its rollup columns (migration 011: <prefix>_buckets,
// the buckets that count something, and <prefix>_counts, their counts)
// and the percentile read from it.
type metricHist struct {
	fact, prefix string
	measure      cqd.Measure // the percentile read from it
	value        func(*model.StreamFact) *float64
}

func (h metricHist) bucketsCol() string { return h.prefix + "_buckets" }
func (h metricHist) countsCol() string  { return h.prefix + "_counts" }

// countSQL is the count of bucket b (0-based) in the sparse histogram h
// of the rollup row f: 0 where b counts nothing.
func (h metricHist) countSQL(b int) string {
	return "coalesce(f." + h.countsCol() + "[list_position(f." + h.bucketsCol() + ", " + strconv.Itoa(b) + ")], 0)"
}

// rollupHists are the rollup's histograms in table order.
var rollupHists = []metricHist{
	{"jitter_ms", "jitter", cqd.P95Jitter, func(f *model.StreamFact) *float64 { return f.JitterMs }},
	{"packet_loss_rate", "loss", cqd.P95PacketLoss, func(f *model.StreamFact) *float64 { return f.PacketLossRate }},
	{"round_trip_ms", "rtt", cqd.P95RoundTrip, func(f *model.StreamFact) *float64 { return f.RoundTripMs }},
	{"concealed_ratio", "concealed", cqd.P95Concealed, func(f *model.StreamFact) *float64 { return f.ConcealedRatio }},
}

// layout is h's buckets: those of the percentile read from it.
func (h metricHist) layout() cqd.Layout {
	_, l, _ := h.measure.Percentile()
	return l
}

// histogramSQL is an aggregate: the histogram of the percentile measure
// m over rel's rows, a list of DOUBLE counts for quantileSQL.
func (rel relation) histogramSQL(m cqd.Measure) string {
	for _, h := range rollupHists {
		if h.measure != m {
			continue
		}
		l := h.layout()
		if rel.rollup {
			sums := make([]string, l.Buckets())
			for i := range sums {
				sums[i] = "CAST(coalesce(sum(" + h.countSQL(i) + "), 0) AS DOUBLE)"
			}
			return "list_value(" + strings.Join(sums, ", ") + ")"
		}
		return "list_transform(range(" + strconv.Itoa(l.Buckets()) + "), lambda bkt: CAST(coalesce(" + histogramMap(l, "f."+h.fact) + "[bkt], 0) AS DOUBLE))"
	}
	panic("cqd: no histogram for measure " + string(m))
}

// double writes v as a DOUBLE literal: DuckDB reads a plain 0.001 as a
// DECIMAL, which would compare and divide differently from Go.
func double(v float64) string { return strconv.FormatFloat(v, 'e', -1, 64) }

// bucketSQL is the bucket of expr, a DOUBLE that is not NULL.
func bucketSQL(l cqd.Layout, expr string) string {
	var sb strings.Builder
	sb.WriteString("CASE WHEN NOT (" + expr + " > 0) THEN 0")
	base := 1
	for _, p := range l.Pieces {
		sb.WriteString(" WHEN " + expr + " < " + double(p.End()) + " THEN " + strconv.Itoa(base) +
			" + least(" + strconv.Itoa(p.Count-1) + ", CAST(floor((" + expr + " - " + double(p.Start) + ") / " + double(p.Width) + ") AS INTEGER))")
		base += p.Count
	}
	sb.WriteString(" ELSE " + strconv.Itoa(base) + " END")
	return sb.String()
}

// histogramMap is an aggregate: the MAP from bucket to count of the
// values of expr, NULLs left out.
func histogramMap(l cqd.Layout, expr string) string {
	return "(histogram(" + bucketSQL(l, expr) + ") FILTER (WHERE " + expr + " IS NOT NULL))"
}

// quantileSQL estimates m, a percentile, from the histogram counts, a
// list of DOUBLEs.
func quantileSQL(m cqd.Measure, counts string) string {
	q, l, _ := m.Percentile()
	lower, upper := l.Bounds()
	list := func(vs []float64) string {
		parts := make([]string, len(vs))
		for i, v := range vs {
			parts[i] = double(v)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return "hist_quantile(" + counts + ", " + list(lower) + ", " + list(upper) + ", " + double(q) + ")"
}
