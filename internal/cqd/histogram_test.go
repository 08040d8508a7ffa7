package cqd

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestBucket(t *testing.T) {
	t.Parallel()
	lower, upper := Milliseconds.Bounds()
	if len(lower) != Milliseconds.Buckets() || len(upper) != len(lower) {
		t.Fatalf("%d bounds for %d buckets", len(lower), Milliseconds.Buckets())
	}
	for _, c := range []struct {
		layout Layout
		v      float64
		lo, hi float64
	}{
		{Milliseconds, 0, 0, 0},
		{Milliseconds, -3, 0, 0},
		{Milliseconds, math.NaN(), 0, 0},
		{Milliseconds, 0.2, 0, 1},
		{Milliseconds, 9.99, 9, 10},
		{Milliseconds, 10, 10, 12},
		{Milliseconds, 29.5, 28, 30},
		{Milliseconds, 30, 30, 35},
		{Milliseconds, 499, 475, 500},
		{Milliseconds, 500, 500, 550},
		{Milliseconds, 9999, 9000, 10000},
		{Milliseconds, 10000, 10000, 10000},
		{Milliseconds, 1e9, 10000, 10000},
		{Ratios, 0, 0, 0},
		{Ratios, 0.0004, 0, 0.001},
		{Ratios, 0.1, 0.1, 0.11},
		{Ratios, 0.07, 0.07, 0.075},
		{Ratios, 0.999, 0.95, 1},
		{Ratios, 1, 1, 1},
	} {
		lower, upper := c.layout.Bounds()
		b := c.layout.Bucket(c.v)
		if !near(lower[b], c.lo) || !near(upper[b], c.hi) {
			t.Errorf("%s: %v in bucket %d [%v, %v), want [%v, %v)", c.layout.Name, c.v, b, lower[b], upper[b], c.lo, c.hi)
		}
		if c.v > 0 && c.v < upper[b] && c.v < lower[b] {
			t.Errorf("%s: %v below its bucket's lower bound %v", c.layout.Name, c.v, lower[b])
		}
	}
}

// TestBucketsContainTheirValues: every value lands in the bucket whose
// bounds hold it, across the whole range and at each edge.
func TestBucketsContainTheirValues(t *testing.T) {
	t.Parallel()
	for _, l := range []Layout{Milliseconds, Ratios} {
		lower, upper := l.Bounds()
		for i := 1; i < len(lower)-1; i++ {
			if i > 1 && lower[i] != upper[i-1] {
				t.Errorf("%s: bucket %d starts at %v, the one before ends at %v", l.Name, i, lower[i], upper[i-1])
			}
			for _, v := range []float64{lower[i], (lower[i] + upper[i]) / 2, math.Nextafter(upper[i], 0)} {
				if v <= 0 {
					continue
				}
				// A value at an edge may round into either bucket, never further.
				b := l.Bucket(v)
				if eps := 1e-12 * math.Max(1, v); v < lower[b]-eps || v > upper[b]+eps {
					t.Errorf("%s: %v in bucket %d [%v, %v)", l.Name, v, b, lower[b], upper[b])
				}
			}
		}
	}
}

// TestEstimateNearExact: the estimate of a p95 is within the width of
// the bucket holding the exact value, for data shaped like real metrics.
func TestEstimateNearExact(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	shapes := []struct {
		layout Layout
		gen    func() float64
	}{
		{Milliseconds, func() float64 { return math.Round(math.Exp(r.NormFloat64()*0.8 + 2.5)) }}, // jitter
		{Milliseconds, func() float64 { return math.Round(40 + r.ExpFloat64()*80) }},              // round trip
		{Ratios, func() float64 { // loss: mostly none
			if r.IntN(4) > 0 {
				return 0
			}
			return math.Min(1, r.ExpFloat64()*0.03)
		}},
		{Ratios, func() float64 { return math.Min(1, r.ExpFloat64()*0.02) }}, // concealment
	}
	for _, n := range []int{1, 2, 7, 100, 5000} {
		for _, s := range shapes {
			vs := make([]float64, n)
			for i := range vs {
				vs[i] = s.gen()
			}
			got, ok := s.layout.Estimate(s.layout.Count(vs), 0.95)
			if !ok {
				t.Fatalf("no estimate of %d values", n)
			}
			want := exactQuantile(vs, 0.95)
			lower, upper := s.layout.Bounds()
			b := s.layout.Bucket(want)
			if width := upper[b] - lower[b]; math.Abs(got-want) > width+1e-12 && b != len(lower)-1 {
				t.Errorf("%s, %d values: p95 %v, exact %v: more than a bucket (%v) apart", s.layout.Name, n, got, want, width)
			}
		}
	}
	if _, ok := Milliseconds.Estimate(make([]int64, Milliseconds.Buckets()), 0.95); ok {
		t.Error("estimate of no values")
	}
	zeros := Ratios.Count([]float64{0, 0, 0})
	if got, _ := Ratios.Estimate(zeros, 0.95); got != 0 {
		t.Errorf("p95 of zeros = %v, want 0", got)
	}
}

func exactQuantile(vs []float64, q float64) float64 {
	vs = slices.Clone(vs)
	slices.Sort(vs)
	pos := q * float64(len(vs)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(vs)-1)
	return vs[lo] + (pos-float64(lo))*(vs[hi]-vs[lo])
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
