package graph

import (
	"encoding/json"

	"github.com/callscope/callscope/internal/model"
)

// The wire types decode Graph JSON into the model. Each embeds a model
// struct, so that encoding/json fills it, and shadows, at a shallower
// depth, the properties the model uses for facts of its own rather than
// Graph's: tenant, source, partial, acs and the verdicts (rules, rating,
// issues, quality, reasons) are callscope's, and @unknown
// is where the model writes unknown properties out. A Graph record that
// carries such a key must not set the observing tenant or forge ACS data;
// its value is kept in Extra like any other unknown property. The shadows
// also read id and version leniently (model.Opt), where the model holds
// them as plain values.

// wireCall is a callRecord as it arrives.
type wireCall struct {
	*model.Call
	ID       model.Opt[string] `json:"id"`
	Version  model.Opt[int64]  `json:"version"`
	Sessions []*wireSession    `json:"sessions"`
	Tenant   json.RawMessage   `json:"tenant"`
	Source   json.RawMessage   `json:"source"`
	Partial  json.RawMessage   `json:"partial"`
	ACS      json.RawMessage   `json:"acs"`
	Rules    json.RawMessage   `json:"rules"`
	Unknown  json.RawMessage   `json:"@unknown"`
}

// wireSession is a session, inside a record or as a sessions list element.
type wireSession struct {
	*model.Session
	Segments  []*wireSegment  `json:"segments"`
	ACS       json.RawMessage `json:"acs"`
	CalleeACS json.RawMessage `json:"calleeAcs"`
	Rating    json.RawMessage `json:"rating"`
	Issues    json.RawMessage `json:"issues"`
	Unknown   json.RawMessage `json:"@unknown"`
}

// wireSegment is a segment of a session.
type wireSegment struct {
	*model.Segment
	Media   []*wireMedia    `json:"media"`
	Unknown json.RawMessage `json:"@unknown"`
}

// wireMedia is one media of a segment.
type wireMedia struct {
	*model.Media
	Streams []*wireStream   `json:"streams"`
	Unknown json.RawMessage `json:"@unknown"`
}

// wireStream is one mediaStream.
type wireStream struct {
	*model.Stream
	ACS     json.RawMessage `json:"acs"`
	Quality json.RawMessage `json:"quality"`
	Reasons json.RawMessage `json:"reasons"`
	Unknown json.RawMessage `json:"@unknown"`
}

// wireParticipant is a participants_v2 list element.
type wireParticipant struct {
	*model.CallParticipant
	Unknown json.RawMessage `json:"@unknown"`
}

// wireUsage is a row of a usage log.
type wireUsage struct {
	*model.UsageRow
	ID      model.Opt[string] `json:"id"`
	Kind    json.RawMessage   `json:"kind"`
	Unknown json.RawMessage   `json:"@unknown"`
}

// call assembles the model tree from what was decoded. List elements that
// were null stay nil here, so that positions still match the raw JSON for
// model.CollectUnknown; Normalize drops them afterwards.
func (w *wireCall) call() *model.Call {
	if w.Call == nil {
		w.Call = new(model.Call)
	}
	c := w.Call
	c.Sessions = nil
	if w.Sessions != nil {
		c.Sessions = make([]*model.Session, len(w.Sessions))
		for i, s := range w.Sessions {
			c.Sessions[i] = s.session()
		}
	}
	return c
}

func (w *wireSession) session() *model.Session {
	if w == nil {
		return nil
	}
	if w.Session == nil {
		w.Session = new(model.Session)
	}
	s := w.Session
	s.Segments = nil
	if w.Segments != nil {
		s.Segments = make([]*model.Segment, len(w.Segments))
		for i, g := range w.Segments {
			s.Segments[i] = g.segment()
		}
	}
	return s
}

func (w *wireSegment) segment() *model.Segment {
	if w == nil {
		return nil
	}
	if w.Segment == nil {
		w.Segment = new(model.Segment)
	}
	g := w.Segment
	g.Media = nil
	if w.Media != nil {
		g.Media = make([]*model.Media, len(w.Media))
		for i, m := range w.Media {
			g.Media[i] = m.media()
		}
	}
	return g
}

func (w *wireMedia) media() *model.Media {
	if w == nil {
		return nil
	}
	if w.Media == nil {
		w.Media = new(model.Media)
	}
	m := w.Media
	m.Streams = nil
	if w.Streams != nil {
		m.Streams = make([]*model.Stream, len(w.Streams))
		for i, s := range w.Streams {
			m.Streams[i] = s.stream()
		}
	}
	return m
}

func (w *wireStream) stream() *model.Stream {
	if w == nil {
		return nil
	}
	if w.Stream == nil {
		w.Stream = new(model.Stream)
	}
	return w.Stream
}

// keepShadowed moves the values the shadows caught into Extra. It runs
// after model.CollectUnknown, which skips these keys because the model
// has fields of the same names. @unknown is dropped: like an OData
// annotation it is not a Graph property.
func (w *wireCall) keepShadowed() {
	keep(&w.Call.Extra, "tenant", w.Tenant)
	keep(&w.Call.Extra, "source", w.Source)
	keep(&w.Call.Extra, "partial", w.Partial)
	keep(&w.Call.Extra, "acs", w.ACS)
	keep(&w.Call.Extra, "rules", w.Rules)
	for _, s := range w.Sessions {
		s.keepShadowed()
	}
}

func (w *wireSession) keepShadowed() {
	if w == nil {
		return
	}
	keep(&w.Session.Extra, "acs", w.ACS)
	keep(&w.Session.Extra, "calleeAcs", w.CalleeACS)
	keep(&w.Session.Extra, "rating", w.Rating)
	keep(&w.Session.Extra, "issues", w.Issues)
	for _, g := range w.Segments {
		if g == nil {
			continue
		}
		for _, m := range g.Media {
			if m == nil {
				continue
			}
			for _, s := range m.Streams {
				if s != nil {
					keep(&s.Stream.Extra, "acs", s.ACS)
					keep(&s.Stream.Extra, "quality", s.Quality)
					keep(&s.Stream.Extra, "reasons", s.Reasons)
				}
			}
		}
	}
}

func (w *wireUsage) keepShadowed() {
	keep(&w.UsageRow.Extra, "kind", w.Kind)
}

func keep(extra *model.Extra, key string, v json.RawMessage) {
	if v == nil {
		return
	}
	if *extra == nil {
		*extra = model.Extra{}
	}
	(*extra)[key] = v
}
