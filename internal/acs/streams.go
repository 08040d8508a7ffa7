package acs

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/callscope/callscope/internal/model"
)

// buildMedia groups a session's streams into one media per mediaType, in
// the order audio, video, screen sharing, data, others by label, and
// returns the kinds seen for the session's modalities.
func buildMedia(streams []streamIn) ([]*model.Media, []mediaKind) {
	type group struct {
		kind    mediaKind
		streams []streamIn
	}
	groups := map[string]*group{}
	var kinds []mediaKind
	for _, s := range streams {
		k := kindOf(s.rec.Diagnostics.MediaType.Value())
		kinds = append(kinds, k)
		if groups[k.label] == nil {
			groups[k.label] = &group{kind: k}
		}
		groups[k.label].streams = append(groups[k.label].streams, s)
	}
	if len(groups) == 0 {
		return nil, nil
	}
	labels := sortedKeys(groups)
	sort.SliceStable(labels, func(i, j int) bool { return groups[labels[i]].kind.order < groups[labels[j]].kind.order })

	out := make([]*model.Media, 0, len(groups))
	for _, l := range labels {
		g := groups[l]
		sort.SliceStable(g.streams, func(i, j int) bool {
			a, b := g.streams[i], g.streams[j]
			if a.dir != b.dir {
				return a.dir == model.CallerToCallee
			}
			return a.key < b.key
		})
		m := &model.Media{}
		if l != "" {
			m.Label = model.Some(l)
		}
		for _, s := range g.streams {
			m.Streams = append(m.Streams, streamOf(s, g.kind))
		}
		m.CallerNetwork = sideNetwork(g.streams, model.CallerToCallee)
		m.CalleeNetwork = sideNetwork(g.streams, model.CalleeToCaller)
		out = append(out, m)
	}
	return out, kinds
}

// sideNetwork is the network of the side that sends in direction dir: its
// transport protocol, when all its streams of the media agree on one (each
// stream keeps its own in Stream.ACS either way).
func sideNetwork(streams []streamIn, dir model.StreamDirection) *model.NetworkInfo {
	var proto model.TransportProtocol
	for _, s := range streams {
		if s.dir != dir {
			continue
		}
		p, ok := transportOf(s.rec.Diagnostics.TransportType)
		if !ok {
			continue
		}
		if proto != "" && proto != p {
			return nil
		}
		proto = p
	}
	if proto == "" {
		return nil
	}
	return &model.NetworkInfo{NetworkTransportProtocol: model.Some(proto)}
}

// streamOf maps one CallDiagnostics row onto Graph's mediaStream; what
// Graph has no field for stays in Stream.ACS.
func streamOf(s streamIn, kind mediaKind) *model.Stream {
	d := s.rec.Diagnostics
	st := &model.Stream{
		StreamID:              d.StreamID,
		StreamDirection:       model.Some(s.dir),
		AverageRoundTripTime:  millis(d.RoundTripTimeAvg),
		MaxRoundTripTime:      millis(d.RoundTripTimeMax),
		AverageJitter:         millis(d.JitterAvg),
		MaxJitter:             millis(d.JitterMax),
		AveragePacketLossRate: d.PacketLossRateAvg,
		MaxPacketLossRate:     d.PacketLossRateMax,
		PacketUtilization:     d.PacketUtilization,
		AverageVideoFrameRate: d.VideoFrameRateAvg,
		ACS: &model.ACSStream{
			MediaType:                       d.MediaType.Value(),
			EndpointType:                    d.EndpointType.Value(),
			Direction:                       d.StreamDirection.Value(),
			TransportType:                   d.TransportType,
			CodecName:                       d.CodecName,
			JitterBufferSizeAvg:             d.JitterBufferSizeAvg,
			JitterBufferSizeMax:             d.JitterBufferSizeMax,
			HealedDataRatioAvg:              d.HealedDataRatioAvg,
			HealedDataRatioMax:              d.HealedDataRatioMax,
			RecvResolutionHeight:            d.RecvResolutionHeight,
			RecvFreezeDurationPerMinuteInMs: d.RecvFreezeDurationPerMinuteInMs,
			VideoBitRateAvg:                 d.VideoBitRateAvg,
			VideoBitRateMax:                 d.VideoBitRateMax,
		},
	}
	setCodec(st, d.CodecName, kind)
	return st
}

// setCodec puts CodecName in audioCodec or videoCodec by the media type
// (by the codec's name when the media type is unknown), in Graph's
// spelling where one matches (OPUS → opus, H264S → h264s), else as given.
func setCodec(st *model.Stream, name model.Opt[string], kind mediaKind) {
	v, ok := name.Get()
	v = strings.TrimSpace(v)
	if !ok || v == "" {
		return
	}
	audio, isAudio := graphCodec(v, audioCodecs)
	video, isVideo := graphCodec(v, videoCodecs)
	switch kind.modality {
	case model.ModalityAudio:
		st.AudioCodec = model.Some(pick(audio, isAudio, v))
	case model.ModalityVideo, model.ModalityVideoBasedScreenSharing:
		st.VideoCodec = model.Some(pick(video, isVideo, v))
	default:
		switch {
		case isAudio:
			st.AudioCodec = model.Some(audio)
		case isVideo:
			st.VideoCodec = model.Some(video)
		}
	}
}

func pick(graph string, ok bool, given string) string {
	if ok {
		return graph
	}
	return given
}

// maxMillis is the longest span a Duration holds, in milliseconds.
const maxMillis = float64(math.MaxInt64) / float64(time.Millisecond)

// millis turns an ACS millisecond metric into a Graph duration, keeping
// null apart from absent. A value no Duration can hold (beyond ±292 years)
// is left out of the stream rather than wrapped around; the record keeps it.
func millis(o model.Opt[float64]) model.Opt[model.Duration] {
	if v, ok := o.Get(); ok {
		if math.Abs(v) >= maxMillis {
			return model.Opt[model.Duration]{}
		}
		return model.Some(model.DurationFromMillis(v))
	}
	if o.IsNull() {
		return model.NullOf[model.Duration]()
	}
	return model.Opt[model.Duration]{}
}
