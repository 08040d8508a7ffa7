package gen

// Calls that reach the public telephone network.

import "time"

// pstn is a Calling Plan call out: the user's session with the mediation
// server, one segment to it and one from it to the carrier's gateway; a
// long call put on hold and resumed has such a pair for every leg. orient
// turns some of them into calls in.
func (g *teams) pstn(t time.Time, u *user) *call {
	r := g.r
	c := &call{id: r.uuid(), kind: kindPSTN, start: t}
	caller := g.client(u, t, true)
	number := &party{kind: phoneNumber, id: g.externalNumber(u)}
	c.organizer = caller.party
	c.participants = []*party{caller.party, number}
	c.phone = &phoneCall{user: u, number: number.id}
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
		first.media = failedSetupMedia()
		return c
	}
	dur, legs := g.phoneDuration(180)
	if r.chance(dropRisk(caller.net, serverNet)) {
		s.failure = midcallFailure(r)
		dur *= r.between(0.2, 0.9)
	}
	s.end = t.Add(seconds(dur))
	c.end = s.end
	codec := []string{"pcmu", "pcma", "g722"}[r.IntN(3)]
	s.segments = nil
	for i, l := range splitLegs(r, t, s.end, legs) {
		seg := first
		if i > 0 {
			seg = &segment{id: r.uuid(), caller: caller, callee: med, start: l.start}
		}
		seg.end = l.end
		secs := l.end.Sub(l.start).Seconds()
		seg.media = []*media{g.twoWay(audio, secs, caller, med, 0, false, false, "satin")}
		out := &segment{id: r.uuid(), caller: med, callee: gw, start: l.start.Add(seconds(r.between(0.2, 1.5))), end: l.end}
		out.media = []*media{g.twoWay(audio, secs, med, gw, 0, false, false, codec)}
		s.segments = append(s.segments, seg, out)
	}
	s.segments[len(s.segments)-2].failure = s.failure
	g.feedback(s, caller)
	return c
}

// longCallShare is the share of PSTN and direct-routing calls that last
// hours (support lines, conference bridges, calls left open) and are put
// on hold and resumed, a new leg of segments each time.
const longCallShare = 0.12

// phoneDuration draws how long a call on the telephone network lasts
// (seconds, median typical) and in how many legs.
func (g *teams) phoneDuration(typical float64) (float64, int) {
	r := g.r
	if r.chance(longCallShare) {
		return clamp(r.lognormal(5400, 0.5), 3600, 5*3600), 2 + r.IntN(5)
	}
	return clamp(r.lognormal(typical, 1), 10, 5400), 1
}

// direct is a direct-routing call in: a caller on the PSTN reaches the
// user through one of the organization's SBCs (orient turns some of them
// into calls out). With media bypass the media flows between the SBC and
// the client; otherwise through the mediation server. A long call has
// the segments once for every leg between holds.
func (g *teams) direct(t time.Time, u *user) *call {
	r := g.r
	c := &call{id: r.uuid(), kind: kindDirect, start: t}
	callee := g.client(u, t, true)
	number := &party{kind: phoneNumber, id: g.externalNumber(u)}
	c.organizer = number
	c.participants = []*party{number, callee.party}
	tr := trunkFor(u, c.id)
	sbc := &endpoint{role: "gateway", header: "SBC/7.40A.500 (" + tr.fqdn(g.org.domain) + ")", net: sbcNet(r), addr: tr.addr}
	s := &session{id: r.uuid(), caller: sbc, callee: callee, start: t}
	c.sessions = []*session{s}
	bypass := r.chance(0.45)
	c.phone = &phoneCall{user: u, number: number.id, trunk: tr, bypass: bypass}
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
		first.media = failedSetupMedia()
		return c
	}
	dur, legs := g.phoneDuration(200)
	if r.chance(dropRisk(callee.net, sbc.net)) {
		s.failure = midcallFailure(r)
		dur *= r.between(0.2, 0.9)
	}
	s.end = t.Add(seconds(dur))
	c.end = s.end
	codec := []string{"g722", "pcmu", "satin"}[r.IntN(3)]
	s.segments = nil
	for i, l := range splitLegs(r, t, s.end, legs) {
		seg := first
		if i > 0 {
			seg = &segment{id: r.uuid(), caller: sbc, callee: first.callee, start: l.start}
		}
		seg.end = l.end
		secs := l.end.Sub(l.start).Seconds()
		seg.media = []*media{g.twoWay(audio, secs, sbc, seg.callee, 0, false, false, codec)}
		s.segments = append(s.segments, seg)
		if bypass {
			for _, st := range seg.media[0].streams {
				st.bypassed = true
			}
			continue
		}
		in := &segment{id: r.uuid(), caller: med, callee: callee, start: l.start.Add(seconds(r.between(0.2, 1.5))), end: l.end}
		in.media = []*media{g.twoWay(audio, secs, med, callee, 0, false, false, "satin")}
		s.segments = append(s.segments, in)
	}
	last := len(s.segments) - 1
	if !bypass {
		s.segments[last].failure = s.failure
		last--
	}
	s.segments[last].failure = s.failure
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
