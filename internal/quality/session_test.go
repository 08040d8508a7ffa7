package quality_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

func client() *model.Endpoint {
	return &model.Endpoint{ODataType: "#microsoft.graph.callRecords.participantEndpoint"}
}

func server() *model.Endpoint {
	return &model.Endpoint{ODataType: "#microsoft.graph.callRecords.serviceEndpoint"}
}

// oneSession is a Graph call of one session between caller and callee,
// with one segment holding the media.
func oneSession(caller, callee *model.Endpoint, media ...*model.Media) *model.Call {
	return &model.Call{ID: "c", Source: model.SourceGraph, Sessions: []*model.Session{{
		ID: model.Some("s"), Caller: caller, Callee: callee,
		Segments: []*model.Segment{{ID: model.Some("g"), Media: media}},
	}}}
}

func media(label string, streams ...*model.Stream) *model.Media {
	return &model.Media{Label: model.Some(label), Streams: streams}
}

// stream is a stream with an id and direction, its metrics set by set.
func stream(id string, dir model.StreamDirection, set func(*model.Stream)) *model.Stream {
	s := &model.Stream{StreamID: model.Some(id)}
	if dir != "" {
		s.StreamDirection = model.Some(dir)
	}
	if set != nil {
		set(s)
	}
	return s
}

// goodAudio is a stream every rule calls good.
func goodAudio(id string, dir model.StreamDirection) *model.Stream {
	return stream(id, dir, func(s *model.Stream) {
		s.PacketUtilization, s.AverageJitter, s.AveragePacketLossRate, s.AverageRoundTripTime = i64(3000), ms(5), f64(0.001), ms(40)
	})
}

// summary writes a session's issues as "severity area metric side", one
// per issue, in order.
func summary(s *model.Session) []string {
	var out []string
	for _, i := range s.Issues {
		out = append(out, strings.TrimSpace(fmt.Sprintf("%s %s %s %s", i.Severity, i.Area, i.Metric, i.Side)))
	}
	return out
}

func TestSessionRating(t *testing.T) {
	t.Parallel()
	e := engine(t, "2024")
	f := func(c *model.Call, rating model.Rating, issues ...string) {
		t.Helper()
		e.Judge(c)
		s := c.Sessions[0]
		if s.Rating != rating || !slices.Equal(summary(s), issues) {
			t.Fatalf("rating %s, issues %q; want %s, %q", s.Rating, summary(s), rating, issues)
		}
	}
	jitter45 := func(s *model.Stream) { s.PacketUtilization, s.AverageJitter = i64(1000), ms(45) }
	const c2e, e2c = model.CallerToCallee, model.CalleeToCaller

	f(oneSession(client(), client(), media("main-audio", goodAudio("1", c2e), goodAudio("2", e2c))), model.RatingGood)
	f(oneSession(client(), client()), model.RatingUnavailable)
	f(oneSession(client(), client(), media("main-audio", stream("1", c2e, func(s *model.Stream) { s.PacketUtilization, s.AverageJitter = i64(100), ms(5) }))), model.RatingUnavailable)
	f(oneSession(client(), client(), media("main-audio", stream("1", c2e, nil))), model.RatingUnavailable)
	// One unclassified and one good audio stream: the session has data.
	f(oneSession(client(), client(), media("main-audio", stream("1", c2e, nil), goodAudio("2", e2c))), model.RatingGood)

	// A poor audio stream: red network, on the side whose network it concerns.
	f(oneSession(client(), client(), media("main-audio", stream("1", c2e, jitter45))), model.RatingPoor, "red network averageJitter caller")
	f(oneSession(client(), client(), media("main-audio", stream("1", e2c, jitter45))), model.RatingPoor, "red network averageJitter callee")
	f(oneSession(client(), client(), media("main-audio", stream("1", "", jitter45))), model.RatingPoor, "red network averageJitter")
	f(oneSession(client(), server(), media("main-audio", stream("1", e2c, jitter45))), model.RatingPoor, "red network averageJitter caller")
	f(oneSession(client(), server(), media("main-audio", stream("1", c2e, jitter45))), model.RatingPoor, "red network averageJitter caller")
	f(oneSession(server(), client(), media("main-audio", stream("1", c2e, jitter45))), model.RatingPoor, "red network averageJitter callee")
	f(oneSession(server(), server(), media("main-audio", stream("1", e2c, jitter45))), model.RatingPoor, "red network averageJitter callee")
	f(oneSession(nil, nil, media("main-audio", stream("1", c2e, jitter45))), model.RatingPoor, "red network averageJitter caller")

	// Poor video or screen sharing: red, but the rating is the audio's.
	poorVideo := stream("v", e2c, func(s *model.Stream) { s.PacketUtilization, s.AverageVideoFrameRate = i64(1000), f64(3) })
	f(oneSession(client(), server(), media("main-video", poorVideo)), model.RatingUnavailable, "red media averageVideoFrameRate caller")
	f(oneSession(client(), server(), media("main-audio", goodAudio("1", c2e)), media("main-video", poorVideo)), model.RatingGood, "red media averageVideoFrameRate caller")
	f(oneSession(client(), server(), media("main-audio", stream("1", c2e, jitter45)), media("main-video", poorVideo)), model.RatingPoor,
		"red network averageJitter caller", "red media averageVideoFrameRate caller")
}

