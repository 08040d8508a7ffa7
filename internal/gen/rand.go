package gen

import (
	"math"
	"math/rand/v2"
)

// Streams of the seeded generator. Each part of the output draws from its
// own stream, so that the organization does not change when the call
// model does, and the Graph calls of format "both" are those of "graph".
const (
	streamOrg uint64 = iota + 1
	streamGraph
	streamACS
	streamUsage
)

// rng is a seeded PCG source with the distributions the generator needs.
// Nothing in the package reads another source of randomness.
type rng struct {
	*rand.Rand
}

func newRNG(seed int64, stream uint64) *rng {
	return &rng{rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15^stream))}
}

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.Float64() < p }

// between is uniform in [lo, hi).
func (r *rng) between(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// lognormal has the given median; sigma spreads it (0.5: most values
// within a factor of 2.7). Durations and network metrics are heavy-tailed.
func (r *rng) lognormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// poisson draws the number of events of a rate lambda: exact for small
// rates, a rounded normal for large ones (big organizations).
func (r *rng) poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 60 {
		n := int(math.Round(lambda + math.Sqrt(lambda)*r.NormFloat64()))
		return max(n, 0)
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// weighted returns an index with probability proportional to its weight.
func (r *rng) weighted(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	last := 0
	for i, w := range weights {
		if w <= 0 {
			continue
		}
		if x < w {
			return i
		}
		x -= w
		last = i
	}
	return last // rounding: the last with a weight
}

// uuid returns a random (version 4) GUID in Graph's lower-case form.
func (r *rng) uuid() string {
	var b [16]byte
	lo, hi := r.Uint64(), r.Uint64()
	for i := range 8 {
		b[i] = byte(lo >> (8 * i))
		b[8+i] = byte(hi >> (8 * i))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hex[c>>4], hex[c&0xf])
	}
	return string(out)
}

// hex returns n random lower-case hex digits.
func (r *rng) hex(n int) string {
	const hex = "0123456789abcdef"
	out := make([]byte, n)
	for i := range out {
		out[i] = hex[r.IntN(16)]
	}
	return string(out)
}

// streamID is a Graph stream id: a random 32-bit number.
func (r *rng) streamID() string {
	return uitoa(uint64(r.Uint32()))
}

func uitoa(v uint64) string {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(buf[i:])
		}
	}
}

func clamp(v, lo, hi float64) float64 {
	return math.Min(math.Max(v, lo), hi)
}
