package gen

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"time"
)

// site is a city the organization has offices in. Sites set working hours
// (time zone), phone numbers, the corporate egress address and the
// distance to Microsoft's edge.
type site struct {
	code, city, state, zip, country, countryName, region string
	tz                                                   *time.Location
	egress                                               string  // public NAT address (reflexive IP) of the offices
	edgeRTT                                              float64 // ms, round trip to the nearest Microsoft edge
	phones                                               phonePlan
}

// subnet is one client /24, written as its network address the way Graph
// reports networkInfo.subnet ("10.10.2.0").
type subnet struct {
	a, b, c byte
	// jittery marks the subnet behind the bad switch (BadSwitchSubnet).
	jittery bool
}

func (s subnet) String() string { return dotted(s.a, s.b, s.c, 0) }

// host is the address of host n in the subnet.
func (s subnet) host(n int) string { return dotted(s.a, s.b, s.c, byte(n)) }

func dotted(a, b, c, d byte) string {
	buf := make([]byte, 0, 15)
	for i, x := range [4]byte{a, b, c, d} {
		if i > 0 {
			buf = append(buf, '.')
		}
		buf = strconv.AppendUint(buf, uint64(x), 10)
	}
	return string(buf)
}

// accessPoint is one Wi-Fi radio: one BSSID on one band.
type accessPoint struct {
	bssid   string
	band    string // Graph wifiBand
	radio   string // Graph wifiRadioType
	channel int
	subnet  int // index into building.wifi
	// drops marks the access point that drops calls (DroppingBSSID).
	drops bool
}

// building is an office: the unit of CQD's building file and of the
// dashboard's "poor % by building".
type building struct {
	name                    string
	site                    *site
	ownership, kind, office string // OwnershipType, BuildingType, BuildingOfficeType
	expressRoute            bool
	wired, wifi             []subnet
	rooms                   subnet // Teams Rooms devices, wired
	aps                     []accessPoint
	supernet                int     // > 0: the wired /24s are published as one row of this prefix
	wiredShare              float64 // chance that a laptop in the office is docked (wired)
	poorWifi                bool    // PoorWifiBuilding
	userShare               float64
	guestWifi               bool // has a guest SSID (published with InsideCorp 0)
	radioGen                string
}

// Fixed offsets keep the output independent of the host's time zone
// database; summer time is ignored.
var (
	sites = []*site{
		{code: "SEA", city: "Seattle", state: "WA", zip: "98109", country: "US", countryName: "USA", region: "NOAM",
			tz: time.FixedZone("PST", -8*3600), egress: "203.0.113.10", edgeRTT: 12, phones: usPhones("206", "425")},
		{code: "NYC", city: "New York", state: "NY", zip: "10013", country: "US", countryName: "USA", region: "NOAM",
			tz: time.FixedZone("EST", -5*3600), egress: "203.0.113.40", edgeRTT: 14, phones: usPhones("212", "646")},
		{code: "LON", city: "London", state: "England", zip: "W2 1AF", country: "GB", countryName: "GBR", region: "EMEA",
			tz: time.FixedZone("GMT", 0), egress: "203.0.113.70", edgeRTT: 10, phones: phonePlan{prefixes: []string{"+44207946"}, digits: 4, first: 0, count: 1000}},
		{code: "BER", city: "Berlin", state: "BE", zip: "10117", country: "DE", countryName: "DEU", region: "EMEA",
			tz: time.FixedZone("CET", 3600), egress: "203.0.113.100", edgeRTT: 11, phones: phonePlan{prefixes: []string{"+493023125"}, digits: 3, first: 0, count: 1000}},
		{code: "SYD", city: "Sydney", state: "NSW", zip: "2000", country: "AU", countryName: "AUS", region: "APAC",
			tz: time.FixedZone("AEDT", 11*3600), egress: "203.0.113.130", edgeRTT: 18, phones: phonePlan{prefixes: []string{"+6125550"}, digits: 4, first: 0, count: 10000}},
	}
	siteSEA, siteNYC, siteLON, siteBER, siteSYD = sites[0], sites[1], sites[2], sites[3], sites[4]
)

