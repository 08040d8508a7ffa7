package gen

// End-of-call surveys of the Virtual Visits app (CallSurvey, Web SDK
// only): a share of the people in the browser rate the call, worse after
// worse calls.

import (
	"math"
	"strings"
)

const categorySurvey = "CallSurvey"

// surveyShare is the share of Web SDK participants who answer the
// survey the app shows when a call ends.
const surveyShare = 0.08

// The app's rating scale, the same for every question: 0 to 10, scores
// at or below the threshold count as poor.
const (
	surveyLow       = 0
	surveyHigh      = 10
	surveyThreshold = 5
)

// experience is what a participant went through in a call: how bad the
// media was (1 is at the ACS thresholds, acs-logs §4), per kind and at
// worst, and how its connections ended.
type experience struct {
	worst     float64
	kind      [3]float64 // audio, video, screen sharing; -1: none
	cause     [3]string  // the metric that made each kind bad: loss, jitter or rtt
	couldNot  bool       // a connection failed to set up and none came after
	dropped   bool       // a connection ended by a failure
	rejoined  bool       // more than one connection
	connected bool
}

// experienceOf sums up the sessions of e: a connection failed when it
// carried no media, was dropped when it carried some and ended in an
// error other than leaving abruptly.
func experienceOf(ss []*session, e *endpoint) experience {
	x := experience{kind: [3]float64{-1, -1, -1}}
	n := 0
	for _, s := range ss {
		var end acsEnd
		switch e {
		case s.caller:
			end = s.callerEnd
		case s.callee:
			end = s.calleeEnd
		default:
			continue
		}
		n++
		media := 0
		for _, g := range s.segments {
			for _, m := range g.media {
				for _, st := range m.streams {
					media++
					b, cause := badness(st)
					if b > x.kind[m.kind] {
						x.kind[m.kind], x.cause[m.kind] = b, cause
					}
					x.worst = math.Max(x.worst, b)
				}
			}
		}
		switch {
		case media == 0 && end.category != "Success":
			x.couldNot = true
		case media > 0:
			x.connected, x.couldNot = true, false
			if end.category != "Success" && end != endAbrupt {
				x.dropped = true
			}
		}
	}
	x.rejoined = n > 1
	return x
}

// badness is how far a stream is from the ACS thresholds (jitter 30 ms,
// loss 10 %, RTT 500 ms): 1 at a threshold, and which metric is worst.
func badness(st *stream) (float64, string) {
	b, cause := st.loss/0.1, "loss"
	if j := st.jitter / 30; j > b {
		b, cause = j, "jitter"
	}
	if r := st.rtt / 500; r > b {
		b, cause = r, "rtt"
	}
	return b, cause
}

// surveys writes the surveys of c: each Web SDK participant answers at
// most once, when its last connection ends.
func (a *acsWriter) surveys(c *call) error {
	seen := map[*endpoint]bool{}
	group := c.kind == kindACSGroup
	for i := len(c.sessions) - 1; i >= 0; i-- {
		s := c.sessions[i]
		for _, e := range []*endpoint{s.caller, s.callee} {
			if !e.web || seen[e] || e == s.callee && (group || s.calleeAbsent) {
				continue
			}
			seen[e] = true
			if !a.r.chance(surveyShare) {
				continue
			}
			a.survey(c, s, e, experienceOf(c.sessions, e))
			if err := a.emit(categorySurvey, a.at, a.w.b); err != nil {
				return err
			}
		}
	}
	return nil
}

