package gen

import "time"

// externalTenant is the federated partner organization (Fabrikam) whose
// users join some calls and meetings.
const externalTenant = "a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d"

// teams builds Teams calls, which Graph reports as call records.
type teams struct {
	r   *rng
	org *org
}

// call builds one call that u starts at t: a 1:1 call, a meeting u
// organizes, a PSTN call out or a direct-routing call in.
func (g *teams) call(t time.Time, u *user) *call {
	var c *call
	switch x := g.r.Float64(); {
	case x < 0.44:
		c = g.peer(t, u)
	case x < 0.72:
		c = g.meeting(t, u)
	case x < 0.80:
		c = g.largeMeeting(t, u)
	case x < 0.91:
		c = g.pstn(t, u)
	default:
		c = g.direct(t, u)
	}
	orient(c)
	c.versions = 1
	switch x := g.r.Float64(); {
	case x < 0.006:
		c.versions = 3
	case x < 0.04:
		c.versions = 2
	}
	c.reversed = c.versions > 1 && g.r.chance(0.25)
	c.delay = seconds(g.r.between(600, 5400))
	return c
}

// peer is a 1:1 VoIP call: one session between the two clients.
func (g *teams) peer(t time.Time, u *user) *call {
	r := g.r
	c := &call{id: r.uuid(), kind: kindPeer, start: t}
	caller := g.client(u, t, true)
	var callee *endpoint
	if r.chance(0.04) {
		callee = g.federated()
	} else {
		callee = g.client(g.colleague(u), t, true)
	}
	c.organizer = caller.party
	c.participants = []*party{caller.party, callee.party}
	s := &session{id: c.id, caller: caller, callee: callee, start: t}
	seg := &segment{id: c.id, caller: caller, callee: callee, start: t}
	s.segments = []*segment{seg}
	if r.chance(setupRisk(caller, callee)) {
		s.failure = setupFailure(r)
		s.end = t.Add(seconds(r.between(2, 25)))
		// The client still reports the networks it tried: a media
		// without streams (failedSetupMedia).
		seg.media = failedSetupMedia()
	} else {
		dur := clamp(r.lognormal(240, 0.9), 15, 7200)
		if r.chance(dropRisk(caller.net, callee.net)) {
			s.failure = midcallFailure(r)
			dur *= r.between(0.15, 0.9)
		}
		s.end = t.Add(seconds(dur))
		extra := regionRTT(siteOf(caller), siteOf(callee))
		codec := []string{"satin", "satin", "silkWide", "opus"}[r.IntN(4)]
		seg.media = append(seg.media, g.twoWay(audio, dur, caller, callee, extra, false, false, codec))
		if r.chance(0.3) {
			seg.media = append(seg.media, g.twoWay(video, dur, caller, callee, extra, false, false, videoCodec(r)))
		}
		if r.chance(0.15) {
			fromCaller := r.chance(0.5)
			send, recv := caller, callee
			if !fromCaller {
				send, recv = callee, caller
			}
			sp := streamSpec{kind: vbss, seconds: dur * r.between(0.2, 0.8), send: send.net, recv: recv.net, extraRTT: extra, codec: vbssCodec(r), toCallee: fromCaller}
			seg.media = append(seg.media, &media{kind: vbss, streams: []*stream{measure(r, sp)}})
		}
	}
	seg.failure = s.failure
	seg.end, c.end = s.end, s.end
	g.feedback(s, caller)
	g.feedback(s, callee)
	c.sessions = []*session{s}
	return c
}

