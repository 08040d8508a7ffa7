package quality_test

import (
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// TestRulesDiffer checks that the 2021 and 2024 rules part exactly where
// the reference says they do (degradation, concealed ratio, the packet
// precondition, the VBSS chain and its frame-rate line) and agree, reasons
// and all but the version, everywhere else.
func TestRulesDiffer(t *testing.T) {
	t.Parallel()
	e21, e24 := engine(t, "2021"), engine(t, "2024")
	f := func(kind model.MediaKind, s *model.Stream, want21, want24 model.StreamQuality) {
		t.Helper()
		q21, r21 := e21.ClassifyStream(kind, s)
		q24, r24 := e24.ClassifyStream(kind, s)
		if q21 != want21 || q24 != want24 {
			t.Fatalf("%s %s: 2021 %s, 2024 %s; want %s, %s", kind, jsonOf(t, s), q21, q24, want21, want24)
		}
		if q21 != q24 {
			return
		}
		for i := range r21 {
			r21[i].RuleVersion = "2024"
			if r21[i].Text != r24[i].Text && q21 == model.QualityUnclassified {
				r21[i].Text = r24[i].Text // the same verdict may be explained in each rule's words
			}
		}
		if jsonOf(t, r21) != jsonOf(t, r24) {
			t.Fatalf("%s %s: same verdict, different reasons\n2021 %s\n2024 %s", kind, jsonOf(t, s), jsonOf(t, r21), jsonOf(t, r24))
		}
	}
	audio := func(pu int64, set func(*model.Stream)) *model.Stream {
		s := &model.Stream{PacketUtilization: i64(pu), AverageJitter: ms(10), AveragePacketLossRate: f64(0.01), AverageRoundTripTime: ms(80)}
		set(s)
		return s
	}
	keep := func(*model.Stream) {}
	const A, V, S = model.MediaAudio, model.MediaVideo, model.MediaVBSS

	// Where they differ.
	f(A, audio(1000, func(s *model.Stream) { s.AverageAudioDegradation = f64(1.5) }), poor, good)
	f(A, audio(1000, func(s *model.Stream) { s.AverageRatioOfConcealed = f64(0.1) }), poor, good)
	f(A, audio(400, keep), good, unclassified)
	f(A, audio(500, func(s *model.Stream) { s.AverageJitter = ms(45) }), poor, unclassified)
	f(A, &model.Stream{AverageJitter: ms(10)}, good, unclassified)
	f(V, withPackets(vstream(none, 3, none), 400), poor, unclassified)
	f(V, &model.Stream{AverageVideoFrameRate: f64(30)}, good, unclassified)
	f(S, vstream(none, 1.5, none), poor, unclassified)           // inbound non-H264S: 2024 wants frame loss
	f(S, vstream(none, none, 0.2), poor, unclassified)           // no post-FEC step in 2024
	f(S, outbound(vstream(none, 1.5, none)), poor, good)         // frame rate line: < 2 then, < 1 now
	f(S, outbound(vstream(60, 5, none)), poor, good)             // outbound: frame rate alone in 2024
	f(S, withCodec(vstream(60, 5, none), "h264s"), poor, good)   // H264S: frame rate alone in 2024
	f(S, withCodec(vstream(10, 0.5, none), "h264s"), good, poor) // …which 2021 never reached
	f(S, outbound(vstream(10, 0.5, none)), good, poor)           // idem outbound
	f(S, withCodec(vstream(none, none, 0.01), "h264s"), good, unclassified)

	// Where they agree.
	f(A, audio(1000, keep), good, good)
	f(A, audio(1000, func(s *model.Stream) { s.AverageJitter = ms(45) }), poor, poor)
	f(A, audio(1000, func(s *model.Stream) { s.AveragePacketLossRate = f64(0.2) }), poor, poor)
	f(A, audio(1000, func(s *model.Stream) { s.AverageRoundTripTime = ms(600) }), poor, poor)
	f(A, audio(1000, func(s *model.Stream) { s.AverageRoundTripTime, s.AverageJitter = ms(600), ms(31) }), poor, poor)
	f(A, audio(1000, func(s *model.Stream) {
		s.AudioCodec, s.AverageAudioDegradation, s.AverageRatioOfConcealed = model.Some("satin"), f64(3), f64(0.3)
	}), good, good)
	f(A, &model.Stream{}, unclassified, unclassified)
	f(V, vstream(60, 30, 0), poor, poor)
	f(V, vstream(10, 1, 0.9), good, good)
	f(V, vstream(none, 3, none), poor, poor)
	f(V, vstream(none, none, 0.2), poor, poor)
	f(V, vstream(none, none, none), unclassified, unclassified)
	f(S, vstream(60, 30, none), poor, poor)
	f(S, vstream(40, 0.5, none), good, good)
	// Same verdict, but held against each rule's own frame-rate line.
	q21, r21 := e21.ClassifyStream(S, outbound(vstream(none, 0.5, none)))
	q24, r24 := e24.ClassifyStream(S, outbound(vstream(none, 0.5, none)))
	if q21 != poor || q24 != poor || *r21[0].Threshold != 2 || *r24[0].Threshold != 1 {
		t.Fatalf("VBSS 0.5 fps: 2021 %s %s, 2024 %s %s", q21, jsonOf(t, r21), q24, jsonOf(t, r24))
	}
	f(S, outbound(vstream(none, 5, none)), good, good)
	f(model.MediaAppSharing, &model.Stream{PacketUtilization: i64(5000)}, unclassified, unclassified)
	f(model.MediaData, &model.Stream{}, unclassified, unclassified)
}
