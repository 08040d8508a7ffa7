package web

import (
	"time"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// participantRow is one participant of the Participants tab, in the
// API's order (by name, then first join): who, why a name is missing,
// and each of their sessions with when, from what and over what.
type participantRow struct {
	Name, Note, Tag string
	Account         string
	Organizer       bool
	External        bool
	Rating          string
	Sessions        int
	Joins           []joinLine
}

type joinLine struct {
	Start, End *time.Time
	Device     string
	Network    string
	Rating     string
}

func participantRows(list []wire.CallParticipant) []participantRow {
	out := make([]participantRow, 0, len(list))
	for _, p := range list {
		r := participantRow{Name: participantName(p), Note: nameNote(p), Tag: p.Tag, Organizer: p.Organizer,
			External: p.External && p.Kind != "endpoint", Rating: string(p.Rating), Sessions: p.Sessions}
		r.Account = p.UPN
		if p.Phone != "" {
			if r.Account != "" {
				r.Account += " · "
			}
			r.Account += p.Phone
		}
		for _, j := range p.Joins {
			var dev []string
			if v, ok := j.Platform.Get(); ok {
				dev = append(dev, enumWord(string(v)))
			}
			if v, ok := j.ProductFamily.Get(); ok {
				dev = append(dev, enumWord(string(v)))
			}
			jl := joinLine{Start: j.StartDateTime.Ptr(), End: j.EndDateTime.Ptr(), Device: joinDot(dev), Rating: string(j.Rating)}
			switch j.ConnectionType.Presence() {
			case model.Present:
				jl.Network = enumWord(string(j.ConnectionType.Value()))
			case model.Null:
				jl.Network = "withheld"
			}
			r.Joins = append(r.Joins, jl)
		}
		out = append(out, r)
	}
	return out
}
