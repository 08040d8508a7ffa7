package api

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// A call's media statistics (model.ACSCall.MediaStats) are one record
// per metric, stream and 10-s interval: thousands for a meeting. They
// are grouped here into streams, each with the charted metrics' series.

// streamKey tells a client's streams apart as the log does: the
// participant and client that measured it, the stream, its media and
// direction, and the remote side it was received from.
type streamKey struct {
	participant, client, streamID, media, direction, remote, remoteEndpoint string
}

// rawStream is one stream's aggregates by ACS metric (lower case).
type rawStream struct {
	key    streamKey
	codecs map[string]int
	byName map[string][]aggregate
}

// readMetrics are the ACS metrics the charts read, lower case.
var readMetrics = func() map[string]bool {
	m := map[string]bool{}
	for _, sm := range seriesMetrics {
		for _, f := range sm.From {
			m[strings.ToLower(f)] = true
		}
	}
	return m
}()

// groupStreams groups the records of the charted metrics into streams,
// in a stable order, and returns the aggregation interval most records
// state (10 s when none does).
func groupStreams(stats []*model.ACSMediaStats) ([]*rawStream, time.Duration) {
	byKey := map[streamKey]*rawStream{}
	intervals := map[int64]int{}
	for _, ms := range stats {
		if ms == nil {
			continue
		}
		name := strings.ToLower(strings.TrimSpace(ms.MetricName.Value()))
		at, ok := ms.CallClientTimeStamp.Get()
		if !readMetrics[name] || !ok {
			continue
		}
		a, ok := aggregateOf(ms)
		if !ok {
			continue
		}
		a.at = at
		k := streamKey{
			participant: idText(ms.ParticipantID), client: idText(ms.ClientInstanceID), streamID: idText(ms.MediaStreamID),
			media: mediaTypeOf(ms.MediaStreamType.Value()), direction: directionOf(ms.MediaStreamDirection.Value()),
			remote: idText(ms.RemoteParticipantID), remoteEndpoint: idText(ms.RemoteEndpointID),
		}
		rs := byKey[k]
		if rs == nil {
			rs = &rawStream{key: k, codecs: map[string]int{}, byName: map[string][]aggregate{}}
			byKey[k] = rs
		}
		if c := strings.TrimSpace(ms.MediaStreamCodec.Value()); c != "" {
			rs.codecs[c]++
		}
		rs.byName[name] = append(rs.byName[name], a)
		if s, ok := ms.AggregationIntervalSeconds.Get(); ok && s > 0 {
			intervals[s]++
		}
	}
	out := make([]*rawStream, 0, len(byKey))
	for _, rs := range byKey {
		for _, aggs := range rs.byName {
			slices.SortStableFunc(aggs, func(a, b aggregate) int { return a.at.Compare(b.at) })
		}
		out = append(out, rs)
	}
	slices.SortFunc(out, func(a, b *rawStream) int { return compareKeys(a.key, b.key) })
	interval, best := int64(10), 0
	for s, n := range intervals {
		if n > best || n == best && s < interval {
			interval, best = s, n
		}
	}
	return out, time.Duration(interval) * time.Second
}

func compareKeys(a, b streamKey) int {
	for _, c := range [][2]string{{a.participant, b.participant}, {a.media, b.media}, {a.direction, b.direction},
		{a.remote, b.remote}, {a.client, b.client}, {a.streamID, b.streamID}, {a.remoteEndpoint, b.remoteEndpoint}} {
		if r := cmp.Compare(c[0], c[1]); r != 0 {
			return r
		}
	}
	return 0
}

// aggregateOf reads a record's values: its average, else sum ÷ count.
// A record without either says nothing and is skipped.
func aggregateOf(ms *model.ACSMediaStats) (aggregate, bool) {
	a := aggregate{count: ms.Count.Value()}
	switch avg, ok := ms.Average.Get(); {
	case ok:
		a.avg = avg
	case ms.Sum.Valid() && a.count > 0:
		a.avg = ms.Sum.Value() / float64(a.count)
	default:
		return a, false
	}
	lo, okLo := ms.Minimum.Get()
	hi, okHi := ms.Maximum.Get()
	if okLo && okHi {
		a.hasRange, a.lo, a.hi = true, lo, hi
	}
	return a, true
}

func idText(o model.Opt[string]) string { return strings.ToLower(strings.TrimSpace(o.Value())) }

// mediaTypeOf and directionOf write ACS's media types and directions as
// the log's documentation does, whatever their case.
func mediaTypeOf(s string) string {
	switch s = strings.ToLower(strings.TrimSpace(s)); s {
	case "screenshare", "screensharing", "screen-share", "applicationsharing":
		return "screen"
	}
	return s
}