func TestDevice(t *testing.T) {
	t.Parallel()
	e := engine(t, "2024")
	f := func(caller, callee *model.DeviceInfo, rating model.Rating, issues ...string) {
		t.Helper()
		m := media("main-audio", goodAudio("1", model.CallerToCallee))
		m.CallerDevice, m.CalleeDevice = caller, callee
		c := oneSession(client(), client(), m)
		e.Judge(c)
		s := c.Sessions[0]
		if s.Rating != rating || !slices.Equal(summary(s), issues) {
			t.Fatalf("rating %s, issues %q; want %s, %q", s.Rating, summary(s), rating, issues)
		}
	}
	d := func(set func(*model.DeviceInfo)) *model.DeviceInfo {
		v := &model.DeviceInfo{}
		set(v)
		return v
	}
	const yes, no = model.RatingPoor, model.RatingGood

	f(d(func(v *model.DeviceInfo) { v.CaptureNotFunctioningEventRatio = f64(0.005) }), nil, yes, "red device captureNotFunctioningEventRatio caller")
	f(d(func(v *model.DeviceInfo) { v.CaptureNotFunctioningEventRatio = f64(0.0051) }), nil, yes, "red device captureNotFunctioningEventRatio caller")
	f(d(func(v *model.DeviceInfo) { v.CaptureNotFunctioningEventRatio = f64(0.0049) }), nil, no, "yellow device captureNotFunctioningEventRatio caller")
	f(d(func(v *model.DeviceInfo) { v.CaptureNotFunctioningEventRatio = f64(0.0001) }), nil, no, "yellow device captureNotFunctioningEventRatio caller")
	f(d(func(v *model.DeviceInfo) { v.CaptureNotFunctioningEventRatio = f64(0) }), nil, no)
	f(nil, d(func(v *model.DeviceInfo) { v.RenderNotFunctioningEventRatio = f64(0.005) }), yes, "red device renderNotFunctioningEventRatio callee")
	f(nil, d(func(v *model.DeviceInfo) { v.RenderNotFunctioningEventRatio = f64(0.0049) }), no, "yellow device renderNotFunctioningEventRatio callee")
	f(d(func(v *model.DeviceInfo) { v.RenderNotFunctioningEventRatio = model.NullOf[float64]() }), nil, no)

	share := []struct {
		metric string
		set    func(*model.DeviceInfo, model.Opt[float64])
	}{
		{"cpuInsufficentEventRatio", func(v *model.DeviceInfo, o model.Opt[float64]) { v.CPUInsufficentEventRatio = o }},
		{"deviceGlitchEventRatio", func(v *model.DeviceInfo, o model.Opt[float64]) { v.DeviceGlitchEventRatio = o }},
		{"deviceClippingEventRatio", func(v *model.DeviceInfo, o model.Opt[float64]) { v.DeviceClippingEventRatio = o }},
		{"lowSpeechLevelEventRatio", func(v *model.DeviceInfo, o model.Opt[float64]) { v.LowSpeechLevelEventRatio = o }},
		{"lowSpeechToNoiseEventRatio", func(v *model.DeviceInfo, o model.Opt[float64]) { v.LowSpeechToNoiseEventRatio = o }},
		{"renderMuteEventRatio", func(v *model.DeviceInfo, o model.Opt[float64]) { v.RenderMuteEventRatio = o }},
		{"renderZeroVolumeEventRatio", func(v *model.DeviceInfo, o model.Opt[float64]) { v.RenderZeroVolumeEventRatio = o }},
	}
	for _, sh := range share {
		f(d(func(v *model.DeviceInfo) { sh.set(v, f64(0.0499)) }), nil, no)
		f(d(func(v *model.DeviceInfo) { sh.set(v, f64(0.05)) }), nil, no, "yellow device "+sh.metric+" caller")
		f(nil, d(func(v *model.DeviceInfo) { sh.set(v, f64(0.9)) }), no, "yellow device "+sh.metric+" callee")
	}
	f(d(func(v *model.DeviceInfo) { v.HowlingEventCount = i64(0) }), nil, no)
	f(d(func(v *model.DeviceInfo) { v.HowlingEventCount = i64(1) }), nil, no, "yellow device howlingEventCount caller")

	// A device repeated on every media of a segment is one issue.
	dev := d(func(v *model.DeviceInfo) { v.CaptureNotFunctioningEventRatio = f64(0.2) })
	a, v := media("main-audio", goodAudio("1", model.CallerToCallee)), media("main-video")
	a.CallerDevice, v.CallerDevice = dev, dev
	c := oneSession(client(), client(), a, v)
	e.Judge(c)
	if got := summary(c.Sessions[0]); !slices.Equal(got, []string{"red device captureNotFunctioningEventRatio caller"}) {
		t.Fatalf("repeated device: %q", got)
	}
}

