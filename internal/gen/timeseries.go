package gen

// Media statistics time series of the Virtual Visits app
// (CallClientMediaStatsTimeSeries): the browser clients of some calls
// aggregate their media statistics every ten seconds, one record per
// metric per stream direction.

import (
	"math"
	"time"
)

const categoryMediaStats = "CallClientMediaStatsTimeSeries"

// mediaStatsShare is the share of 1:1 and small group calls in which
// the staff's browser logs media statistics (a diagnostics setting of the
// app, on for a part of the calls); the customers' app and the classes
// leave them off.
const mediaStatsShare = 0.07

// statsInterval is the aggregation interval: ten one-second samples.
const statsInterval = 10 * time.Second

// stat is a media statistic the Web SDK reports, as the log names it.
type stat uint8

const (
	statBitrate stat = iota
	statPackets
	statLost
	statJitter
	statRTT
	statHealed
	statFPSSent
	statFPSReceived
	statHeightSent
	statHeightReceived
)

var statNames = [...]string{
	statBitrate:        "Bitrate",
	statPackets:        "PacketsPerSecond",
	statLost:           "PacketsLostPerSecond",
	statJitter:         "JitterInMs",
	statRTT:            "RttInMs",
	statHealed:         "HealedRatio",
	statFPSSent:        "FrameRateSent",
	statFPSReceived:    "FrameRateReceived",
	statHeightSent:     "FrameHeightSent",
	statHeightReceived: "FrameHeightReceived",
}

// statDigits are the decimals each statistic is written with.
var statDigits = [...]int{statLost: 1, statHealed: 4, statFPSSent: 1, statFPSReceived: 1, statHeightReceived: 0}

// statSets are the statistics of each media kind, sending and receiving,
// that the app logs: the round trip measured on the sending side; the
// packets received and lost per second, which give the loss rate, and
// the jitter on the receiving side.
var statSets = [3][2][]stat{
	audio: {
		{statBitrate, statRTT},
		{statPackets, statLost, statJitter},
	},
	video: {
		{statBitrate, statFPSSent},
		{statPackets, statLost, statFPSReceived},
	},
	vbss: {
		{statFPSSent},
		{statFPSReceived},
	},
}

// MediaStreamType of each media kind.
var statStreamTypes = [3]string{audio: "audio", video: "video", vbss: "screen"}

// spell is when a stream was at its worst: a poor stream's loss, jitter
// and round trip are not flat but bad for a few minutes, the rest of
// the call better, so that the averages stay those of CallDiagnostics.
// Both ends' series of a stream share its spell.
type spell struct {
	start, end time.Time
	frac       float64 // of the stream's time
}

// spellOf draws the spell of a stream that flowed over [from, to): a
// poor or nearly poor stream has one of a tenth to a third of its time,
// at least a minute; a good one now and then has a blip of a bucket or
// two.
func (a *acsWriter) spellOf(st *stream, from, to time.Time) spell {
	r := a.r
	secs := to.Sub(from).Seconds()
	var length float64
	switch b, _ := badness(st); {
	case secs < 60:
	case b > 0.5 || st.maxLoss > 0.1:
		length = math.Max(secs*r.between(0.1, 0.35), 60)
	case r.chance(0.3):
		length = r.between(10, 20)
	}
	if length == 0 || length >= secs {
		return spell{}
	}
	start := from.Add(seconds(r.between(0, secs-length)))
	return spell{start: start, end: start.Add(seconds(length)), frac: length / secs}
}

// levels splits a degrading statistic's average into its level outside
// and inside the spell: the spell at the stream's peak (at least half as
// bad again as the average), the rest lower, so that the time-weighted
// mean is the average.
func (sp spell) levels(avg, peak float64) (base, bad float64) {
	if sp.frac == 0 {
		return avg, avg
	}
	bad = clamp(peak, avg*1.5, avg*0.85/sp.frac)
	return (avg - sp.frac*bad) / (1 - sp.frac), bad
}

// timeSeries writes the series of the staff's clients in c: per
// connection, per media, its sending and its receiving stream. In a
// group call a participant sends its outbound stream and receives the
// server's; in a P2P call each end receives the other's outbound one.
func (a *acsWriter) timeSeries(c *call) error {
	if a.spells == nil {
		a.spells = map[*stream]spell{}
	}
	clear(a.spells)
	group := c.kind == kindACSGroup
	for _, s := range c.sessions {
		for _, e := range []*endpoint{s.caller, s.callee} {
			if !e.web || e.party.kind != member || e == s.callee && (group || s.calleeAbsent) {
				continue
			}
			ids := a.clientIDs(e)
			pid, remote := s.id, ""
			if !group {
				other := s.callee
				if e == s.callee {
					other = s.caller
				}
				pid = ids[0]
				if other.web {
					remote = a.clientIDs(other)[0]
				}
			}
			from := s.start.Add(seconds(3))
			for _, g := range s.segments {
				for _, m := range g.media {
					for _, st := range m.streams {
						send := st.toCallee == (e == s.caller)
						if err := a.series(c, pid, ids[1], remote, m.kind, st, send, from, s.end); err != nil {
							return err
						}
					}
				}
			}
		}
	}
	return nil
}

