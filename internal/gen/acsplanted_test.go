package gen

import (
	"bufio"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/acs"
	"github.com/callscope/callscope/internal/model"
)

// acsRecords decodes every ACS record written under dir, by category.
func acsRecords(t *testing.T, dir string) map[model.ACSCategory][]*model.ACSRecord {
	t.Helper()
	out := map[model.ACSCategory][]*model.ACSRecord{}
	err := filepath.WalkDir(filepath.Join(dir, "acs"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		hint := acs.CategoryFromPath(path)
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for line := 1; sc.Scan(); line++ {
			rec, err := acs.DecodeRecord(sc.Bytes(), hint)
			if err != nil {
				t.Fatalf("%s:%d: %v", path, line, err)
			}
			out[rec.Category] = append(out[rec.Category], rec)
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// documentedEnds are the participantEndReason / participantEndSubCode /
// resultCategory triples of acs-logs §5.1 and §5.2 that the generator may
// write.
var documentedEnds = map[[3]string]bool{
	{"0", "0", "Success"}: true, {"487", "0", "Success"}: true, {"603", "0", "Success"}: true,
	{"0", "4097", "Success"}: true, {"0", "5000", "Success"}: true, {"0", "4521", "ExpectedError"}: true,
	{"410", "3100", "UnexpectedClientError"}: true, {"410", "3101", "UnexpectedClientError"}: true,
	{"410", "3111", "UnexpectedClientError"}: true, {"410", "3112", "ExpectedError"}: true,
	{"410", "301004", "UnexpectedClientError"}: true, {"410", "301005", "UnexpectedClientError"}: true,
	{"490", "4502", "UnexpectedClientError"}: true, {"408", "4506", "UnexpectedClientError"}: true,
	{"495", "4507", "UnexpectedClientError"}: true, {"496", "7", "ExpectedError"}: true,
	{"408", "10057", "ExpectedError"}: true, {"480", "10037", "ExpectedError"}: true,
	{"487", "10004", "ExpectedError"}: true,
}

// Participants end their connections the documented ways, in a
// realistic mix, and those of FailingSDKVersion end with unexpected
// client errors several times as often as the others.
func TestACSEndReasons(t *testing.T) {
	t.Parallel()
	dir, _ := generate(t, Options{Seed: 4, Users: 100, Days: 10, End: testEnd, Format: FormatACS})
	seen := map[[3]string]int{}
	bySDK := tally{}
	for _, rec := range acsRecords(t, dir)[model.ACSCallSummary] {
		s := rec.Summary
		if s.EndpointType.Value() == "Server" {
			continue
		}
		end := [3]string{s.ParticipantEndReason.Value(), s.ParticipantEndSubCode.Value(), s.ResultCategory.Value()}
		if !documentedEnds[end] {
			t.Errorf("call %s: end %v is not a documented code of the mix", rec.CorrelationID, end)
		}
		seen[end]++
		if sdk := s.SDKVersion.Value(); sdk != "Redacted" {
			bySDK.add(sdk, end[2] == "UnexpectedClientError")
		}
	}
	for end := range documentedEnds {
		if seen[end] == 0 {
			t.Errorf("no participant ended with %v", end)
		}
	}
	if ok, all := seen[[3]string{"0", "0", "Success"}], sumOf(seen); ok*100 < all*70 {
		t.Errorf("%d of %d participants ended normally, want most", ok, all)
	}
	in, out, nIn, nOut := bySDK.split(func(k string) bool { return k == FailingSDKVersion })
	t.Logf("unexpected client errors: %s %.1f%% of %d participants, other builds %.1f%% of %d", FailingSDKVersion, in, nIn, out, nOut)
	if nIn < 30 || in < 3*out {
		t.Errorf("%s ends with unexpected client errors %.1f%% of %d, the others %.1f%%: want three times as often at least", FailingSDKVersion, in, nIn, out)
	}
}

func sumOf[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// Surveys and media statistics arrive in the calls they belong to after
// ingest (they name the call by CallId; a survey's correlationId is the
// participant's). Surveys come from Web
// SDK participants only, both operation names, with their scale, and
// their scores follow what the participant went through: poor media or a
// failed connection gets low scores and issues.
func TestSurveysFollowQuality(t *testing.T) {
	t.Parallel()
	st, res, sum, dir := ingested(t, Options{Seed: 5, Users: 100, Days: 21, End: testEnd, Format: FormatACS})
	if len(sum.Rejected) > 0 {
		t.Fatalf("%d records rejected, first %v", len(sum.Rejected), sum.Rejected[0])
	}
	ops := map[string]int{}
	for _, rec := range acsRecords(t, dir)[model.ACSCallSurvey] {
		ops[rec.OperationName.Value()]++
		for _, dim := range []string{"Overall", "Audio", "Video", "Screenshare"} {
			_, hasScore := rec.Extra[dim+"RatingScoreLowerBound"]
			_, hasHigh := rec.Extra[dim+"RatingScoreUpperBound"]
			if hasScore != hasHigh {
				t.Errorf("survey %s: %s has one bound", rec.Survey.SurveyID.Value(), dim)
			}
		}
		if _, ok := rec.Extra["OverallRatingScoreLowerBound"]; !ok {
			t.Errorf("survey %s: no scale for the overall score", rec.Survey.SurveyID.Value())
		}
	}
	if ops["CallSurvey"] == 0 || ops["EndOfCallSurvey"] == 0 {
		t.Errorf("operation names %v: want both", ops)
	}

	var good, bad []float64
	var issuesGood, issuesBad, stored, stats int
	scan(t, st, func(c *model.Call) {
		if c.ACS == nil {
			return
		}
		for _, m := range c.ACS.MediaStats {
			stats++
			if m.CallID.Value() != c.ID {
				t.Errorf("call %s holds media statistics of call %s", c.ID, m.CallID.Value())
			}
		}
		sessions := map[string]*model.Session{}
		for _, s := range c.Sessions {
			sessions[s.ID.Value()] = s
		}
		for _, sv := range c.ACS.Surveys {
			stored++
			if sv.CallID.Value() != c.ID {
				t.Errorf("call %s holds a survey of call %s", c.ID, sv.CallID.Value())
			}
			s := sessions[sv.ParticipantID.Value()]
			if s == nil && c.ACS.CallType == "P2P" && len(c.Sessions) > 0 {
				s = c.Sessions[0] // a P2P client's participant id is its own
			}
			if s == nil {
				t.Errorf("call %s: survey of participant %s, who has no session", c.ID, sv.ParticipantID.Value())
				continue
			}
			web := false
			for _, p := range []*model.ACSParticipant{s.ACS, s.CalleeACS} {
				web = web || p != nil && strings.HasPrefix(p.SDKVersion.Value(), "1.")
			}
			if !web {
				t.Errorf("call %s: a survey of session %s, which has no Web SDK client", c.ID, s.ID.Value())
			}
			score, threshold := sv.OverallScore.Value(), sv.OverallThreshold.Value()
			if score < surveyLow || score > surveyHigh || threshold != surveyThreshold {
				t.Errorf("call %s: overall %v, threshold %v", c.ID, score, threshold)
			}
			issues := sv.OverallCallIssues.Value() != "" || sv.AudioIssues.Value() != "" || sv.VideoIssues.Value() != ""
			if sessionWentWrong(s) {
				bad = append(bad, score)
				if issues {
					issuesBad++
				}
			} else {
				good = append(good, score)
				if issues {
					issuesGood++
				}
			}
		}
	})
	if stored != res.Surveys || stats != res.MediaStats {
		t.Errorf("%d surveys and %d media statistics stored in calls, %d and %d written", stored, stats, res.Surveys, res.MediaStats)
	}
	mg, mb := mean(good), mean(bad)
	t.Logf("%d surveys: after good sessions %d, mean %.1f, %d with issues; after poor or failed ones %d, mean %.1f, %d with issues",
		stored, len(good), mg, issuesGood, len(bad), mb, issuesBad)
	if len(bad) < 10 || len(good) < 50 {
		t.Fatalf("too few surveys to judge: %d after good sessions, %d after bad", len(good), len(bad))
	}
	if mb > mg-3 || mg < 7.5 {
		t.Errorf("mean overall score %.1f after poor or failed sessions, %.1f after good: want the first 3 points lower at least", mb, mg)
	}
	if float64(issuesBad)/float64(len(bad)) < 4*float64(issuesGood)/float64(len(good)) {
		t.Errorf("issues on %d of %d bad and %d of %d good sessions' surveys: want far more after bad ones", issuesBad, len(bad), issuesGood, len(good))
	}
}

// sessionWentWrong: a poor session, or a connection that failed.
func sessionWentWrong(s *model.Session) bool {
	if s.Rating == model.RatingPoor {
		return true
	}
	for _, p := range []*model.ACSParticipant{s.ACS, s.CalleeACS} {
		if p != nil && strings.HasPrefix(p.ResultCategory.Value(), "Unexpected") {
			return true
		}
	}
	return false
}

func mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// seriesKey is one statistic of one direction of one media of a client.
type seriesKey struct {
	participant, media, direction, metric string
}

// Media statistics come for a share of the 1:1 and small group calls,
// from the staff's clients: ten-second buckets within the participant's
// time, no more of them than its time holds, for media the call's
// diagnostics have, averaging what CallDiagnostics says of the stream,
// and a poor stream's series has a spell of bad values, not a flat line.
func TestMediaStatsSeries(t *testing.T) {
	t.Parallel()
	dir, res := generate(t, Options{Seed: 7, Users: 100, Days: 21, End: testEnd, Format: FormatACS})
	recs := acsRecords(t, dir)
	if len(recs[model.ACSCallClientMediaStatsTimeSeries]) != res.MediaStats || res.MediaStats == 0 {
		t.Fatalf("%d records in the files, Result says %d", len(recs[model.ACSCallClientMediaStatsTimeSeries]), res.MediaStats)
	}
	type callInfo struct {
		summaries []*model.ACSSummary
		diags     []*model.ACSDiagnostics
		series    map[seriesKey][]*model.ACSMediaStats
	}
	calls := map[string]*callInfo{}
	get := func(id string) *callInfo {
		if calls[id] == nil {
			calls[id] = &callInfo{series: map[seriesKey][]*model.ACSMediaStats{}}
		}
		return calls[id]
	}
	for _, r := range recs[model.ACSCallSummary] {
		get(r.CorrelationID).summaries = append(get(r.CorrelationID).summaries, r.Summary)
	}
	for _, r := range recs[model.ACSCallDiagnostics] {
		get(r.CorrelationID).diags = append(get(r.CorrelationID).diags, r.Diagnostics)
	}
	for _, r := range recs[model.ACSCallClientMediaStatsTimeSeries] {
		m := r.MediaStats
		id := acs.CallID(r)
		if calls[id] == nil {
			t.Fatalf("media statistics of call %s, which has no summary", id)
		}
		k := seriesKey{m.ParticipantID.Value(), m.MediaStreamType.Value(), m.MediaStreamDirection.Value(), m.MetricName.Value()}
		get(id).series[k] = append(get(id).series[k], m)
	}

	var withSeries, small, checked, poorStreams, spelled int
	for id, c := range calls {
		if len(c.summaries) > 10 {
			if len(c.series) > 0 {
				t.Errorf("class %s has media statistics", id)
			}
			continue
		}
		small++
		if len(c.series) == 0 {
			continue
		}
		withSeries++
		p2p := c.summaries[0].CallType.Value() == "P2P"
		start, length := c.summaries[0].CallStartTime.Value(), float64(c.summaries[0].CallDuration.Value())
		for k, buckets := range c.series {
			// The participant's time and its streams: in a group call its
			// own rows (outbound) and the server's (inbound); in a P2P
			// call the staff's rows (outbound) and the customer's.
			partStart, partLength := start, length
			var send, recv *model.ACSDiagnostics
			for _, s := range c.summaries {
				if !p2p && s.ParticipantID.Value() == k.participant {
					partStart, partLength = s.ParticipantStartTime.Value(), float64(s.ParticipantDuration.Value())
				}
			}
			for _, d := range c.diags {
				if !strings.EqualFold(d.MediaType.Value(), map[string]string{"audio": "Audio", "video": "Video", "screen": "VBSS"}[k.media]) {
					continue
				}
				staff := !strings.Contains(d.Identifier.Value(), "acs:")
				switch {
				case p2p && staff, !p2p && d.ParticipantID.Value() == k.participant && d.EndpointType.Value() != "Server":
					send = d
				case p2p && !staff, !p2p && d.ParticipantID.Value() == k.participant && d.EndpointType.Value() == "Server":
					recv = d
				}
			}
			stream := recv
			if k.direction == "send" {
				stream = send
			}
			if stream == nil {
				t.Errorf("call %s: series %v of a stream CallDiagnostics does not have", id, k)
				continue
			}
			if max := math.Ceil(partLength/10) + 1; float64(len(buckets)) > max {
				t.Errorf("call %s: %d buckets of %v in %.0f s", id, len(buckets), k, partLength)
			}
			var values []float64
			for _, b := range buckets {
				at := b.CallClientTimeStamp.Value()
				if at.Before(partStart) || at.Sub(partStart).Seconds() > partLength+10 {
					t.Errorf("call %s: bucket %v of %v outside the participant's %v + %.0f s", id, at, k, partStart, partLength)
				}
				if b.AggregationIntervalSeconds.Value() != 10 || b.Count.Value() < 1 || b.Count.Value() > 10 ||
					b.Minimum.Value() > b.Average.Value() || b.Average.Value() > b.Maximum.Value() {
					t.Errorf("call %s: bucket of %v: %+v", id, k, b)
				}
				values = append(values, b.Average.Value())
			}
			var want, tolerance float64
			switch k.metric {
			case "JitterInMs":
				want, tolerance = stream.JitterAvg.Value(), 0.35*stream.JitterAvg.Value()+3
			case "RttInMs":
				want, tolerance = stream.RoundTripTimeAvg.Value(), 0.3*stream.RoundTripTimeAvg.Value()+5
			default:
				continue
			}
			checked++
			if got := mean(values); math.Abs(got-want) > tolerance {
				t.Errorf("call %s: %v averages %.1f over %d buckets, CallDiagnostics says %.1f", id, k, got, len(values), want)
			}
			if k.metric == "JitterInMs" && want >= 25 && len(values) >= 30 {
				poorStreams++
				if slices.Max(values) >= 1.4*median(values) {
					spelled++
				}
			}
			if lost := c.series[seriesKey{k.participant, k.media, k.direction, "PacketsLostPerSecond"}]; k.metric == "JitterInMs" &&
				stream.PacketLossRateAvg.Value() >= 0.03 && len(lost) >= 30 {
				var v []float64
				for _, b := range lost {
					v = append(v, b.Average.Value())
				}
				poorStreams++
				if slices.Max(v) >= 1.4*median(v) {
					spelled++
				}
			}
		}
	}
	share := float64(withSeries) / float64(small)
	t.Logf("%d of %d 1:1 and small group calls with media statistics (%d records); %d series checked against CallDiagnostics; %d of %d jittery or lossy streams with a spell",
		withSeries, small, res.MediaStats, checked, spelled, poorStreams)
	if share < mediaStatsShare/2 || share > mediaStatsShare*2 {
		t.Errorf("%.1f%% of the calls have media statistics, want about %.0f%%", 100*share, 100*mediaStatsShare)
	}
	if checked < 20 {
		t.Errorf("only %d series checked", checked)
	}
	if poorStreams == 0 || spelled*10 < poorStreams*8 {
		t.Errorf("%d of %d jittery or lossy streams show a spell of bad values, want nearly all", spelled, poorStreams)
	}
}

func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	return s[len(s)/2]
}