func TestNetworkBands(t *testing.T) {
	t.Parallel()
	e := engine(t, "2024")
	f := func(n *model.NetworkInfo, issues ...string) {
		t.Helper()
		m := media("main-audio", goodAudio("1", model.CallerToCallee))
		m.CalleeNetwork = n
		c := oneSession(client(), client(), m)
		e.Judge(c)
		if got := summary(c.Sessions[0]); !slices.Equal(got, issues) || c.Sessions[0].Rating != model.RatingGood {
			t.Fatalf("issues %q, rating %s; want %q, good", got, c.Sessions[0].Rating, issues)
		}
	}
	n := func(set func(*model.NetworkInfo)) *model.NetworkInfo {
		v := &model.NetworkInfo{}
		set(v)
		return v
	}
	wifi := model.Some(model.ConnectionWifi)
	f(n(func(v *model.NetworkInfo) { v.ConnectionType, v.WifiSignalStrength = wifi, i64(71) }))
	f(n(func(v *model.NetworkInfo) { v.ConnectionType, v.WifiSignalStrength = wifi, i64(70) }), "yellow network wifiSignalStrength callee")
	f(n(func(v *model.NetworkInfo) { v.WifiSignalStrength = i64(40) }), "yellow network wifiSignalStrength callee")
	f(n(func(v *model.NetworkInfo) {
		v.ConnectionType, v.WifiSignalStrength = model.Some(model.ConnectionWired), i64(40)
	}))
	f(n(func(v *model.NetworkInfo) { v.NetworkTransportProtocol = model.Some(model.TransportTCP) }), "yellow network networkTransportProtocol callee")
	f(n(func(v *model.NetworkInfo) { v.NetworkTransportProtocol = model.Some(model.TransportUDP) }))

	share := []struct {
		metric string
		set    func(*model.NetworkInfo, model.Opt[float64])
	}{
		{"sentQualityEventRatio", func(v *model.NetworkInfo, o model.Opt[float64]) { v.SentQualityEventRatio = o }},
		{"receivedQualityEventRatio", func(v *model.NetworkInfo, o model.Opt[float64]) { v.ReceivedQualityEventRatio = o }},
		{"delayEventRatio", func(v *model.NetworkInfo, o model.Opt[float64]) { v.DelayEventRatio = o }},
		{"bandwidthLowEventRatio", func(v *model.NetworkInfo, o model.Opt[float64]) { v.BandwidthLowEventRatio = o }},
	}
	for _, sh := range share {
		f(n(func(v *model.NetworkInfo) { sh.set(v, f64(0.0499)) }))
		f(n(func(v *model.NetworkInfo) { sh.set(v, f64(0.05)) }), "yellow network "+sh.metric+" callee")
	}
}

