package quality_test

import (
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// classified checks the CQD classifier on one stream: its quality, the
// metrics of its reasons (for a poor stream) or a word of its reason's
// text (for an unclassified one).
func classified(t *testing.T, version string, kind model.MediaKind, s *model.Stream, want model.StreamQuality, why ...string) {
	t.Helper()
	q, reasons := engine(t, version).ClassifyStream(kind, s)
	if q != want {
		t.Fatalf("%s %s: quality %s, want %s (reasons %s)", version, kind, q, want, jsonOf(t, reasons))
	}
	switch want {
	case model.QualityGood:
		if reasons != nil {
			t.Fatalf("%s %s: a good stream has reasons %s", version, kind, jsonOf(t, reasons))
		}
	case model.QualityPoor:
		var got []string
		for _, r := range reasons {
			got = append(got, r.Metric)
			if r.Value == nil || r.Threshold == nil || r.Op == "" || r.Unit == "" || r.Rule == "" || r.RuleVersion != version || r.Text == "" {
				t.Fatalf("%s %s: incomplete reason %s", version, kind, jsonOf(t, r))
			}
		}
		if strings.Join(got, ",") != strings.Join(why, ",") {
			t.Fatalf("%s %s: poor because of %v, want %v", version, kind, got, why)
		}
	case model.QualityUnclassified:
		if len(reasons) != 1 || reasons[0].Metric != "" || reasons[0].Text == "" || reasons[0].RuleVersion != version {
			t.Fatalf("%s %s: an unclassified stream needs one reason without a metric, got %s", version, kind, jsonOf(t, reasons))
		}
		if len(why) > 0 && !strings.Contains(reasons[0].Text, why[0]) {
			t.Fatalf("%s %s: reason %q does not say %q", version, kind, reasons[0].Text, why[0])
		}
	}
}

// audio is a stream with 501 packets (just enough under 2024) and the
// given metrics.
func audio(set func(*model.Stream)) *model.Stream {
	s := &model.Stream{PacketUtilization: i64(501)}
	set(s)
	return s
}

func TestAudio2024(t *testing.T) {
	t.Parallel()
	f := func(s *model.Stream, want model.StreamQuality, why ...string) {
		t.Helper()
		classified(t, "2024", model.MediaAudio, s, want, why...)
	}
	const poor, good, unclassified = model.QualityPoor, model.QualityGood, model.QualityUnclassified

	f(audio(func(s *model.Stream) { s.AverageJitter = ms(29.999) }), good)
	f(audio(func(s *model.Stream) { s.AverageJitter = ms(30) }), good)
	f(audio(func(s *model.Stream) { s.AverageJitter = ms(30.001) }), poor, "averageJitter")
	f(audio(func(s *model.Stream) { s.AveragePacketLossRate = f64(0.0999) }), good)
	f(audio(func(s *model.Stream) { s.AveragePacketLossRate = f64(0.1) }), good)
	f(audio(func(s *model.Stream) { s.AveragePacketLossRate = f64(0.1000001) }), poor, "averagePacketLossRate")
	f(audio(func(s *model.Stream) { s.AverageRoundTripTime = ms(499.999) }), good)
	f(audio(func(s *model.Stream) { s.AverageRoundTripTime = ms(500) }), good)
	f(audio(func(s *model.Stream) { s.AverageRoundTripTime = ms(500.001) }), poor, "averageRoundTripTime")
	// Every crossing is a reason, in the rule's order.
	f(audio(func(s *model.Stream) {
		s.AverageJitter, s.AveragePacketLossRate, s.AverageRoundTripTime = ms(31), f64(0.2), ms(501)
	}), poor, "averageRoundTripTime", "averagePacketLossRate", "averageJitter")

	// The packet precondition: more than 500 packets.
	f(&model.Stream{PacketUtilization: i64(499), AverageJitter: ms(45)}, unclassified, "too few packets")
	f(&model.Stream{PacketUtilization: i64(500), AverageJitter: ms(45)}, unclassified, "packetUtilization 500 ≤ 500")
	f(&model.Stream{PacketUtilization: i64(501), AverageJitter: ms(45)}, poor, "averageJitter")
	f(&model.Stream{PacketUtilization: i64(0), AverageJitter: ms(5)}, unclassified, "too few packets")
	f(&model.Stream{AverageJitter: ms(45)}, unclassified, "packet utilization not reported")
	f(&model.Stream{PacketUtilization: model.NullOf[int64](), AverageJitter: ms(45)}, unclassified, "packet utilization not reported")

	// Nothing to judge on.
	f(&model.Stream{}, unclassified, "no metrics reported")
	f(&model.Stream{PacketUtilization: i64(9000)}, unclassified, "no metrics reported")
	f(&model.Stream{PacketUtilization: i64(9000), AverageJitter: model.NullOf[model.Duration]()}, unclassified, "no metrics reported")
	f(nil, unclassified, "no stream")

	// Degradation and concealment are not part of the 2024 rule.
	f(audio(func(s *model.Stream) {
		s.AverageJitter, s.AverageAudioDegradation, s.AverageRatioOfConcealed = ms(5), f64(4), f64(0.5)
	}), good)
	f(audio(func(s *model.Stream) { s.AverageAudioDegradation, s.AverageRatioOfConcealed = f64(4), f64(0.5) }), unclassified, "no metrics reported")
}

func TestAudio2021(t *testing.T) {
	t.Parallel()
	f := func(s *model.Stream, want model.StreamQuality, why ...string) {
		t.Helper()
		classified(t, "2021", model.MediaAudio, s, want, why...)
	}
	const poor, good, unclassified = model.QualityPoor, model.QualityGood, model.QualityUnclassified
	st := func(set func(*model.Stream)) *model.Stream {
		s := &model.Stream{}
		set(s)
		return s
	}

	f(st(func(s *model.Stream) { s.AverageJitter = ms(29.999) }), good)
	f(st(func(s *model.Stream) { s.AverageJitter = ms(30) }), good)
	f(st(func(s *model.Stream) { s.AverageJitter = ms(30.001) }), poor, "averageJitter")
	f(st(func(s *model.Stream) { s.AveragePacketLossRate = f64(0.1) }), good)
	f(st(func(s *model.Stream) { s.AveragePacketLossRate = f64(0.1000001) }), poor, "averagePacketLossRate")
	f(st(func(s *model.Stream) { s.AverageRoundTripTime = ms(500) }), good)
	f(st(func(s *model.Stream) { s.AverageRoundTripTime = ms(500.001) }), poor, "averageRoundTripTime")
	f(st(func(s *model.Stream) { s.AverageAudioDegradation = f64(0.999) }), good)
	f(st(func(s *model.Stream) { s.AverageAudioDegradation = f64(1.0) }), good)
	f(st(func(s *model.Stream) { s.AverageAudioDegradation = f64(1.0001) }), poor, "averageAudioDegradation")
	f(st(func(s *model.Stream) { s.AverageRatioOfConcealed = f64(0.0699) }), good)
	f(st(func(s *model.Stream) { s.AverageRatioOfConcealed = f64(0.07) }), good)
	f(st(func(s *model.Stream) { s.AverageRatioOfConcealed = f64(0.0700001) }), poor, "averageRatioOfConcealedSamples")
	f(st(func(s *model.Stream) {
		s.AverageAudioDegradation, s.AverageRoundTripTime, s.AveragePacketLossRate, s.AverageJitter, s.AverageRatioOfConcealed = f64(2), ms(600), f64(0.2), ms(40), f64(0.1)
	}), poor, "averageAudioDegradation", "averageRoundTripTime", "averagePacketLossRate", "averageJitter", "averageRatioOfConcealedSamples")

	// No packet condition in 2021.
	f(st(func(s *model.Stream) { s.PacketUtilization, s.AverageJitter = i64(3), ms(45) }), poor, "averageJitter")
	f(st(func(s *model.Stream) { s.PacketUtilization, s.AverageJitter = i64(3), ms(5) }), good)

	// SATIN: degradation and concealment ignored, the rest applies.
	satin := func(codec string, set func(*model.Stream)) *model.Stream {
		s := st(set)
		s.AudioCodec = model.Some(codec)
		return s
	}
	f(satin("satin", func(s *model.Stream) {
		s.AverageJitter, s.AverageAudioDegradation, s.AverageRatioOfConcealed = ms(5), f64(3), f64(0.5)
	}), good)
	f(satin("satinFullband", func(s *model.Stream) { s.AverageJitter, s.AverageAudioDegradation = ms(5), f64(3) }), good)
	f(satin("SATIN", func(s *model.Stream) { s.AverageJitter, s.AverageRatioOfConcealed = ms(31), f64(0.5) }), poor, "averageJitter")
	f(satin("satin", func(s *model.Stream) { s.AverageAudioDegradation = f64(3) }), unclassified, "no metrics reported")
	f(satin("opus", func(s *model.Stream) { s.AverageAudioDegradation = f64(3) }), poor, "averageAudioDegradation")

	f(&model.Stream{}, unclassified, "no metrics reported")
	f(&model.Stream{PacketUtilization: i64(5000)}, unclassified, "no metrics reported")
}
