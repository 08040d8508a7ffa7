package api

import (
	"math"
	"testing"
	"time"
)

// TestSeriesThresholdsPinned: the lines drawn are the published ones
// (acs-logs §4; quality-definitions §4), and the same numbers package
// quality judges ACS streams by. Changing one is a change of rules.
func TestSeriesThresholdsPinned(t *testing.T) {
	t.Parallel()
	f := func(metric, media, op string, value float64) {
		t.Helper()
		th := thresholdFor(metric, media)
		if op == "" {
			if th != nil {
				t.Errorf("%s of %s: threshold %+v, want none", metric, media, th)
			}
			return
		}
		if th == nil || th.Op != op || th.Value != value || th.Source == "" {
			t.Errorf("%s of %s: threshold %+v, want %s %v with its source", metric, media, th, op, value)
		}
	}
	for _, media := range []string{"audio", "video", "screen"} {
		f("jitter", media, ">", 30)
		f("packetLoss", media, ">", 10)
		f("roundTrip", media, ">", 500)
	}
	f("bitrate", "audio", "<", 24)
	f("bitrate", "video", "", 0)
	f("bitrate", "screen", "", 0)
	f("frameRate", "video", "", 0)
}

// TestPastThreshold: a value exactly on the line is not poor.
func TestPastThreshold(t *testing.T) {
	t.Parallel()
	f := func(metric, media string, v float64, want bool) {
		t.Helper()
		if got := pastThreshold(thresholdFor(metric, media), v); got != want {
			t.Errorf("%s %v of %s: poor %v, want %v", metric, v, media, got, want)
		}
	}
	f("jitter", "audio", 29.99, false)
	f("jitter", "audio", 30, false)
	f("jitter", "audio", 30.01, true)
	f("packetLoss", "audio", 10, false)
	f("packetLoss", "audio", 10.001, true)
	f("roundTrip", "video", 500, false)
	f("roundTrip", "video", 501, true)
	f("bitrate", "audio", 24, false)
	f("bitrate", "audio", 23.9, true)
	f("bitrate", "video", 1, false)
}

// TestAxisFor: the step is the aggregation interval, or the smallest
// multiple of it that fits the axis in maxPoints points.
func TestAxisFor(t *testing.T) {
	t.Parallel()
	f := func(span time.Duration, maxPoints int, want time.Duration) {
		t.Helper()
		ax := axisFor(t0, t0.Add(span), 10*time.Second, maxPoints)
		if ax.step != want {
			t.Errorf("%v in %d points: step %v, want %v", span, maxPoints, ax.step, want)
		}
		if n := int(ax.bin(ax.end.Add(-time.Nanosecond))) + 1; n > maxPoints {
			t.Errorf("%v in %d points: %d bins", span, maxPoints, n)
		}
	}
	f(30*time.Minute, 180, 10*time.Second)
	f(30*time.Minute, 179, 20*time.Second)
	f(30*time.Minute, 120, 20*time.Second)
	f(30*time.Minute, 12, 150*time.Second)
	f(30*time.Minute, 10, 180*time.Second)
	f(5*time.Second, 120, 10*time.Second)
	f(8*time.Hour, 360, 80*time.Second)
}

