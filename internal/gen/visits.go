package gen

import "time"

// acsResourceGUID is the immutable id of the Virtual Visits ACS resource,
// the first part of its users' identifiers.
const acsResourceGUID = "5d2c9a1e-7f3b-4c8d-a6e5-1b0f9c8d7e6a"

// visits builds the calls of "Contoso Virtual Visits", the organization's
// customer-facing app on Azure Communication Services: staff (signed in as
// Microsoft 365 users) call customers (ACS identities) one to one, or meet
// them in small group calls, some of them Teams meetings that a partner
// organization's clinician joins.
type visits struct {
	r   *rng
	org *org
}

// call builds one call that agent starts at t.
func (g *visits) call(t time.Time, agent *user) *call {
	switch x := g.r.Float64(); {
	case x < classShare:
		return g.class(t, agent)
	case x < 0.4:
		return g.group(t, agent)
	}
	return g.peer(t, agent)
}

// peer is a 1:1 call: one session between the two endpoints, whose rows
// are each endpoint's outbound streams.
func (g *visits) peer(t time.Time, agent *user) *call {
	r := g.r
	c := &call{id: r.uuid(), kind: kindACSPeer, start: t}
	caller, callee := g.staff(agent, t), g.customer()
	if r.chance(0.3) {
		caller, callee = callee, caller
	}
	c.organizer = caller.party
	c.participants = []*party{caller.party, callee.party}
	s := &session{id: c.id, caller: caller, callee: callee, start: t}
	seg := &segment{id: c.id, caller: caller, callee: callee, start: t}
	s.segments = []*segment{seg}
	c.sessions = []*session{s}
	ok := endSuccess
	switch x := r.Float64(); {
	case x < 0.04: // nobody answered: the call is canceled on timeout
		s.end = t.Add(seconds(r.between(20, 45)))
		s.callerEnd, s.calleeEnd = endCanceled, endTimedOut
	case x < 0.065: // declined
		s.end = t.Add(seconds(r.between(4, 20)))
		s.callerEnd, s.calleeEnd = endDeclined, ok
	case x < 0.08: // the callee had no app open: nothing rang, no row of its own
		s.end = t.Add(seconds(r.between(1, 4)))
		s.callerEnd, s.calleeAbsent = endNotRegistered, true
	case x < 0.09: // the callee's app answered and died before the media came
		s.end = t.Add(seconds(r.between(5, 30)))
		s.callerEnd, s.calleeEnd = endCalleeLost, endAbrupt
	case r.chance(acsSetupRisk(caller, callee)):
		s.end = t.Add(seconds(r.between(3, 15)))
		s.callerEnd, s.calleeEnd = ok, ok
		fail := setupEnd(r)
		if callee.sdk == FailingSDKVersion || caller.sdk != FailingSDKVersion && r.chance(0.5) {
			s.calleeEnd = fail
		} else {
			s.callerEnd = fail
		}
	default:
		dur := clamp(r.lognormal(720, 0.7), 45, 5400)
		s.callerEnd, s.calleeEnd = ok, ok
		if r.chance(0.05) {
			s.calleeEnd = endAbrupt // closed the tab
		}
		if r.chance(dropRisk(caller.net, callee.net)) {
			dur *= r.between(0.2, 0.9)
			if caller.net.drop > callee.net.drop {
				s.callerEnd = dropEnd(r)
			} else {
				s.calleeEnd = dropEnd(r)
			}
		} else if e := sdkDrop(r, caller, callee); e != nil {
			dur *= r.between(0.2, 0.9)
			if e == caller {
				s.callerEnd = clientDropEnd(r)
			} else {
				s.calleeEnd = clientDropEnd(r)
			}
		}
		s.end = t.Add(seconds(dur))
		seg.media = append(seg.media, g.twoWay(audio, dur, caller, callee, "OPUS"))
		if r.chance(0.6) {
			seg.media = append(seg.media, g.twoWay(video, dur, caller, callee, "H264"))
		}
	}
	seg.end, c.end = s.end, s.end
	c.delay = seconds(r.between(120, 1200))
	c.mediaStats = r.chance(mediaStatsShare)
	return c
}

