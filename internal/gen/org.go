package gen

import (
	"strconv"
	"strings"
)

// user is a member of the organization, or a Teams Rooms resource account.
type user struct {
	index          int
	id, name, upn  string
	phone          string // direct number, "" when none
	site           *site
	building       *building // nil for home-based staff
	wired          int       // desk subnet: index into building.wired
	desk           int       // nearest access point: index into building.aps
	room           bool      // a Teams Rooms device, not a person
	vpnHabit       float64   // chance a home session goes through the VPN
	officeDays     float64   // chance of being in the office on a weekday
	desktop        build
	mobile         build
	device         audioDevice
	machine        string
	cpu            cpu
	wifi           wifiCard
	homeNet        subnet
	homeHost       int
	homeBSSID      string
	homeWired      bool
	mac            string
	hasPhoneClient bool
}

// org is the organization the telemetry belongs to.
type org struct {
	domain, tenant string
	buildings      []*building
	people         []*user
	rooms          []*user
	agents         []*user
	bySite         map[*site][]*user // people by site, for the schedule
}

type name struct{ display, ascii string }

var firstNames = []name{
	{"Aaron", "aaron"}, {"Aisha", "aisha"}, {"Alice", "alice"}, {"Amara", "amara"}, {"Ananya", "ananya"},
	{"Ben", "ben"}, {"Bianca", "bianca"}, {"Björn", "bjorn"}, {"Carlos", "carlos"}, {"Chiara", "chiara"},
	{"Chloé", "chloe"}, {"Daniel", "daniel"}, {"Diego", "diego"}, {"Dmitri", "dmitri"}, {"Elena", "elena"},
	{"Emeka", "emeka"}, {"Ewa", "ewa"}, {"Fatima", "fatima"}, {"Felix", "felix"}, {"Grace", "grace"},
	{"Hannah", "hannah"}, {"Hiroshi", "hiroshi"}, {"Ines", "ines"}, {"Ingrid", "ingrid"}, {"Isaac", "isaac"},
	{"Jana", "jana"}, {"Javier", "javier"}, {"Jin", "jin"}, {"Johanna", "johanna"}, {"Kavya", "kavya"},
	{"Kwame", "kwame"}, {"Lars", "lars"}, {"Leila", "leila"}, {"Liam", "liam"}, {"Lucía", "lucia"},
	{"Maja", "maja"}, {"Malik", "malik"}, {"Marco", "marco"}, {"Mateo", "mateo"}, {"Mei", "mei"},
	{"Mohammed", "mohammed"}, {"Nadia", "nadia"}, {"Nathan", "nathan"}, {"Niamh", "niamh"}, {"Noah", "noah"},
	{"Olivia", "olivia"}, {"Omar", "omar"}, {"Priya", "priya"}, {"Rafael", "rafael"}, {"Rosa", "rosa"},
	{"Ruth", "ruth"}, {"Sakura", "sakura"}, {"Samuel", "samuel"}, {"Sofia", "sofia"}, {"Søren", "soren"},
	{"Tariq", "tariq"}, {"Thomas", "thomas"}, {"Uma", "uma"}, {"Valentina", "valentina"}, {"Wei", "wei"},
	{"Yara", "yara"}, {"Yusuf", "yusuf"}, {"Zanele", "zanele"}, {"Zoë", "zoe"},
}

