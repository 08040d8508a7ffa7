package model

import (
	"slices"
	"strings"
	"time"
)

// MediaKind is the kind of media a stream carries, derived from the media
// label because Graph has no media-type field.
type MediaKind string

const (
	MediaAudio      MediaKind = "audio"
	MediaVideo      MediaKind = "video"
	MediaVBSS       MediaKind = "vbss"
	MediaAppSharing MediaKind = "appsharing"
	MediaData       MediaKind = "data"
	MediaOther      MediaKind = "other"
	// MediaNone is the fact of a segment that failed before any stream
	// flowed: a failed call setup has no media in its call record, and
	// reliability counts it all the same. Stream counts leave it out.
	MediaNone MediaKind = "none"
)

// KindOfLabel maps a media label to its kind: main-audio → audio,
// main-video → video, applicationsharing-video → vbss (video-based screen
// sharing), applicationsharing / main-appsharing → appsharing, *-data →
// data. Unknown labels are "other", never guessed.
func KindOfLabel(label string) MediaKind {
	l := strings.ToLower(strings.TrimSpace(label))
	switch {
	case l == "":
		return MediaOther
	case strings.Contains(l, "applicationsharing-video") || strings.Contains(l, "vbss") || strings.Contains(l, "screenshar"):
		return MediaVBSS
	case strings.Contains(l, "appsharing") || strings.Contains(l, "applicationsharing"):
		return MediaAppSharing
	case strings.Contains(l, "audio"):
		return MediaAudio
	case strings.Contains(l, "video"):
		return MediaVideo
	case strings.Contains(l, "data"):
		return MediaData
	}
	return MediaOther
}

// StreamFact is one stream flattened with what aggregates group by: the
// call, the leg, each side's network and client. Facts carry no personal
// data except where a field says so (tagged pii), so that dashboards can
// be kept longer than the calls they came from.
type StreamFact struct {
	Tenant       string
	CallID       string
	CallVersion  int64
	Source       Source
	CallType     string
	CallStart    time.Time
	SessionIndex int
	SessionID    string
	SegmentIndex int
	SegmentID    string
	MediaIndex   int
	StreamIndex  int

	MediaLabel string
	MediaKind  MediaKind
	StreamID   string
	Direction  string
	Start      *time.Time
	End        *time.Time
	// SenderIsCaller: the stream flows from the segment's caller to its callee.
	SenderIsCaller bool

	Caller SideFact
	Callee SideFact

	// FailureStage is the session's (or segment's) failure stage, if any
	// (for ACS, from the participant's end reason); FailureReason says
	// why: Graph's failureInfo reason, or the ACS end code and subcode
	// with their meaning.
	FailureStage  string
	FailureReason string
	// PSTN: an end of the segment is on the phone network (Endpoint.PSTN).
	PSTN bool

	AudioCodec        string
	VideoCodec        string
	JitterMs          *float64
	MaxJitterMs       *float64
	PacketLossRate    *float64
	MaxPacketLossRate *float64
	RoundTripMs       *float64
	MaxRoundTripMs    *float64
	ConcealedRatio    *float64
	AudioDegradation  *float64
	PacketUtilization *int64
	BandwidthEstimate *int64
	FrameRate         *float64
	FrameLossPct      *float64
	PostFECPLR        *float64

	// Quality is the stream's verdict, PoorReasons the metrics that made
	// it poor (CQD's "Poor Due To" dimensions), SessionRating the verdict
	// of its session; empty until judged.
	Quality       StreamQuality
	PoorReasons   []string
	SessionRating Rating
}

// SideFact is one side of a segment as aggregates see it.
type SideFact struct {
	// Kind: participant or service.
	Kind          EndpointKind
	UserID        string `pii:"id"`
	TenantID      string
	Platform      string
	ProductFamily string
	UserAgent     string
	// ClientVersion is the client's application version (an ACS SDK's
	// version).
	ClientVersion  string
	Subnet         string
	ConnectionType string
	WifiBand       string
	BSSID          string `pii:"bssid"`
	Transport      string
	CaptureDevice  string
	RenderDevice   string
}

// StreamCount counts the session's streams as Facts flattens them: the
// facts it makes of the session.
func (s *Session) StreamCount() int {
	n := 0
	for _, g := range s.Segments {
		if g == nil {
			continue
		}
		for _, m := range g.Media {
			if m == nil {
				continue
			}
			for _, st := range m.Streams {
				if st != nil {
					n++
				}
			}
		}
	}
	return n
}

