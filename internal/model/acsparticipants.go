package model

import (
	"strings"
)

// ACSParticipantFacts flattens an assembled ACS call into one fact per
// participant, for the ACS insights report: each session's caller (its
// Session.ACS) and, in a peer-to-peer call, its callee (CalleeACS), in
// session order; sessions without either (the server's rows that name
// nobody) give none. Surveys join the participant whose participant id
// they name; those that name none of the call's participants make one
// more fact, SurveyOnly. A call of another source gives none.
func ACSParticipantFacts(c *Call) []ACSParticipantFact {
	if c == nil || c.Source != SourceACS {
		return nil
	}
	base := ACSParticipantFact{Tenant: c.Tenant, CallID: c.ID, CallType: acsCallType(c)}
	if t, ok := c.StartDateTime.Get(); ok {
		base.CallStart = t.UTC()
	}
	var surveys []*ACSSurvey
	if c.ACS != nil {
		base.Interop = strings.TrimSpace(c.ACS.TeamsThreadID) != ""
		surveys = c.ACS.Surveys
	}
	used := make([]bool, len(surveys))
	var out []ACSParticipantFact
	for _, s := range c.Sessions {
		if s == nil {
			continue
		}
		streams, poor := sessionStreams(s)
		for _, p := range []*ACSParticipant{s.ACS, s.CalleeACS} {
			if p == nil {
				continue
			}
			f := base
			fillParticipant(&f, p)
			f.Seconds = sessionSeconds(s)
			f.Streams, f.PoorStreams = streams, poor
			if f.ParticipantID != "" {
				for i, sv := range surveys {
					if sv != nil && !used[i] && strings.TrimSpace(sv.ParticipantID.Value()) == f.ParticipantID {
						used[i] = true
						addSurvey(&f, sv)
					}
				}
			}
			out = append(out, f)
		}
	}
	markFirsts(out)
	rest := base
	rest.SurveyOnly = true
	for i, sv := range surveys {
		if sv != nil && !used[i] {
			addSurvey(&rest, sv)
		}
	}
	if rest.Surveys > 0 {
		out = append(out, rest)
	}
	return out
}

// acsCallType is the call type as ACS names it: the summaries' own
// text, else Graph's type mapped back.
func acsCallType(c *Call) string {
	if c.ACS != nil {
		switch t := strings.TrimSpace(c.ACS.CallType); {
		case strings.EqualFold(t, "P2P"):
			return "P2P"
		case strings.EqualFold(t, "Group"):
			return "Group"
		case t != "":
			return t
		}
	}
	switch c.Type.Value() {
	case CallTypePeerToPeer:
		return "P2P"
	case CallTypeGroupCall:
		return "Group"
	}
	return ""
}

func fillParticipant(f *ACSParticipantFact, p *ACSParticipant) {
	f.ParticipantID = strings.TrimSpace(p.ParticipantID)
	f.ParticipantType = strings.TrimSpace(p.ParticipantType.Value())
	f.EndpointType = strings.TrimSpace(p.EndpointType)
	f.SDKVersion = strings.TrimSpace(p.SDKVersion.Value())
	f.OS = shortOS(p.OSVersion.Value())
	f.Platform = participantPlatform(f.EndpointType, p.OSVersion.Value())
	f.EndCode = strings.TrimSpace(p.EndReason.Value())
	f.EndSubCode = strings.TrimSpace(p.EndSubCode.Value())
	f.ResultCategory = strings.TrimSpace(p.ResultCategory.Value())
	if f.ResultCategory == "" {
		// Older logs carry no category; the published table gives the
		// pair's, where it has a row for exactly this pair.
		if e, exact, ok := ExplainACSEnd(f.EndCode, f.EndSubCode); ok && exact {
			f.ResultCategory = e.Category
		}
	}
}

// withheld is how Microsoft writes a value it withholds.
const withheld = "Redacted"

