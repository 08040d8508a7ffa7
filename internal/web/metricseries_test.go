package web

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/golden"
)

// seriesID is an ACS meeting of four whose clients sent media
// statistics for 12 minutes; p2 had a rough patch on received audio
// from minute 5 to 7:30 (testdata/api/series-*.json, taken from a
// server).
const seriesID = "5e0e0000-0000-4000-8000-0000000000c4"

func seriesCanned(t *testing.T) *Server {
	t.Helper()
	s, err := New(Config{API: cannedAPI{t: t, files: map[string]string{
		"tok-engineer /api/v1/me":                            "me-engineer.json",
		"tok-specialist /api/v1/me":                          "me-specialist.json",
		"tok-specialist /api/v1/calls/" + meetingID:          "meeting-specialist.json",
		"tok-engineer /api/v1/calls/" + seriesID:             "series-meeting-engineer.json",
		"tok-engineer /api/v1/calls/" + seriesID + "/series": "series-engineer.json",
		"tok-engineer /api/v1/calls/" + p2pID:                "call-engineer.json",
		"tok-engineer /api/v1/calls/" + p2pID + "/series":    "series-graph-engineer.json",
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func getPage(t *testing.T, s *Server, c *http.Cookie, path string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(c)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

// TestSeriesPagesGolden pins the Metrics tab of a call with series and
// of one with averages only.
func TestSeriesPagesGolden(t *testing.T) {
	s := seriesCanned(t)
	eng := signedIn(t, s, "tok-engineer")
	for _, tc := range []struct{ name, path string }{
		{"call-metrics-engineer", "/calls/" + seriesID + "?tab=metrics"},
		{"call-metrics-averages-engineer", "/calls/" + p2pID + "?tab=metrics"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := getPage(t, s, eng, tc.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d:\n%s", rec.Code, rec.Body.String())
			}
			golden.Check(t, filepath.Join("testdata", tc.name+".html"), []byte(stable(rec.Body.String())))
		})
	}
}

// TestSeriesTab: the tab shows the streams worst first, a line each,
// the rough patch marked; averages only send the reader to the tabs
// that have them; a specialist has no such tab.
func TestSeriesTab(t *testing.T) {
	s := seriesCanned(t)
	eng := signedIn(t, s, "tok-engineer")
	body := getPage(t, s, eng, "/calls/"+seriesID+"?tab=metrics").Body.String()
	// Four charts of audio, two of video.
	if n := strings.Count(body, `<figure class="trendfig"`); n != 6 {
		t.Errorf("%d charts, want 6", n)
	}
	// The rough patch: 15 intervals each of jitter and of loss, at
	// both widths.
	if n := strings.Count(body, "<circle cx=") - strings.Count(body, `r="2.5"`); n != 2*2*15 {
		t.Errorf("%d poor points, want %d", n, 2*2*15)
	}
	// The jitter chart of audio: 8 streams, the worst 5 in the legend.
	jitter := body[strings.Index(body, `id="chart-audio-jitter"`):]
	jitter = jitter[:strings.Index(jitter, "</figure>")]
	if n := strings.Count(jitter, `<span class="lnum">`); n != 5 || !strings.Contains(jitter, "3 more streams of this page") {
		t.Errorf("audio jitter legend: %d entries: %s", n, jitter[strings.Index(jitter, `<ul class="legend">`):])
	}
	if !strings.Contains(jitter, `<span class="lnum">1</span> p2 `) || !strings.Contains(jitter, "15 poor") {
		t.Errorf("the worst line of the jitter chart is not p2's rough patch")
	}
	// The table has every stream, the worst first, its poor cells
	// marked.
	rows := regexp.MustCompile(`<tr><th scope="row">(s\d+)</th><td>([^<]+)</td><td>([^<]+)</td>`).FindAllStringSubmatch(body, -1)
	if len(rows) != 12 || rows[0][1] != "s1" || !strings.HasPrefix(rows[0][2], "p2 ") || rows[0][3] != "receives audio" {
		t.Errorf("table rows %q", rows)
	}
	if !strings.Contains(body, "receives video from p") {
		t.Error("a received video stream does not name whose video")
	}
	graph := getPage(t, s, eng, "/calls/"+p2pID+"?tab=metrics").Body.String()
	if !strings.Contains(graph, "Only averages exist for this call") || !strings.Contains(graph, `?tab=advanced">Advanced</a>`) ||
		strings.Contains(graph, "<svg class=\"trend series") {
		t.Error("a Graph call's Metrics tab does not say only averages exist and point to the Advanced tab")
	}
	spec := signedIn(t, s, "tok-specialist")
	over := getPage(t, s, spec, "/calls/"+meetingID)
	if strings.Contains(over.Body.String(), "tab=metrics") {
		t.Error("the specialist is offered the Metrics tab")
	}
	if rec := getPage(t, s, spec, "/calls/"+meetingID+"?tab=metrics"); rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "raw media statistics") {
		t.Errorf("the specialist's Metrics tab: %d, want 403 saying why", rec.Code)
	}
}

// TestDrawSeries: the threshold line sits at its value, each poor point
// is a red dot with its value, a gap in a series breaks its line, and
// the lines beyond the coloured ones are grey.
func TestDrawSeries(t *testing.T) {
	start := time.Date(2025, 3, 12, 14, 0, 0, 0, time.UTC)
	pt := func(k int, v float64, poor bool) wire.SeriesPoint {
		at := start.Add(time.Duration(k) * 10 * time.Second)
		return wire.SeriesPoint{Time: at, OffsetSeconds: float64(k * 10), Average: v, Count: 10, Aggregates: 1, Poor: poor}
	}
	th := &wire.SeriesThreshold{Op: ">", Value: 30, Source: "test"}
	m := wire.SeriesMetric{Metric: "jitter", Label: "Jitter", Unit: "ms", Thresholds: []wire.SeriesThreshold{*th}}
	var streams []wire.StreamSeries
	for i := range 7 {
		var pts []wire.SeriesPoint
		for k := range 12 {
			if k == 6 || k == 7 {
				continue // the client stopped for 20 s
			}
			v := float64(10 + i)
			if i == 2 && k < 3 {
				v = 45
			}
			pts = append(pts, pt(k, v, v > 30))
		}
		poor := 0
		if i == 2 {
			poor = 3
		}
		worst := float64(10 + i)
		if i == 2 {
			worst = 45
		}
		streams = append(streams, wire.StreamSeries{Stream: "s" + strconv.Itoa(i+1), Participant: wire.SeriesParty{Participant: "p" + strconv.Itoa(i+1),
			CallParticipant: wire.CallParticipant{Kind: "person", DisplayName: "Person " + strconv.Itoa(i+1)}},
			Direction: "recv", MediaType: "audio", PoorPoints: poor,
			Series: []wire.MetricSeries{{Metric: "jitter", Threshold: th, Aggregates: len(pts), PoorAggregates: poor, Worst: &worst, Points: pts}}})
	}
	cs := wire.CallSeries{Streams: streams, Metrics: []wire.SeriesMetric{m}}
	c, ok := chartOf(cs, "audio", m, chartAxisOf(start, start.Add(2*time.Minute)))
	if !ok {
		t.Fatal("no chart")
	}
	if len(c.Legend) != coloured || c.Grey != 2 || c.Legend[0].Name != "p3 Person 3 receives audio" || c.Legend[0].PoorCount != 3 ||
		c.Legend[1].Name != "p7 Person 7 receives audio" {
		t.Errorf("legend %+v, %d grey; want p3 first, then the highest", c.Legend, c.Grey)
	}
	svg := string(c.Wide)
	// The axis tops at 50 (the worst value 45, rounded up), the plot
	// 186 high from y = 14: 30 is two fifths of it below the top.
	wantY := 14 + (230-14-30)*(1-30.0/50)
	if !strings.Contains(svg, `y1="`+strconv.FormatFloat(wantY, 'f', 1, 64)+`" y2="`+strconv.FormatFloat(wantY, 'f', 1, 64)+`" stroke="#a40e26"`) {
		t.Errorf("no threshold line at y = %.1f:\n%s", wantY, svg)
	}
	if n := strings.Count(svg, `fill="#a40e26" stroke="#fff"`); n != 3 {
		t.Errorf("%d poor dots, want 3", n)
	}
	if !strings.Contains(svg, "<title>p3 Person 3 receives audio, 14:00:00: jitter 45 ms (poor above 30 ms)</title>") {
		t.Errorf("a poor dot's title is not its value and the line")
	}
	// Each of the 7 lines is two runs: the gap breaks it.
	if n := strings.Count(svg, `<path d="M`); n != 7 {
		t.Errorf("%d lines drawn", n)
	}
	for _, p := range regexp.MustCompile(`<path d="([^"]+)"`).FindAllStringSubmatch(svg, -1) {
		if strings.Count(p[1], "M") != 2 {
			t.Errorf("line %q is not broken at the gap", p[1])
		}
	}
	if n := strings.Count(svg, `stroke="`+greyLine+`" stroke-width="1.2"`); n != 2 {
		t.Errorf("%d grey lines, want 2", n)
	}
}

// TestStreamName: a legend says who, which way, what media, and from
// whom; a client the summaries do not name is told apart by its number.
func TestStreamName(t *testing.T) {
	person := func(n, name string) wire.SeriesParty {
		return wire.SeriesParty{Participant: n, CallParticipant: wire.CallParticipant{Kind: "person", DisplayName: name, Tag: "k3f9qa"}}
	}
	f := func(st wire.StreamSeries, want string) {
		t.Helper()
		if got := streamName(st); got != want {
			t.Errorf("streamName = %q, want %q", got, want)
		}
	}
	f(wire.StreamSeries{Participant: person("p2", "Ada"), Direction: "send", MediaType: "audio"}, "p2 Ada #k3f9qa sends audio")
	f(wire.StreamSeries{Participant: person("p2", "Ada"), Remote: &wire.SeriesParty{Participant: "p5", CallParticipant: wire.CallParticipant{Kind: "person"}},
		Direction: "recv", MediaType: "video"}, "p2 Ada #k3f9qa receives video from p5 Name withheld")
	f(wire.StreamSeries{Participant: wire.SeriesParty{Participant: "u1", CallParticipant: wire.CallParticipant{Kind: "unlisted"}},
		Remote: &wire.SeriesParty{Participant: "u2", CallParticipant: wire.CallParticipant{Kind: "unlisted"}}, Direction: "recv", MediaType: "screen"},
		"u1 client the call's summaries do not name receives screen sharing from u2 client the call's summaries do not name")
}
