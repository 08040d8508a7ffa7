package api

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/callscope/callscope/internal/api/wire"
)

// seriesClient asks a real server on 127.0.0.1 for call series.
type seriesClient struct {
	t   *testing.T
	f   *fixture
	url string
}

func newSeriesClient(t *testing.T, f *fixture) seriesClient {
	t.Helper()
	srv := httptest.NewServer(f.h)
	t.Cleanup(srv.Close)
	return seriesClient{t: t, f: f, url: srv.URL}
}

// get asks path as the token named who; v, when not nil, receives a 200
// answer.
func (c seriesClient) get(path, who string, v *wire.CallSeries) (int, string) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.url+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+c.f.tokens[who])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if resp.StatusCode == http.StatusOK && v != nil {
		if err := wire.Decode(b, v); err != nil {
			c.t.Fatalf("GET %s: %v", path, err)
		}
	}
	return resp.StatusCode, string(b)
}

// fixtureStatsCall is the published sample's call, with a summary of
// the participant whose client sent it.
const (
	fixtureStatsCallID      = "92d800c4-abde-40be-91e9-3814ee786b19"
	fixtureStatsParticipant = "2656fd6c-6d4a-451d-a1a5-ce1baefc4d5c"
)

func fixtureStatsFiles(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	sample, err := os.ReadFile(filepath.Join("..", "..", "examples", "acs", "CallClientMediaStatsTimeSeries.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	summary := `{"time":"2024-01-10T07:40:00.000Z","correlationId":"` + fixtureStatsCallID + `","operationName":"CallSummary","operationVersion":"1.0","category":"CallSummary","properties":{"identifier":"8:acs:61fddbe3-0003-4066-97bc-6aaf143bbb84_0000001a-0000-0000-0000-000000000001","callStartTime":"2024-01-09T15:07:30.000Z","callDuration":"120","callType":"Group","participantId":"` + fixtureStatsParticipant + `","participantStartTime":"2024-01-09T15:07:31.000Z","participantDuration":"118","participantEndReason":"0","endpointType":"VoIP"}}` + "\n"
	paths := []string{filepath.Join(dir, "CallClientMediaStatsTimeSeries.ndjson"), filepath.Join(dir, "CallSummary.ndjson")}
	for i, b := range [][]byte{sample, []byte(summary)} {
		if err := os.WriteFile(paths[i], b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

// TestCallSeriesRoles: engineers and administrators get the series,
// named as the call's other views name the participants; a specialist
// is refused in words (the series are debug data); another tenant's
// caller finds no call; nobody without a token gets anything.
func TestCallSeriesRoles(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := seriesMeeting{id: "5e0e0000-0000-4000-8000-000000000001", start: t0.Add(-24 * time.Hour), people: 3, minutes: 20, poor: map[int]bool{1: true}}
	f.ingestPaths("tenant-a", m.files(t, t.TempDir())...)
	c := newSeriesClient(t, f)
	path := "/api/v1/calls/" + m.id + "/series"
	var want string
	for _, who := range []string{"admin", "engineer"} {
		var s wire.CallSeries
		status, body := c.get(path, who, &s)
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", who, status, body)
		}
		if s.Unavailable != nil || s.StreamCount != 9 || len(s.Streams) != 9 || s.Records != m.seriesRecords() {
			t.Fatalf("%s: unavailable %+v, %d of %d streams, %d records; want 9 streams of %d records",
				who, s.Unavailable, len(s.Streams), s.StreamCount, s.Records, m.seriesRecords())
		}
		// The worst stream is the rough patch of participant 1's
		// received audio, named as the timeline numbers them.
		top := s.Streams[0]
		if top.Stream != "s1" || top.Direction != "recv" || top.MediaType != "audio" || top.Codec != "OPUS" ||
			top.Participant.Participant != "p2" || top.Participant.ID != m.identifier(1) || top.PoorPoints != 60 {
			t.Errorf("%s: worst stream %+v, want p2's received audio with 60 poor aggregates", who, top)
		}
		for _, st := range s.Streams[1:] {
			if st.PoorPoints != 0 {
				t.Errorf("%s: stream %s %s %s of %s has %d poor aggregates", who, st.Stream, st.Direction, st.MediaType, st.Participant.Participant, st.PoorPoints)
			}
			if st.MediaType == "video" && (st.Remote == nil || st.Remote.Kind != "person" || st.Remote.Participant == "") {
				t.Errorf("%s: received video %s names no remote participant: %+v", who, st.Stream, st.Remote)
			}
		}
		if want == "" {
			want = body
		} else if body != want {
			t.Errorf("the admin's and the engineer's answers differ")
		}
	}
	status, body := c.get(path, "specialist", nil)
	if status != http.StatusForbidden || !strings.Contains(body, "media statistics over time") || strings.Contains(body, m.participantID(0)) {
		t.Errorf("specialist: %d %s, want 403 saying why", status, body)
	}
	if status, body := c.get("/api/v1/calls/no-such-call/series", "specialist", nil); status != http.StatusForbidden {
		t.Errorf("specialist, unknown call: %d %s; want 403, which says nothing of the call", status, body)
	}
	if status, _ := c.get(path, "admin-b", nil); status != http.StatusNotFound {
		t.Errorf("another tenant's admin: %d, want 404", status)
	}
	if status, _ := c.get(path, "", nil); status != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", status)
	}
	// The view is audited as any view of the call.
	var log struct {
		Entries []struct{ Action, Subject, Role string }
	}
	r := f.get("/api/v1/audit?limit=100", "admin")
	if err := wire.Decode([]byte(r.body), &log); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range log.Entries {
		if e.Action == actionViewCall && e.Subject == m.id {
			seen[e.Role] = true
		}
	}
	if !seen["admin"] || !seen["engineer"] || seen["specialist"] {
		t.Errorf("audited views of the series by role: %v, want admin and engineer only", seen)
	}
}

// TestCallSeriesWithout: a call without series says why.
func TestCallSeriesWithout(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.ingestExamples("tenant-a")
	c := newSeriesClient(t, f)
	for _, tc := range []struct {
		name, id, reason string
	}{
		// A Graph call record: averages only.
		{"graph", "e523d2ed-2966-4b6b-925b-754a88034cc5", wire.SeriesAveragesOnly},
		// An ACS call whose clients sent no time series.
		{"acs", "aaaa0000-bb11-2222-33cc-444444dddddd", wire.SeriesNotSent},
	} {
		var s wire.CallSeries
		status, body := c.get("/api/v1/calls/"+tc.id+"/series", "engineer", &s)
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", tc.name, status, body)
		}
		if s.Unavailable == nil || s.Unavailable.Reason != tc.reason || s.Unavailable.Message == "" || len(s.Streams) != 0 || s.AxisStart != nil {
			t.Errorf("%s: unavailable %+v, %d streams; want reason %s in words and no streams", tc.name, s.Unavailable, len(s.Streams), tc.reason)
		}
		if len(s.Metrics) != 4 {
			t.Errorf("%s: %d metrics described, want 4", tc.name, len(s.Metrics))
		}
	}
	// The published sample alone: its participant id is no session's.
	files := fixtureStatsFiles(t)
	f.ingestPaths("tenant-a", files[0])
	var alone wire.CallSeries
	if status, body := c.get("/api/v1/calls/"+fixtureStatsCallID+"/series", "engineer", &alone); status != http.StatusOK {
		t.Fatalf("sample alone: %d %s", status, body)
	}
	if len(alone.Streams) != 1 || alone.Streams[0].Participant.Kind != "unlisted" || alone.Streams[0].Participant.Participant != "u1" {
		t.Errorf("sample alone: %+v, want one stream of unlisted participant u1", alone.Streams)
	}
	// With the summary of the participant whose client sent it: one
	// interval of received audio jitter, the participant named.
	f.ingestPaths("tenant-a", files[1])
	var s wire.CallSeries
	if status, body := c.get("/api/v1/calls/"+fixtureStatsCallID+"/series", "engineer", &s); status != http.StatusOK {
		t.Fatalf("sample: %d %s", status, body)
	}
	if s.Unavailable != nil || len(s.Streams) != 1 || len(s.Streams[0].Series) != 1 {
		t.Fatalf("sample: %+v", s)
	}
	st := s.Streams[0]
	ser := st.Series[0]
	p := ser.Points[0]
	if st.Participant.Participant != "p1" || st.Direction != "recv" || st.MediaType != "audio" || st.Codec != "OPUS" ||
		ser.Metric != "jitter" || ser.Threshold == nil || ser.Threshold.Value != 30 || len(ser.Points) != 1 ||
		p.Average != 17 || p.Minimum == nil || *p.Minimum != 10 || p.Maximum == nil || *p.Maximum != 25 || p.Count != 2 || p.Poor {
		t.Errorf("sample stream %+v, series %+v, point %+v", st, ser, p)
	}
	if s.AxisStart == nil || !s.AxisStart.Equal(time.Date(2024, 1, 9, 15, 7, 30, 0, time.UTC)) {
		t.Errorf("axis starts %v, want the call's start", s.AxisStart)
	}
}

// TestCallSeriesBounded: a meeting of 20 people over 30 minutes (43,200
// records) comes a page of streams at a time, worst first, each series
// within the points asked for, merged intervals adding up.
func TestCallSeriesBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	m := seriesMeeting{id: "5e0e0000-0000-4000-8000-000000000020", start: t0.Add(-48 * time.Hour), people: 20, minutes: 30,
		poor: map[int]bool{3: true, 11: true}}
	f.ingestPaths("tenant-a", m.files(t, t.TempDir())...)
	c := newSeriesClient(t, f)
	base := "/api/v1/calls/" + m.id + "/series"
	var s wire.CallSeries
	if status, body := c.get(base+"?limit=5&points=12", "engineer", &s); status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	if s.StreamCount != 60 || len(s.Streams) != 5 || s.Next == "" || s.Records != m.seriesRecords() {
		t.Fatalf("%d of %d streams, next %q, %d records", len(s.Streams), s.StreamCount, s.Next, s.Records)
	}
	// 30 minutes are 180 intervals: 15 merged per point.
	if s.IntervalSeconds != 150 || s.MaxPoints != 12 {
		t.Errorf("interval %v s, max points %d; want 150 s and 12", s.IntervalSeconds, s.MaxPoints)
	}
	for i, want := range []string{"p4", "p12"} {
		if st := s.Streams[i]; st.Participant.Participant != want || st.Direction != "recv" || st.MediaType != "audio" || st.PoorPoints != 60 {
			t.Errorf("stream %d is %s's %s %s with %d poor; want %s's received audio first", i+1, st.Participant.Participant, st.Direction, st.MediaType, st.PoorPoints, want)
		}
	}
	for _, st := range s.Streams {
		for _, ser := range st.Series {
			if len(ser.Points) > s.MaxPoints {
				t.Errorf("%s %s: %d points, more than %d", st.Stream, ser.Metric, len(ser.Points), s.MaxPoints)
			}
			n, poor := 0, 0
			for _, p := range ser.Points {
				n += p.Aggregates
				if p.Poor {
					poor++
				}
			}
			if n != ser.Aggregates || n != 180 {
				t.Errorf("%s %s: points hold %d aggregates, the series %d; want 180", st.Stream, ser.Metric, n, ser.Aggregates)
			}
			// Minutes 10 to 15 are points 4 and 5 (150 s each): merging
			// keeps them poor.
			if ser.PoorAggregates > 0 && poor != 2 {
				t.Errorf("%s %s: %d poor points of %d poor aggregates, want 2", st.Stream, ser.Metric, poor, ser.PoorAggregates)
			}
		}
	}
	// The next page goes on where the first stopped.
	var next wire.CallSeries
	u := strings.TrimPrefix(s.Next, "/api/v1/calls/"+m.id+"/series")
	if status, body := c.get(base+u, "engineer", &next); status != http.StatusOK || len(next.Streams) != 5 || next.StreamOffset != 5 || next.Streams[0].Stream != "s6" {
		t.Errorf("next page %s: %d, %d streams from %d: %.300s", s.Next, status, len(next.Streams), next.StreamOffset, body)
	}
	// The default page: within 20 streams of at most 120 points.
	var def wire.CallSeries
	status, body := c.get(base, "engineer", &def)
	if status != http.StatusOK || len(def.Streams) != seriesDefaultLimit || def.MaxPoints != seriesDefaultPoints || def.IntervalSeconds != 20 {
		t.Errorf("default page: %d, %d streams, %d points of %v s", status, len(def.Streams), def.MaxPoints, def.IntervalSeconds)
	}
	if len(body) > 1<<20 {
		t.Errorf("default page of a 20-person meeting is %d bytes, over 1 MiB", len(body))
	}
	for _, bad := range []string{"?points=5", "?points=361", "?limit=51", "?limit=0", "?points=x", "?cursor=nonsense"} {
		if status, _ := c.get(base+bad, "engineer", nil); status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, status)
		}
	}
}

