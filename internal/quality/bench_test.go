package quality_test

import (
	"fmt"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// BenchmarkClassifyStream measures the CQD classifier alone on streams
// that exercise each rule: a poor audio stream (every reason built), a
// good one, a video stream decided on its second step, and VBSS.
func BenchmarkClassifyStream(b *testing.B) {
	cases := []struct {
		name string
		kind model.MediaKind
		s    *model.Stream
	}{
		{"audio-poor", model.MediaAudio, &model.Stream{PacketUtilization: i64(5000), AverageJitter: ms(45), AveragePacketLossRate: f64(0.2), AverageRoundTripTime: ms(600)}},
		{"audio-good", model.MediaAudio, &model.Stream{PacketUtilization: i64(5000), AverageJitter: ms(5), AveragePacketLossRate: f64(0.01), AverageRoundTripTime: ms(60)}},
		{"video", model.MediaVideo, &model.Stream{PacketUtilization: i64(5000), AverageVideoFrameRate: f64(24)}},
		{"vbss", model.MediaVBSS, &model.Stream{AverageVideoFrameLossPct: f64(60)}},
	}
	for _, v := range []string{"2024", "2021"} {
		e := engine(b, v)
		for _, c := range cases {
			b.Run(v+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					e.ClassifyStream(c.kind, c.s)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/stream")
			})
		}
	}
}

// meeting builds a meeting of n participants, each in one session with
// the conference server: audio, video and screen-sharing streams both
// ways, devices and networks, a few participants on poor networks.
func meeting(n int) (*model.Call, int) {
	c := &model.Call{ID: "meeting", Source: model.SourceGraph, Type: model.Some(model.CallTypeGroupCall)}
	streams := 0
	for i := range n {
		jitter := 5.0 + float64(i%7)
		if i%10 == 0 {
			jitter = 45 // every tenth participant is on a poor network
		}
		a := func(id string, dir model.StreamDirection) *model.Stream {
			return stream(id, dir, func(s *model.Stream) {
				s.PacketUtilization, s.AverageJitter, s.MaxJitter = i64(20000), ms(jitter), ms(jitter*2)
				s.AveragePacketLossRate, s.MaxPacketLossRate, s.AverageRoundTripTime, s.MaxRoundTripTime = f64(0.01), f64(0.04), ms(60), ms(120)
				s.AverageRatioOfConcealed, s.AverageAudioDegradation, s.AudioCodec = f64(0.02), f64(0.3), model.Some("satin")
			})
		}
		v := func(id string, dir model.StreamDirection) *model.Stream {
			return stream(id, dir, func(s *model.Stream) {
				s.PacketUtilization, s.AverageVideoFrameRate, s.PostFECPacketLossRate, s.LowFrameRateRatio = i64(50000), f64(24), f64(0.01), f64(0.02)
			})
		}
		audio := media("main-audio", a(fmt.Sprint(i, "a1"), model.CallerToCallee), a(fmt.Sprint(i, "a2"), model.CalleeToCaller))
		audio.CallerDevice = &model.DeviceInfo{CaptureNotFunctioningEventRatio: f64(0), RenderNotFunctioningEventRatio: f64(0), CPUInsufficentEventRatio: f64(0.01)}
		audio.CallerNetwork = &model.NetworkInfo{ConnectionType: model.Some(model.ConnectionWifi), WifiSignalStrength: i64(80), NetworkTransportProtocol: model.Some(model.TransportUDP)}
		video := media("main-video", v(fmt.Sprint(i, "v1"), model.CallerToCallee), v(fmt.Sprint(i, "v2"), model.CalleeToCaller))
		vbss := media("applicationsharing-video", stream(fmt.Sprint(i, "s1"), model.CalleeToCaller, func(s *model.Stream) { s.AverageVideoFrameLossPct = f64(2) }))
		streams += 5
		c.Sessions = append(c.Sessions, &model.Session{
			ID: model.Some(fmt.Sprint("session-", i)), Caller: client(), Callee: server(),
			Segments: []*model.Segment{{ID: model.Some(fmt.Sprint("segment-", i)), Media: []*model.Media{audio, video, vbss}}},
		})
	}
	return c, streams
}

// BenchmarkJudge judges a 60-participant meeting (300 streams).
func BenchmarkJudge(b *testing.B) {
	for _, v := range []string{"2024", "2021"} {
		b.Run(v, func(b *testing.B) {
			e := engine(b, v)
			c, streams := meeting(60)
			b.ReportAllocs()
			for b.Loop() {
				e.Judge(c)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*streams), "ns/stream")
		})
	}
}
