package wire

import (
	"time"

	"github.com/callscope/callscope/internal/model"
)

// CallSeries is GET /api/v1/calls/{id}/series: a call's client media
// statistics over time, as ACS's CallClientMediaStatsTimeSeries log has
// them (one aggregate of 10 s per metric and stream), per stream: jitter,
// packet loss, round trip and bitrate, each with the poor threshold that
// applies to the stream and its points past it marked. The streams come
// worst first, a page at a time; StreamCount counts them all,
// StreamOffset is the position of the page's first.
//
// A call without series says why in Unavailable and has no streams.
type CallSeries struct {
	ID     string       `json:"id"`
	Source model.Source `json:"source,omitempty"`
	// StartDateTime and EndDateTime are the call's own times.
	StartDateTime model.Opt[time.Time] `json:"startDateTime,omitzero"`
	EndDateTime   model.Opt[time.Time] `json:"endDateTime,omitzero"`
	// AxisStart and AxisEnd are the time axis every stream shares: the
	// call's span, widened to hold every aggregate (clients' clocks
	// drift from the service's). Absent when the call has no series.
	AxisStart *time.Time `json:"axisStart,omitempty"`
	AxisEnd   *time.Time `json:"axisEnd,omitempty"`
	// Unavailable says why the call has no series to chart.
	Unavailable *SeriesUnavailable `json:"unavailable,omitempty"`
	// Metrics describes the charted metrics: unit, the ACS metrics each
	// is read from and the thresholds that may apply.
	Metrics []SeriesMetric `json:"metrics"`
	// Records counts the call's media statistics records; MaxPoints is
	// the most points a metric's series has in this answer, and
	// IntervalSeconds the time one point stands for: 10 (the ACS
	// aggregation interval) when nothing was merged, a multiple of it
	// when aggregates were merged to stay within MaxPoints.
	Records         int            `json:"records"`
	MaxPoints       int            `json:"maxPoints"`
	IntervalSeconds float64        `json:"intervalSeconds"`
	StreamCount     int            `json:"streamCount"`
	StreamOffset    int            `json:"streamOffset"`
	Streams         []StreamSeries `json:"streams"`
	Next            string         `json:"next,omitempty"`
}

// Reasons a call has no series (SeriesUnavailable.Reason).
const (
	// SeriesAveragesOnly: a Graph call record, which carries each
	// stream's averages and maxima over the whole stream, never values
	// over time.
	SeriesAveragesOnly = "averagesOnly"
	// SeriesNotSent: an ACS call none of whose clients' media statistics
	// time series were collected.
	SeriesNotSent = "notSent"
	// SeriesNoChartedMetric: time series exist, but of none of the
	// charted metrics.
	SeriesNoChartedMetric = "noChartedMetric"
)

// SeriesUnavailable says, as a code and in words, why a call has no
// series.
type SeriesUnavailable struct {
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// SeriesMetric is one charted metric.
type SeriesMetric struct {
	// Metric is jitter, packetLoss, roundTrip or bitrate.
	Metric string `json:"metric"`
	Label  string `json:"label"`
	// Unit is ms, % or kbps.
	Unit string `json:"unit"`
	// From names the ACS metrics (MetricName) it is read from.
	From       []string          `json:"from"`
	Thresholds []SeriesThreshold `json:"thresholds"`
}

// SeriesThreshold is a published line past which a value is poor: above
// it when Op is ">", below it when Op is "<".
type SeriesThreshold struct {
	Op    string  `json:"op"`
	Value float64 `json:"value"`
	// MediaTypes are the streams it applies to; empty for all.
	MediaTypes []string `json:"mediaTypes,omitempty"`
	// Source names who published it.
	Source string `json:"source"`
}

// StreamSeries is one stream of one client: whose, which way, what
// media, and its metrics over time.
type StreamSeries struct {
	// Stream numbers the call's streams worst first (s1, s2…), the same
	// on every page; it identifies nothing outside the call.
	Stream string `json:"stream"`
	// Participant is the client that measured the stream; Remote, when
	// the records name one, the participant at its other end (whose
	// video a client received).
	Participant SeriesParty  `json:"participant"`
	Remote      *SeriesParty `json:"remote,omitempty"`
	// Direction is send or recv, MediaType audio, video or screen, as
	// ACS names them.
	Direction string `json:"direction"`
	MediaType string `json:"mediaType"`
	Codec     string `json:"codec,omitempty"`
	// PoorPoints counts the stream's aggregates, of all its metrics,
	// past their thresholds; streams are ranked by it.
	PoorPoints int            `json:"poorPoints"`
	Series     []MetricSeries `json:"series"`
}

// SeriesParty is a participant of a stream, named as in the call's other
// views for the caller's role. Participant numbers them as the call's
// timeline does (p1, p2…); a participant id no session of the call has
// (the ends of a P2P call, whose summaries carry none) is Kind
// "unlisted", numbered u1, u2… in the order of the streams.
type SeriesParty struct {
	Participant string `json:"participant,omitempty"`
	CallParticipant
}

// MetricSeries is one metric of one stream over time.
type MetricSeries struct {
	Metric string `json:"metric"`
	// Threshold is the one that applies to the stream, absent when none
	// is published for it.
	Threshold *SeriesThreshold `json:"threshold,omitempty"`
	// Aggregates counts the 10-s aggregates read, PoorAggregates those
	// past the threshold: counted before any merging, so that merging
	// never hides a poor interval.
	Aggregates     int `json:"aggregates"`
	PoorAggregates int `json:"poorAggregates"`
	// Worst is the worst average: the highest for a metric poor above
	// its threshold, the lowest for one poor below it.
	Worst  *float64      `json:"worst,omitempty"`
	Points []SeriesPoint `json:"points"`
}

// SeriesPoint is one point of a series: one aggregate, or several
// merged.
type SeriesPoint struct {
	// Time is when its first aggregate was taken; OffsetSeconds is Time
	// on the axis, from AxisStart.
	Time          time.Time `json:"time"`
	OffsetSeconds float64   `json:"offsetSeconds"`
	// Average is the mean of the samples (weighted by their count when
	// aggregates were merged); Minimum and Maximum are absent for a
	// metric derived from others (packetLoss).
	Average float64  `json:"average"`
	Minimum *float64 `json:"minimum,omitempty"`
	Maximum *float64 `json:"maximum,omitempty"`
	// Count is the samples (one a second) behind the point, Aggregates
	// the 10-s aggregates merged into it.
	Count      int64 `json:"count"`
	Aggregates int   `json:"aggregates"`
	// Poor marks a point any of whose aggregates was past the
	// threshold.
	Poor bool `json:"poor,omitempty"`
}
