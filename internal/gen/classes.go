package gen

// Large ACS group calls: the Virtual Visits calls with the most log rows.

import "time"

// classShare is the share of Virtual Visits calls that are classes: a
// group session (antenatal class, rehabilitation group, information
// evening) with dozens of customers and a few staff.
const classShare = 0.06

// Class sizes, customers and staff together.
const (
	classMin    = 20
	classMedian = 30
	classMax    = 80
)

// class is a large group call through the ACS media server that agent
// hosts with one or two colleagues: 20 to 80 participants, most of them
// customers with their camera off, the host sharing slides. Each
// connection has its CallSummary and each of its streams a
// CallDiagnostics row, so a class writes hundreds of rows.
func (g *visits) class(t time.Time, agent *user) *call {
	r := g.r
	c := &call{id: r.uuid(), kind: kindACSGroup, start: t}
	server := &endpoint{role: "acsServer", net: serverNet, addr: serviceAddr(r)}
	size := int(clamp(r.lognormal(classMedian, 0.35), classMin, classMax))
	eps := []*endpoint{g.staff(agent, t)}
	for range r.IntN(3) {
		if other := g.org.agents[r.IntN(len(g.org.agents))]; other != agent {
			eps = append(eps, g.staff(other, t))
		}
	}
	staff := len(eps)
	for len(eps) < size {
		eps = append(eps, g.customer())
	}
	length := clamp(r.lognormal(3600, 0.3), 1800, 7200)
	g.meet(c, server, eps, length, 300, true, func(i int) bool {
		return i < staff || r.chance(0.25)
	})
	// Classes leave media statistics off: dozens of browsers sending
	// them every ten seconds would cost the customers' bandwidth.
	return c
}