// TestSeriesPacketLoss: loss is derived per interval from the rates of
// the same interval, a receiver's lost packets added to those that
// arrived.
func TestSeriesPacketLoss(t *testing.T) {
	t.Parallel()
	at := func(k int) time.Time { return t0.Add(time.Duration(k) * 10 * time.Second) }
	lost := []aggregate{{at: at(0), avg: 5, count: 10}, {at: at(1), avg: 0, count: 10}, {at: at(2), avg: 3, count: 10}, {at: at(3), avg: 1, count: 10}}
	packets := []aggregate{{at: at(0), avg: 45, count: 10}, {at: at(1), avg: 50, count: 10}, {at: at(3), avg: 0, count: 10}}
	f := func(direction string, want ...float64) {
		t.Helper()
		got := lossOf(lost, packets, direction)
		if len(got) != len(want) {
			t.Fatalf("%s: %d points %+v, want %v", direction, len(got), got, want)
		}
		for i := range want {
			if math.Abs(got[i].avg-want[i]) > 1e-9 || got[i].hasRange {
				t.Errorf("%s: point %d = %+v, want %v %% without a range", direction, i, got[i], want[i])
			}
		}
	}
	// Interval 2 has no packet rate; interval 3 sent none (its one lost
	// packet received makes 100 %).
	f("recv", 10, 0, 100)
	f("send", 5.0/45*100, 0)
	if got := lossOf(lost, nil, "recv"); got != nil {
		t.Errorf("loss without packet rates: %+v", got)
	}
}

// TestOpenAPISeriesBounds: the document gives the series route's page
// size and points as the server has them.
func TestOpenAPISeriesBounds(t *testing.T) {
	t.Parallel()
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string `json:"name"`
				Schema struct{ Default, Minimum, Maximum any }
			} `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string][3]int{"limit": {seriesDefaultLimit, 1, seriesMaxLimit}, "points": {seriesDefaultPoints, seriesMinPoints, seriesMaxPoints}}
	found := 0
	for _, p := range doc.Paths["/api/v1/calls/{id}/series"]["get"].Parameters {
		w, ok := want[p.Name]
		if !ok {
			continue
		}
		found++
		if p.Schema.Default != float64(w[0]) || p.Schema.Minimum != float64(w[1]) || p.Schema.Maximum != float64(w[2]) {
			t.Errorf("%s: default %v, %v to %v; the server has %d, %d to %d", p.Name, p.Schema.Default, p.Schema.Minimum, p.Schema.Maximum, w[0], w[1], w[2])
		}
	}
	if found != 2 {
		t.Errorf("the document gives %d of the series route's limit and points", found)
	}
}
