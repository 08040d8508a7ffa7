package gen

// Calls that reach the public telephone network.

import "time"

// pstn is a Calling Plan call out: the user's session with the mediation
// server, one segment to it and one from it to the carrier's gateway.
func (g *teams) pstn(t time.Time, u *user) *call {
	r := g.r
	c := &call{id: r.uuid(), kind: kindPSTN, start: t}
	caller := g.client(u, t, true)
	number := &party{kind: phoneNumber, id: g.externalNumber(u)}
	c.organizer = caller.party
	c.participants = []*party{caller.party, number}
	med := &endpoint{role: "mediationServer", header: "Microsoft.PSTNHub.SIPProxy", net: serverNet, addr: serviceAddr(r)}
	gw := &endpoint{role: "gateway", header: "Microsoft.PSTNHub.Carrier", net: carrierNet(r), addr: "192.0.2." + uitoa(uint64(1+r.IntN(254)))}
	s := &session{id: r.uuid(), caller: caller, callee: med, start: t}
	c.sessions = []*session{s}
	first := &segment{id: r.uuid(), caller: caller, callee: med, start: t}
	s.segments = []*segment{first}
	if r.chance(setupRisk(caller) + 0.01) {
		s.failure = setupFailure(r)
		s.end = t.Add(seconds(r.between(3, 30)))
		first.failure, first.end, c.end = s.failure, s.end, s.end
		return c
	}
	dur := clamp(r.lognormal(180, 1), 10, 5400)
	if r.chance(dropRisk(caller.net, serverNet)) {
		s.failure = midcallFailure(r)
		dur *= r.between(0.2, 0.9)
	}
	s.end = t.Add(seconds(dur))
	first.failure, first.end, c.end = s.failure, s.end, s.end
	first.media = []*media{g.twoWay(audio, dur, caller, med, 0, false, false, "satin")}
	second := &segment{id: r.uuid(), caller: med, callee: gw, start: t.Add(seconds(r.between(0.2, 1.5))), end: s.end}
	second.media = []*media{g.twoWay(audio, dur, med, gw, 0, false, false, []string{"pcmu", "pcma", "g722"}[r.IntN(3)])}
	s.segments = append(s.segments, second)
	g.feedback(s, caller)
	return c
}

// direct is a direct-routing call in: a caller on the PSTN reaches the
// user through the organization's SBC. With media bypass the media flows
// between the SBC and the client; otherwise through the mediation server.
func (g *teams) direct(t time.Time, u *user) *call {
	r := g.r
	c := &call{id: r.uuid(), kind: kindDirect, start: t}
	callee := g.client(u, t, true)
	number := &party{kind: phoneNumber, id: g.externalNumber(u)}
	c.organizer = number
	c.participants = []*party{number, callee.party}
	sbc := &endpoint{role: "gateway", header: "SBC/7.40A.500 (sbc1." + g.org.domain + ")", net: sbcNet(r), addr: "203.0.113.5"}
	s := &session{id: r.uuid(), caller: sbc, callee: callee, start: t}
	c.sessions = []*session{s}
	bypass := r.chance(0.45)
	var med *endpoint
	first := &segment{id: r.uuid(), caller: sbc, callee: callee, start: t}
	if !bypass {
		med = &endpoint{role: "mediationServer", header: "Microsoft.PSTNHub.SIPProxy", net: serverNet, addr: serviceAddr(r)}
		first.callee = med
	}
	s.segments = []*segment{first}
	if r.chance(setupRisk(callee)) {
		s.failure = setupFailure(r)
		s.end = t.Add(seconds(r.between(3, 30)))
		first.failure, first.end, c.end = s.failure, s.end, s.end
		return c
	}
	dur := clamp(r.lognormal(200, 1), 10, 5400)
	if r.chance(dropRisk(callee.net, sbc.net)) {
		s.failure = midcallFailure(r)
		dur *= r.between(0.2, 0.9)
	}
	s.end = t.Add(seconds(dur))
	first.failure, first.end, c.end = s.failure, s.end, s.end
	codec := []string{"g722", "pcmu", "satin"}[r.IntN(3)]
	first.media = []*media{g.twoWay(audio, dur, sbc, first.callee, 0, false, false, codec)}
	if bypass {
		for _, st := range first.media[0].streams {
			st.bypassed = true
		}
	} else {
		second := &segment{id: r.uuid(), caller: med, callee: callee, start: t.Add(seconds(r.between(0.2, 1.5))), end: s.end, failure: s.failure}
		second.media = []*media{g.twoWay(audio, dur, med, callee, 0, false, false, "satin")}
		s.segments = append(s.segments, second)
	}
	g.feedback(s, callee)
	return c
}

// externalNumber is a PSTN number, usually in u's country.
func (g *teams) externalNumber(u *user) string {
	s := u.site
	if g.r.chance(0.15) {
		s = sites[g.r.IntN(len(sites))]
	}
	return s.phones.number(g.r)
}

// carrierNet is a PSTN carrier's gateway; sbcNet the organization's SBC.
func carrierNet(r *rng) *network {
	return &network{conn: "wired", transport: "udp", rtt: r.between(20, 60), jitter: r.between(0.5, 4), loss: r.lognormal(0.0005, 0.8), drop: 0.003, bandwidth: 100_000_000}
}

func sbcNet(r *rng) *network {
	return &network{conn: "wired", transport: "udp", rtt: r.between(5, 25), jitter: r.between(0.5, 3), loss: r.lognormal(0.0005, 0.8), drop: 0.003, bandwidth: 1_000_000_000}
}

// serviceAddr is the address of a Microsoft media server.
func serviceAddr(r *rng) string {
	return relays[r.IntN(len(relays))] + uitoa(uint64(r.IntN(256))) + "." + uitoa(uint64(1+r.IntN(254)))
}