// TestDownsample: merged points weigh their aggregates by samples, keep
// the widest range, and stay poor when any aggregate was; counts are
// those before merging.
func TestDownsample(t *testing.T) {
	t.Parallel()
	jitter := thresholdFor("jitter", "audio")
	at := func(k int) time.Time { return t0.Add(time.Duration(k)*10*time.Second + 66*time.Millisecond) }
	var aggs []aggregate
	for k := range 100 {
		a := aggregate{at: at(k), avg: 10, count: 10, hasRange: true, lo: 8, hi: 12}
		if k == 57 {
			// One short spike: a single sample of 140 ms.
			a = aggregate{at: at(k), avg: 140, count: 1, hasRange: true, lo: 140, hi: 140}
		}
		aggs = append(aggs, a)
	}
	ax := axisFor(t0, t0.Add(1000*time.Second), 10*time.Second, 10)
	pts, poor, worst := downsample(aggs, ax, jitter, false)
	if len(pts) != 10 || poor != 1 || worst == nil || *worst != 140 {
		t.Fatalf("%d points, %d poor aggregates, worst %v; want 10, 1, 140", len(pts), poor, worst)
	}
	for i, p := range pts {
		wantAvg, wantMax, wantCount := 10.0, 12.0, int64(100)
		if i == 5 {
			// Nine aggregates of 10 samples at 10 ms and the spike.
			wantAvg, wantMax, wantCount = (9*10*10+140)/91.0, 140, 91
		}
		if math.Abs(p.Average-wantAvg) > 1e-9 || p.Maximum == nil || *p.Maximum != wantMax || *p.Minimum != 8 && i != 5 ||
			p.Count != wantCount || p.Aggregates != 10 || p.Poor != (i == 5) {
			t.Errorf("point %d: %+v (max %v), want average %v, max %v, %d samples, poor %v", i, p, *p.Maximum, wantAvg, wantMax, wantCount, i == 5)
		}
		if want := float64(i)*100 + 0.066; math.Abs(p.OffsetSeconds-want) > 1e-9 || !p.Time.Equal(at(i*10)) {
			t.Errorf("point %d at %v (%v s), want its first aggregate's time", i, p.Time, p.OffsetSeconds)
		}
	}
	// Unmerged, every aggregate is its own point.
	pts, _, _ = downsample(aggs, axisFor(t0, t0.Add(1000*time.Second), 10*time.Second, 360), jitter, false)
	if len(pts) != 100 || !pts[57].Poor || pts[56].Poor || pts[57].Average != 140 {
		t.Errorf("unmerged: %d points, 57 %+v", len(pts), pts[57])
	}
	// Aggregates without a sample count are averaged as equals.
	pts, _, _ = downsample([]aggregate{{at: at(0), avg: 10}, {at: at(1), avg: 40}}, axisFor(t0, t0.Add(20*time.Second), 10*time.Second, 1), nil, false)
	if len(pts) != 1 || pts[0].Average != 25 || pts[0].Minimum != nil || pts[0].Poor {
		t.Errorf("uncounted: %+v", pts)
	}
	// Below a line: bitrate.
	pts, poor, worst = downsample([]aggregate{{at: at(0), avg: 30, count: 10}, {at: at(1), avg: 20, count: 10}},
		axisFor(t0, t0.Add(20*time.Second), 10*time.Second, 10), thresholdFor("bitrate", "audio"), true)
	if poor != 1 || *worst != 20 || pts[0].Poor || !pts[1].Poor {
		t.Errorf("bitrate: %d poor, worst %v, points %+v", poor, *worst, pts)
	}
	// A video stream's bitrate has no line, and its worst is still
	// its lowest.
	if _, poor, worst := downsample([]aggregate{{at: at(0), avg: 900}, {at: at(1), avg: 300}, {at: at(2), avg: 1200}},
		ax, thresholdFor("bitrate", "video"), true); poor != 0 || worst == nil || *worst != 300 {
		t.Errorf("video bitrate: %d poor, worst %v; want none and 300", poor, worst)
	}
	if pts, poor, worst := downsample(nil, ax, jitter, false); len(pts) != 0 || pts == nil || poor != 0 || worst != nil {
		t.Errorf("no aggregates: %+v %d %v", pts, poor, worst)
	}
}

// TestBuildSeriesRanks: streams come worst first, and a stream whose
// metrics are none of the charted ones is left out.
func TestBuildSeriesRanks(t *testing.T) {
	t.Parallel()
	at := func(k int) time.Time { return t0.Add(time.Duration(k) * 10 * time.Second) }
	stream := func(p string, jitter ...float64) *rawStream {
		rs := &rawStream{key: streamKey{participant: p, media: "audio", direction: "recv"}, byName: map[string][]aggregate{}}
		for k, j := range jitter {
			rs.byName["jitterinms"] = append(rs.byName["jitterinms"], aggregate{at: at(k), avg: j, count: 10})
		}
		return rs
	}
	other := &rawStream{key: streamKey{participant: "z", media: "audio"}, byName: map[string][]aggregate{
		"audioinputlevel": {{at: at(0), avg: 3}}}}
	raw := []*rawStream{stream("a", 10, 10), stream("b", 31, 10), stream("c", 40, 40), stream("d", 90, 10), other}
	built := buildSeries(raw, axisFor(t0, t0.Add(20*time.Second), 10*time.Second, 10))
	var order []string
	for _, b := range built {
		order = append(order, b.raw.key.participant)
	}
	// c has two poor aggregates; d and b one each, d further past.
	if got := order; len(got) != 4 || got[0] != "c" || got[1] != "d" || got[2] != "b" || got[3] != "a" {
		t.Errorf("order %v, want c d b a", got)
	}
	if len(built) > 0 && (len(built[0].series) != 1 || built[0].series[0].Threshold == nil || built[0].poor != 2) {
		t.Errorf("worst stream: %+v", built[0])
	}
}
