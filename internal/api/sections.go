package api

import (
	"time"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// A call's detail comes in three sections, as Call Analytics shows it:
// the overview every role sees; the advanced section (devices,
// networks, user agents, CPU), for roles with access.SeeAdvanced; the
// debug section (the whole record, with what is meant for Microsoft
// support), for roles with access.SeeDebug. All three are built from
// the redacted call of a seenCall, never from the stored one, so a
// field redaction removed cannot reappear here; each holds one page of
// the call's sessions.
const (
	sectionOverview = "overview"
	sectionAdvanced = "advanced"
	sectionDebug    = "debug"
)

// sectionPerm is the permission each section needs ("" for none).
var sectionPerm = map[string]access.Permission{
	sectionOverview: "",
	sectionAdvanced: access.SeeAdvanced,
	sectionDebug:    access.SeeDebug,
}

// sectionsOf lists the sections role may see, in order.
func sectionsOf(role access.Role) []string {
	out := []string{sectionOverview}
	for _, s := range []string{sectionAdvanced, sectionDebug} {
		if role.Can(sectionPerm[s]) {
			out = append(out, s)
		}
	}
	return out
}

// The sections' types are package wire's, shared with the pages that
// read them.
type (
	overview           = wire.CallOverview
	participantView    = wire.CallParticipant
	sessionOverview    = wire.SessionOverview
	endpointOverview   = wire.EndpointOverview
	feedbackView       = wire.Feedback
	acsParticipantView = wire.ACSParticipant
	failureView        = wire.Failure
	segmentOverview    = wire.SegmentOverview
	mediaOverview      = wire.MediaOverview
	streamOverview     = wire.StreamOverview
)

// overview is the overview of the page's sessions; the call-level facts
// are the whole call's. participantsNext links to the rest of the
// participant list, "" when the overview lists all of it.
func (seen *seenCall) overview(participantsNext string) *overview {
	c := seen.call
	o := &overview{
		ID: c.ID, Version: c.Version, Source: c.Source, Type: c.Type, Modalities: c.Modalities,
		StartDateTime: c.StartDateTime, EndDateTime: c.EndDateTime, DurationSeconds: seconds(c.StartDateTime, c.EndDateTime),
		Rating: seen.rating, Rules: c.Rules, Partial: c.Partial,
		ParticipantCount: len(seen.people), EndpointCount: len(seen.endpoints),
		Participants:     seen.participants(0, min(seen.participantTotal(), overviewParticipants)),
		ParticipantsNext: participantsNext,
		Sessions:         make([]sessionOverview, 0, len(c.Sessions)),
	}
	if o.Modalities == nil {
		o.Modalities = []model.Modality{}
	}
	tags := seen.sessionTags()
	for i, s := range c.Sessions {
		if s == nil {
			continue
		}
		so := sessionOverview{
			Index: seen.sessions[i], ID: s.ID, StartDateTime: s.StartDateTime, EndDateTime: s.EndDateTime,
			Modalities: s.Modalities, IsTest: s.IsTest, Rating: s.Rating, Issues: s.Issues,
			Caller: endpointOf(s.Caller, s.ACS), Callee: endpointOf(s.Callee, s.CalleeACS),
			Failure: failureOf(s.FailureInfo), Segments: make([]segmentOverview, 0, len(s.Segments)),
		}
		if so.Issues == nil {
			so.Issues = []model.Issue{}
		}
		if t, ok := tags[seen.sessions[i]]; ok {
			if so.Caller != nil {
				so.Caller.Tag = t[0]
			}
			if so.Callee != nil {
				so.Callee.Tag = t[1]
			}
		}
		for j, g := range s.Segments {
			if g == nil {
				continue
			}
			sg := segmentOverview{Index: j, ID: g.ID, StartDateTime: g.StartDateTime, EndDateTime: g.EndDateTime,
				Failure: failureOf(g.FailureInfo), Media: make([]mediaOverview, 0, len(g.Media))}
			for _, m := range g.Media {
				if m == nil {
					continue
				}
				mo := mediaOverview{Label: m.Label, Streams: make([]streamOverview, 0, len(m.Streams))}
				for _, x := range m.Streams {
					if x != nil {
						mo.Streams = append(mo.Streams, streamOf(x))
					}
				}
				sg.Media = append(sg.Media, mo)
			}
			so.Segments = append(so.Segments, sg)
		}
		o.Sessions = append(o.Sessions, so)
	}
	return o
}

// sessionTags are the person tags of each session's caller and callee,
// by the session's call-wide index.
func (seen *seenCall) sessionTags() map[int][2]string {
	out := map[int][2]string{}
	for _, g := range seen.groups {
		if g.person < 0 || g.person >= len(seen.tags) {
			continue
		}
		for k, si := range g.sessions {
			t := out[si]
			t[map[bool]int{false: 0, true: 1}[g.callee[k]]] = seen.tags[g.person]
			out[si] = t
		}
	}
	return out
}

// participantTotal is the length of the participant list: the call's
// people, then the endpoints without identity that joined sessions.
func (seen *seenCall) participantTotal() int { return len(seen.people) + len(seen.endpoints) }

// participants lists entries [from, to) of the participant list: the
// call's people, redacted, each with the rating of the sessions they
// joined, then the endpoints without identity that joined sessions.
func (seen *seenCall) participants(from, to int) []participantView {
	out := make([]participantView, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, seen.participant(i))
	}
	return out
}