// group is a call through the ACS media server: one session per
// participant connection (a rejoin is a new participantId), the
// participant's rows its outbound streams and the server's rows its
// inbound ones.
func (g *visits) group(t time.Time, agent *user) *call {
	r := g.r
	c := &call{id: r.uuid(), kind: kindACSGroup, start: t}
	if r.chance(0.3) {
		c.threadID = "19:meeting_" + threadToken(r) + "@thread.v2"
	}
	server := &endpoint{role: "acsServer", net: serverNet, addr: serviceAddr(r)}
	eps := []*endpoint{g.staff(agent, t), g.customer()}
	if r.chance(0.4) && len(g.org.agents) > 1 {
		other := g.org.agents[r.IntN(len(g.org.agents))]
		if other != agent {
			eps = append(eps, g.staff(other, t))
		}
	}
	if c.threadID != "" && r.chance(0.5) {
		eps = append(eps, g.clinician())
	}
	length := clamp(r.lognormal(1200, 0.6), 120, 5400)
	g.meet(c, server, eps, length, 90, r.chance(0.15), func(int) bool { return r.chance(0.6) })
	c.mediaStats = r.chance(mediaStatsShare)
	return c
}

// meet adds the sessions of eps, the first of them the host, to a group
// call through server: everyone joins within late seconds of the start
// (the host at once) and stays about length seconds; a drop is followed
// by a rejoin with a new participantId. The host shares the screen when
// sharing.
func (g *visits) meet(c *call, server *endpoint, eps []*endpoint, length, late float64, sharing bool, camera func(i int) bool) {
	r, t := g.r, c.start
	c.organizer = eps[0].party
	for _, e := range eps {
		c.participants = append(c.participants, e.party)
	}
	// The host may end the call for everyone when leaving: whoever is
	// still there then is removed with 0/4097.
	endsForAll := r.chance(0.3)
	var hostLeft time.Time
	for i, e := range eps {
		join := t.Add(seconds(r.between(0, late)))
		if i == 0 {
			join = t
		}
		leave := t.Add(seconds(length * r.between(0.85, 1)))
		leaveEnd := endSuccess
		switch {
		case i > 0 && endsForAll && leave.After(hostLeft) && join.Before(hostLeft):
			leave, leaveEnd = hostLeft, endForAll
		case i > 0 && r.chance(0.04):
			leave, leaveEnd = t.Add(seconds(length*r.between(0.3, 0.95))), endAbrupt // closed the tab
		case i > 0 && len(eps) > 6 && r.chance(0.02):
			leave, leaveEnd = t.Add(seconds(length*r.between(0.1, 0.8))), endRemoved // removed by the host
		}
		camera := camera(i)
		for attempt := 0; attempt < 2 && join.Before(leave); attempt++ {
			s := &session{id: r.uuid(), caller: e, callee: server, start: join, callerEnd: leaveEnd}
			seg := &segment{id: s.id, caller: e, callee: server, start: join}
			s.segments = []*segment{seg}
			c.sessions = append(c.sessions, s)
			if r.chance(acsSetupRisk(e)) {
				s.end = join.Add(seconds(r.between(3, 15)))
				s.callerEnd, seg.end = setupEnd(r), s.end
				join = s.end.Add(seconds(r.between(10, 40)))
				continue
			}
			end := leave
			dropped := r.chance(dropRisk(e.net, serverNet))
			switch {
			case dropped:
				end = join.Add(seconds(leave.Sub(join).Seconds() * r.between(0.2, 0.8)))
				s.callerEnd = dropEnd(r)
			case sdkDrop(r, e) != nil:
				dropped = true
				end = join.Add(seconds(leave.Sub(join).Seconds() * r.between(0.2, 0.8)))
				s.callerEnd = clientDropEnd(r)
			}
			s.end, seg.end = end, end
			secs := end.Sub(join).Seconds()
			seg.media = append(seg.media, g.twoWay(audio, secs, e, server, "OPUS"))
			if camera {
				seg.media = append(seg.media, g.twoWay(video, secs, e, server, "H264"))
			}
			if sharing {
				sp := streamSpec{kind: vbss, seconds: secs * 0.5, send: server.net, recv: e.net, codec: "H264"}
				if i == 0 {
					sp.send, sp.recv, sp.toCallee = e.net, server.net, true
				}
				seg.media = append(seg.media, &media{kind: vbss, streams: []*stream{measure(r, sp)}})
			}
			if !dropped {
				break
			}
			join = end.Add(seconds(r.between(15, 90)))
		}
		if i == 0 {
			// Only a host who left normally ends the call for the others.
			last := c.sessions[len(c.sessions)-1]
			hostLeft = last.end
			endsForAll = endsForAll && last.callerEnd == endSuccess
		}
	}
	c.end = c.start
	for _, s := range c.sessions {
		if s.end.After(c.end) {
			c.end = s.end
		}
	}
	c.delay = seconds(r.between(120, 1200))
}

