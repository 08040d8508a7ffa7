package quality_test

import (
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// vstream is a video stream of 501 packets with the given frame loss
// (percent), frame rate and post-FEC loss; a negative value is not reported.
func vstream(loss, rate, fec float64) *model.Stream {
	s := &model.Stream{PacketUtilization: i64(501)}
	if loss >= 0 {
		s.AverageVideoFrameLossPct = f64(loss)
	}
	if rate >= 0 {
		s.AverageVideoFrameRate = f64(rate)
	}
	if fec >= 0 {
		s.PostFECPacketLossRate = f64(fec)
	}
	return s
}

func withPackets(s *model.Stream, n int64) *model.Stream {
	s.PacketUtilization = i64(n)
	return s
}

func withCodec(s *model.Stream, codec string) *model.Stream {
	s.VideoCodec = model.Some(codec)
	return s
}

// outbound marks a stream as its sender's, the only way a stream seen
// without its segment can say so (an ACS row's StreamDirection).
func outbound(s *model.Stream) *model.Stream {
	s.ACS = &model.ACSStream{Direction: "Outbound"}
	return s
}

const (
	poor         = model.QualityPoor
	good         = model.QualityGood
	unclassified = model.QualityUnclassified
	none         = -1.0
)

func TestVideo(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"2024", "2021"} {
		f := func(s *model.Stream, want model.StreamQuality, why ...string) {
			t.Helper()
			classified(t, v, model.MediaVideo, s, want, why...)
		}
		// Step 1, frame loss > 50 %.
		f(vstream(49.999, none, none), good)
		f(vstream(50, none, none), good)
		f(vstream(50.001, none, none), poor, "averageVideoFrameLossPercentage")
		// A value of at most 1 is a percentage too, not a fraction.
		f(vstream(0.6, none, none), good)
		f(vstream(1, none, none), good)
		// Step 2, frame rate < 7, only when frame loss is not reported.
		f(vstream(none, 7.01, none), good)
		f(vstream(none, 7, none), good)
		f(vstream(none, 6.99, none), poor, "averageVideoFrameRate")
		// Step 3, post-FEC loss > 0.15.
		f(vstream(none, none, 0.1499), good)
		f(vstream(none, none, 0.15), good)
		f(vstream(none, none, 0.1500001), poor, "postForwardErrorCorrectionPacketLossRate")
		// The first reported metric decides alone.
		f(vstream(10, 1, 0.9), good)
		f(vstream(60, 30, 0), poor, "averageVideoFrameLossPercentage")
		f(vstream(none, 30, 0.9), good)
		f(vstream(none, 2, 0), poor, "averageVideoFrameRate")
		f(vstream(none, none, none), unclassified, "no metrics reported")
	}

	// The 2024 packet precondition; 2021 has none.
	classified(t, "2024", model.MediaVideo, withPackets(vstream(none, 3, none), 500), unclassified, "too few packets")
	classified(t, "2024", model.MediaVideo, withPackets(vstream(none, 3, none), 501), poor, "averageVideoFrameRate")
	classified(t, "2024", model.MediaVideo, &model.Stream{AverageVideoFrameRate: f64(3)}, unclassified, "packet utilization not reported")
	classified(t, "2021", model.MediaVideo, withPackets(vstream(none, 3, none), 10), poor, "averageVideoFrameRate")
	classified(t, "2021", model.MediaVideo, &model.Stream{AverageVideoFrameRate: f64(3)}, poor, "averageVideoFrameRate")
}

func TestVBSS2024(t *testing.T) {
	t.Parallel()
	f := func(s *model.Stream, want model.StreamQuality, why ...string) {
		t.Helper()
		classified(t, "2024", model.MediaVBSS, s, want, why...)
	}
	// Inbound, not H264S: frame loss alone.
	f(vstream(50, 0.1, none), good)
	f(vstream(50.001, 30, none), poor, "averageVideoFrameLossPercentage")
	f(vstream(none, 0.1, 0.9), unclassified, "frame loss not reported")
	f(withCodec(vstream(60, none, none), "rtVideo"), poor, "averageVideoFrameLossPercentage")
	// Inbound H264S: frame rate < 1 alone.
	f(withCodec(vstream(90, 1, none), "h264s"), good)
	f(withCodec(vstream(none, 0.999, none), "H264S"), poor, "averageVideoFrameRate")
	f(withCodec(vstream(90, none, 0.9), "h264s"), unclassified, "frame rate not reported")
	// Outbound, any codec: frame rate < 1 alone.
	f(outbound(vstream(90, 1, none)), good)
	f(outbound(vstream(none, 0.99, none)), poor, "averageVideoFrameRate")
	f(outbound(vstream(none, 1.01, none)), good)
	f(outbound(vstream(90, none, 0.9)), unclassified, "frame rate not reported")
	// No packet precondition for screen sharing.
	f(withPackets(vstream(60, none, none), 3), poor, "averageVideoFrameLossPercentage")
}

func TestVBSS2021(t *testing.T) {
	t.Parallel()
	f := func(s *model.Stream, want model.StreamQuality, why ...string) {
		t.Helper()
		classified(t, "2021", model.MediaVBSS, s, want, why...)
	}
	f(vstream(50, 0.1, none), good)
	f(vstream(50.001, none, none), poor, "averageVideoFrameLossPercentage")
	f(vstream(none, 2, none), good)
	f(vstream(none, 1.99, none), poor, "averageVideoFrameRate")
	f(vstream(none, none, 0.15), good)
	f(vstream(none, none, 0.1500001), poor, "postForwardErrorCorrectionPacketLossRate")
	f(vstream(none, none, none), unclassified, "no metrics reported")
	// Direction and codec do not matter in 2021.
	f(outbound(withCodec(vstream(60, 30, none), "h264s")), poor, "averageVideoFrameLossPercentage")
	f(withPackets(vstream(none, 1.5, none), 3), poor, "averageVideoFrameRate")
}

func TestOtherKinds(t *testing.T) {
	t.Parallel()
	full := &model.Stream{PacketUtilization: i64(5000), AverageJitter: ms(90), AverageVideoFrameRate: f64(0.1), AverageVideoFrameLossPct: f64(99)}
	for _, v := range []string{"2024", "2021"} {
		classified(t, v, model.MediaAppSharing, full, unclassified, "app-sharing metrics")
		classified(t, v, model.MediaData, full, unclassified, "data streams")
		classified(t, v, model.MediaOther, full, unclassified, "media kind unknown")
		classified(t, v, model.MediaKind("hologram"), full, unclassified, "media kind unknown")
	}
}
