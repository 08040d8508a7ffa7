package quality_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

// acsCall is an ACS group call of one participant (caller) with the ACS
// server (callee), one media of the label holding the stream.
func acsCall(label string, s *model.Stream) *model.Call {
	c := oneSession(client(), server(), media(label, s))
	c.Source = model.SourceACS
	return c
}

// acsStream is a stream as the ACS assembler makes it: the server's row
// sent to the participant, with ACS facts.
func acsStream(set func(*model.Stream, *model.ACSStream)) *model.Stream {
	s := &model.Stream{StreamID: model.Some("1"), StreamDirection: model.Some(model.CalleeToCaller), ACS: &model.ACSStream{EndpointType: "Server"}}
	set(s, s.ACS)
	return s
}

func TestACSStream(t *testing.T) {
	t.Parallel()
	f := func(s *model.Stream, want model.StreamQuality, why ...string) {
		t.Helper()
		for _, v := range []string{"2024", "2021"} { // ACS streams ignore the CQD version
			c := acsCall("main-audio", s)
			engine(t, v).Judge(c)
			got := c.Sessions[0].Segments[0].Media[0].Streams[0]
			var metrics []string
			for _, r := range got.Reasons {
				if r.Rule != "acs-stream" || r.RuleVersion != "acs-2025" {
					t.Fatalf("reason of rule %s %s", r.Rule, r.RuleVersion)
				}
				if r.Metric != "" {
					metrics = append(metrics, r.Metric)
				}
			}
			if got.Quality != want || !slices.Equal(metrics, why) {
				t.Fatalf("%s: quality %s %q, want %s %q", jsonOf(t, s), got.Quality, metrics, want, why)
			}
		}
	}
	m := func(set func(*model.Stream)) *model.Stream {
		return acsStream(func(s *model.Stream, _ *model.ACSStream) { set(s) })
	}
	f(m(func(s *model.Stream) { s.AverageJitter = ms(30) }), good)
	f(m(func(s *model.Stream) { s.AverageJitter = ms(30.001) }), poor, "averageJitter")
	f(m(func(s *model.Stream) { s.AveragePacketLossRate = f64(0.1) }), good)
	f(m(func(s *model.Stream) { s.AveragePacketLossRate = f64(0.1000001) }), poor, "averagePacketLossRate")
	f(m(func(s *model.Stream) { s.AverageRoundTripTime = ms(500) }), good)
	f(m(func(s *model.Stream) { s.AverageRoundTripTime = ms(500.001) }), poor, "averageRoundTripTime")
	// No packet precondition, but no packets at all is no media.
	f(m(func(s *model.Stream) { s.PacketUtilization, s.AverageJitter = i64(3), ms(45) }), poor, "averageJitter")
	f(m(func(s *model.Stream) { s.PacketUtilization, s.AverageJitter = i64(0), ms(45) }), unclassified)
	f(m(func(s *model.Stream) { s.PacketUtilization, s.AverageJitter = i64(1), ms(5) }), good)
	f(m(func(s *model.Stream) {}), unclassified)
	// Degradation is not an ACS metric: ignored even if present.
	f(m(func(s *model.Stream) { s.AverageJitter, s.AverageAudioDegradation = ms(5), f64(4) }), good)

	// A Graph call with ACS facts on a stream is judged by CQD.
	c := acsCall("main-audio", m(func(s *model.Stream) { s.AverageJitter = ms(5) }))
	c.Source = model.SourceGraph
	engine(t, "2024").Judge(c)
	if r := c.Sessions[0].Segments[0].Media[0].Streams[0].Reasons; len(r) != 1 || r[0].Rule != "cqd-audio" {
		t.Fatalf("graph call: reasons %s", jsonOf(t, r))
	}
}