// newBuildings returns the organization's offices. The IP plan is fixed so
// that the planted problems have fixed names (see doc.go).
func newBuildings() []*building {
	bs := []*building{
		{name: "SEA-B1", site: siteSEA, ownership: "Contoso", kind: "Headquarters", office: "Engineering", expressRoute: true,
			wired: []subnet{{a: 10, b: 10, c: 0}, {a: 10, b: 10, c: 1}, {a: 10, b: 10, c: 2, jittery: true}, {a: 10, b: 10, c: 3}}, supernet: 22,
			wifi: []subnet{{a: 10, b: 10, c: 8}, {a: 10, b: 10, c: 9}}, rooms: subnet{a: 10, b: 10, c: 12},
			wiredShare: 0.55, userShare: 0.29, guestWifi: true, radioGen: "wifi80211ax"},
		{name: "SEA-B2", site: siteSEA, ownership: "Contoso", kind: "Office", office: "Sales", expressRoute: true,
			wired: []subnet{{a: 10, b: 11, c: 0}, {a: 10, b: 11, c: 1}},
			wifi:  []subnet{{a: 10, b: 11, c: 8}}, rooms: subnet{a: 10, b: 11, c: 12},
			wiredShare: 0.5, userShare: 0.13, radioGen: "wifi80211ax"},
		{name: "NYC-HUDSON", site: siteNYC, ownership: "Contoso", kind: "Office", office: "Sales and Marketing",
			wired: []subnet{{a: 10, b: 20, c: 0}, {a: 10, b: 20, c: 1}, {a: 10, b: 20, c: 2}, {a: 10, b: 20, c: 3}}, supernet: 22,
			wifi: []subnet{{a: 10, b: 20, c: 8}}, rooms: subnet{a: 10, b: 20, c: 12},
			wiredShare: 0.25, userShare: 0.16, radioGen: "wifi80211ax"},
		{name: "LON-PADDINGTON", site: siteLON, ownership: "Leased", kind: "Office", office: "Consulting", expressRoute: true,
			wired: []subnet{{a: 10, b: 30, c: 0}},
			wifi:  []subnet{{a: 10, b: 30, c: 8}, {a: 10, b: 30, c: 9}}, rooms: subnet{a: 10, b: 30, c: 12},
			wiredShare: 0.2, poorWifi: true, userShare: 0.13, radioGen: "wifi80211ac"},
		{name: "BER-MITTE", site: siteBER, ownership: "Contoso", kind: "Office", office: "Engineering",
			wired: []subnet{{a: 10, b: 40, c: 0}, {a: 10, b: 40, c: 1}, {a: 10, b: 40, c: 2}, {a: 10, b: 40, c: 3}}, supernet: 22,
			wifi: []subnet{{a: 10, b: 40, c: 8}}, rooms: subnet{a: 10, b: 40, c: 12},
			wiredShare: 0.6, userShare: 0.12, radioGen: "wifi80211ax"},
		{name: "SYD-BARANGAROO", site: siteSYD, ownership: "Leased", kind: "Office", office: "Support",
			wired: []subnet{{a: 10, b: 50, c: 0}},
			wifi:  []subnet{{a: 10, b: 50, c: 8}}, rooms: subnet{a: 10, b: 50, c: 12},
			wiredShare: 0.45, userShare: 0.09, radioGen: "wifi80211ax"},
	}
	for i, b := range bs {
		b.aps = accessPoints(i, b)
	}
	return bs
}

// accessPoints gives each Wi-Fi subnet two 5 GHz radios and one 2.4 GHz
// radio; NYC-HUDSON's fourth radio is DroppingBSSID.
func accessPoints(index int, b *building) []accessPoint {
	ch5 := []int{36, 44, 149, 157, 40, 48}
	ch24 := []int{1, 6, 11}
	var aps []accessPoint
	n := 0
	for si := range b.wifi {
		for k := range 3 {
			ap := accessPoint{subnet: si, band: "frequency50GHz", radio: b.radioGen, channel: ch5[(2*si+k)%len(ch5)]}
			if k == 2 {
				ap.band, ap.radio, ap.channel = "frequency24GHz", "wifi80211n", ch24[si%len(ch24)]
			}
			suffix := byte(0x50)
			if ap.band == "frequency24GHz" {
				suffix = 0x10
			}
			ap.bssid = fmt.Sprintf("94:b4:0f:%02x:%02x:%02x", 0x10+index, n, suffix)
			n++
			aps = append(aps, ap)
		}
	}
	if b.name == "NYC-HUDSON" {
		aps = append(aps, accessPoint{bssid: DroppingBSSID, subnet: 0, band: "frequency50GHz", radio: b.radioGen, channel: 161, drops: true})
	}
	return aps
}

