package gen

import (
	"math"
	"strconv"
	"strings"
)

// network is where one endpoint was for one session: what Graph reports
// about it (networkInfo) and what it does to media.
type network struct {
	conn, transport string
	ip, subnet      string
	reflexive       string
	relay           string
	relayPort       int64
	port            int64
	mac             string
	linkSpeed       int64
	dnsSuffix       string // "" when none
	wifi            *wifiState
	events          [4]float64 // sent quality, received quality, delay, bandwidth low

	// What the network does to media: round trip to the Microsoft edge
	// (ms), jitter (ms) and loss (fraction) it adds, and the chance that a
	// session on it drops.
	rtt, jitter, loss, drop float64
	bandwidth               int64
}

// wifiState is the Wi-Fi part of a network.
type wifiState struct {
	bssid, band, radio       string
	channel, signal, battery int64
	vendor, vendorVersion    string
}

// serverNet is a Microsoft conference server or gateway: wired, in a
// data center, next to the edge.
var serverNet = &network{conn: "wired", transport: "udp", rtt: 2, jitter: 0.6, loss: 0.0002, bandwidth: 1_000_000_000}

// relays are Teams transport relays (Microsoft's published media ranges).
var relays = []string{"52.112.", "52.113.", "52.114.", "52.115.", "52.120.", "52.122."}

// place is where a person takes a call from.
type place uint8

const (
	atOffice place = iota
	atHome
	onVPN
	onMobile
	onGuestWifi
)

// placeOf picks where u is for a call: on a weekday often in the
// building, otherwise at home (sometimes through the VPN); on the phone
// client often on a cellular network.
func placeOf(r *rng, u *user, weekday bool, mobileClient bool) place {
	if mobileClient {
		if u.building != nil && weekday && r.chance(u.officeDays) {
			if u.building.guestWifi && r.chance(0.3) {
				return onGuestWifi
			}
			return atOffice
		}
		if r.chance(0.6) {
			return onMobile
		}
		return atHome
	}
	if u.room {
		return atOffice
	}
	if u.building != nil && weekday && r.chance(u.officeDays) {
		return atOffice
	}
	if r.chance(u.vpnHabit) {
		return onVPN
	}
	return atHome
}

// networkFor builds the network of u at p. Planted problems live here:
// the bad switch's subnet, the poor-Wi-Fi building and the dropping
// access point (see doc.go).
func networkFor(r *rng, u *user, p place, mobileClient bool) *network {
	n := &network{transport: "udp", port: 50000 + int64(r.IntN(10000)), relayPort: 3478}
	n.relay = relays[r.IntN(len(relays))] + strconv.Itoa(r.IntN(256)) + "." + strconv.Itoa(1+r.IntN(254))
	n.mac = u.mac
	edge := u.site.edgeRTT
	switch p {
	case atOffice, onGuestWifi:
		b := u.building
		n.reflexive = b.site.egress
		n.dnsSuffix = "corp." + domainOf(u)
		wired := !mobileClient && (u.room || r.chance(b.wiredShare))
		switch {
		case p == onGuestWifi:
			sub := subnet{a: guestWifiNet.a, b: guestWifiNet.b, c: guestWifiNet.c + byte(r.IntN(4))}
			n.ip, n.subnet, n.dnsSuffix = sub.host(10+r.IntN(240)), sub.String(), ""
			ap := b.aps[r.IntN(len(b.aps))]
			office(r, n, edge)
			officeWifi(r, n, u, ap, false, mobileClient)
		case wired:
			sub := b.wired[u.wired]
			if u.room {
				sub = b.rooms
			}
			n.ip, n.subnet = sub.host(10+u.index%240), sub.String()
			office(r, n, edge)
			n.conn, n.linkSpeed = "wired", 1_000_000_000
			if r.chance(0.15) {
				n.linkSpeed = 100_000_000
			}
			if sub.jittery {
				// The bad switch: a congested uplink buffers and drops bursts.
				n.jitter = r.between(38, 95)
				n.loss += r.between(0.004, 0.03)
				n.events[2] = r.between(0.05, 0.3)
			}
		default:
			ap := b.aps[u.desk%len(b.aps)]
			if r.chance(0.35) {
				ap = b.aps[r.IntN(len(b.aps))] // meeting rooms, kitchens: another access point
			}
			sub := b.wifi[ap.subnet]
			n.ip, n.subnet = sub.host(10+(u.index*7+r.IntN(20))%240), sub.String()
			office(r, n, edge)
			officeWifi(r, n, u, ap, b.poorWifi, mobileClient)
		}
	case onVPN:
		pool := vpnPools[0]
		if u.site.region == "EMEA" {
			pool = vpnPools[1]
		}
		n.conn = "tunnel"
		n.ip, n.subnet = pool.net.host(2+r.IntN(250)), pool.net.String()
		n.reflexive = pool.site.egress
		n.dnsSuffix = "corp." + domainOf(u)
		n.linkSpeed = 100_000_000
		home(r, n, u, edge)
		// The tunnel hairpins media through the concentrator.
		n.rtt += r.between(30, 110)
		n.jitter += r.between(2, 8)
		n.drop += 0.004
		if r.chance(0.35) {
			n.transport = "tcp"
			n.rtt += r.between(20, 60)
		}
	case atHome:
		n.ip, n.subnet = u.homeNet.host(u.homeHost), u.homeNet.String()
		n.reflexive = "198.51.100." + strconv.Itoa(1+u.index%254)
		home(r, n, u, edge)
		if !u.homeWired || mobileClient {
			homeWifi(r, n, u, mobileClient)
		} else {
			n.conn, n.linkSpeed = "wired", 1_000_000_000
		}
	case onMobile:
		n.conn = "mobile"
		n.ip = "100.72." + strconv.Itoa(r.IntN(256)) + "." + strconv.Itoa(1+r.IntN(254))
		n.subnet = "100.72.0.0"
		n.reflexive = "192.0.2." + strconv.Itoa(1+r.IntN(254))
		n.mac = "02-00-00-00-00-00"
		n.rtt = edge + r.between(40, 160)
		n.jitter = r.between(6, 28)
		n.loss = r.lognormal(0.012, 0.8)
		n.drop = 0.025
		n.bandwidth = int64(r.lognormal(4e6, 0.7))
		if r.chance(0.5) {
			n.linkSpeed = math.MaxUint32 // "unknown", as Graph reports it
		}
	}
	n.loss = math.Min(n.loss, 0.45)
	n.eventRatios(r)
	return n
}