// TestACSDiagnostics checks the CallDiagnostics lines at their boundaries:
// the issue they raise ("severity metric") or none ("").
func TestACSDiagnostics(t *testing.T) {
	t.Parallel()
	e := engine(t, "2024")
	f := func(label string, set func(*model.Stream, *model.ACSStream), want string) {
		t.Helper()
		c := acsCall(label, acsStream(func(s *model.Stream, a *model.ACSStream) {
			s.AverageJitter = ms(5) // a good stream: only the line under test speaks
			set(s, a)
		}))
		e.Judge(c)
		var got []string
		for _, i := range c.Sessions[0].Issues {
			got = append(got, string(i.Severity)+" "+i.Metric)
			if i.Side != "caller" || i.StreamID != "1" || i.SegmentIndex == nil || i.Value == nil || i.Threshold == nil {
				t.Fatalf("incomplete issue %s", jsonOf(t, i))
			}
		}
		if want == "" && got != nil || want != "" && !slices.Equal(got, []string{want}) {
			t.Fatalf("%s: issues %q, want %q", label, got, want)
		}
		if r := c.Sessions[0].Rating; label == "main-audio" && r != model.RatingGood || label != "main-audio" && r != model.RatingUnavailable {
			t.Fatalf("%s: rating %s: diagnostics lines never rate a session", label, r)
		}
	}
	const audio, video, screen = "main-audio", "main-video", "applicationsharing-video"
	f(audio, func(_ *model.Stream, a *model.ACSStream) { a.JitterBufferSizeAvg = f64(200) }, "")
	f(audio, func(_ *model.Stream, a *model.ACSStream) { a.JitterBufferSizeAvg = f64(200.001) }, "yellow jitterBufferSizeAvg")
	f(audio, func(_ *model.Stream, a *model.ACSStream) { a.JitterBufferSizeMax = f64(200) }, "")
	f(audio, func(_ *model.Stream, a *model.ACSStream) { a.JitterBufferSizeMax = f64(200.001) }, "yellow jitterBufferSizeMax")
	f(audio, func(_ *model.Stream, a *model.ACSStream) { a.HealedDataRatioAvg = f64(0.1) }, "")
	f(audio, func(_ *model.Stream, a *model.ACSStream) { a.HealedDataRatioAvg = f64(0.1000001) }, "red healedDataRatioAvg")
	f(audio, func(_ *model.Stream, a *model.ACSStream) { a.HealedDataRatioMax = f64(0.1) }, "")
	f(audio, func(_ *model.Stream, a *model.ACSStream) { a.HealedDataRatioMax = f64(0.1000001) }, "yellow healedDataRatioMax")
	f(audio, func(_ *model.Stream, a *model.ACSStream) {
		a.HealedDataRatioAvg, a.HealedDataRatioMax = f64(0.2), f64(0.5)
	}, "red healedDataRatioAvg")
	f(audio, func(s *model.Stream, a *model.ACSStream) {
		s.AverageVideoFrameRate, a.RecvResolutionHeight = f64(1), f64(10)
	}, "")
	f(video, func(s *model.Stream, _ *model.ACSStream) { s.AverageVideoFrameRate = f64(7) }, "")
	f(video, func(s *model.Stream, _ *model.ACSStream) { s.AverageVideoFrameRate = f64(6.99) }, "red averageVideoFrameRate")
	f(screen, func(s *model.Stream, _ *model.ACSStream) { s.AverageVideoFrameRate = f64(1) }, "")
	f(screen, func(s *model.Stream, _ *model.ACSStream) { s.AverageVideoFrameRate = f64(0.99) }, "red averageVideoFrameRate")
	f(video, func(_ *model.Stream, a *model.ACSStream) { a.RecvResolutionHeight = f64(240) }, "")
	f(video, func(_ *model.Stream, a *model.ACSStream) { a.RecvResolutionHeight = f64(239) }, "yellow recvResolutionHeight")
	f(screen, func(_ *model.Stream, a *model.ACSStream) { a.RecvResolutionHeight = f64(768) }, "")
	f(screen, func(_ *model.Stream, a *model.ACSStream) { a.RecvResolutionHeight = f64(767) }, "yellow recvResolutionHeight")
	f(video, func(_ *model.Stream, a *model.ACSStream) { a.RecvFreezeDurationPerMinuteInMs = f64(6000) }, "")
	f(video, func(_ *model.Stream, a *model.ACSStream) { a.RecvFreezeDurationPerMinuteInMs = f64(6000.001) }, "red recvFreezeDurationPerMinuteInMs")
	f(screen, func(_ *model.Stream, a *model.ACSStream) { a.RecvFreezeDurationPerMinuteInMs = f64(25000) }, "")
	f(screen, func(_ *model.Stream, a *model.ACSStream) { a.RecvFreezeDurationPerMinuteInMs = f64(25000.001) }, "red recvFreezeDurationPerMinuteInMs")
	f(video, func(_ *model.Stream, a *model.ACSStream) { a.JitterBufferSizeAvg = f64(201) }, "yellow jitterBufferSizeAvg")
	f("main-data", func(_ *model.Stream, a *model.ACSStream) {
		a.JitterBufferSizeAvg, a.HealedDataRatioAvg = f64(900), f64(0.9)
	}, "")
}