// shortOS is the OS and its version without what some clients add after
// them (the architecture, the device's maker and model, the kernel's
// build): "Android 11.0; Manufacturer: Google; …" → "Android 11.0".
func shortOS(os string) string {
	s := strings.TrimSpace(os)
	if strings.EqualFold(s, withheld) {
		return withheld
	}
	if i := strings.Index(s, ";"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(strings.ToLower(s), " arch:"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, ":"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if len(s) > 64 {
		s = strings.TrimSpace(s[:64])
	}
	return s
}

// participantPlatform is the client platform its OS names (as the
// assembler reads it for the user agent, plus Linux), "Redacted" when
// the OS was withheld, or for an endpoint that runs no Calling SDK its
// endpoint type: phones, bots and voicemail have no OS to read.
func participantPlatform(endpointType, os string) string {
	switch endpointType {
	case ACSEndpointPSTN, ACSEndpointBot, ACSEndpointVoicemail:
		return endpointType
	}
	o := strings.TrimSpace(os)
	if strings.EqualFold(o, withheld) {
		return withheld
	}
	if p, ok := ClientPlatformOfOS(o); ok {
		switch p {
		case "windows":
			return "Windows"
		case "android":
			return "Android"
		}
		return string(p)
	}
	if strings.HasPrefix(strings.ToLower(o), "linux") {
		return "Linux"
	}
	return ""
}

// sessionSeconds is the session's connected time, nil when either end
// is unknown or the end is before the start.
func sessionSeconds(s *Session) *float64 {
	start, ok1 := s.StartDateTime.Get()
	end, ok2 := s.EndDateTime.Get()
	if !ok1 || !ok2 || end.Before(start) {
		return nil
	}
	v := end.Sub(start).Seconds()
	return &v
}

// sessionStreams counts the session's streams and those judged poor.
func sessionStreams(s *Session) (streams, poor int) {
	for _, g := range s.Segments {
		if g == nil {
			continue
		}
		for _, m := range g.Media {
			if m == nil {
				continue
			}
			for _, st := range m.Streams {
				if st == nil {
					continue
				}
				streams++
				if st.Quality == QualityPoor {
					poor++
				}
			}
		}
	}
	return streams, poor
}

// defaultLowScoreThreshold is the Calling SDK's low-score threshold
// when the survey does not state one (its default scale is 1 to 5, and
// a score at or below 3 is a bad experience).
const defaultLowScoreThreshold = 3

// addSurvey adds one survey's ratings and issues to f.
func addSurvey(f *ACSParticipantFact, sv *ACSSurvey) {
	f.Surveys++
	rate := func(kind ACSRatingKind, score, threshold Opt[float64], issues Opt[string]) {
		if v, ok := score.Get(); ok {
			r := &f.Ratings[kind]
			r.N++
			r.Sum += v
			t, ok := threshold.Get()
			if !ok {
				t = defaultLowScoreThreshold
			}
			if v <= t {
				r.Poor++
			}
		}
		for _, is := range strings.Split(issues.Value(), ",") {
			if is = strings.TrimSpace(is); is != "" && !strings.EqualFold(is, "null") {
				f.Issues = append(f.Issues, ACSRatingKinds[kind]+":"+is)
			}
		}
	}
	rate(RatingOverall, sv.OverallScore, sv.OverallThreshold, sv.OverallCallIssues)
	rate(RatingAudio, sv.AudioScore, sv.AudioThreshold, sv.AudioIssues)
	rate(RatingVideo, sv.VideoScore, sv.VideoThreshold, sv.VideoIssues)
	rate(RatingScreenshare, sv.ScreenshareScore, sv.ScreenshareThresh, sv.ScreenshareIssues)
}

// markFirsts marks, in order, the first participant of the call and the
// first of each value of each dimension that distinct calls are counted
// by (ACSFirst).
func markFirsts(facts []ACSParticipantFact) {
	seen := map[string]bool{}
	first := func(dim, v string) bool {
		k := dim + "\x00" + v
		if seen[k] {
			return false
		}
		seen[k] = true
		return true
	}
	for i := range facts {
		f := &facts[i]
		f.First = ACSFirst{
			Call:            i == 0,
			SDKVersion:      first("sdk", f.SDKVersion),
			OS:              first("os", f.OS),
			Platform:        first("platform", f.Platform),
			ParticipantType: first("ptype", f.ParticipantType),
			EndpointType:    first("etype", f.EndpointType),
			End:             first("end", f.EndCode+"\x00"+f.EndSubCode+"\x00"+f.ResultCategory),
		}
	}
}

// Endpoint types of ACS endpoints that run no Calling SDK.
const (
	ACSEndpointPSTN      = "PSTN"
	ACSEndpointBot       = "Bot"
	ACSEndpointVoicemail = "Voicemail"
)

// ClientPlatformOfOS reads Graph's clientPlatform from an ACS osVersion where the
// text says it unambiguously. "Darwin Kernel …" is either iOS or macOS and
// so gives none; "Redacted" and unknown texts give none.
func ClientPlatformOfOS(os string) (ClientPlatform, bool) {
	l := strings.ToLower(strings.TrimSpace(os))
	switch {
	case l == "" || l == "redacted":
		return "", false
	case strings.HasPrefix(l, "windows"):
		return "windows", true
	case strings.HasPrefix(l, "android"):
		return "android", true
	case strings.HasPrefix(l, "ios") || strings.HasPrefix(l, "ipados") ||
		strings.Contains(l, "iphone") || strings.Contains(l, "ipad"):
		return "iOS", true
	case strings.HasPrefix(l, "mac") || strings.Contains(l, "mac os x"):
		return "macOS", true
	}
	return "", false
}
