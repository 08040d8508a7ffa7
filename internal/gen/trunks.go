package gen

// The organization's telephony: the session border controllers that
// carry its direct-routing calls, and which way a phone call went.

import (
	"hash/fnv"
	"strings"
	"time"
)

// The planted direct-routing problem; see the package documentation.
const (
	// DegradingSBC is the trunkFullyQualifiedDomainName of the SBC whose
	// calls start failing over the last SBCDegradationDays of the window,
	// for the default Options.Domain; with another domain, its domain part
	// is that one.
	DegradingSBC = "sbc2-us." + DefaultDomain
	// SBCDegradationDays is how many days before Options.End the
	// DegradingSBC starts to fail: its share of failed attempts grows
	// from the background's 4 % to about 60 % at the end.
	SBCDegradationDays = 7
)

// trunk is one of the organization's SBCs, as Direct Routing knows it.
type trunk struct {
	host string // first label of the FQDN; the domain is the organization's
	addr string // public address (RFC 5737)
	// emea serves the EMEA sites; the others serve the rest, shared.
	emea bool
	// degrades marks DegradingSBC.
	degrades bool
}

// trunks are the SBCs: a pair in the US that shares the calls of the
// Americas and Asia-Pacific (Teams picks one of a route's SBCs at
// random), one in Europe for EMEA.
var trunks = []*trunk{
	{host: "sbc1-us", addr: "203.0.113.5"},
	{host: strings.TrimSuffix(DegradingSBC, "."+DefaultDomain), addr: "203.0.113.6", degrades: true},
	{host: "sbc1-eu", addr: "203.0.113.7", emea: true},
}

// fqdn is the SBC's name in the organization's domain.
func (t *trunk) fqdn(domain string) string { return t.host + "." + domain }

// trunkFor is the SBC that carries a call of u: one of its region's
// route, drawn from the call's id rather than from the generator's
// stream, so that choosing it changes no other value of the data set.
func trunkFor(u *user, callID string) *trunk {
	emea := u.site.region == "EMEA"
	var route []*trunk
	for _, t := range trunks {
		if t.emea == emea {
			route = append(route, t)
		}
	}
	return route[int(idShare(callID, "trunk")*float64(len(route)))]
}

// failRisk is the chance that an attempt through the SBC at t fails: a
// background of wrong numbers, busy lines and unanswered calls (with the
// calls the Teams side fails to set up, about 4 % of attempts), and for
// DegradingSBC a growing share of server errors and timeouts over the
// last SBCDegradationDays before end.
func (t *trunk) failRisk(at, end time.Time) (background, degraded float64) {
	background = 0.012
	if !t.degrades {
		return background, 0
	}
	start := end.Add(-SBCDegradationDays * 24 * time.Hour)
	if at.Before(start) {
		return background, 0
	}
	x := min(at.Sub(start).Hours()/(SBCDegradationDays*24), 1)
	return background, 0.04 + 0.56*x
}

// phoneCall is what a PSTN or direct-routing call record does not say
// but its usage row does: whose call it was, the number at the other
// end, the SBC, and which way it went.
type phoneCall struct {
	user    *user
	number  string // the other party's E.164 number
	trunk   *trunk // direct routing only
	bypass  bool   // media bypass (direct routing)
	inbound bool   // the other party called the user
}

// Shares of phone calls that go the other way than they are built:
// Calling Plan calls are built outbound, direct-routing calls inbound.
const (
	pstnInboundShare    = 0.4
	directOutboundShare = 0.45
)

// orient turns a phone call around when its id says it went the other
// way: the id, not the generator's stream, decides, so that the calls
// before and after it are those they would be without it.
func orient(c *call) {
	p := c.phone
	if p == nil {
		return
	}
	switch c.kind {
	case kindPSTN:
		if idShare(c.id, "direction") < pstnInboundShare {
			p.inbound = true
			turnAround(c)
		}
	case kindDirect:
		p.inbound = true
		if idShare(c.id, "direction") < directOutboundShare {
			p.inbound = false
			turnAround(c)
		}
	}
}

// turnAround makes the callee of every session and segment its caller
// and the other way round. Each stream keeps the way its media flowed,
// so its metrics stay those of the networks it crossed.
func turnAround(c *call) {
	for _, s := range c.sessions {
		s.caller, s.callee = s.callee, s.caller
		for _, g := range s.segments {
			g.caller, g.callee = g.callee, g.caller
			for _, m := range g.media {
				for _, st := range m.streams {
					st.toCallee = !st.toCallee
				}
			}
		}
	}
	for i, j := 0, len(c.participants)-1; i < j; i, j = i+1, j-1 {
		c.participants[i], c.participants[j] = c.participants[j], c.participants[i]
	}
	c.organizer = c.participants[0]
}

// idShare maps an id and a purpose to a number in [0, 1): a fair draw
// that costs the generator's stream nothing.
func idShare(id, purpose string) float64 {
	h := fnv.New64a()
	h.Write([]byte(purpose))
	h.Write([]byte{0})
	h.Write([]byte(id))
	return float64(h.Sum64()>>11) / (1 << 53)
}