// TestEndReasons checks how participantEndReason / participantEndSubCode
// (and resultCategory) judge a session.
func TestEndReasons(t *testing.T) {
	t.Parallel()
	e := engine(t, "2024")
	f := func(code, sub, category string, rating model.Rating, want string) {
		t.Helper()
		c := acsCall("main-audio", acsStream(func(s *model.Stream, _ *model.ACSStream) { s.AverageJitter = ms(5) }))
		p := &model.ACSParticipant{ParticipantID: "p"}
		if code != "-" {
			p.EndReason = model.Some(code)
		}
		if sub != "-" {
			p.EndSubCode = model.Some(sub)
		}
		if category != "" {
			p.ResultCategory = model.Some(category)
		}
		c.Sessions[0].ACS = p
		e.Judge(c)
		s := c.Sessions[0]
		got := ""
		if len(s.Issues) > 1 {
			t.Fatalf("%s/%s: %d issues", code, sub, len(s.Issues))
		}
		if len(s.Issues) == 1 {
			i := s.Issues[0]
			got = fmt.Sprintf("%s %s: %s", i.Severity, i.Area, i.Reason)
			if i.Side != "caller" || i.Metric != "participantEndReason" || i.Rule != "acs-end-reason" || i.RuleVersion != "acs-2025" {
				t.Fatalf("%s/%s: issue %s", code, sub, jsonOf(t, i))
			}
		}
		if s.Rating != rating || got != want {
			t.Fatalf("%s/%s %s: %s %q, want %s %q", code, sub, category, s.Rating, got, rating, want)
		}
	}
	const P, G = model.RatingPoor, model.RatingGood

	// Normal ends.
	f("0", "0", "Success", G, "")
	f("0", "-", "", G, "")
	f("487", "0", "", G, "")
	f("603", "0", "Success", G, "")
	f("0", "4097", "Success", G, "")
	f("486", "560486", "Success", G, "")
	f("-", "-", "", G, "")
	f("200", "-", "", G, "")
	// Setup failures: red, poor.
	f("410", "3100", "UnexpectedClientError", P, "red setup: call setup failed: unexpected network problem on the client (410/3100, UnexpectedClientError)")
	f("410", "3111", "", P, "red setup: call setup failed: unable to process media offer (410/3111, UnexpectedClientError)")
	f("410", "3112", "ExpectedError", P, "red setup: call setup failed: client network configuration problem (410/3112, ExpectedError)")
	f("408", "4506", "UnexpectedClientError", P, "red setup: call setup failed: call timed out (did the callee receive/accept?) (408/4506, UnexpectedClientError)")
	f("410", "301004", "", P, "red setup: call setup failed: removed by ACS: no media connectivity during setup (local network/firewall/VPN) (410/301004, UnexpectedClientError)")
	f("408", "40101", "UnexpectedClientError", P, "red setup: call setup failed: failed to create CallAgent (408/40101, UnexpectedClientError)")
	// Drops: red reliability, never a setup failure, not a rating cause.
	f("410", "3101", "UnexpectedClientError", G, "red reliability: call dropped: unexpected network problem on the client (410/3101, UnexpectedClientError)")
	f("410", "301005", "UnexpectedClientError", G, "red reliability: call dropped: removed by ACS: lost media connectivity (left abruptly / lost network) (410/301005, UnexpectedClientError)")
	f("496", "7", "ExpectedError", G, "red reliability: call dropped: client lost network abruptly, reconnect retries failed (496/7, ExpectedError)")
	f(" 410 ", "3101.0", "", G, "red reliability: call dropped: unexpected network problem on the client (410/3101.0, UnexpectedClientError)")
	// Expected outcomes: yellow with their meaning.
	f("0", "4521", "ExpectedError", G, "yellow reliability: user disconnected abruptly (e.g. closed the tab/app without hanging up) (0/4521, ExpectedError)")
	f("480", "10037", "ExpectedError", G, "yellow setup: target had no endpoints registered with ACS (480/10037, ExpectedError)")
	f("400", "40613", "ExpectedError", G, "yellow device: mic/camera permission denied or failed (400/40613, ExpectedError)")
	// Unexpected SDK failures that did not keep anyone out: red in their area.
	f("500", "41015", "UnexpectedClientError", G, "red device: failed to mute microphone (500/41015, UnexpectedClientError)")
	// A known subcode under another code still explains the end.
	f("499", "3101", "", G, "red reliability: call dropped: unexpected network problem on the client (499/3101, UnexpectedClientError)")
	// Codes without a subcode row: the category decides, else the class.
	f("404", "-", "", G, "yellow setup: call not found (404)")
	f("410", "12345", "UnexpectedClientError", P, "red setup: call setup failed: local media stack or media infrastructure error (410/12345, UnexpectedClientError)")
	f("410", "12345", "ExpectedError", G, "yellow reliability: local media stack or media infrastructure error (410/12345, ExpectedError)")
	f("410", "12345", "Success", G, "")
	f("503", "-", "", G, "yellow reliability: Communication Services infrastructure error (503)")
	f("600", "-", "", G, "yellow setup: busy everywhere (600)")
	// Unknown codes are never dropped: a generic meaning by class.
	f("499", "-", "", G, "yellow reliability: client error (499)")
	f("599", "1", "UnexpectedServerError", P, "red setup: call setup failed: server error (599/1, UnexpectedServerError)")
	f("699", "-", "", G, "yellow reliability: global error (699)")
	f("302", "-", "", G, "yellow reliability: redirection (302)")
	f("183", "-", "", G, "yellow reliability: provisional (183)")
	f("-", "77777", "", G, "yellow reliability: end code not reported (subcode 77777)")
	f("410", "-", "UnxpectedClientError", P, "red setup: call setup failed: local media stack or media infrastructure error (410, UnxpectedClientError)")
	f("Redacted", "-", "", G, "yellow reliability: unrecognised end reason Redacted")
	f("410", "abc", "", G, "yellow reliability: unrecognised end reason 410/abc")
	f("1e99", "-", "", G, "yellow reliability: unrecognised end reason 1e99")
}

func TestEndReasonSides(t *testing.T) {
	t.Parallel()
	c := acsCall("main-audio", acsStream(func(s *model.Stream, _ *model.ACSStream) { s.AverageJitter = ms(5) }))
	c.Sessions[0].ACS = &model.ACSParticipant{EndReason: model.Some("0"), EndSubCode: model.Some("0")}
	c.Sessions[0].CalleeACS = &model.ACSParticipant{EndReason: model.Some("410"), EndSubCode: model.Some("3100")}
	engine(t, "2024").Judge(c)
	s := c.Sessions[0]
	if s.Rating != model.RatingPoor || len(s.Issues) != 1 || s.Issues[0].Side != "callee" || s.Issues[0].Area != "setup" {
		t.Fatalf("rating %s issues %s", s.Rating, jsonOf(t, s.Issues))
	}
}