// TestStreamBands checks the yellow lines of streams at their
// boundaries: one issue (its metric) or none ("").
func TestStreamBands(t *testing.T) {
	t.Parallel()
	f := func(version, label string, s *model.Stream, want string) {
		t.Helper()
		c := oneSession(client(), client(), media(label, s))
		engine(t, version).Judge(c)
		var got []string
		for _, i := range c.Sessions[0].Issues {
			if i.Severity != model.SeverityYellow {
				t.Fatalf("%s %s: unexpected %s issue %s", version, label, i.Severity, i.Reason)
			}
			got = append(got, i.Metric)
		}
		if want == "" && got != nil || want != "" && !slices.Equal(got, []string{want}) {
			t.Fatalf("%s %s %s: yellow %q, want %q", version, label, jsonOf(t, s), got, want)
		}
	}
	a := func(set func(*model.Stream)) *model.Stream {
		s := goodAudio("1", model.CallerToCallee)
		set(s)
		return s
	}
	for _, v := range []string{"2024", "2021"} {
		f(v, "main-audio", a(func(s *model.Stream) { s.AveragePacketLossRate = f64(0.0499) }), "")
		f(v, "main-audio", a(func(s *model.Stream) { s.AveragePacketLossRate = f64(0.05) }), "averagePacketLossRate")
		f(v, "main-audio", a(func(s *model.Stream) { s.MaxPacketLossRate = f64(0.1) }), "")
		f(v, "main-audio", a(func(s *model.Stream) { s.MaxPacketLossRate = f64(0.1000001) }), "maxPacketLossRate")
		f(v, "main-audio", a(func(s *model.Stream) { s.AveragePacketLossRate, s.MaxPacketLossRate = f64(0.06), f64(0.5) }), "averagePacketLossRate")
		f(v, "main-audio", a(func(s *model.Stream) { s.MaxJitter = ms(30) }), "")
		f(v, "main-audio", a(func(s *model.Stream) { s.MaxJitter = ms(30.001) }), "maxJitter")
		f(v, "main-audio", a(func(s *model.Stream) { s.MaxRoundTripTime = ms(500) }), "")
		f(v, "main-audio", a(func(s *model.Stream) { s.MaxRoundTripTime = ms(500.001) }), "maxRoundTripTime")
		f(v, "main-audio", a(func(s *model.Stream) { s.AverageRatioOfConcealed = f64(0.0699) }), "")
		f(v, "main-audio", a(func(s *model.Stream) { s.AverageRatioOfConcealed = f64(0.07) }), "averageRatioOfConcealedSamples")
		f(v, "main-audio", a(func(s *model.Stream) { s.MaxRatioOfConcealed = f64(0.07) }), "")
		f(v, "main-audio", a(func(s *model.Stream) { s.MaxRatioOfConcealed = f64(0.0700001) }), "maxRatioOfConcealedSamples")
		f(v, "main-audio", a(func(s *model.Stream) {
			s.AudioCodec, s.AverageRatioOfConcealed, s.AverageAudioDegradation = model.Some("satin"), f64(0.5), f64(3)
		}), "")
		f(v, "main-audio", a(func(s *model.Stream) { s.AverageAudioDegradation = f64(1.0) }), "")

		// Video: the Lync 2013 lines and the CQD lines a deciding step
		// left unused.
		vs := func(set func(*model.Stream)) *model.Stream {
			s := stream("v", model.CalleeToCaller, func(s *model.Stream) { s.PacketUtilization, s.AverageVideoFrameLossPct = i64(1000), f64(5) })
			set(s)
			return s
		}
		f(v, "main-video", vs(func(s *model.Stream) {}), "")
		f(v, "main-video", vs(func(s *model.Stream) { s.AverageVideoFrameLossPct = f64(10) }), "")
		f(v, "main-video", vs(func(s *model.Stream) { s.AverageVideoFrameLossPct = f64(10.001) }), "averageVideoFrameLossPercentage")
		f(v, "main-video", vs(func(s *model.Stream) { s.AverageVideoFrameRate = f64(7) }), "")
		f(v, "main-video", vs(func(s *model.Stream) { s.AverageVideoFrameRate = f64(6.99) }), "averageVideoFrameRate")
		f(v, "main-video", vs(func(s *model.Stream) { s.PostFECPacketLossRate = f64(0.1) }), "")
		f(v, "main-video", vs(func(s *model.Stream) { s.PostFECPacketLossRate = f64(0.1000001) }), "postForwardErrorCorrectionPacketLossRate")
		f(v, "main-video", vs(func(s *model.Stream) { s.AverageVideoPacketLoss = f64(0.1) }), "")
		f(v, "main-video", vs(func(s *model.Stream) { s.AverageVideoPacketLoss = f64(0.1000001) }), "averageVideoPacketLossRate")
		f(v, "main-video", vs(func(s *model.Stream) { s.LowFrameRateRatio = f64(0.1) }), "")
		f(v, "main-video", vs(func(s *model.Stream) { s.LowFrameRateRatio = f64(0.1000001) }), "lowFrameRateRatio")
		f(v, "main-video", vs(func(s *model.Stream) { s.LowVideoProcessingRatio = f64(0.1) }), "")
		f(v, "main-video", vs(func(s *model.Stream) { s.LowVideoProcessingRatio = f64(0.1000001) }), "lowVideoProcessingCapabilityRatio")
	}

	// What 2024 no longer counts, or could not judge, is yellow.
	f("2024", "main-audio", a(func(s *model.Stream) { s.AverageAudioDegradation = f64(1.0001) }), "averageAudioDegradation")
	f("2024", "main-audio", a(func(s *model.Stream) { s.PacketUtilization, s.AverageJitter = i64(500), ms(30.001) }), "averageJitter")
	f("2024", "main-audio", a(func(s *model.Stream) { s.PacketUtilization, s.AverageJitter = i64(500), ms(30) }), "")
	f("2024", "main-audio", a(func(s *model.Stream) { s.PacketUtilization, s.AverageRoundTripTime = i64(500), ms(500.001) }), "averageRoundTripTime")
	f("2024", "main-audio", a(func(s *model.Stream) { s.PacketUtilization, s.AveragePacketLossRate = i64(500), f64(0.1000001) }), "averagePacketLossRate")
	f("2024", "main-audio", a(func(s *model.Stream) { s.AverageRatioOfConcealed = f64(0.0700001) }), "averageRatioOfConcealedSamples")
	f("2024", "applicationsharing-video", stream("s", model.CalleeToCaller, func(s *model.Stream) {
		s.AverageVideoFrameLossPct, s.AverageVideoFrameRate = f64(10), f64(0.99)
	}), "averageVideoFrameRate")
	f("2021", "applicationsharing-video", stream("s", model.CalleeToCaller, func(s *model.Stream) {
		s.AverageVideoFrameLossPct, s.AverageVideoFrameRate = f64(10), f64(1.99)
	}), "averageVideoFrameRate")
}