// survey renders one survey of e, whose last connection is s. Surveys
// of the newer SDK builds are logged as EndOfCallSurvey, older ones as
// CallSurvey, as the published samples show both. The record's
// correlationId is the participant's id; the call is in CallId.
func (a *acsWriter) survey(c *call, s *session, e *endpoint, x experience) {
	w, r := &a.w, a.r
	pid := s.id
	if c.kind != kindACSGroup {
		pid = a.clientIDs(e)[0]
	}
	a.at = s.end.Add(seconds(r.between(5, 90)))
	w.reset()
	w.beginObject()
	w.acsTime("time", a.at)
	w.str("resourceId", a.resource)
	w.str("correlationId", pid)
	if strings.HasPrefix(e.sdk, "1.31") {
		w.str("operationName", "EndOfCallSurvey")
	} else {
		w.str("operationName", "CallSurvey")
	}
	w.str("operationVersion", "0.0")
	w.str("category", categorySurvey)
	w.object("properties")
	w.str("CallId", c.id)
	w.str("SurveyId", r.uuid())
	w.str("ParticipantId", pid)

	overall := x.worst
	var issues []string
	switch {
	case x.couldNot:
		overall, issues = 3, []string{"CallCannotJoin"}
	case x.dropped:
		overall = math.Max(overall, 1.6)
		issues = []string{"CallEndedUnexpectedly"}
		if x.rejoined {
			issues = append(issues, "HadToRejoin")
		}
	case overall > 1 && r.chance(0.3):
		issues = []string{"OtherIssues"}
	}
	a.rating("Overall", "CallIssues", overall, issues)
	if x.connected && r.chance(0.75) {
		a.rating("Audio", "Issues", x.kind[audio], a.issues(x.kind[audio], x.cause[audio], audioIssues))
	}
	if x.kind[video] >= 0 && r.chance(0.6) {
		a.rating("Video", "Issues", x.kind[video], a.issues(x.kind[video], x.cause[video], videoIssues))
	}
	if x.kind[vbss] >= 0 && r.chance(0.6) {
		a.rating("Screenshare", "Issues", x.kind[vbss], a.issues(x.kind[vbss], x.cause[vbss], screenIssues))
	}
	w.endObject()
	w.endObject()
}

// Issues a participant can tick per question, by what went wrong.
var (
	audioIssues = map[string][]string{
		"loss":   {"AudioInterruption", "AudioStoppedUnexpectedly", "DistortedSpeech", "NoRemoteAudio"},
		"jitter": {"DistortedSpeech", "AudioInterruption"},
		"rtt":    {"Echo", "AudioInterruption"},
		"":       {"Echo", "AudioNoise", "LowVolume", "NoLocalAudio"},
	}
	videoIssues = map[string][]string{
		"loss":   {"Freezes", "LowQuality", "StoppedUnexpectedly", "NoVideoReceived"},
		"jitter": {"Freezes", "AudioVideoOutOfSync"},
		"rtt":    {"AudioVideoOutOfSync", "LowQuality"},
		"":       {"DarkVideoReceived", "NoVideoSent"},
	}
	screenIssues = map[string][]string{
		"loss":   {"Freezes", "LowQuality", "StoppedUnexpectedly"},
		"jitter": {"Freezes", "LargeDelay"},
		"rtt":    {"LargeDelay"},
		"":       {"CannotPresent", "NoContentRemote"},
	}
)

// issues picks what a participant ticks for media this bad: one or two
// issues of its cause when it was bad, now and then a device or app
// issue when it was not.
func (a *acsWriter) issues(bad float64, cause string, by map[string][]string) []string {
	r := a.r
	switch {
	case bad > 0.8 && len(by[cause]) > 0:
		list := by[cause]
		out := []string{list[r.IntN(len(list))]}
		if r.chance(0.4) {
			if other := list[r.IntN(len(list))]; other != out[0] {
				out = append(out, other)
			}
		}
		return out
	case r.chance(0.04):
		list := by[""]
		return []string{list[r.IntN(len(list))]}
	}
	return nil
}

// rating writes one question's score, scale and issues. The score falls
// from the top of the scale as the media nears the thresholds and is at
// the bottom well past them, give or take a point.
func (a *acsWriter) rating(name, issuesName string, bad float64, issues []string) {
	w, r := &a.w, a.r
	q := 1 - clamp((bad-0.3)/1.2, 0, 1)
	if len(issues) > 0 {
		q = math.Min(q, 0.6)
	}
	score := math.Round(clamp(surveyLow+(surveyHigh-surveyLow)*q+r.NormFloat64()*0.8, surveyLow, surveyHigh))
	if len(issues) > 0 {
		w.str(name+issuesName, strings.Join(issues, ","))
	}
	w.int(name+"RatingScore", int64(score))
	w.int(name+"RatingScoreLowerBound", surveyLow)
	w.int(name+"RatingScoreUpperBound", surveyHigh)
	w.int(name+"RatingScoreThreshold", surveyThreshold)
}

// clientIDs returns e's participant id and CallClient instance id in
// the call being written, drawing them the first time.
func (a *acsWriter) clientIDs(e *endpoint) *[2]string {
	if e.clientIDs == nil {
		e.clientIDs = &[2]string{a.r.uuid(), a.r.uuid()}
	}
	return e.clientIDs
}
