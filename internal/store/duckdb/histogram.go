package duckdb

import (
	"slices"
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store/rollup"
)

// Percentile histograms in SQL: bucketing as cqd.Layout.Bucket does it,
// counting per bucket, and the estimate of migration 007's macros
// (hist_quantile), which follow cqd.Layout.Estimate.

// factsHistogramSQL is an aggregate over stream facts: the histogram of
// the percentile measure m over a group's rows, a list of DOUBLE counts
// for quantileSQL. (A rollup's are summed apart: rollupHistogramSQL.)
func factsHistogramSQL(m cqd.Measure) string {
	h := rollup.MetricOf(m)
	l := h.Layout()
	return "list_transform(range(" + strconv.Itoa(l.Buckets()) + "), lambda bkt: CAST(coalesce(" + histogramMap(l, "f."+h.Fact) + "[bkt], 0) AS DOUBLE))"
}

// rollupHistogramSQL sums the sparse histograms of the percentile
// measure m over the rows r of a rollup by the group keys: a row per
// group with the keys, the buckets that count something (hb, in order)
// and their counts (hn). The histograms are unnested and summed by
// group and bucket, which reads each row's few buckets once: summing
// every bucket of every row (a sum per bucket, each looking its bucket
// up in each row's list) took nine times as long, and reading dense
// lists, before migration 011, five times.
func rollupHistogramSQL(m cqd.Measure, keys []string) string {
	h := rollup.MetricOf(m)
	cols := strings.Join(append(slices.Clone(keys), ""), ", ")
	group := ""
	if len(keys) > 0 {
		group = " GROUP BY " + strings.Join(keys, ", ")
	}
	return "SELECT " + cols + "list(b ORDER BY b) AS hb, list(n ORDER BY b) AS hn FROM (SELECT " + cols + "b, sum(c) AS n FROM (SELECT " +
		cols + "unnest(f." + h.BucketsColumn() + ") AS b, unnest(f." + h.CountsColumn() + ") AS c FROM r f) GROUP BY " + cols + "b)" + group
}

// denseHistogramSQL is the histogram of the percentile measure m from
// the sparse one that rollupHistogramSQL summed, as h: a list of DOUBLE
// counts, a bucket each, for quantileSQL.
func denseHistogramSQL(m cqd.Measure, h string) string {
	return "list_transform(range(" + strconv.Itoa(rollup.MetricOf(m).Layout().Buckets()) + "), lambda bkt: CAST(coalesce(" +
		h + ".hn[list_position(" + h + ".hb, bkt)], 0) AS DOUBLE))"
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
