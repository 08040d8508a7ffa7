package cqd

import (
	"fmt"
	"slices"
	"strings"
)

// Measure is a number computed over the streams of a group.
type Measure string

// The measures: CQD's main ones (quality-definitions §3.5).
const (
	// Streams counts streams; Good, Poor and Unclassified by verdict.
	Streams      Measure = "streams"
	Good         Measure = "good"
	Poor         Measure = "poor"
	Unclassified Measure = "unclassified"
	// PoorPct is CQD's poor percentage: poor / (poor + good) × 100;
	// unclassified streams do not count. Empty when none is classified.
	PoorPct Measure = "poorPct"
	// Calls counts distinct calls.
	Calls Measure = "calls"
	// Averages and 95th percentiles of the streams that report the
	// metric: jitter and round trip in ms, packet loss and concealed
	// samples as ratios (0.1 = 10 %). Percentiles are estimated from
	// histograms (see Layout).
	AvgJitter        Measure = "avgJitterMs"
	P95Jitter        Measure = "p95JitterMs"
	AvgPacketLoss    Measure = "avgPacketLossRate"
	P95PacketLoss    Measure = "p95PacketLossRate"
	AvgRoundTrip     Measure = "avgRoundTripMs"
	P95RoundTrip     Measure = "p95RoundTripMs"
	AvgConcealed     Measure = "avgConcealedRatio"
	P95Concealed     Measure = "p95ConcealedRatio"
	AvgDegradation   Measure = "avgAudioDegradation"
	SetupFailures    Measure = "setupFailures"
	SetupFailurePct  Measure = "setupFailurePct" // setup failures / streams × 100
	Drops            Measure = "drops"           // streams of legs that failed mid-call
	DropPct          Measure = "dropPct"         // drops / streams × 100
	Minutes          Measure = "minutes"         // stream time, of streams with start and end
	AvgMinutesStream Measure = "avgStreamMinutes"
)

var measures = []Measure{
	Streams, Good, Poor, Unclassified, PoorPct, Calls,
	AvgJitter, P95Jitter, AvgPacketLoss, P95PacketLoss, AvgRoundTrip, P95RoundTrip,
	AvgConcealed, P95Concealed, AvgDegradation,
	SetupFailures, SetupFailurePct, Drops, DropPct, Minutes, AvgMinutesStream,
}

// DefaultMeasures are what a query without measures computes: what a
// dashboard tile shows.
var DefaultMeasures = []Measure{Streams, Good, Poor, Unclassified, PoorPct, AvgJitter, AvgPacketLoss, AvgRoundTrip}

// Measures lists every measure.
func Measures() []Measure { return slices.Clone(measures) }

// Valid reports whether m is a measure.
func (m Measure) Valid() bool { return slices.Contains(measures, m) }

// Additive reports whether m is made of sums over the streams (counts,
// averages as a sum over a count, percentiles as a histogram's counts),
// so that it can be computed from parts summed in advance, as a rollup
// holds them. Distinct calls cannot.
func (m Measure) Additive() bool { return m != Calls && m.Valid() }

// ParseMeasures reads a comma-separated list of measure names, in any
// case; each may be given once.
func ParseMeasures(s string) ([]Measure, error) {
	var out []Measure
	for _, name := range splitList(s) {
		m, err := ParseMeasure(name)
		if err != nil {
			return nil, err
		}
		if slices.Contains(out, m) {
			return nil, fmt.Errorf("measure %s given twice", m)
		}
		out = append(out, m)
	}
	return out, nil
}

// ParseMeasure reads one measure name in any case.
func ParseMeasure(name string) (Measure, error) {
	for _, m := range measures {
		if strings.EqualFold(string(m), strings.TrimSpace(name)) {
			return m, nil
		}
	}
	return "", fmt.Errorf("unknown measure %q: want one of %s", name, joinNames(measures))
}
