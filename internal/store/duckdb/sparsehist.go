package duckdb

import "slices"

// sparseHist is a histogram as the rollup keeps it (migration 011): the
// buckets that count something, in increasing order, with their counts.
// A rollup row sums a few streams, so a dense histogram of 68 or 89
// counts was mostly zeros, which a batch's rollup delta held and summed
// for every key.
type sparseHist []bucketCount

type bucketCount struct {
	bucket uint16
	n      int64
}

// add counts n in bucket b.
func (h *sparseHist) add(b int, n int64) {
	i, found := slices.BinarySearchFunc(*h, uint16(b), func(c bucketCount, b uint16) int { return int(c.bucket) - int(b) })
	if found {
		(*h)[i].n += n
		return
	}
	*h = slices.Insert(*h, i, bucketCount{uint16(b), n})
}

// merge adds every count of q.
func (h *sparseHist) merge(q sparseHist) {
	for _, c := range q {
		h.add(int(c.bucket), c.n)
	}
}

// empty reports whether every bucket counts zero (counts in and out
// again leave zeros behind).
func (h sparseHist) empty() bool {
	return !slices.ContainsFunc(h, func(c bucketCount) bool { return c.n != 0 })
}
