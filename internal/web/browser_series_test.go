package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/api"
	"github.com/callscope/callscope/internal/auth"
	"github.com/callscope/callscope/internal/ingest"
	"github.com/callscope/callscope/internal/quality"
	"github.com/callscope/callscope/internal/store/duckdb"
	"github.com/callscope/callscope/internal/web"
)

// seriesMeetingID is the ACS meeting of 20 people whose clients sent
// media statistics over 30 minutes (writeSeriesMeeting).
const seriesMeetingID = "5e0e0000-0000-4000-8000-0000000000b1"

// writeSeriesMeeting writes, under dir, an ACS group call of people
// participants over minutes, as the ACS logs document it: summaries, and
// per participant and 10-s interval the media statistics of an audio
// stream each way and of the video of the next participant received.
// Participants 3 and 11 have a rough patch on their received audio
// (jitter 45 ms, 14 % of packets lost) from minute 10 to 15.
func writeSeriesMeeting(t testing.TB, dir string, people, minutes int) []string {
	t.Helper()
	start := demoEnd.Add(-26 * time.Hour)
	stamp := func(d time.Duration) string { return start.Add(d).UTC().Format("2006-01-02T15:04:05.000Z") }
	pid := func(i int) string { return fmt.Sprintf("%08x-5e71-4c2b-9a00-%012d", i+1, i+1) }
	var summaries, stats strings.Builder
	write := func(b *strings.Builder, v any) {
		line, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	secs := minutes * 60
	for i := range people {
		write(&summaries, map[string]any{"time": stamp(time.Duration(secs+600) * time.Second), "correlationId": seriesMeetingID,
			"operationName": "CallSummary", "operationVersion": "1.0", "category": "CallSummary",
			"properties": map[string]any{"identifier": fmt.Sprintf("8:acs:61fddbe3-0003-4066-97bc-6aaf143bbb84_0000%04d-aaaa-bbbb-cccc-%012d", i+1, i+1),
				"callStartTime": stamp(0), "callDuration": secs, "callType": "Group", "participantId": pid(i),
				"participantStartTime": stamp(time.Duration(i) * time.Second), "participantDuration": secs - i,
				"participantEndReason": "0", "endpointType": "VoIP", "sdkVersion": "1.30.1.1"}})
	}
	for i := range people {
		for k := range minutes * 6 {
			rough := (i == 3 || i == 11) && k >= 60 && k < 90
			for _, s := range []struct {
				name, dir, media, codec, remote string
				avg                             float64
			}{
				{"JitterInMs", "send", "audio", "OPUS", "", float64(8 + i%5)},
				{"PacketsPerSecond", "send", "audio", "OPUS", "", 50},
				{"PacketsLostPerSecond", "send", "audio", "OPUS", "", 0.5},
				{"RttInMs", "send", "audio", "OPUS", "", float64(80 + 10*(i%4) + k%7)},
				{"Bitrate", "send", "audio", "OPUS", "", 36000},
				{"JitterInMs", "recv", "audio", "OPUS", "", map[bool]float64{true: 45, false: 12 + float64(k%5)}[rough]},
				{"PacketsPerSecond", "recv", "audio", "OPUS", "", 50},
				{"PacketsLostPerSecond", "recv", "audio", "OPUS", "", map[bool]float64{true: 8, false: 0.2}[rough]},
				{"Bitrate", "recv", "audio", "OPUS", "", 30000},
				{"Bitrate", "recv", "video", "H264", pid((i + 1) % people), 1_200_000},
				{"PacketsPerSecond", "recv", "video", "H264", pid((i + 1) % people), 120},
				{"PacketsLostPerSecond", "recv", "video", "H264", pid((i + 1) % people), 1},
			} {
				row := map[string]any{"OperationName": "CallClientMediaStatsTimeSeries", "CallId": seriesMeetingID,
					"CallClientTimeStamp": stamp(time.Duration(k*10)*time.Second + 66*time.Millisecond), "MetricName": s.name,
					"Count": "10", "Sum": fmt.Sprint(s.avg * 10), "Average": fmt.Sprint(s.avg), "Minimum": fmt.Sprint(s.avg * 0.8),
					"Maximum": fmt.Sprint(s.avg * 1.3), "MediaStreamDirection": s.dir, "MediaStreamType": s.media,
					"MediaStreamCodec": s.codec, "ParticipantId": pid(i), "ClientInstanceId": fmt.Sprintf("client-%04d", i),
					"AggregationIntervalSeconds": "10", "Type": "ACSCallClientMediaStatsTimeSeries"}
				if s.remote != "" {
					row["RemoteParticipantId"] = s.remote
				}
				write(&stats, map[string]any{"properties": row})
			}
		}
	}
	paths := []string{filepath.Join(dir, "CallSummary.ndjson"), filepath.Join(dir, "CallClientMediaStatsTimeSeries.ndjson")}
	for i, s := range []string{summaries.String(), stats.String()} {
		if err := os.WriteFile(paths[i], []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

// seriesServer is a callscope server on 127.0.0.1 over a store that
// holds the series meeting only, with a token per role.
func seriesServer(t *testing.T) *demo {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := duckdb.Open(ctx, filepath.Join(dir, "callscope.db"))
	if err != nil {
		t.Fatal(err)
	}
	engine, err := quality.New(quality.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ingest.Run(ctx, st, writeSeriesMeeting(t, dir, 20, 30), ingest.Options{Tenant: demoTenant, Prepare: engine.Judge})
	if err != nil || len(sum.Rejected) > 0 {
		t.Fatalf("ingest: %v %v", err, sum)
	}
	d := &demo{st: st, tokens: map[access.Role]string{}}
	for _, role := range access.Roles() {
		secret, _, err := auth.Tokens{Store: st}.Create(ctx, "test "+string(role), role, []string{demoTenant})
		if err != nil {
			t.Fatal(err)
		}
		d.tokens[role] = secret
	}
	logger := slog.New(slog.DiscardHandler)
	srv, err := api.New(api.Config{Store: st, Auth: auth.Tokens{Store: st}, Judge: engine.Judge, Logger: logger,
		Now: func() time.Time { return demoEnd },
		Pages: func(h http.Handler) (http.Handler, error) {
			return web.New(web.Config{API: h, Logger: logger, Audit: st})
		}})
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, "127.0.0.1:0", func(a net.Addr) { ready <- "http://" + a.String() }) }()
	select {
	case d.base = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("serve: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		<-done
		st.Close()
	})
	return d
}

// TestBrowserSeries: a 20-person meeting's Metrics tab draws its charts
// once at either width, with text at least 10 px high on a phone, the
// thresholds labelled and the rough patches marked; the page is no
// wider than the phone.
func TestBrowserSeries(t *testing.T) {
	t.Parallel()
	chromium(t)
	d := seriesServer(t)
	b := newBrowser(t, d)
	b.signIn(d.tokens[access.Engineer])
	b.open("/calls/" + seriesMeetingID)
	if tabs := b.texts(`nav.tabs a`); !strings.Contains(strings.Join(tabs, ","), "Metrics") {
		t.Fatalf("tabs %q lack Metrics", tabs)
	}
	b.click(`nav.tabs a#tab-metrics`)
	for _, width := range []int64{wideWidth, narrowWidth} {
		b.run("resize", chromedp.EmulateViewport(width, 900), chromedp.Sleep(100*time.Millisecond))
		// Every chart is drawn once for the screen, its smallest text at
		// least 10 px high.
		shown := get(b, "charts", chromedp.Evaluate[[]float64](`[...document.querySelectorAll('svg.series')].filter(s => s.getBoundingClientRect().width > 0).map(s => Math.min(...[...s.querySelectorAll('text')].map(t => t.getBoundingClientRect().height)))`))
		figures := len(b.texts(`figure.trendfig`))
		// The page's streams are the worst 20: every participant's
		// received audio (its bitrate nearest its line), which has
		// jitter, loss and bitrate.
		if len(shown) != figures || figures != 3 {
			t.Errorf("at %d px: %d charts shown for %d figures, want one each of 3", width, len(shown), figures)
		}
		for i, h := range shown {
			if h < 10 {
				t.Errorf("at %d px: chart %d has text %.1f px high, under 10", width, i+1, h)
			}
		}
		wide := get(b, "measure", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth + 1`))
		if wide {
			t.Errorf("at %d px the page is wider than the screen", width)
		}
	}
	b.run("resize", chromedp.EmulateViewport(wideWidth, 900))
	html := b.html()
	for _, want := range []string{"poor above 30 ms", "poor above 10 %", "poor above 500 ms", "poor below 24 kbps", "p4 ", "p12 "} {
		if !strings.Contains(html, want) {
			t.Errorf("the Metrics tab lacks %q", want)
		}
	}
	// The rough patches: 30 intervals each of jitter and of loss, two
	// to a point of 20 s, in two streams.
	if n := len(b.texts(`svg.series.wide-only circle title`)); n != 2*2*15 {
		t.Errorf("%d poor points marked on the wide charts, want %d", n, 2*2*15)
	}
	b.shot("call-metrics-engineer")
	// A specialist has no such tab.
	s := newBrowser(t, d)
	s.signIn(d.tokens[access.Specialist])
	s.open("/calls/" + seriesMeetingID)
	if tabs := s.texts(`nav.tabs a`); strings.Contains(strings.Join(tabs, ","), "Metrics") {
		t.Errorf("the specialist's tabs %q include Metrics", tabs)
	}
}
