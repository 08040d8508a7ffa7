package gen

// Who takes part in Teams calls, from where, with what.

import "time"

// client is u's Teams client for a call at t: desktop mostly, the phone
// now and then, at the office, at home, on the VPN or on the move.
func (g *teams) client(u *user, t time.Time, allowMobile bool) *endpoint {
	r := g.r
	mobile := allowMobile && !u.room && u.hasPhoneClient && r.chance(0.08)
	e := &endpoint{party: memberParty(u, g.org.tenant)}
	if mobile {
		e.build, e.dev = u.mobile, newDeviceState(r, mobileDevice)
	} else {
		e.build, e.dev = u.desktop, newDeviceState(r, u.device)
		if e.build.platform != "web" {
			e.machine, e.cpu = u.machine, &u.cpu
		}
	}
	e.net = networkFor(r, u, placeOf(r, u, weekday(t.In(u.site.tz)), mobile), mobile)
	return e
}

// guest is an anonymous meeting guest on the web client, from outside.
func (g *teams) guest() *endpoint {
	r := g.r
	o := outsider(r)
	e := &endpoint{party: &party{kind: guest, id: "teamsvisitor:" + r.hex(32)}, build: pickBuild(r, webBuilds),
		dev: newDeviceState(r, pickDevice(r, headsets))}
	p := atHome
	if r.chance(0.2) {
		p = onMobile
	}
	e.net = networkFor(r, o, p, false)
	return e
}

// federated is a user of the partner tenant. That tenant keeps its
// endpoint's network and devices; this one sees the user agent only.
func (g *teams) federated() *endpoint {
	r := g.r
	o := outsider(r)
	e := &endpoint{party: &party{kind: external, id: r.uuid(), tenant: externalTenant}, build: pickBuild(r, windowsBuilds),
		dev: newDeviceState(r, pickDevice(r, headsets)), hidden: true}
	e.net = networkFor(r, o, atHome, false)
	return e
}

// colleague picks someone for u to call or invite: often from the same site.
func (g *teams) colleague(u *user) *user {
	r, people := g.r, g.org.people
	for range 8 {
		v := people[r.IntN(len(people))]
		if r.chance(0.55) {
			same := g.org.bySite[u.site]
			v = same[r.IntN(len(same))]
		}
		if v != u {
			return v
		}
	}
	return people[(u.index+1)%len(people)]
}

// outsider is someone outside the organization, at home somewhere.
func outsider(r *rng) *user {
	return &user{index: r.IntN(1 << 20), site: sites[r.IntN(len(sites))], homeNet: homeNets[r.IntN(len(homeNets))],
		homeHost: 2 + r.IntN(200), homeBSSID: macLike(r, ":", false), homeWired: r.chance(0.15),
		mac: macLike(r, "-", true), wifi: wifiCards[r.IntN(len(wifiCards))]}
}

func siteOf(e *endpoint) *site {
	if e.party != nil && e.party.user != nil {
		return e.party.user.site
	}
	return nil
}

func containsUser(us []*user, u *user) bool {
	for _, v := range us {
		if v == u {
			return true
		}
	}
	return false
}

func weekday(t time.Time) bool {
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

func seconds(s float64) time.Duration {
	return time.Duration(s * float64(time.Second))
}

// newDeviceState draws how an audio device behaved in one session. The
// faulty model (FaultyCaptureDevice) stops capturing in most sessions.
func newDeviceState(r *rng, d audioDevice) *deviceState {
	ds := &deviceState{d: d, rms: r.between(60, 180), micGlitch: r.between(0, 2), speakerGlitch: r.between(0, 2),
		recvNoise: -int64(r.between(55, 80)), recvSignal: -int64(r.between(18, 30)),
		sentNoise: -int64(r.between(60, 85)), sentSignal: -int64(r.between(15, 28))}
	if r.chance(d.notFunctioning) {
		ds.captureNF = r.between(0.006, 0.2)
	} else if r.chance(0.01) {
		ds.captureNF = r.between(0.0003, 0.004)
	}
	if r.chance(0.003) {
		ds.renderNF = r.between(0.005, 0.05)
	}
	if r.chance(0.06) {
		ds.cpuLow = r.between(0.01, 0.12)
	}
	if r.chance(0.04) {
		ds.clipping = r.between(0.01, 0.1)
	}
	if r.chance(0.05) {
		ds.glitch = r.between(0.01, 0.08)
	}
	if r.chance(0.08) {
		ds.lowSpeech = r.between(0.02, 0.2)
	}
	if r.chance(0.06) {
		ds.lowSNR = r.between(0.02, 0.2)
	}
	if r.chance(0.02) {
		ds.renderMute = r.between(0.05, 0.5)
	}
	if r.chance(0.01) {
		ds.renderZeroVolume = r.between(0.05, 0.3)
	}
	if r.chance(0.01) {
		ds.howling = int64(1 + r.IntN(4))
	}
	return ds
}
