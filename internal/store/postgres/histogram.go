package postgres

import (
	"strconv"
	"strings"

	"github.com/callscope/callscope/internal/cqd"
	"github.com/callscope/callscope/internal/store/rollup"
)

// Percentile histograms in SQL: bucketing as cqd.Layout.Bucket does it,
// counting per bucket, and the estimate of migration 002's function
// hist_quantile, which follows cqd.Layout.Estimate.
//
// Facts and rollups alike give a group's histogram sparse: the buckets
// that count something, in order, and their counts. A fact is one
// count in its value's bucket; a rollup row holds a few buckets
// already. Rows are unnested to (percentile, bucket, count) and summed
// by group, percentile and bucket, which reads each row's few buckets
// once, and every percentile of the query in one reading of the rows.

// histogramsSQL sums the histograms of the percentile measures ms over
// the rows r of rel by the group keys: a row per group with the keys
// and, for the i-th measure, the buckets that count something (hb<i>,
// in order) and their counts (hn<i>).
//
// Each row of r is unnested to its (percentile p, bucket b, count c)
// by set-returning functions in the select list, which run beside the
// scan: joined laterally to a VALUES list, the same took PostgreSQL
// four times as long, caching each row's values to no avail.
func (rel relation) histogramsSQL(ms []cqd.Measure, keys []string) string {
	cols := strings.Join(append(append([]string{}, keys...), ""), ", ")
	var ps, bs, cs []string
	for i, m := range ms {
		h := rollup.MetricOf(m)
		if rel.rollup {
			ps = append(ps, "array_fill("+strconv.Itoa(i)+", ARRAY[cardinality(f."+h.BucketsColumn()+")])")
			bs = append(bs, "f."+h.BucketsColumn())
			cs = append(cs, "f."+h.CountsColumn())
		} else {
			ps = append(ps, strconv.Itoa(i))
			bs = append(bs, bucketSQL(h.Layout(), "f."+h.Fact))
		}
	}
	var counted string
	if rel.rollup {
		counted = "SELECT " + cols + "unnest(" + strings.Join(ps, " || ") + ") AS p, unnest(" + strings.Join(bs, " || ") + ") AS b, unnest(" +
			strings.Join(cs, " || ") + ") AS c FROM r f"
	} else {
		counted = "SELECT " + cols + "unnest(ARRAY[" + strings.Join(ps, ", ") + "]) AS p, unnest(ARRAY[" + strings.Join(bs, ", ") + "]) AS b, 1 AS c FROM r f"
	}
	sel := cols
	for i := range ms {
		filter := " FILTER (WHERE p = " + strconv.Itoa(i) + ")"
		sel += "array_agg(b ORDER BY b)" + filter + " AS hb" + strconv.Itoa(i) + ", array_agg(n ORDER BY b)" + filter + " AS hn" + strconv.Itoa(i) + ", "
	}
	group := ""
	if len(keys) > 0 {
		group = " GROUP BY " + strings.Join(keys, ", ")
	}
	return "SELECT " + strings.TrimSuffix(sel, ", ") + " FROM (SELECT " + cols + "p, CAST(b AS integer) AS b, CAST(sum(c) AS bigint) AS n FROM (" +
		counted + ") counted WHERE b IS NOT NULL GROUP BY " + cols + "p, b) summed" + group
}

// quantileSQL estimates m, a percentile, from the i-th histogram of h,
// a row of histogramsSQL.
func quantileSQL(m cqd.Measure, h string, i int) string {
	q, l, _ := m.Percentile()
	lower, upper := l.Bounds()
	n := strconv.Itoa(i)
	return "hist_quantile(" + h + ".hb" + n + ", " + h + ".hn" + n + ", " + float8Array(lower) + ", " + float8Array(upper) + ", " + float8(q) + ")"
}

// float8 writes v as a double precision constant: a plain 0.001 is a
// numeric, which would compare and divide differently from Go. The
// shortest decimal that reads back as v is read back as v by the
// server too.
func float8(v float64) string {
	return "'" + strconv.FormatFloat(v, 'g', -1, 64) + "'::double precision"
}

// float8Array writes vs as a double precision[] constant.
func float8Array(vs []float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return "'{" + strings.Join(parts, ",") + "}'::double precision[]"
}

// bucketSQL is the bucket of expr, a double precision, as
// cqd.Layout.Bucket computes it: the same subtraction, division and
// floor of doubles, so that both agree to the bit. NULL has none.
// PostgreSQL holds NaN greater than every number, where Go's
// comparisons are false: NaN is put in bucket 0 by name.
func bucketSQL(l cqd.Layout, expr string) string {
	var sb strings.Builder
	sb.WriteString("CASE WHEN " + expr + " IS NULL THEN NULL WHEN NOT (" + expr + " > 0) OR " + expr + " = 'NaN'::double precision THEN 0")
	base := 1
	for _, p := range l.Pieces {
		sb.WriteString(" WHEN " + expr + " < " + float8(p.End()) + " THEN " + strconv.Itoa(base) +
			" + least(" + strconv.Itoa(p.Count-1) + ", CAST(floor((" + expr + " - " + float8(p.Start) + ") / " + float8(p.Width) + ") AS integer))")
		base += p.Count
	}
	sb.WriteString(" ELSE " + strconv.Itoa(base) + " END")
	return sb.String()
}
