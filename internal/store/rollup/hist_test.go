package rollup

import (
	"math/rand/v2"
	"testing"
)

// TestSparseHistAsDense: counts added in any order and merged read as a
// dense histogram of the same counts would, in increasing bucket order,
// and a histogram whose counts came back to zero is empty.
func TestSparseHistAsDense(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		const buckets = 89
		var a, b Hist
		dense := make([]int64, buckets)
		for range rng.IntN(20) {
			bkt, n := rng.IntN(buckets), int64(rng.IntN(7)-3)
			a.Add(bkt, n)
			dense[bkt] += n
		}
		for range rng.IntN(20) {
			bkt, n := rng.IntN(buckets), int64(rng.IntN(7)-3)
			b.Add(bkt, n)
			dense[bkt] += n
		}
		a.Merge(b)
		got := make([]int64, buckets)
		last := -1
		for _, c := range a {
			if int(c.Bucket) <= last {
				t.Fatalf("round %d: buckets out of order: %v", round, a)
			}
			last = int(c.Bucket)
			got[c.Bucket] = c.N
		}
		zero := true
		for i := range dense {
			if got[i] != dense[i] {
				t.Fatalf("round %d: bucket %d counts %d, want %d", round, i, got[i], dense[i])
			}
			zero = zero && dense[i] == 0
		}
		if a.Empty() != zero {
			t.Fatalf("round %d: empty() = %v for %v", round, a.Empty(), dense)
		}
	}
}