// twoWay is a media with a stream in each direction. Now and then a
// camera never starts: its stream reports no packets at all, which ACS
// documents as "media may not be flowing".
func (g *visits) twoWay(kind mediaKind, secs float64, caller, callee *endpoint, codec string) *media {
	r := g.r
	m := &media{kind: kind, streams: []*stream{
		measure(r, streamSpec{kind: kind, seconds: secs, send: caller.net, recv: callee.net, codec: codec, toCallee: true}),
		measure(r, streamSpec{kind: kind, seconds: secs, send: callee.net, recv: caller.net, codec: codec}),
	}}
	if kind == video && r.chance(0.05) {
		m.streams[0].packets = 0
	}
	return m
}

// staff is an agent in the browser app, signed in with the organization's
// account: identified by the Entra object id.
func (g *visits) staff(u *user, t time.Time) *endpoint {
	r := g.r
	b := pickSDK(r, acsWebBuilds[:4])
	e := &endpoint{party: memberParty(u, g.org.tenant), endpointID: r.uuid(), sdk: b.version, os: b.os,
		participantType: "ACS as Microsoft 365 user", web: true}
	e.net = networkFor(r, u, placeOf(r, u, weekday(t.In(u.site.tz)), false), false)
	return e
}

// customer is a member of the public with an ACS identity, in the browser
// or the native mobile app, at home or on a cellular network.
func (g *visits) customer() *endpoint {
	r := g.r
	native := r.chance(0.35)
	b := pickSDK(r, acsWebBuilds)
	if native {
		b = pickSDK(r, acsNativeBuilds)
	}
	prefix := "8:acs:"
	if r.chance(0.2) {
		prefix = "acs:"
	}
	id := prefix + acsResourceGUID + "_00000020-" + r.hex(4) + "-" + r.hex(4) + "-" + r.hex(4) + "-" + r.hex(12)
	e := &endpoint{party: &party{kind: acsCustomer, id: id, tenant: g.org.tenant}, endpointID: r.uuid(),
		sdk: b.version, os: b.os, participantType: "ACS", web: !native}
	p := atHome
	if native && r.chance(0.5) {
		p = onMobile
	}
	e.net = networkFor(r, outsider(r), p, native)
	return e
}

// clinician is a partner organization's Teams user joining an interop
// meeting: ACS redacts the SDK and OS of identities of other tenants.
func (g *visits) clinician() *endpoint {
	r := g.r
	e := &endpoint{party: &party{kind: external, id: r.uuid(), tenant: externalTenant}, endpointID: r.uuid(),
		sdk: "Redacted", os: "Redacted", participantType: "Teams"}
	e.net = networkFor(r, outsider(r), atHome, false)
	return e
}

