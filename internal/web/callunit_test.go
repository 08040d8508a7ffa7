package web

import (
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

func ptr(f float64) *float64 { return &f }

func TestShowValue(t *testing.T) {
	f := func(v value, kind metricKind, against *float64, want string) {
		t.Helper()
		if got := show(v, kind, against); got != want {
			t.Errorf("show(%+v, %d, %v) = %q, want %q", v, kind, against, got, want)
		}
	}
	f(optMS(model.Some(model.Duration(8*time.Millisecond))), kindDuration, nil, "8 ms")
	f(optMS(model.Some(model.Duration(30500*time.Microsecond))), kindDuration, nil, "30.5 ms")
	f(optNum(model.Some(0.19805)), kindRatio, nil, "19.8 %")
	f(optNum(model.Some(0.1)), kindRatio, nil, "10 %")
	// Beside its threshold a value keeps the decimals that tell them
	// apart: never "10 % > 10 %".
	f(optNum(model.Some(0.10004)), kindRatio, ptr(0.1), "10.004 %")
	f(optNum(model.Some(0.1)), kindRatio, ptr(0.1), "10 %")
	f(optNum(model.Some(21.06)), kindPercent, nil, "21.1 %")
	f(optNum(model.Some(29.96)), kindFPS, nil, "30 fps")
	f(optNum(model.Some(int64(40601220))), kindBPS, nil, "40.6 Mbit/s")
	f(optNum(model.Some(3.0)), kindNumber, nil, "3")
	f(optBool(model.Some(true)), kindText, nil, "Yes")
	f(optPlain(model.NullOf[string]()), kindText, nil, "withheld")
	f(optPlain(model.Opt[string]{}), kindText, nil, "–")
	f(optText(model.Some(model.ConnectionType("wifi"))), kindText, nil, "Wi-Fi")
}

func TestReasonText(t *testing.T) {
	f := func(metric string, val, thr *float64, op, unit, text, want string) {
		t.Helper()
		if got := reasonText(metric, val, thr, op, unit, text); got != want {
			t.Errorf("reasonText(%s) = %q, want %q", metric, got, want)
		}
	}
	// The unit and rounding of the cell, not the rule's ratio.
	f("averagePacketLossRate", ptr(0.19805), ptr(0.1), ">", "ratio", "packet loss 0.19805 > 0.1", "Average packet loss 19.8 % > 10 %")
	f("averagePacketLossRate", ptr(0.07667), ptr(0.05), ">=", "ratio",
		"packet loss 0.07667 ≥ 0.05 (Real-Time Analytics: good below 5 %)", "Average packet loss 7.7 % ≥ 5 % (Real-Time Analytics: good below 5 %)")
	f("averageJitter", ptr(42), ptr(30), ">", "ms", "jitter 42 ms > 30 ms", "Average jitter 42 ms > 30 ms")
	f("wifiSignalStrength", ptr(33), ptr(70), "<=", "percent", "Wi-Fi signal 33 % ≤ 70 %", "Wi-Fi signal 33 % ≤ 70 %")
	f("cpuInsufficentEventRatio", ptr(0.1099), ptr(0.05), ">=", "ratio", "insufficient CPU 0.1099 ≥ 0.05", "Processor too busy 11 % ≥ 5 %")
	f("", nil, nil, "", "", "too few packets", "Too few packets")
	// A failure is said once, in plain words.
	f(failureMetric, nil, nil, "", "", "call dropped mid-call: Call dropped: network lost", "Dropped during the call: Network lost")
	f(failureMetric, nil, nil, "", "", "call setup failed: 408 Request Timeout", "Failed during call setup: 408 Request Timeout")
	f(failureMetric, nil, nil, "", "", "failure at unreported stage", "Failed (stage not reported)")
}

func TestFailureText(t *testing.T) {
	f := func(stage model.FailureStage, reason, want string) {
		t.Helper()
		if got := failureText(stage, reason); got != want {
			t.Errorf("failureText(%q, %q) = %q, want %q", stage, reason, got, want)
		}
	}
	f(model.FailureStageCallSetup, "", "Failed during call setup")
	f(model.FailureStageMidcall, "Call dropped: media timeout", "Dropped during the call: Media timeout")
	f(model.FailureStageMidcall, "failed to reach the relay", "Dropped during the call: Failed to reach the relay")
	f("", "x", "Failed (stage not reported): X")
}

func TestLabels(t *testing.T) {
	f := func(got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
	f(mediaLabel("main-audio"), "Audio")
	f(mediaLabel("main-video"), "Video")
	f(mediaLabel("applicationsharing-video"), "Screen sharing")
	f(mediaLabel("data"), "Data")
	f(mediaLabel(""), "Media")
	f(modalitiesText([]model.Modality{"audio", "video", "videoBasedScreenSharing", "screenSharing"}), "Audio, Video, Screen sharing")
	mcu := &wire.EndpointOverview{Kind: model.EndpointService, ServiceRole: model.Some(model.ServiceRole("skypeForBusinessAudioVideoMcu"))}
	ann := model.Some("Ann")
	f(sessionTitle(wire.SessionOverview{Caller: &wire.EndpointOverview{Kind: model.EndpointParticipant, DisplayName: &ann}, Callee: mcu}),
		"Ann — joined the meeting (conference server)")
	f(sessionTitle(wire.SessionOverview{Caller: &wire.EndpointOverview{Kind: model.EndpointParticipant}, Callee: &wire.EndpointOverview{Kind: model.EndpointParticipant, DisplayName: &ann}}),
		"Name withheld → Ann")
	f(nameNote(wire.CallParticipant{Kind: "person", External: true}), "Another organization's user: their organization did not share the name with yours.")
	f(nameNote(wire.CallParticipant{Kind: "person", DisplayName: "Ann"}), "")
}

func TestTimelineAxis(t *testing.T) {
	f := func(start, end string, wantFrom string, want ...string) {
		t.Helper()
		s, _ := time.Parse("15:04:05", start)
		e, _ := time.Parse("15:04:05", end)
		from, span, ticks := axisOf(s, e)
		var labels []string
		for _, tk := range ticks {
			labels = append(labels, tk.Label)
		}
		if from.Format("15:04:05") != wantFrom || strings.Join(labels, " ") != strings.Join(want, " ") {
			t.Errorf("axis of %s–%s: from %s, ticks %q, want %s, %q", start, end, from.Format("15:04:05"), labels, wantFrom, want)
		}
		if got := ticks[len(ticks)-1].X; got != timelineWidth || from.Add(span).Before(e) {
			t.Errorf("axis of %s–%s ends at %v (x %v), before the end", start, end, from.Add(span), got)
		}
	}
	f("17:54:37", "17:56:54", "17:54:00", "17:54", "17:55", "17:56", "17:57")
	f("10:02:10", "10:47:00", "10:00:00", "10:00", "10:10", "10:20", "10:30", "10:40", "10:50")
	f("19:20:13", "21:36:40", "19:00:00", "19:00", "19:30", "20:00", "20:30", "21:00", "21:30", "22:00")
	f("09:00:00", "09:00:00", "09:00:00", "09:00", "09:01")
}

func TestSessionFindings(t *testing.T) {
	seg := 0
	s := wire.SessionOverview{
		Issues: []model.Issue{
			{Severity: model.SeverityYellow, Metric: "maxJitter", StreamID: "s1", Value: ptr(48), Threshold: ptr(30), Op: ">", Unit: "ms", Reason: "maximum jitter 48 ms > 30 ms"},
			{Severity: model.SeverityYellow, Metric: "wifiSignalStrength", Side: "caller", SegmentIndex: &seg, Reason: "Wi-Fi signal 47 %"},
			{Severity: model.SeverityRed, Metric: "averageJitter", StreamID: "s1", Value: ptr(46), Threshold: ptr(30), Op: ">", Unit: "ms", Reason: "jitter 46 ms > 30 ms"},
		},
		Segments: []wire.SegmentOverview{{Media: []wire.MediaOverview{{Label: model.Some("main-audio"), Streams: []wire.StreamOverview{{
			StreamID: model.Some("s1"), Quality: model.QualityPoor, AverageJitter: model.Some(model.Duration(46 * time.Millisecond)),
			Reasons: []model.Reason{{Metric: "averageJitter", Value: ptr(46), Threshold: ptr(30), Op: ">", Unit: "ms", Text: "jitter 46 ms > 30 ms", Rule: "cqd-audio"}},
		}}}}}},
	}
	f := sessionFindings(s)
	if got := f.stream["s1"]["averageJitter"]; got == nil || got.Severity != "red" || len(got.Reasons) != 1 || got.Reasons[0] != "Average jitter 46 ms > 30 ms" {
		t.Errorf("averageJitter finding %+v, want one red reason (issue and stream reason say the same)", got)
	}
	if got := f.stream["s1"]["maxJitter"]; got == nil || got.Severity != "yellow" {
		t.Errorf("maxJitter finding %+v, want yellow", got)
	}
	if got := f.side[sideKey("caller", 0)]["wifiSignalStrength"]; got == nil || got.Severity != "yellow" {
		t.Errorf("Wi-Fi finding %+v, want yellow on the caller side of segment 0", got)
	}
	// A red stays red when a yellow comes after it.
	var fd finding
	fd.add("red", "a", nil)
	fd.add("yellow", "b", nil)
	if fd.Severity != "red" || len(fd.Reasons) != 2 {
		t.Errorf("finding %+v", fd)
	}
}
