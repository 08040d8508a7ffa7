package gen

// Large meetings: the records that make up most of a real tenant's bytes.

import "time"

// Sizes of large meetings, in participants. Most are big team meetings,
// trainings and reviews of 50 to 130 people; one in five is a town hall
// or webinar of up to 300, whose participants_v2 runs over several pages
// (participantsPageSize).
const (
	largeMin    = 50
	largeMedian = 70
	largeMax    = 130
	townHallMin = 140
	townHallMax = 300
	// outsiderCap bounds a large meeting's size by the organization's.
	outsiderCap = 3
)

// largeMeeting is a meeting of 50 to 300 participants that u organizes:
// people from every site, Teams Rooms, and (more so in town halls and
// webinars) guests and users of the partner tenant. Most listen muted
// with their camera off while one to three presenters share their
// screen; people join late, leave early, step out and come back (two or
// three sessions), and long sessions have their media re-established
// (several segments).
func (g *teams) largeMeeting(t time.Time, u *user) *call {
	r := g.r
	slot := t.Truncate(30 * time.Minute)
	townHall := r.chance(0.2)
	var size int
	var scheduled, insiders float64
	if townHall {
		size = int(r.between(townHallMin, townHallMax+1))
		scheduled = []float64{60, 60, 90, 120}[r.IntN(4)] * 60
		insiders = r.between(0.5, 0.9)
	} else {
		size = int(clamp(r.lognormal(largeMedian, 0.3), largeMin, largeMax))
		scheduled = []float64{45, 60, 60, 90}[r.IntN(4)] * 60
		insiders = r.between(0.8, 1)
	}
	// A small organization's meetings bring in at most twice as many
	// outsiders as it has people: a dozen people hold no 300-person
	// webinars, and their data sets (tests, fixtures) stay small.
	size = min(size, max(largeMin, outsiderCap*len(g.org.people)))
	c := &call{id: r.uuid(), kind: kindMeeting, joinURL: joinURL(r, g.org.tenant, u.id)}
	mcu := &endpoint{role: "skypeForBusinessAudioVideoMcu", header: "av-mcu", net: serverNet, addr: serviceAddr(r)}

	var eps []*endpoint
	for i, v := range g.crowd(u, int(float64(size)*insiders)) {
		eps = append(eps, g.client(v, slot, i > 0))
	}
	for _, room := range g.org.rooms {
		if len(eps) < size && r.chance(0.5) {
			eps = append(eps, g.client(room, slot, false))
		}
	}
	for len(eps) < size {
		if r.chance(0.4) {
			eps = append(eps, g.guest())
		} else {
			eps = append(eps, g.federated())
		}
	}
	c.organizer = eps[0].party
	for _, e := range eps {
		c.participants = append(c.participants, e.party)
	}

	presenters := 1 + r.IntN(3)
	sharing := r.chance(0.9)
	anyCamera := false
	cameras := make([]bool, len(eps))
	for i, e := range eps {
		cameras[i] = i < presenters || e.party.kind == roomDevice && r.chance(0.5) || r.chance(0.12)
		anyCamera = anyCamera || cameras[i]
	}
	server := siteOf(eps[0])
	for i, e := range eps {
		presenter := i < presenters
		join := slot.Add(seconds(r.between(-240, 600)))
		leave := slot.Add(seconds(scheduled * r.between(0.5, 1.05)))
		if presenter {
			join = slot.Add(seconds(r.between(-600, 0)))
			leave = slot.Add(seconds(scheduled * r.between(0.95, 1.1)))
		}
		if !leave.After(join.Add(time.Minute)) {
			leave = join.Add(seconds(r.between(120, 900)))
		}
		a := attendance{ep: e, mcu: mcu, join: join, leave: leave, extra: regionRTT(siteOf(e), server),
			camera: cameras[i], othersVideo: anyCamera, presenter: presenter && sharing, sharing: sharing,
			muted: !presenter && r.chance(0.9), away: 0.1, resegment: 0.15}
		c.sessions = append(c.sessions, g.attend(a)...)
	}
	spanSessions(c)
	return c
}

// crowd returns u and n-1 other people of the organization (everyone,
// when it has no more than n), none twice.
func (g *teams) crowd(u *user, n int) []*user {
	r, people := g.r, g.org.people
	out := []*user{u}
	if n >= len(people) {
		for _, v := range people {
			if v != u {
				out = append(out, v)
			}
		}
		return out
	}
	seen := map[*user]bool{u: true}
	for tries := 0; len(out) < n && tries < 4*n; tries++ {
		v := people[r.IntN(len(people))]
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