func TestFailures(t *testing.T) {
	t.Parallel()
	e := engine(t, "2024")
	f := func(session, segment *model.FailureInfo, audio bool, rating model.Rating, issues ...string) {
		t.Helper()
		c := oneSession(client(), client())
		if audio {
			c.Sessions[0].Segments[0].Media = []*model.Media{media("main-audio", goodAudio("1", model.CallerToCallee))}
		}
		c.Sessions[0].FailureInfo, c.Sessions[0].Segments[0].FailureInfo = session, segment
		e.Judge(c)
		s := c.Sessions[0]
		var got []string
		for _, i := range s.Issues {
			seg := "-"
			if i.SegmentIndex != nil {
				seg = fmt.Sprint(*i.SegmentIndex)
			}
			got = append(got, fmt.Sprintf("%s %s %s", i.Severity, i.Area, seg))
		}
		if s.Rating != rating || !slices.Equal(got, issues) {
			t.Fatalf("rating %s, issues %q; want %s, %q", s.Rating, got, rating, issues)
		}
	}
	fi := func(stage model.FailureStage, reason string) *model.FailureInfo {
		v := &model.FailureInfo{}
		if stage != "" {
			v.Stage = model.Some(stage)
		}
		if reason != "" {
			v.Reason = model.Some(reason)
		}
		return v
	}
	setup, mid := model.FailureStageCallSetup, model.FailureStageMidcall

	f(fi(setup, "x"), nil, false, model.RatingPoor, "red setup -")
	f(fi(setup, "x"), nil, true, model.RatingPoor, "red setup -")
	f(nil, fi(setup, "x"), false, model.RatingPoor, "red setup 0")
	f(fi(setup, "x"), fi(setup, "x"), false, model.RatingPoor, "red setup -")
	f(fi(setup, "x"), fi(setup, "y"), false, model.RatingPoor, "red setup -", "red setup 0")
	f(fi(mid, "lost"), nil, true, model.RatingGood, "red reliability -")
	f(fi(mid, "lost"), nil, false, model.RatingUnavailable, "red reliability -")
	f(nil, fi(mid, ""), true, model.RatingGood, "red reliability 0")
	f(fi(mid, "lost"), fi(setup, "x"), false, model.RatingPoor, "red reliability -", "red setup 0")
	f(fi(model.FailureStageUnknown, "bye"), nil, true, model.RatingGood, "yellow reliability -")
	f(fi("", "bye"), nil, true, model.RatingGood, "yellow reliability -")
	f(fi("unknownFutureValue", ""), nil, true, model.RatingGood, "yellow reliability -")
	f(fi("", ""), nil, true, model.RatingGood)
	f(&model.FailureInfo{Stage: model.NullOf[model.FailureStage]()}, nil, true, model.RatingGood)

	// The reason text says what failed and why.
	c := oneSession(client(), client())
	c.Sessions[0].FailureInfo = fi(setup, "Ms-diag 21")
	e.Judge(c)
	if got := c.Sessions[0].Issues[0].Reason; got != "call setup failed: Ms-diag 21" {
		t.Fatalf("reason %q", got)
	}
}
