package model

// StreamQuality is a stream's CQD classification.
type StreamQuality string

const (
	QualityGood         StreamQuality = "good"
	QualityPoor         StreamQuality = "poor"
	QualityUnclassified StreamQuality = "unclassified"
)

// Rating is a session's or call's Call Analytics rating.
type Rating string

const (
	RatingGood        Rating = "good"
	RatingPoor        Rating = "poor"
	RatingUnavailable Rating = "unavailable"
)

// Severity of an issue: yellow is outside the normal range but probably
// not the main cause; red is the likely main cause.
type Severity string

const (
	SeverityYellow Severity = "yellow"
	SeverityRed    Severity = "red"
)

// Reason explains one part of a verdict: which metric, its value, the
// threshold it was held against and the rule that did so. A reason
// without a metric explains an unclassified stream (no metrics, too few
// packets…).
type Reason struct {
	Metric string `json:"metric,omitempty"`
	// Value and Threshold are in Unit (ms, ratio, fps, percent, packets).
	Value     *float64 `json:"value,omitempty"`
	Threshold *float64 `json:"threshold,omitempty"`
	// Op is how Value compares to Threshold when the rule fires: ">", ">=", "<".
	Op          string `json:"op,omitempty"`
	Unit        string `json:"unit,omitempty"`
	Rule        string `json:"rule"`
	RuleVersion string `json:"ruleVersion"`
	Text        string `json:"text"`
}

// Issue is one yellow or red finding on a session, in the shape of Call
// Analytics' session details.
type Issue struct {
	Severity Severity `json:"severity"`
	// Area: network, device, setup, reliability, media.
	Area      string   `json:"area"`
	Metric    string   `json:"metric,omitempty"`
	Value     *float64 `json:"value,omitempty"`
	Threshold *float64 `json:"threshold,omitempty"`
	Op        string   `json:"op,omitempty"`
	Unit      string   `json:"unit,omitempty"`
	Reason    string   `json:"reason"`
	// Where: the side whose endpoint, network or device is concerned
	// (caller or callee), the segment and stream it was seen on.
	Side         string `json:"side,omitempty"`
	SegmentIndex *int   `json:"segment,omitempty"`
	StreamID     string `json:"streamId,omitempty"`
	Rule         string `json:"rule,omitempty"`
	RuleVersion  string `json:"ruleVersion,omitempty"`
}

// rank orders ratings from best known to worst; unavailable ranks lowest
// because it says nothing: a call with one good and one unavailable
// session is good as far as anyone can tell.
func (r Rating) rank() int {
	switch r {
	case RatingPoor:
		return 3
	case RatingGood:
		return 2
	case RatingUnavailable:
		return 1
	}
	return 0
}

// Worse returns the worse of two ratings (poor over good over unavailable).
func Worse(a, b Rating) Rating {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// CallRating is the worst rating of the call's sessions; unavailable for
// a judged call without sessions (a record fetched without them, ACS
// client logs alone), and "" when the call has not been judged.
func (c *Call) CallRating() Rating {
	var r Rating
	for _, s := range c.Sessions {
		if s != nil {
			r = Worse(r, s.Rating)
		}
	}
	if r == "" && c.Rules != "" {
		return RatingUnavailable
	}
	return r
}

// ParticipantRating is one participant's rating in a meeting: the worst of
// the sessions where they were the caller (rejoins included).
type ParticipantRating struct {
	// Key is the participant's identity id, or the user agent when the
	// endpoint has no identity.
	Key      string `json:"participant"`
	Name     string `json:"displayName,omitempty" pii:"name"`
	Rating   Rating `json:"rating"`
	Sessions int    `json:"sessions"`
}

// ParticipantRatings rates each caller of the call's sessions, in the
// order they first joined. In meetings every participant is the caller of
// their sessions with the conference server.
func (c *Call) ParticipantRatings() []ParticipantRating {
	var out []ParticipantRating
	idx := map[string]int{}
	for _, s := range c.Sessions {
		if s == nil || s.Caller == nil {
			continue
		}
		key, name := endpointKey(s.Caller), ""
		if id := s.Caller.PrimaryIdentity(); id != nil {
			name = id.DisplayName.Value()
		}
		i, ok := idx[key]
		if !ok {
			i = len(out)
			idx[key] = i
			out = append(out, ParticipantRating{Key: key, Name: name})
		}
		out[i].Rating = Worse(out[i].Rating, s.Rating)
		out[i].Sessions++
	}
	return out
}
