package gen

// How sessions end and what users think of them: setup failures, drops
// and feedback.

import "math"

// feedback asks one user in twenty-five to rate the session; poor media
// gets poor ratings.
func (g *teams) feedback(s *session, e *endpoint) {
	r := g.r
	if e.service() || e.hidden || !r.chance(0.04) {
		return
	}
	worst := 0.0
	for _, seg := range s.segments {
		for _, m := range seg.media {
			for _, st := range m.streams {
				worst = math.Max(worst, st.loss*10+st.jitter/30)
			}
		}
	}
	f := &feedback{}
	switch {
	case s.failure != nil || worst > 1:
		f.rating = []string{"bad", "poor", "poor", "fair"}[r.IntN(4)]
		f.tokens = [][]string{{"DistortedSound"}, {"NoSound"}, {"AudioStoppedUnexpectedly"}, {"Echo", "Noisy"}}[r.IntN(4)]
		if r.chance(0.4) {
			f.text = []string{"Audio kept cutting out", "Could not hear anyone for a while", "Robotic voice the whole meeting"}[r.IntN(3)]
		}
	case worst > 0.5:
		f.rating = []string{"fair", "good"}[r.IntN(2)]
	default:
		f.rating = []string{"good", "excellent", "excellent", "notRated"}[r.IntN(4)]
	}
	e.feedback = f
}

// setupRisk is the chance that a session of these clients fails to set
// up: low, except for the build that fails more (FailingClientVersion).
func setupRisk(es ...*endpoint) float64 {
	p := 0.012
	for _, e := range es {
		if e.build.version == FailingClientVersion {
			p += 0.22
		}
	}
	return p
}

// dropRisk is the chance that a session over these networks drops.
func dropRisk(a, b *network) float64 {
	return 1 - (1-a.drop)*(1-b.drop)
}

func setupFailure(r *rng) *failure {
	return &failure{stage: "callSetup", reason: []string{
		"Call setup failed: media connectivity could not be established",
		"Call setup failed: the client did not receive the media answer in time",
		"Call setup failed: unexpected client error",
	}[r.IntN(3)]}
}

// failedSetupMedia is the media of a segment whose setup failed: the
// audio the call tried, with the networks and devices of its ends and no
// stream, as a call record gives it.
func failedSetupMedia() []*media { return []*media{{kind: audio}} }

func midcallFailure(r *rng) *failure {
	return &failure{stage: "midcall", reason: []string{
		"Call dropped: media connectivity was lost",
		"Call dropped: the client lost its network connection",
	}[r.IntN(2)]}
}