// Networks outside the buildings.
var (
	// vpnPools are the VPN address pools, published with VPN = 1.
	vpnPools = []struct {
		name string
		site *site
		net  subnet
	}{
		{"VPN-SEA", siteSEA, subnet{a: 10, b: 200, c: 0}},
		{"VPN-LON", siteLON, subnet{a: 10, b: 200, c: 4}},
	}
	// guestWifiNet is the guest SSID at SEA-B1: published, but outside
	// the corporate network (InsideCorp 0).
	guestWifiNet = subnet{a: 172, b: 20, c: 0}
	// homeNets are the usual home-router subnets, not in the building file.
	homeNets = []subnet{{a: 192, b: 168, c: 1}, {a: 192, b: 168, c: 0}, {a: 10, b: 0, c: 0}, {a: 192, b: 168, c: 178}}
)

// buildingRow is one line of CQD's building file (quality-definitions
// §3.6), in column order.
type buildingRow struct {
	networkIP    string
	networkName  string
	networkRange int
	building     string
	ownership    string
	kind         string
	office       string
	city, zip    string
	country      string
	state        string
	region       string
	insideCorp   bool
	expressRoute bool
	vpn          bool
}

// buildingRows lists the building file: each building's wired networks
// (as one supernet where the building has one), Wi-Fi and Teams Rooms
// subnets, the guest SSID, then the VPN pools.
func buildingRows(bs []*building) []buildingRow {
	var rows []buildingRow
	for _, b := range bs {
		add := func(n subnet, prefix int, label string, inside bool) {
			rows = append(rows, buildingRow{
				networkIP: n.String(), networkRange: prefix,
				networkName: b.site.countryName + "/" + b.site.city + "/" + b.name + "-" + label,
				building:    b.name, ownership: b.ownership, kind: b.kind, office: b.office,
				city: b.site.city, zip: b.site.zip, country: b.site.country, state: b.site.state, region: b.site.region,
				insideCorp: inside, expressRoute: b.expressRoute && inside,
			})
		}
		if b.supernet > 0 {
			add(b.wired[0], b.supernet, "WIRED", true)
		} else {
			for i, n := range b.wired {
				add(n, 24, "WIRED-"+strconv.Itoa(i+1), true)
			}
		}
		for i, n := range b.wifi {
			add(n, 24, "WIFI-"+strconv.Itoa(i+1), true)
		}
		add(b.rooms, 24, "ROOMS", true)
		if b.guestWifi {
			add(guestWifiNet, 22, "GUEST", false)
		}
	}
	for _, p := range vpnPools {
		rows = append(rows, buildingRow{
			networkIP: p.net.String(), networkRange: 24,
			networkName: p.site.countryName + "/" + p.site.city + "/" + p.name,
			building:    p.name, ownership: "Contoso", kind: "VPN", office: "Remote Access",
			city: p.site.city, zip: p.site.zip, country: p.site.country, state: p.site.state, region: p.site.region,
			insideCorp: true, vpn: true,
		})
	}
	return rows
}

// writeBuildingFile writes rows in CQD's format: comma-separated, no
// header, 15 columns, booleans as 0/1. No value holds a comma.
func writeBuildingFile(w io.Writer, rows []buildingRow) error {
	bw := bufio.NewWriter(w)
	bit := func(v bool) string {
		if v {
			return "1"
		}
		return "0"
	}
	for _, r := range rows {
		fmt.Fprintf(bw, "%s,%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n",
			r.networkIP, r.networkName, r.networkRange, r.building, r.ownership, r.kind, r.office,
			r.city, r.zip, r.country, r.state, r.region, bit(r.insideCorp), bit(r.expressRoute), bit(r.vpn))
	}
	return bw.Flush()
}