var lastNames = []name{
	{"Adams", "adams"}, {"Ahmed", "ahmed"}, {"Andersen", "andersen"}, {"Baker", "baker"}, {"Banerjee", "banerjee"},
	{"Bauer", "bauer"}, {"Chen", "chen"}, {"Costa", "costa"}, {"Dubois", "dubois"}, {"Eriksson", "eriksson"},
	{"Fernández", "fernandez"}, {"Fischer", "fischer"}, {"García", "garcia"}, {"Gupta", "gupta"}, {"Haddad", "haddad"},
	{"Hansen", "hansen"}, {"Hoffmann", "hoffmann"}, {"Ibrahim", "ibrahim"}, {"Ivanova", "ivanova"}, {"Jensen", "jensen"},
	{"Johnson", "johnson"}, {"Kaur", "kaur"}, {"Kim", "kim"}, {"Kowalski", "kowalski"}, {"Lambert", "lambert"},
	{"Lee", "lee"}, {"Lindqvist", "lindqvist"}, {"López", "lopez"}, {"Martin", "martin"}, {"Mensah", "mensah"},
	{"Müller", "mueller"}, {"Murphy", "murphy"}, {"Nakamura", "nakamura"}, {"Nguyen", "nguyen"}, {"Novak", "novak"},
	{"O'Brien", "obrien"}, {"Okafor", "okafor"}, {"Osei", "osei"}, {"Patel", "patel"}, {"Petrov", "petrov"},
	{"Quinn", "quinn"}, {"Rahman", "rahman"}, {"Rossi", "rossi"}, {"Santos", "santos"}, {"Schmidt", "schmidt"},
	{"Silva", "silva"}, {"Singh", "singh"}, {"Smith", "smith"}, {"Sørensen", "sorensen"}, {"Tanaka", "tanaka"},
	{"Taylor", "taylor"}, {"Thompson", "thompson"}, {"van der Berg", "vanderberg"}, {"Wagner", "wagner"}, {"Walsh", "walsh"},
	{"Wang", "wang"}, {"Williams", "williams"}, {"Wilson", "wilson"}, {"Yamamoto", "yamamoto"}, {"Yilmaz", "yilmaz"},
	{"Zhang", "zhang"}, {"Zimmermann", "zimmermann"},
}

// phonePlan hands out numbers from ranges reserved for fiction (US
// 555-01xx, Ofcom's 020 7946 0xxx, Berlin 030 23125 xxx, Sydney 02 5550
// xxxx), so that no generated number is a real subscriber's.
type phonePlan struct {
	prefixes []string
	digits   int
	first    int
	count    int
}

func usPhones(areas ...string) phonePlan {
	p := phonePlan{digits: 4, first: 100, count: 100}
	for _, a := range areas {
		p.prefixes = append(p.prefixes, "+1"+a+"555")
	}
	return p
}

// number returns a random number of the plan.
func (p phonePlan) number(r *rng) string {
	prefix := p.prefixes[r.IntN(len(p.prefixes))]
	n := strconv.Itoa(p.first + r.IntN(p.count))
	for len(n) < p.digits {
		n = "0" + n
	}
	return prefix + n
}

// main is the site's main number, the first of the plan: the number the
// calls of people without a direct number show.
func (p phonePlan) main() string {
	n := strconv.Itoa(p.first)
	for len(n) < p.digits {
		n = "0" + n
	}
	return p.prefixes[0] + n
}

// newOrg creates the organization: people spread over the buildings (each
// building gets some, so that the planted problems are found even in
// small sets), a Teams Rooms device per building, and the staff of the
// Virtual Visits app.
func newOrg(r *rng, o Options) *org {
	g := &org{domain: o.Domain, tenant: o.TenantID, buildings: newBuildings(), bySite: map[*site][]*user{}}
	shares := make([]float64, 0, len(g.buildings)+1)
	for _, b := range g.buildings {
		shares = append(shares, b.userShare)
	}
	remoteShare := 1.0
	for _, s := range shares {
		remoteShare -= s
	}
	shares = append(shares, remoteShare)
	counts := allocate(o.Users, shares, 2)

	upns := map[string]int{}
	phones := map[string]bool{}
	for bi, n := range counts {
		for j := range n {
			u := newPerson(r, g, len(g.people), upns)
			if bi < len(g.buildings) {
				b := g.buildings[bi]
				u.building, u.site = b, b.site
				u.wired = j % len(b.wired)
				u.desk = deskAP(b, j)
				u.officeDays = r.between(0.45, 0.9)
			} else {
				u.site = sites[j%len(sites)]
			}
			u.machine = machineName(r, u)
			u.phone = directNumber(r, u, phones)
			g.people = append(g.people, u)
			g.bySite[u.site] = append(g.bySite[u.site], u)
		}
	}
	// The planted problems by index, so that every set of ten or more has
	// them at a known share: one person in twelve runs the failing build,
	// one in twenty-five has the faulty headset.
	for i, u := range g.people {
		if i%12 == 5 {
			if u.desktop.platform == "macOS" {
				u.desktop = failingMacBuild
			} else {
				u.desktop = failingWindowsBuild
			}
		}
		if i%25 == 7 {
			u.device = faultyHeadset
		}
	}
	// Every tenth person, and at least two, works the Virtual Visits app.
	for i, u := range g.people {
		if i%10 == 3 || len(g.people) < 20 && i%5 == 1 {
			g.agents = append(g.agents, u)
		}
	}
	for _, b := range g.buildings {
		g.rooms = append(g.rooms, newRoom(r, g, b, len(g.people)+len(g.rooms)))
	}
	return g
}