// meeting is a group call through the conference server: one or more
// sessions per participant, each between the participant and the
// server. Participants join late, mute, share their screen, drop and
// rejoin (a second session), and fail to join.
func (g *teams) meeting(t time.Time, u *user) *call {
	r := g.r
	slot := t.Truncate(30 * time.Minute)
	scheduled := []float64{15, 30, 30, 30, 45, 60, 60, 90}[r.IntN(8)] * 60
	c := &call{id: r.uuid(), kind: kindMeeting, joinURL: joinURL(r, g.org.tenant, u.id)}
	mcu := &endpoint{role: "skypeForBusinessAudioVideoMcu", header: "av-mcu", net: serverNet, addr: serviceAddr(r)}

	var eps []*endpoint
	var users []*user
	size := min(2+int(r.lognormal(2.2, 0.8)), 40, len(g.org.people))
	users = append(users, u)
	for tries := 0; len(users) < size && tries < 4*size; tries++ {
		v := g.colleague(u)
		if !containsUser(users, v) {
			users = append(users, v)
		}
	}
	if u.building != nil && r.chance(0.3) {
		for _, room := range g.org.rooms {
			if room.building == u.building {
				users = append(users, room)
				break
			}
		}
	}
	for _, v := range users {
		eps = append(eps, g.client(v, slot, v != u))
	}
	if r.chance(0.1) {
		for range 1 + r.IntN(2) {
			eps = append(eps, g.guest())
		}
	}
	if r.chance(0.12) {
		for range 1 + r.IntN(3) {
			eps = append(eps, g.federated())
		}
	}
	c.organizer = eps[0].party
	for _, e := range eps {
		c.participants = append(c.participants, e.party)
	}

	presenter := -1
	if r.chance(0.55) {
		presenter = 0
		if r.chance(0.4) {
			presenter = r.IntN(len(eps))
		}
	}
	cameras := make([]bool, len(eps))
	for i, e := range eps {
		cameras[i] = e.party.kind != roomDevice && r.chance(0.4) || e.party.kind == roomDevice && r.chance(0.8)
	}
	server := siteOf(eps[0])
	for i, e := range eps {
		othersVideo := false
		for j, on := range cameras {
			othersVideo = othersVideo || on && j != i
		}
		join := slot.Add(seconds(r.between(-180, 360)))
		leave := slot.Add(seconds(scheduled * r.between(0.7, 1.05)))
		if i == 0 {
			join = slot.Add(seconds(r.between(-240, 60)))
			leave = leave.Add(seconds(r.between(0, 120)))
		}
		if !leave.After(join.Add(time.Minute)) {
			leave = join.Add(seconds(r.between(60, 600)))
		}
		a := attendance{ep: e, mcu: mcu, join: join, leave: leave, extra: regionRTT(siteOf(e), server),
			camera: cameras[i], othersVideo: othersVideo, presenter: i == presenter, sharing: presenter >= 0,
			muted: i != 0 && r.chance(0.45), away: 0.04}
		c.sessions = append(c.sessions, g.attend(a)...)
	}
	spanSessions(c)
	return c
}

// spanSessions sets a meeting's start and end: the first join, the last
// leave.
func spanSessions(c *call) {
	c.start, c.end = c.sessions[0].start, c.sessions[0].end
	for _, s := range c.sessions {
		if s.start.Before(c.start) {
			c.start = s.start
		}
		if s.end.After(c.end) {
			c.end = s.end
		}
	}
}

// attendance is one participant's time in a meeting.
type attendance struct {
	ep, mcu                                        *endpoint
	join, leave                                    time.Time
	extra                                          float64
	camera, othersVideo, presenter, sharing, muted bool
	// away is the chance that the participant steps out and comes back,
	// a new session each time (at most three sessions in all).
	away float64
	// resegment is the chance that a session of over 20 minutes has its
	// media re-established (a network change, a move to another
	// conference server): a new segment each time.
	resegment float64
}

// attend returns the participant's sessions: a failed join is followed by
// a retry, a drop by a rejoin (sometimes from the phone), now and then a
// participant leaves and comes back.
func (g *teams) attend(a attendance) []*session {
	r := g.r
	var out []*session
	join, ep := a.join, a.ep
	for attempt := 0; attempt < 3 && join.Before(a.leave); attempt++ {
		s := &session{id: r.uuid(), caller: ep, callee: a.mcu, start: join}
		out = append(out, s)
		if r.chance(setupRisk(ep)) {
			s.failure = setupFailure(r)
			s.end = join.Add(seconds(r.between(2, 20)))
			s.segments = []*segment{{id: r.uuid(), caller: ep, callee: a.mcu, start: join, end: s.end, failure: s.failure, media: failedSetupMedia()}}
			if !r.chance(0.85) {
				break
			}
			join = s.end.Add(seconds(r.between(10, 60)))
			continue
		}
		end := a.leave
		dropped := r.chance(dropRisk(ep.net, serverNet))
		away := !dropped && attempt < 2 && r.chance(a.away)
		if dropped || away {
			end = join.Add(seconds(a.leave.Sub(join).Seconds() * r.between(0.2, 0.8)))
		}
		if dropped {
			s.failure = midcallFailure(r)
		}
		s.end = end
		legs := 1
		if a.resegment > 0 && end.Sub(join) > 20*time.Minute && r.chance(a.resegment) {
			legs = 2 + r.IntN(3)
		}
		for _, l := range splitLegs(r, join, end, legs) {
			seg := &segment{id: r.uuid(), caller: ep, callee: a.mcu, start: l.start, end: l.end}
			seg.media = g.meetingMedia(a, ep, l.end.Sub(l.start).Seconds())
			s.segments = append(s.segments, seg)
		}
		s.segments[len(s.segments)-1].failure = s.failure
		g.feedback(s, ep)
		if !(dropped && r.chance(0.75) || away) {
			break
		}
		join = end.Add(seconds(r.between(20, 120)))
		if dropped && ep.party.kind == member && r.chance(0.3) {
			ep = g.client(ep.party.user, join, true) // back from another device or network
		}
	}
	return out
}

