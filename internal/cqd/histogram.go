package cqd

import "math"

// Percentiles are estimated from histograms rather than from every value:
// a histogram's counts add up, so a rollup holds them summed in advance,
// and a query over a hundred million streams reads thousands of rows.
// Every path (rollup or facts) estimates the same way, so a figure does
// not change when a window moves by an hour. The buckets are narrow
// where the thresholds are (jitter 30 ms, round trip 500 ms, loss 10 %,
// concealment 7 %): an estimate is within a tenth of the value above the
// first few units, and exact at zero.

// Piece is a run of equal-width buckets: Count buckets of Width from
// Start.
type Piece struct {
	Start, Width float64
	Count        int
}

// Layout is a histogram's buckets: bucket 0 holds zero (and anything
// below), then the buckets of each piece in turn, then one bucket from
// the last piece's end upwards.
type Layout struct {
	Name   string
	Pieces []Piece
}

// Milliseconds is the layout of jitter and round trip, in ms: 1 ms
// buckets to 10 ms, 2 to 30, 5 to 100, 10 to 200, 25 to 500, 50 to 1 s,
// 100 to 2 s, 500 to 5 s, 1 s to 10 s, then one for 10 s and more.
var Milliseconds = Layout{Name: "ms", Pieces: []Piece{
	{0, 1, 10}, {10, 2, 10}, {30, 5, 14}, {100, 10, 10}, {200, 25, 12},
	{500, 50, 10}, {1000, 100, 10}, {2000, 500, 6}, {5000, 1000, 5},
}}

// Ratios is the layout of packet loss and concealment, as ratios (0.01 =
// 1 %): 0.1 % buckets to 1 %, 0.2 % to 3 %, 0.5 % to 10 %, 1 % to 20 %,
// 2.5 % to 50 %, 5 % to 100 %, then one for 100 %.
var Ratios = Layout{Name: "ratio", Pieces: []Piece{
	{0, 0.001, 10}, {0.01, 0.002, 10}, {0.03, 0.005, 14}, {0.1, 0.01, 10},
	{0.2, 0.025, 12}, {0.5, 0.05, 10},
}}

// Buckets is how many buckets l has.
func (l Layout) Buckets() int {
	n := 2
	for _, p := range l.Pieces {
		n += p.Count
	}
	return n
}

// Bucket is the bucket v falls in. The store computes the same in SQL
// (the same subtraction, division and floor of doubles, so both agree to
// the bit); a piece's last bucket takes values that round up to its end.
func (l Layout) Bucket(v float64) int {
	if !(v > 0) { // zero, negative and NaN
		return 0
	}
	base := 1
	for _, p := range l.Pieces {
		if v < p.End() {
			return base + min(p.Count-1, int(math.Floor((v-p.Start)/p.Width)))
		}
		base += p.Count
	}
	return base
}

// End is where the piece's last bucket ends.
func (p Piece) End() float64 { return p.Start + p.Width*float64(p.Count) }

// Bounds are each bucket's lower and upper values: zero for bucket 0,
// the last piece's end for both bounds of the open last bucket, as
// nothing says how far it reaches.
func (l Layout) Bounds() (lower, upper []float64) {
	lower, upper = []float64{0}, []float64{0}
	for _, p := range l.Pieces {
		for i := range p.Count {
			lower = append(lower, p.Start+p.Width*float64(i))
			upper = append(upper, p.Start+p.Width*float64(i+1))
		}
	}
	last := l.Pieces[len(l.Pieces)-1].End()
	return append(lower, last), append(upper, last)
}

// Estimate is the q-quantile (0.95 for p95) of the values counted in
// counts, a bucket each in l's order, or false when there are none. It
// reads the values as spread evenly across their buckets (the j-th of c
// values of a bucket at (j+½)/c of its width) and interpolates between
// the values of ranks either side of q·(n−1), as an exact continuous
// quantile does between the sorted values. The store's SQL does the same
// arithmetic.
func (l Layout) Estimate(counts []int64, q float64) (float64, bool) {
	lower, upper := l.Bounds()
	var n int64
	for _, c := range counts {
		n += c
	}
	if n <= 0 || len(counts) != len(lower) {
		return 0, false
	}
	// at is the value of rank k (0 ≤ k < n).
	at := func(k int64) float64 {
		var below int64
		for i, c := range counts {
			if below+c > k {
				return lower[i] + (upper[i]-lower[i])*(float64(k-below)+0.5)/float64(c)
			}
			below += c
		}
		return lower[len(lower)-1]
	}
	rank := q * float64(n-1)
	k := int64(math.Floor(rank))
	lo, hi := at(k), at(min(k+1, n-1))
	return lo + (rank-float64(k))*(hi-lo), true
}

// Count is the histogram of values in l.
func (l Layout) Count(values []float64) []int64 {
	counts := make([]int64, l.Buckets())
	for _, v := range values {
		counts[l.Bucket(v)]++
	}
	return counts
}

// Percentile is the quantile a measure estimates and the layout of its
// metric, or false for measures that are not percentiles.
func (m Measure) Percentile() (q float64, l Layout, ok bool) {
	switch m {
	case P95Jitter, P95RoundTrip:
		return 0.95, Milliseconds, true
	case P95PacketLoss, P95Concealed:
		return 0.95, Ratios, true
	}
	return 0, Layout{}, false
}