func directionOf(s string) string {
	switch s = strings.ToLower(strings.TrimSpace(s)); s {
	case "send", "sent", "outbound", "out":
		return "send"
	case "recv", "receive", "received", "inbound", "in":
		return "recv"
	}
	return s
}

// metricAggregates is one charted metric's aggregates of a stream, in
// the charted unit: the first of its ACS metrics the stream has (a
// stream's round trip is never a mix of RTCP's and STUN's), or for
// packet loss the share of packets lost.
func (rs *rawStream) metricAggregates(m wire.SeriesMetric) []aggregate {
	if m.Metric == "packetLoss" {
		return lossOf(rs.byName["packetslostpersecond"], rs.byName["packetspersecond"], rs.key.direction)
	}
	for _, from := range m.From {
		aggs := rs.byName[strings.ToLower(from)]
		if len(aggs) == 0 {
			continue
		}
		if m.Unit == "kbps" {
			out := make([]aggregate, len(aggs))
			for i, a := range aggs {
				a.avg, a.lo, a.hi = a.avg/1000, a.lo/1000, a.hi/1000
				out[i] = a
			}
			return out
		}
		return aggs
	}
	return nil
}

// lossOf derives packet loss, in %, from the packets lost and the
// packets per second of the same intervals: ACS logs rates, not the
// share CQD and ACS's thresholds judge. A sender's packets include the
// ones the far end reports lost; a receiver's count only those that
// arrived, so its lost ones are added. An interval with no packets at
// all has no loss to speak of and is left out; so is one whose packet
// rate was not logged. The minimum and maximum of a share cannot be
// told from those of two rates and are not given.
func lossOf(lost, packets []aggregate, direction string) []aggregate {
	if len(lost) == 0 || len(packets) == 0 {
		return nil
	}
	rate := make(map[int64]float64, len(packets))
	for _, p := range packets {
		rate[p.at.UnixNano()] = p.avg
	}
	var out []aggregate
	for _, l := range lost {
		p, ok := rate[l.at.UnixNano()]
		if !ok {
			continue
		}
		total := p
		if direction != "send" {
			total += l.avg
		}
		if total <= 0 || l.avg < 0 {
			continue
		}
		out = append(out, aggregate{at: l.at, avg: min(l.avg/total, 1) * 100, count: l.count})
	}
	return out
}

// builtStream is a stream with its series, ready to rank.
type builtStream struct {
	raw    *rawStream
	series []wire.MetricSeries
	poor   int
	// excess is how far its worst value went past its threshold, as a
	// ratio (1.5: half again the line): ranks streams equally poor.
	excess float64
}

// buildSeries turns raw streams into series on the axis, ranked worst
// first: most aggregates past a threshold, then furthest past one, then
// the stable order of the raw streams.
func buildSeries(raw []*rawStream, ax seriesAxis) []builtStream {
	out := make([]builtStream, 0, len(raw))
	for _, rs := range raw {
		b := builtStream{raw: rs}
		for _, m := range seriesMetrics {
			aggs := rs.metricAggregates(m)
			if len(aggs) == 0 {
				continue
			}
			th := thresholdFor(m.Metric, rs.key.media)
			pts, poor, worst := downsample(aggs, ax, th, lowerIsWorse(m))
			if len(pts) == 0 {
				continue
			}
			b.series = append(b.series, wire.MetricSeries{Metric: m.Metric, Threshold: th, Aggregates: len(aggs),
				PoorAggregates: poor, Worst: worst, Points: pts})
			b.poor += poor
			if th != nil && worst != nil && th.Value > 0 {
				x := *worst / th.Value
				if th.Op == "<" && *worst > 0 {
					x = th.Value / *worst
				}
				b.excess = max(b.excess, x)
			}
		}
		if len(b.series) > 0 {
			out = append(out, b)
		}
	}
	slices.SortStableFunc(out, func(a, b builtStream) int {
		if c := cmp.Compare(b.poor, a.poor); c != 0 {
			return c
		}
		return cmp.Compare(b.excess, a.excess)
	})
	return out
}

// span is the earliest and the latest aggregate of the streams.
func span(raw []*rawStream) (first, last time.Time) {
	for _, rs := range raw {
		for _, aggs := range rs.byName {
			for _, a := range aggs {
				if first.IsZero() || a.at.Before(first) {
					first = a.at
				}
				if a.at.After(last) {
					last = a.at
				}
			}
		}
	}
	return first, last
}

// mainCodec is the codec most of a stream's records name.
func (rs *rawStream) mainCodec() string {
	best, n := "", 0
	for c, k := range rs.codecs {
		if k > n || k == n && c < best {
			best, n = c, k
		}
	}
	return best
}
