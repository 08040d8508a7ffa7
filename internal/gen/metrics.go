package gen

import "math"

// mediaKind is the kind of media of a stream.
type mediaKind uint8

const (
	audio mediaKind = iota
	video
	vbss
)

// label is the Graph media label of the kind.
func (k mediaKind) label() string {
	switch k {
	case video:
		return "main-video"
	case vbss:
		return "applicationsharing-video"
	}
	return "main-audio"
}

// stream is one direction of one media with every metric either source
// reports. Which of them a record carries is the renderer's choice.
type stream struct {
	id        string
	toCallee  bool // callerToCallee
	codec     string
	bypassed  bool
	jitter    float64 // ms
	maxJitter float64
	loss      float64 // fraction
	maxLoss   float64
	rtt       float64 // ms
	maxRTT    float64
	packets   int64
	bandwidth int64

	// audio
	conceal, maxConceal     float64
	degradation             float64
	netJitter, maxNetJitter float64
	fec                     bool
	jitterBuffer, jbMax     float64 // ACS
	healed, healedMax       float64 // ACS

	// video and screen sharing
	fps, recvFPS, frameLoss, postFEC, videoLoss  float64
	lowFPS, lowProcessing, freeze, rmsFreeze     float64
	height, freezePerMinute, bitrate, maxBitrate float64 // ACS
}

// streamSpec says what to measure: the media, how long it flowed, the
// networks at both ends and what crosses between them.
type streamSpec struct {
	kind       mediaKind
	seconds    float64
	send, recv *network
	extraRTT   float64 // long-haul distance between the ends, ms
	muted      bool    // the sender was muted: few packets
	codec      string
	toCallee   bool
}

// measure draws a stream's metrics from the networks it crossed. Jitter
// and loss come mostly from the sender's last mile (where they are made),
// partly from the receiver's; RTT is the sum of both ends to the edge.
// About one stream in seventy has a transient spike, so that even good
// networks show the odd poor stream, as real ones do.
func measure(r *rng, sp streamSpec) *stream {
	s, rv := sp.send, sp.recv
	st := &stream{id: r.streamID(), toCallee: sp.toCallee, codec: sp.codec}
	st.rtt = (s.rtt + rv.rtt + sp.extraRTT) * r.lognormal(1, 0.12)
	st.jitter = math.Max(s.jitter, rv.jitter*0.5) * r.lognormal(1, 0.3)
	st.loss = (s.loss + rv.loss*0.5) * r.lognormal(1, 0.5)
	if r.chance(0.015) {
		st.loss += r.between(0.03, 0.15)
		st.jitter += r.between(5, 35)
	}
	st.loss = clamp(st.loss, 0, 0.6)
	st.maxJitter = st.jitter*r.between(1.5, 4) + r.between(1, 6)
	st.maxLoss = clamp(st.loss*r.between(2, 6)+r.between(0, 0.02), 0, 1)
	st.maxRTT = st.rtt * r.between(1.1, 2.2)
	st.bandwidth = min(s.bandwidth, rv.bandwidth)

	switch sp.kind {
	case audio:
		st.packets = int64(sp.seconds * 50 * r.between(0.96, 1))
		if sp.muted {
			st.packets = int64(r.between(20, 480))
		}
		st.conceal = clamp(st.loss*0.9+st.jitter/1500+r.between(0, 0.006), 0, 0.9)
		st.maxConceal = clamp(st.conceal*r.between(2, 5)+r.between(0, 0.02), 0, 1)
		st.degradation = clamp(0.05+st.loss*7+st.jitter/120+r.between(0, 0.2), 0, 4.5)
		st.netJitter = st.jitter*r.between(6, 20) + r.between(10, 40)
		st.maxNetJitter = st.netJitter * r.between(1.5, 3)
		st.fec = st.loss > 0.01 || r.chance(0.2)
		st.jitterBuffer = clamp(st.jitter*2.5+r.between(20, 60), 20, 800)
		st.jbMax = st.jitterBuffer * r.between(1.3, 2.5)
		st.healed = clamp(st.loss*1.1+r.between(0, 0.01), 0, 1)
		st.healedMax = clamp(st.healed*r.between(2, 4), 0, 1)
	case video, vbss:
		target := 30.0
		if sp.kind == vbss {
			target = r.between(4, 15)
		}
		perSecond := r.between(150, 400)
		if sp.kind == vbss {
			perSecond = r.between(20, 120)
		}
		st.packets = int64(sp.seconds * perSecond)
		st.fps = target * (1 - math.Min(0.9, st.loss*4)) * r.between(0.85, 1)
		if st.jitter > 40 {
			st.fps *= 0.7
		}
		st.recvFPS = st.fps * r.between(0.9, 1.05)
		st.frameLoss = clamp(st.loss*100*r.between(1.5, 4)+r.between(0, 1), 0, 98)
		st.postFEC = st.loss * r.between(0.2, 0.6)
		st.videoLoss = clamp(st.loss*r.between(0.8, 1.5), 0, 1)
		st.lowFPS = r.between(0, 0.04)
		if st.fps < 10 {
			st.lowFPS = r.between(0.3, 0.9)
		}
		st.lowProcessing = r.between(0, 0.03)
		st.freeze = r.between(0, 150) + st.loss*3000
		st.rmsFreeze = st.freeze * r.between(1.1, 1.8)
		st.height = []float64{360, 540, 720, 720, 1080}[r.IntN(5)]
		if sp.kind == vbss {
			st.height = 1080
		}
		if st.loss > 0.05 {
			st.height = 180
		}
		st.freezePerMinute = st.loss * r.between(20000, 60000)
		st.bitrate = math.Min(float64(st.bandwidth)*0.3, r.between(800_000, 2_500_000))
		st.maxBitrate = st.bitrate * r.between(1.2, 2)
	}
	return st
}

// Codecs of Teams video and screen sharing, as Graph names them.
func videoCodec(r *rng) string { return []string{"h264", "h264", "h264", "h265", "av1"}[r.IntN(5)] }
func vbssCodec(r *rng) string  { return []string{"h264s", "h264s", "h264"}[r.IntN(3)] }
