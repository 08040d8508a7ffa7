package api

import (
	"math"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
)

// The charted metrics and their poor thresholds. ACS publishes its
// Insights dashboard's stream rule on averages over a whole stream
// (acs-logs §4: jitter > 30 ms, packet loss > 10 %, round trip > 500 ms);
// Teams' real-time analytics draws the same lines over a meeting's time
// axis, and adds that audio is good above 24 kbps (quality-definitions
// §4). A 10-s aggregate is judged by them as RTA judges its samples. The
// stream verdicts of package quality use the same numbers on Graph's
// fields; TestSeriesThresholdsPinned holds these to them.
const (
	sourceACSInsights = "ACS Voice and Video Insights: a stream is poor past it"
	sourceRTA         = "Teams real-time analytics: audio is good above it"
)

// seriesMetrics lists the charted metrics in the order the pages draw
// them. from names the ACS MetricName values each is read from, the
// preferred first; packet loss is derived from two of them (lossOf).
var seriesMetrics = []wire.SeriesMetric{
	{Metric: "jitter", Label: "Jitter", Unit: "ms", From: []string{"JitterInMs"},
		Thresholds: []wire.SeriesThreshold{{Op: ">", Value: 30, Source: sourceACSInsights}}},
	{Metric: "packetLoss", Label: "Packet loss", Unit: "%", From: []string{"PacketsLostPerSecond", "PacketsPerSecond"},
		Thresholds: []wire.SeriesThreshold{{Op: ">", Value: 10, Source: sourceACSInsights}}},
	{Metric: "roundTrip", Label: "Round trip", Unit: "ms", From: []string{"RttInMs", "RoundTripTimeInMs", "PairRttInMs"},
		Thresholds: []wire.SeriesThreshold{{Op: ">", Value: 500, Source: sourceACSInsights}}},
	{Metric: "bitrate", Label: "Bitrate", Unit: "kbps", From: []string{"Bitrate", "BitrateInBps"},
		Thresholds: []wire.SeriesThreshold{{Op: "<", Value: 24, MediaTypes: []string{"audio"}, Source: sourceRTA}}},
}

// thresholdFor is the threshold of metric that applies to a stream of
// mediaType, nil when none is published for it.
func thresholdFor(metric, mediaType string) *wire.SeriesThreshold {
	for _, m := range seriesMetrics {
		if m.Metric != metric {
			continue
		}
		for _, th := range m.Thresholds {
			if len(th.MediaTypes) == 0 {
				return &th
			}
			for _, mt := range th.MediaTypes {
				if mt == mediaType {
					return &th
				}
			}
		}
	}
	return nil
}

// pastThreshold reports whether v is poor by th: strictly past the line,
// as the published rules have it (jitter of exactly 30 ms is not poor).
func pastThreshold(th *wire.SeriesThreshold, v float64) bool {
	switch {
	case th == nil:
		return false
	case th.Op == "<":
		return v < th.Value
	}
	return v > th.Value
}

// lowerIsWorse reports whether a metric is poor below its thresholds
// (bitrate), so that its worst value is its lowest, for every stream,
// whether or not a threshold applies to it.
func lowerIsWorse(m wire.SeriesMetric) bool {
	for _, th := range m.Thresholds {
		if th.Op == "<" {
			return true
		}
	}
	return false
}

// aggregate is one 10-s aggregate of one metric of one stream, in the
// charted unit.
type aggregate struct {
	at  time.Time
	avg float64
	// hasRange says whether lo and hi are known (not for a derived
	// metric).
	hasRange bool
	lo, hi   float64
	count    int64
}

// seriesAxis is the time axis the series share, the width of one point
// on it, and how many points it has room for.
type seriesAxis struct {
	start, end time.Time
	step       time.Duration
	bins       int64
}

// axisFor is the axis from start to end, its step the aggregation
// interval or the smallest multiple of it that needs at most maxPoints
// points: merging whole intervals keeps each point an honest sum of
// aggregates.
func axisFor(start, end time.Time, interval time.Duration, maxPoints int) seriesAxis {
	if interval <= 0 {
		interval = 10 * time.Second
	}
	span := max(end.Sub(start), interval)
	per := int64(math.Ceil(float64(span) / float64(interval) / float64(max(maxPoints, 1))))
	step := interval * time.Duration(max(per, 1))
	bins := int64(math.Ceil(float64(span) / float64(step)))
	return seriesAxis{start: start, end: start.Add(span), step: step, bins: max(bins, 1)}
}

// bin is the index of the point that holds time t; an aggregate stamped
// at the very end of the axis joins the last point.
func (a seriesAxis) bin(t time.Time) int64 {
	if t.Before(a.start) {
		return 0
	}
	return min(int64(t.Sub(a.start)/a.step), a.bins-1)
}

// downsample merges aggs (in time order) into at most one point per step
// of the axis. A point's average is the mean of its samples (weighted by
// count; by aggregate when counts are missing), its range the widest of
// its aggregates', and it is poor when any of its aggregates was past
// th: merging never hides a poor interval. poorAggs counts those
// aggregates, worst is the worst average of any aggregate: the lowest
// when lowerWorse, else the highest.
func downsample(aggs []aggregate, ax seriesAxis, th *wire.SeriesThreshold, lowerWorse bool) (points []wire.SeriesPoint, poorAggs int, worst *float64) {
	points = []wire.SeriesPoint{}
	var (
		cur            *wire.SeriesPoint
		curBin         int64
		weighted, mass float64
		allCounted     bool
		plain          float64
	)
	flush := func() {
		if cur == nil {
			return
		}
		if allCounted && mass > 0 {
			cur.Average = weighted / mass
		} else {
			cur.Average = plain / float64(cur.Aggregates)
		}
		points = append(points, *cur)
		cur = nil
	}
	for _, a := range aggs {
		if math.IsNaN(a.avg) || math.IsInf(a.avg, 0) {
			continue
		}
		if pastThreshold(th, a.avg) {
			poorAggs++
		}
		if worst == nil || lowerWorse && a.avg < *worst || !lowerWorse && a.avg > *worst {
			w := a.avg
			worst = &w
		}
		b := ax.bin(a.at)
		if cur == nil || b != curBin {
			flush()
			cur = &wire.SeriesPoint{Time: a.at.UTC(), OffsetSeconds: a.at.Sub(ax.start).Seconds()}
			curBin, weighted, mass, allCounted, plain = b, 0, 0, true, 0
		}
		cur.Aggregates++
		cur.Count += a.count
		plain += a.avg
		if a.count > 0 {
			weighted += a.avg * float64(a.count)
			mass += float64(a.count)
		} else {
			allCounted = false
		}
		if a.hasRange {
			if cur.Minimum == nil || a.lo < *cur.Minimum {
				lo := a.lo
				cur.Minimum = &lo
			}
			if cur.Maximum == nil || a.hi > *cur.Maximum {
				hi := a.hi
				cur.Maximum = &hi
			}
		}
		cur.Poor = cur.Poor || pastThreshold(th, a.avg)
	}
	flush()
	return points, poorAggs, worst
}
