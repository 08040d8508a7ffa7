package gen

import (
	"math"
	"math/bits"
)

// Percentiles summarize a distribution: how many values there are, what
// half, nine in ten and 99 in 100 of them are at most, and the largest.
type Percentiles struct {
	N   int64 `json:"n"`
	P50 int64 `json:"p50"`
	P90 int64 `json:"p90"`
	P99 int64 `json:"p99"`
	Max int64 `json:"max"`
}

// dist is a histogram of non-negative values that answers percentiles.
// It has a bounded number of buckets, so that keeping it does not grow
// with the number of calls: exact below 256, then 64 buckets per power of
// two, each under 1.6 % wide. A percentile is its bucket's lower bound,
// the maximum is exact.
type dist struct {
	counts []int64
	n      int64
	max    int64
}

const (
	distExact = 256 // values below are counted exactly
	distSub   = 64  // buckets per power of two above
	distShift = 6   // log2(distSub)
	distBase  = 8   // log2(distExact)
)

func (d *dist) add(v int64) {
	v = max(v, 0)
	i := distBucket(v)
	if i >= len(d.counts) {
		d.counts = append(d.counts, make([]int64, i+1-len(d.counts))...)
	}
	d.counts[i]++
	d.n++
	d.max = max(d.max, v)
}

func distBucket(v int64) int {
	if v < distExact {
		return int(v)
	}
	e := bits.Len64(uint64(v)) - 1 // v in [2^e, 2^(e+1))
	m := int(v>>(e-distShift)) & (distSub - 1)
	return distExact + (e-distBase)*distSub + m
}

// distLow is the smallest value of bucket i.
func distLow(i int) int64 {
	if i < distExact {
		return int64(i)
	}
	e := (i-distExact)/distSub + distBase
	m := int64((i - distExact) % distSub)
	return (distSub + m) << (e - distShift)
}

// quantile returns the smallest bucket value with at least q of the
// values at or below it (nearest rank); 0 when empty.
func (d *dist) quantile(q float64) int64 {
	if d.n == 0 {
		return 0
	}
	rank := int64(math.Ceil(q * float64(d.n)))
	rank = min(max(rank, 1), d.n)
	var seen int64
	for i, c := range d.counts {
		seen += c
		if seen >= rank {
			return min(distLow(i), d.max)
		}
	}
	return d.max
}

func (d *dist) percentiles() Percentiles {
	return Percentiles{N: d.n, P50: d.quantile(0.5), P90: d.quantile(0.9), P99: d.quantile(0.99), Max: d.max}
}