// meetingMedia is what one segment of a participant's session carries:
// audio both ways (few packets from the muted), the participant's camera
// and everyone else's video, the shared screen.
func (g *teams) meetingMedia(a attendance, ep *endpoint, secs float64) []*media {
	r := g.r
	out := []*media{g.twoWay(audio, secs, ep, a.mcu, a.extra, a.muted, false, []string{"satin", "opus"}[r.IntN(2)])}
	if a.camera || a.othersVideo {
		m := &media{kind: video}
		if a.camera {
			m.streams = append(m.streams, measure(r, streamSpec{kind: video, seconds: secs, send: ep.net, recv: a.mcu.net, extraRTT: a.extra, codec: videoCodec(r), toCallee: true}))
		}
		if a.othersVideo {
			m.streams = append(m.streams, measure(r, streamSpec{kind: video, seconds: secs, send: a.mcu.net, recv: ep.net, extraRTT: a.extra, codec: videoCodec(r)}))
		}
		out = append(out, m)
	}
	if a.sharing {
		sp := streamSpec{kind: vbss, seconds: secs * r.between(0.2, 0.7), send: a.mcu.net, recv: ep.net, extraRTT: a.extra, codec: vbssCodec(r)}
		if a.presenter {
			sp.send, sp.recv, sp.toCallee = ep.net, a.mcu.net, true
		}
		out = append(out, &media{kind: vbss, streams: []*stream{measure(r, sp)}})
	}
	return out
}

// leg is one stretch of a session with its own segment.
type leg struct{ start, end time.Time }

// splitLegs cuts [start, end) into n stretches at random points, none
// shorter than a tenth of an even share.
func splitLegs(r *rng, start, end time.Time, n int) []leg {
	if n <= 1 {
		return []leg{{start, end}}
	}
	total := end.Sub(start).Seconds()
	weights := make([]float64, n)
	sum := 0.0
	for i := range weights {
		weights[i] = r.between(0.1, 1)
		sum += weights[i]
	}
	out := make([]leg, 0, n)
	at := start
	acc := 0.0
	for i, w := range weights {
		acc += w
		next := start.Add(seconds(total * acc / sum))
		if i == n-1 {
			next = end
		}
		out = append(out, leg{at, next})
		at = next
	}
	return out
}

// twoWay is a media with a stream in each direction.
func (g *teams) twoWay(kind mediaKind, secs float64, caller, callee *endpoint, extra float64, mutedCaller, mutedCallee bool, codec string) *media {
	return &media{kind: kind, streams: []*stream{
		measure(g.r, streamSpec{kind: kind, seconds: secs, send: caller.net, recv: callee.net, extraRTT: extra, muted: mutedCaller, codec: codec, toCallee: true}),
		measure(g.r, streamSpec{kind: kind, seconds: secs, send: callee.net, recv: caller.net, extraRTT: extra, muted: mutedCallee, codec: codec}),
	}}
}

// joinURL is a Teams meeting link; like Graph's it carries the tenant and
// the organizer's object id.
func joinURL(r *rng, tenant, organizer string) string {
	return "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + threadToken(r) +
		"%40thread.v2/0?context=%7b%22Tid%22%3a%22" + tenant + "%22%2c%22Oid%22%3a%22" + organizer + "%22%7d"
}

// threadToken is the base64-looking part of a meeting thread id.
func threadToken(r *rng) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 48)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}
