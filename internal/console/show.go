package console

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/callscope/callscope/internal/access"
	"github.com/callscope/callscope/internal/model"
)

// WriteCall prints one call as a tree: the call and its rating, its
// people, then each session with its rating and issues, its legs, media
// and streams with their verdicts and main metrics. The call and people
// are printed as given: redaction happens before.
// people are the call's participants as the reader may see them.
func WriteCall(w io.Writer, c *model.Call, people []model.Person, style Style) error {
	p := &printer{w: w}
	st := style
	start, _ := c.StartDateTime.Get()
	end, _ := c.EndDateTime.Get()
	p.line(0, "Call %s (version %d, %s, %s): %s", c.ID, c.Version, orDash(string(c.Type.Value())), c.Source, st.Rating(c.CallRating()))
	p.line(1, "tenant %s; %s → %s (%s)", orDash(c.Tenant), when(start), when(end), duration(start, end))
	if len(c.Modalities) > 0 {
		p.line(1, "modalities: %s", joinModalities(c.Modalities))
	}
	if c.Partial {
		p.line(1, "partial: only pages of this record were ingested, not the record itself")
	}
	if implausible(start, end) {
		p.line(1, "%s", ImplausibleNote)
	}
	if len(people) > 0 {
		p.line(1, "participants (%d):", len(people))
		for _, pe := range SortPeople(people) {
			role := ""
			if pe.Organizer {
				role = " (organizer)"
			}
			p.line(2, "%s%s", personLabel(pe), role)
		}
	}
	if c.Type.Value() == model.CallTypeGroupCall {
		if prs := c.ParticipantRatings(); len(prs) > 0 {
			p.line(1, "ratings by participant:")
			for _, pr := range prs {
				p.line(2, "%s: %s (%s)", orDash(firstNonEmpty(pr.Name, pr.Key)), st.Rating(pr.Rating), Plural(pr.Sessions, "session"))
			}
		}
	}
	for i, s := range c.Sessions {
		if s == nil {
			continue
		}
		ss, _ := s.StartDateTime.Get()
		se, _ := s.EndDateTime.Get()
		p.line(1, "session %d %s: %s → %s, %s (%s): %s", i+1, orDash(s.ID.Value()), endpointLabel(s.Caller), endpointLabel(s.Callee), when(ss), duration(ss, se), st.Rating(s.Rating))
		for _, is := range s.Issues {
			p.line(2, "%s", issueLine(st, is))
		}
		if f := s.FailureInfo; f != nil {
			p.line(2, "failed at %s: %s", orDash(string(f.Stage.Value())), orDash(f.Reason.Value()))
		}
		if s.ACS != nil && s.ACS.EndReason.Valid() {
			p.line(2, "end reason %s/%s %s", s.ACS.EndReason.Value(), orDash(s.ACS.EndSubCode.Value()), s.ACS.ResultCategory.Value())
		}
		for j, g := range s.Segments {
			if g == nil {
				continue
			}
			if len(s.Segments) > 1 {
				p.line(2, "segment %d: %s → %s", j+1, endpointLabel(g.Caller), endpointLabel(g.Callee))
			}
			for _, m := range g.Media {
				if m == nil {
					continue
				}
				p.line(2, "%s", orDash(m.Label.Value()))
				for _, x := range m.Streams {
					if x == nil {
						continue
					}
					verdict := style.Quality(x.Quality)
					if len(x.Reasons) > 0 {
						verdict += " (" + reasonText(x.Reasons) + ")"
					}
					p.line(3, "stream %s %s: %s; %s", orDash(x.StreamID.Value()), orDash(string(x.StreamDirection.Value())), verdict, metrics(x))
				}
			}
		}
	}
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(depth int, format string, args ...any) {
	if p.err != nil {
		return
	}
	// A value left empty at the end of a line would leave a space there.
	_, p.err = fmt.Fprintf(p.w, "%s%s\n", strings.Repeat("  ", depth), strings.TrimRight(fmt.Sprintf(format, args...), " "))
}

func joinModalities(ms []model.Modality) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = string(m)
	}
	return strings.Join(s, ", ")
}

// SortPeople sorts a call's people as the pages sort them: names, then
// the stand-ins a role sees for others' names, then the withheld; so a
// call reads the same from the store and through a server, which sends
// people in its own order.
func SortPeople(people []model.Person) []model.Person {
	out := slices.Clone(people)
	key := func(p model.Person) string {
		if p.Organizer {
			return personLabel(p) + " (organizer)"
		}
		return personLabel(p)
	}
	rank := func(l string) int {
		switch {
		case strings.HasPrefix(l, "(withheld)"):
			return 2
		case strings.HasPrefix(l, access.InternalUser), strings.HasPrefix(l, access.ExternalUser):
			return 1
		}
		return 0
	}
	slices.SortStableFunc(out, func(a, b model.Person) int {
		ka, kb := key(a), key(b)
		return cmp.Or(cmp.Compare(rank(ka), rank(kb)), cmp.Compare(strings.ToLower(ka), strings.ToLower(kb)), cmp.Compare(ka, kb),
			cmp.Compare(a.TenantID, b.TenantID))
	})
	return out
}

func personLabel(p model.Person) string {
	var parts []string
	if p.DisplayName != "" {
		parts = append(parts, p.DisplayName)
	}
	if p.UPN != "" {
		parts = append(parts, "<"+p.UPN+">")
	}
	if p.Phone != "" {
		parts = append(parts, p.Phone)
	}
	if p.ID != "" && p.DisplayName == "" {
		parts = append(parts, p.ID)
	}
	if len(parts) == 0 {
		return "(withheld)"
	}
	return strings.Join(parts, " ")
}

func endpointLabel(e *model.Endpoint) string {
	if e == nil {
		return "?"
	}
	if id := e.PrimaryIdentity(); id != nil {
		if n := id.DisplayName.Value(); n != "" {
			return n
		}
		if v := id.ID.Value(); v != "" {
			return v
		}
	}
	if e.UserAgent != nil {
		if r := e.UserAgent.Role.Value(); r != "" {
			return string(r)
		}
		if pl := e.UserAgent.Platform.Value(); pl != "" {
			return string(pl) + " client"
		}
	}
	return string(e.Kind())
}

func metrics(s *model.Stream) string {
	var parts []string
	add := func(name string, ok bool, v string) {
		if ok {
			parts = append(parts, name+" "+v)
		}
	}
	if d, ok := s.AverageJitter.Get(); ok {
		add("jitter", true, fmt.Sprintf("%.0f ms", d.Milliseconds()))
	}
	if v, ok := s.AveragePacketLossRate.Get(); ok {
		add("loss", true, percent(v, 2))
	}
	if d, ok := s.AverageRoundTripTime.Get(); ok {
		add("rtt", true, fmt.Sprintf("%.0f ms", d.Milliseconds()))
	}
	if v, ok := s.AverageRatioOfConcealed.Get(); ok {
		add("concealed", true, percent(v, 1))
	}
	if v, ok := s.AverageVideoFrameRate.Get(); ok {
		add("fps", true, fmt.Sprintf("%.1f", v))
	}
	if v, ok := s.PacketUtilization.Get(); ok {
		add("packets", true, fmt.Sprint(v))
	}
	if len(parts) == 0 {
		return "no metrics reported"
	}
	return strings.Join(parts, ", ")
}