// series writes one stream direction of one client over [from, to):
// every statistic of its kind, a record per ten-second bucket.
func (a *acsWriter) series(c *call, pid, instance, remote string, kind mediaKind, st *stream, send bool, from, to time.Time) error {
	r := a.r
	if st.packets == 0 || !from.Before(to) {
		return nil // no media flowed: nothing to sample
	}
	sp, ok := a.spells[st]
	if !ok {
		sp = a.spellOf(st, from, to)
		a.spells[st] = sp
	}
	secs := to.Sub(from).Seconds()
	nominal := float64(st.packets) / secs // packets per second sent
	rate := 36000.0
	if kind != audio {
		rate = st.bitrate
	}
	lossBase, lossBad := sp.levels(st.loss, st.maxLoss)
	jitBase, jitBad := sp.levels(st.jitter, st.maxJitter)
	rttBase, rttBad := sp.levels(st.rtt, st.maxRTT)
	healBase, healBad := sp.levels(st.healed, st.healedMax)
	dir := "recv"
	set := statSets[kind][1]
	if send {
		dir, set = "send", statSets[kind][0]
	}
	for t := from; t.Before(to); t = t.Add(statsInterval) {
		end := t.Add(statsInterval)
		count := int64(10)
		if end.After(to) {
			end = to
			count = int64(math.Ceil(to.Sub(t).Seconds()))
		}
		bad := t.Before(sp.end) && end.After(sp.start)
		level := func(base, worse float64) float64 {
			if bad {
				return worse * r.lognormal(1, 0.2)
			}
			return base * r.lognormal(1, 0.12)
		}
		loss := clamp(level(lossBase, lossBad), 0, 1)
		at := end.Add(seconds(r.between(20, 120)))
		for _, k := range set {
			var v, spread float64
			switch k {
			case statBitrate:
				v, spread = rate*(1-loss)*r.lognormal(1, 0.05), 0.15
				if bad && kind != audio {
					v *= 0.55
				}
			case statPackets:
				v, spread = nominal*(1-loss)*r.lognormal(1, 0.03), 0.1
			case statLost:
				v, spread = nominal*loss, 0.8
			case statJitter:
				v, spread = level(jitBase, jitBad), 0.6
			case statRTT:
				v, spread = level(rttBase, rttBad), 0.4
			case statHealed:
				v, spread = clamp(level(healBase, healBad), 0, 1), 0.8
			case statFPSSent, statFPSReceived:
				fps := st.fps
				if k == statFPSReceived {
					fps = st.recvFPS
				}
				v, spread = fps*r.lognormal(1, 0.05), 0.3
				if bad {
					v *= 0.6
				}
			case statHeightSent, statHeightReceived:
				v = st.height
				if bad && v > 360 {
					v = 360
				}
			}
			a.statRecord(c, pid, instance, remote, kind, st.codec, dir, k, at, end, count, v, spread)
			if err := a.emit(categoryMediaStats, at, a.w.b); err != nil {
				return err
			}
		}
	}
	return nil
}

// statRecord renders one bucket of one statistic: the average v of
// count samples, the smallest and largest about spread around it.
func (a *acsWriter) statRecord(c *call, pid, instance, remote string, kind mediaKind, codec, dir string, k stat, at, stamp time.Time, count int64, v, spread float64) {
	w, r := &a.w, a.r
	digits := statDigits[k]
	v = math.Max(v, 0)
	lo, hi := v, v
	if spread > 0 && count > 1 {
		lo = v * (1 - spread*r.between(0.3, 1))
		hi = v * (1 + spread*r.between(0.3, 1.5))
	}
	p := math.Pow10(digits)
	v = math.Round(v*p) / p
	lo, hi = math.Min(math.Floor(lo*p)/p, v), math.Max(math.Ceil(hi*p)/p, v)
	w.reset()
	w.beginObject()
	w.acsTime("time", at)
	w.str("resourceId", a.resource)
	w.str("operationName", categoryMediaStats)
	w.str("operationVersion", "1.0")
	w.str("category", categoryMediaStats)
	w.object("properties")
	w.str("CallId", c.id)
	w.acsTime("CallClientTimeStamp", stamp)
	w.str("MetricName", statNames[k])
	a.number("Count", float64(count), 0)
	a.number("Sum", v*float64(count), digits)
	a.number("Average", v, digits)
	a.number("Minimum", lo, digits)
	a.number("Maximum", hi, digits)
	w.str("MediaStreamDirection", dir)
	w.str("MediaStreamType", statStreamTypes[kind])
	w.str("MediaStreamCodec", codecName(codec))
	w.str("ParticipantId", pid)
	w.str("ClientInstanceId", instance)
	if remote != "" && dir == "recv" {
		w.str("RemoteParticipantId", remote)
	}
	a.number("AggregationIntervalSeconds", statsInterval.Seconds(), 0)
	w.endObject()
	w.endObject()
}

// codecName is a codec as the Web SDK names it.
func codecName(codec string) string {
	switch codec {
	case "OPUS", "opus":
		return "OPUS"
	case "H264", "h264", "h264s":
		return "H264"
	}
	return codec
}