// office is the wired LAN of a building: short RTT, little jitter or loss.
func office(r *rng, n *network, edge float64) {
	n.rtt = edge + r.between(2, 8)
	n.jitter = r.between(0.5, 3)
	n.loss = r.lognormal(0.0008, 0.8)
	n.drop = 0.004
	n.bandwidth = int64(r.lognormal(40e6, 0.5))
}

// officeWifi puts n on an access point of the building. A poor-Wi-Fi
// building has low signal and heavy loss everywhere; the dropping access
// point loses packets and connections.
func officeWifi(r *rng, n *network, u *user, ap accessPoint, poor, phone bool) {
	n.conn = "wifi"
	w := &wifiState{bssid: ap.bssid, band: ap.band, radio: ap.radio, channel: int64(ap.channel), vendor: u.wifi.vendor, vendorVersion: u.wifi.vendorVersion}
	if phone {
		w.vendor, w.vendorVersion = "", ""
	}
	n.wifi = w
	if ap.band == "frequency24GHz" {
		w.signal = int64(r.between(55, 90))
		n.jitter += r.between(4, 14)
		n.loss += r.lognormal(0.006, 0.8)
		n.linkSpeed = 144_400_000
	} else {
		w.signal = int64(r.between(62, 99))
		n.jitter += r.between(2, 8)
		n.loss += r.lognormal(0.003, 0.8)
		n.linkSpeed = 866_700_000
		if ap.radio == "wifi80211ax" {
			n.linkSpeed = 1_201_000_000
		}
	}
	n.drop = 0.006
	switch {
	case poor:
		w.signal = int64(r.between(12, 48))
		n.jitter += r.between(12, 45)
		n.loss += r.between(0.05, 0.28)
		n.drop = 0.03
		n.linkSpeed = int64(r.between(6, 72)) * 1_000_000
	case ap.drops:
		w.signal = int64(r.between(45, 75))
		n.jitter += r.between(10, 35)
		n.loss += r.between(0.06, 0.22)
		n.drop = 0.4
	}
	if !phone && r.chance(0.35) {
		w.battery = int64(r.between(15, 100))
	}
	n.bandwidth = int64(float64(n.linkSpeed) * r.between(0.02, 0.1))
}

// home is a residential connection: longer RTT, ISP jitter and loss, and
// now and then congestion.
func home(r *rng, n *network, u *user, edge float64) {
	n.rtt = edge + r.between(8, 35)
	n.jitter = r.between(2, 12)
	n.loss = r.lognormal(0.004, 0.9)
	n.drop = 0.008
	n.bandwidth = int64(r.lognormal(25e6, 0.8))
	if r.chance(0.03) {
		n.loss += r.between(0.06, 0.2)
		n.jitter += r.between(15, 45)
	}
	if n.dnsSuffix == "" {
		n.dnsSuffix = []string{"", "lan", "home", "fritz.box"}[u.index%4]
	}
}

func homeWifi(r *rng, n *network, u *user, phone bool) {
	n.conn = "wifi"
	w := &wifiState{bssid: u.homeBSSID, band: "frequency50GHz", radio: "wifi80211ac", channel: int64([]int{36, 40, 44, 48, 149}[u.index%5]),
		signal: int64(r.between(40, 95)), vendor: u.wifi.vendor, vendorVersion: u.wifi.vendorVersion}
	if u.index%4 == 0 {
		w.band, w.radio, w.channel = "frequency24GHz", "wifi80211n", int64(1+5*(u.index%3))
		n.jitter += r.between(3, 10)
		n.loss += r.lognormal(0.006, 0.8)
	}
	if phone {
		w.vendor, w.vendorVersion = "", ""
	}
	if w.signal < 55 {
		n.loss += r.between(0.005, 0.03)
	}
	n.wifi = w
	n.linkSpeed = 433_300_000
}

// eventRatios derives Graph's network event ratios from the impairments:
// the share of the call the network hurt sent or received audio, delayed
// conversation or lacked bandwidth.
func (n *network) eventRatios(r *rng) {
	if n.loss > 0.03 || n.jitter > 30 {
		n.events[0] = math.Max(n.events[0], r.between(0.02, 0.4))
		n.events[1] = math.Max(n.events[1], r.between(0.02, 0.4))
	}
	if n.rtt > 250 {
		n.events[2] = math.Max(n.events[2], r.between(0.05, 0.5))
	}
	if n.bandwidth < 1_000_000 {
		n.events[3] = r.between(0.05, 0.3)
	}
}

func domainOf(u *user) string {
	if i := strings.IndexByte(u.upn, '@'); i >= 0 {
		return u.upn[i+1:]
	}
	return ""
}

// regionRTT is the extra round trip between two regions, ms.
func regionRTT(a, b *site) float64 {
	if a == nil || b == nil || a.region == b.region {
		return 0
	}
	switch a.region + b.region {
	case "NOAMEMEA", "EMEANOAM":
		return 75
	case "NOAMAPAC", "APACNOAM":
		return 140
	}
	return 210
}