// Facts flattens a call into one fact per stream, in tree order, and,
// for a session that failed without any stream, one of MediaNone (media
// and stream index -1) per failed segment, so that setup failures, which
// carry no media, are counted.
func Facts(c *Call) []StreamFact {
	// Sized exactly: a meeting has thousands of facts of 900 bytes each,
	// which growing by appending copied again and again, and left room
	// unused (a fifth at most for a meeting, half for a small call) while
	// the facts wait for the store.
	n := 0
	for _, s := range c.Sessions {
		if s != nil {
			n += s.StreamCount() + s.failedWithoutStreams()
		}
	}
	out := make([]StreamFact, 0, n)
	callStart, _ := c.StartDateTime.Get()
	callType := string(c.Type.Value())
	for si, s := range c.Sessions {
		if s == nil {
			continue
		}
		streamless := s.StreamCount() == 0
		for gi, g := range s.Segments {
			if g == nil {
				continue
			}
			stage, reason := s.legFailure(g)
			caller, callee := g.Caller, g.Callee
			if caller == nil {
				caller = s.Caller
			}
			if callee == nil {
				callee = s.Callee
			}
			if stage != "" && streamless {
				out = append(out, StreamFact{
					Tenant: c.Tenant, CallID: c.ID, CallVersion: c.Version, Source: c.Source,
					CallType: callType, CallStart: callStart,
					SessionIndex: si, SessionID: s.ID.Value(),
					SegmentIndex: gi, SegmentID: g.ID.Value(),
					// No start or end: no stream time to count in minutes.
					MediaIndex: -1, StreamIndex: -1, MediaKind: MediaNone, SenderIsCaller: true,
					// A failed setup's media, when the record has one, still
					// says which networks and devices were tried.
					Caller:       sideFact(caller, firstMedia(g).CallerNetwork, firstMedia(g).CallerDevice),
					Callee:       sideFact(callee, firstMedia(g).CalleeNetwork, firstMedia(g).CalleeDevice),
					FailureStage: stage, FailureReason: reason, PSTN: caller.PSTN() || callee.PSTN(), SessionRating: s.Rating,
				})
				continue
			}
			for mi, m := range g.Media {
				if m == nil {
					continue
				}
				label := m.Label.Value()
				for ti, st := range m.Streams {
					if st == nil {
						continue
					}
					f := StreamFact{
						Tenant: c.Tenant, CallID: c.ID, CallVersion: c.Version, Source: c.Source,
						CallType: callType, CallStart: callStart,
						SessionIndex: si, SessionID: s.ID.Value(),
						SegmentIndex: gi, SegmentID: g.ID.Value(),
						MediaIndex: mi, StreamIndex: ti,
						MediaLabel: label, MediaKind: KindOfLabel(label),
						StreamID: st.StreamID.Value(), Direction: string(st.StreamDirection.Value()),
						Start: st.StartDateTime.Ptr(), End: st.EndDateTime.Ptr(),
						SenderIsCaller: st.StreamDirection.Value() != CalleeToCaller,
						Caller:         sideFact(caller, m.CallerNetwork, m.CallerDevice),
						Callee:         sideFact(callee, m.CalleeNetwork, m.CalleeDevice),
						FailureStage:   stage,
						FailureReason:  reason,
						PSTN:           caller.PSTN() || callee.PSTN(),
						AudioCodec:     st.AudioCodec.Value(), VideoCodec: st.VideoCodec.Value(),
						JitterMs: millis(st.AverageJitter), MaxJitterMs: millis(st.MaxJitter),
						PacketLossRate: st.AveragePacketLossRate.Ptr(), MaxPacketLossRate: st.MaxPacketLossRate.Ptr(),
						RoundTripMs: millis(st.AverageRoundTripTime), MaxRoundTripMs: millis(st.MaxRoundTripTime),
						ConcealedRatio: st.AverageRatioOfConcealed.Ptr(), AudioDegradation: st.AverageAudioDegradation.Ptr(),
						PacketUtilization: st.PacketUtilization.Ptr(), BandwidthEstimate: st.AverageBandwidthEstimate.Ptr(),
						FrameRate: st.AverageVideoFrameRate.Ptr(), FrameLossPct: st.AverageVideoFrameLossPct.Ptr(),
						PostFECPLR: st.PostFECPacketLossRate.Ptr(),
						Quality:    st.Quality, PoorReasons: poorReasons(st), SessionRating: s.Rating,
					}
					out = append(out, f)
				}
			}
		}
	}
	return out
}

// poorReasons lists the metrics behind a poor verdict, once each.
func poorReasons(st *Stream) []string {
	if st.Quality != QualityPoor {
		return nil
	}
	var out []string
	for _, r := range st.Reasons {
		if r.Metric != "" && !slices.Contains(out, r.Metric) {
			out = append(out, r.Metric)
		}
	}
	return out
}

func millis(d Opt[Duration]) *float64 {
	v, ok := d.Get()
	if !ok {
		return nil
	}
	ms := v.Milliseconds()
	return &ms
}

func sideFact(e *Endpoint, n *NetworkInfo, d *DeviceInfo) SideFact {
	var s SideFact
	s.Kind = e.Kind()
	if id := e.PrimaryIdentity(); id != nil {
		s.UserID = id.ID.Value()
		s.TenantID = id.TenantID.Value()
	}
	if e != nil && e.UserAgent != nil {
		s.Platform = string(e.UserAgent.Platform.Value())
		s.ProductFamily = string(e.UserAgent.ProductFamily.Value())
		s.UserAgent = e.UserAgent.HeaderValue.Value()
		s.ClientVersion = e.UserAgent.ApplicationVersion.Value()
	}
	if n != nil {
		s.Subnet = n.Subnet.Value()
		s.ConnectionType = string(n.ConnectionType.Value())
		s.WifiBand = string(n.WifiBand.Value())
		s.BSSID = n.BSSID.Value()
		s.Transport = string(n.NetworkTransportProtocol.Value())
	}
	if d != nil {
		s.CaptureDevice = d.CaptureDeviceName.Value()
		s.RenderDevice = d.RenderDeviceName.Value()
	}
	return s
}

// failedWithoutStreams counts the MediaNone facts Facts makes of the
// session: its failed segments when it has no stream at all.
func (s *Session) failedWithoutStreams() int {
	if s.StreamCount() != 0 {
		return 0
	}
	n := 0
	for _, g := range s.Segments {
		if g != nil {
			if stage, _ := s.legFailure(g); stage != "" {
				n++
			}
		}
	}
	return n
}

// firstMedia is the segment's first media, an empty one when it has none.
func firstMedia(g *Segment) *Media {
	for _, m := range g.Media {
		if m != nil {
			return m
		}
	}
	return &Media{}
}