// deskAP is the access point nearest the j-th desk of b. The dropping
// access point covers the open-plan floor: every other desk.
func deskAP(b *building, j int) int {
	for i, ap := range b.aps {
		if ap.drops && j%2 == 0 {
			return i
		}
	}
	return j % len(b.aps)
}

// allocate splits n by shares (largest remainder), giving each share at
// least min while n allows.
func allocate(n int, shares []float64, min int) []int {
	out := make([]int, len(shares))
	if n >= min*len(shares) {
		for i := range out {
			out[i] = min
		}
	}
	left := n
	for _, c := range out {
		left -= c
	}
	rem := make([]float64, len(shares))
	given := 0
	for i, s := range shares {
		x := s * float64(left)
		out[i] += int(x)
		given += int(x)
		rem[i] = x - float64(int(x))
	}
	for ; given < left; given++ {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}

func newPerson(r *rng, g *org, index int, upns map[string]int) *user {
	f, l := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
	base := f.ascii + "." + l.ascii
	upns[base]++
	local := base
	if n := upns[base]; n > 1 {
		local += strconv.Itoa(n)
	}
	u := &user{
		index: index, id: r.uuid(), name: f.display + " " + l.display,
		upn: local + "@" + g.domain, vpnHabit: r.between(0.1, 0.6),
	}
	switch p := r.Float64(); {
	case p < 0.72:
		u.desktop, u.device, u.cpu = pickBuild(r, windowsBuilds), pickDevice(r, headsets), windowsCPUs[r.IntN(len(windowsCPUs))]
	case p < 0.95:
		u.desktop, u.device, u.cpu = pickBuild(r, macBuilds), pickDevice(r, macDevices), macCPUs[r.IntN(len(macCPUs))]
	default:
		u.desktop, u.device, u.cpu = pickBuild(r, webBuilds), pickDevice(r, headsets), windowsCPUs[r.IntN(len(windowsCPUs))]
	}
	if r.chance(0.5) {
		u.mobile = pickBuild(r, iosBuilds)
	} else {
		u.mobile = pickBuild(r, androidBuilds)
	}
	u.hasPhoneClient = r.chance(0.7)
	u.wifi = wifiCards[r.IntN(len(wifiCards))]
	u.homeNet = homeNets[r.IntN(len(homeNets))]
	u.homeHost = 2 + r.IntN(200)
	u.homeBSSID = macLike(r, ":", false)
	u.homeWired = r.chance(0.2)
	u.mac = macLike(r, "-", true)
	if u.desktop.platform == "macOS" {
		u.mac = "02-00-00-00-00-00" // privacy placeholder, as macOS reports it
	}
	return u
}

// directNumber gives u, two times in five, a number of its site's plan
// that nobody else has; none when the plan is running out.
func directNumber(r *rng, u *user, taken map[string]bool) string {
	if !r.chance(0.4) {
		return ""
	}
	for range 5 {
		if n := u.site.phones.number(r); !taken[n] {
			taken[n] = true
			return n
		}
	}
	return ""
}

func newRoom(r *rng, g *org, b *building, index int) *user {
	label := strings.ToLower(b.name)
	n := 2 + r.IntN(8)
	return &user{
		index: index, id: r.uuid(), room: true,
		name:     b.site.city + " " + b.name + " Room " + strconv.Itoa(n) + ".0" + strconv.Itoa(1+r.IntN(9)),
		upn:      "mtr-" + label + "-" + strconv.Itoa(n) + "@" + g.domain,
		site:     b.site,
		building: b,
		desktop:  roomBuild, device: roomAudio, cpu: roomCPU,
		machine: "MTR-" + b.name + "-" + strconv.Itoa(n),
		mac:     macLike(r, "-", true),
	}
}

func machineName(r *rng, u *user) string {
	kind := "LT"
	if u.desktop.platform == "macOS" {
		kind = "MBP"
	}
	n := strconv.Itoa(1000 + r.IntN(9000))
	return u.site.code + "-" + kind + "-" + n
}

// macLike returns a MAC-shaped address; upper-case with dashes is how
// Windows reports adapters, lower-case with colons how BSSIDs are shown.
func macLike(r *rng, sep string, upper bool) string {
	h := r.hex(12)
	if upper {
		h = strings.ToUpper(h)
	}
	var b strings.Builder
	for i := 0; i < 12; i += 2 {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}