// acsSetupRisk is the chance that a connection fails to set up: low,
// except for the SDK build that fails more (FailingSDKVersion).
func acsSetupRisk(es ...*endpoint) float64 {
	p := 0.012
	for _, e := range es {
		if e.sdk == FailingSDKVersion {
			p += 0.25
		}
	}
	return p
}

// sdkDrop returns the endpoint whose client ends a connected call with
// an error of its own, or nil: now and then anyone's, often
// FailingSDKVersion's.
func sdkDrop(r *rng, es ...*endpoint) *endpoint {
	for _, e := range es {
		p := 0.004
		if e.sdk == FailingSDKVersion {
			p = 0.1
		}
		if r.chance(p) {
			return e
		}
	}
	return nil
}

// End codes of Virtual Visits connections (acs-logs §5.1, §5.2).
var (
	endSuccess       = acsEnd{"0", "0", "Success"}
	endForAll        = acsEnd{"0", "4097", "Success"}       // the host ended the call for everyone
	endRemoved       = acsEnd{"0", "5000", "Success"}       // removed by another participant
	endAbrupt        = acsEnd{"0", "4521", "ExpectedError"} // left without hanging up
	endCanceled      = acsEnd{"487", "0", "Success"}        // the caller gave up
	endTimedOut      = acsEnd{"487", "10004", "ExpectedError"}
	endDeclined      = acsEnd{"603", "0", "Success"}
	endNotRegistered = acsEnd{"480", "10037", "ExpectedError"}
	endCalleeLost    = acsEnd{"408", "10057", "ExpectedError"}
)

// weightedEnd is an end code and how often it is the one.
type weightedEnd struct {
	end    acsEnd
	weight float64
}

func pickACSEnd(r *rng, ends []weightedEnd) acsEnd {
	w := make([]float64, len(ends))
	for i, e := range ends {
		w[i] = e.weight
	}
	return ends[r.weighted(w)].end
}

var (
	setupEnds = []weightedEnd{
		{acsEnd{"410", "3100", "UnexpectedClientError"}, 30},
		{acsEnd{"410", "301004", "UnexpectedClientError"}, 30},
		{acsEnd{"410", "3112", "ExpectedError"}, 15},
		{acsEnd{"490", "4502", "UnexpectedClientError"}, 12},
		{acsEnd{"410", "3111", "UnexpectedClientError"}, 6},
		{acsEnd{"495", "4507", "UnexpectedClientError"}, 4},
		{acsEnd{"408", "4506", "UnexpectedClientError"}, 3},
	}
	dropEnds = []weightedEnd{
		{acsEnd{"410", "3101", "UnexpectedClientError"}, 35},
		{acsEnd{"410", "301005", "UnexpectedClientError"}, 35},
		{acsEnd{"496", "7", "ExpectedError"}, 20},
		{acsEnd{"490", "4502", "UnexpectedClientError"}, 10},
	}
	// clientDropEnds are the client's own failures in a connected call.
	clientDropEnds = []weightedEnd{
		{acsEnd{"410", "3101", "UnexpectedClientError"}, 40},
		{acsEnd{"490", "4502", "UnexpectedClientError"}, 35},
		{acsEnd{"410", "301005", "UnexpectedClientError"}, 25},
	}
)

// setupEnd is how a connection that failed to set up ended.
func setupEnd(r *rng) acsEnd { return pickACSEnd(r, setupEnds) }

// dropEnd is how a connection the network dropped ended.
func dropEnd(r *rng) acsEnd { return pickACSEnd(r, dropEnds) }

// clientDropEnd is how a connection the client itself lost ended.
func clientDropEnd(r *rng) acsEnd { return pickACSEnd(r, clientDropEnds) }