// participant is entry i of the participant list.
func (seen *seenCall) participant(i int) participantView {
	if i < len(seen.people) {
		p, j := seen.people[i], seen.joined[i]
		pv := participantView{Kind: "person", DisplayName: p.DisplayName, ID: p.ID, UPN: p.UPN,
			Phone: p.Phone, TenantID: p.TenantID, Organizer: p.Organizer, Rating: j.rating, Sessions: j.sessions}
		if i < len(seen.tags) {
			pv.Tag, pv.External = seen.tags[i], seen.external[i]
		}
		return pv
	}
	g := seen.groups[seen.endpoints[i-len(seen.people)]]
	return participantView{Kind: "endpoint", Rating: g.rating, Sessions: len(g.sessions)}
}

func endpointOf(e *model.Endpoint, acs *model.ACSParticipant) *endpointOverview {
	if e == nil {
		return nil
	}
	eo := &endpointOverview{Kind: e.Kind()}
	if id := e.PrimaryIdentity(); id != nil {
		eo.DisplayName, eo.ID = optOrNull(id.DisplayName), optOrNull(id.ID)
	}
	if ua := e.UserAgent; ua != nil {
		eo.Platform, eo.ProductFamily, eo.ApplicationVersion, eo.ServiceRole = ua.Platform, ua.ProductFamily, ua.ApplicationVersion, ua.Role
	}
	if f := e.Feedback; f != nil {
		eo.Feedback = &feedbackView{Rating: f.Rating, Text: f.Text, Tokens: f.Tokens}
	}
	if acs != nil {
		eo.ACS = &acsParticipantView{ParticipantType: acs.ParticipantType, EndReason: acs.EndReason,
			EndSubCode: acs.EndSubCode, ResultCategory: acs.ResultCategory, SDKVersion: acs.SDKVersion}
	}
	return eo
}

// optOrNull keeps an identity's field present even when the record left
// it out, so that a name nobody gave is shown as withheld, not missing.
func optOrNull(o model.Opt[string]) *model.Opt[string] {
	if o.IsAbsent() {
		o = model.NullOf[string]()
	}
	return &o
}

func failureOf(f *model.FailureInfo) *failureView {
	if f == nil {
		return nil
	}
	return &failureView{Reason: f.Reason, Stage: f.Stage}
}

func streamOf(x *model.Stream) streamOverview {
	so := streamOverview{
		StreamID: x.StreamID, StreamDirection: x.StreamDirection, Quality: x.Quality, Reasons: x.Reasons,
		AudioCodec: x.AudioCodec, VideoCodec: x.VideoCodec,
		AverageJitter: x.AverageJitter, MaxJitter: x.MaxJitter, AverageAudioNetworkJitter: x.AverageAudioNetworkJitter,
		AveragePacketLossRate: x.AveragePacketLossRate, MaxPacketLossRate: x.MaxPacketLossRate,
		AverageRoundTripTime: x.AverageRoundTripTime, MaxRoundTripTime: x.MaxRoundTripTime,
		AverageRatioOfConcealed: x.AverageRatioOfConcealed, AverageAudioDegradation: x.AverageAudioDegradation,
		PostFECPacketLossRate: x.PostFECPacketLossRate, AverageVideoFrameRate: x.AverageVideoFrameRate,
		AverageReceivedFrameRate: x.AverageReceivedFrameRate, AverageVideoFrameLossPct: x.AverageVideoFrameLossPct,
		AverageVideoPacketLoss: x.AverageVideoPacketLoss, LowFrameRateRatio: x.LowFrameRateRatio,
		AverageFreezeDuration: x.AverageFreezeDuration, AverageBandwidthEstimate: x.AverageBandwidthEstimate,
		WasMediaBypassed: x.WasMediaBypassed,
	}
	if so.Reasons == nil {
		so.Reasons = []model.Reason{}
	}
	return so
}

// seconds is the length of a span, nil when either end is unknown.
func seconds(start, end model.Opt[time.Time]) *float64 {
	s, ok1 := start.Get()
	e, ok2 := end.Get()
	if !ok1 || !ok2 || e.Before(s) {
		return nil
	}
	d := e.Sub(s).Seconds()
	return &d
}
