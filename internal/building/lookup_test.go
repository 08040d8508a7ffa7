package building_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/building"
)

// lookupFile has ranges that touch, to try the boundaries: a /22
// supernet, the /24 right after it, a lone /32 after a gap, the last
// IPv4 /24, an IPv6 /64, and a VPN /24.
const lookupFile = `10.1.0.0,,22,SUPER,,,,,,,,,1,0,0
10.1.4.0,,24,AFTER,,,,,,,,,1,0,0
10.1.6.7,,32,HOST,,,,,,,,,0,0,0
255.255.255.0,,24,LAST,,,,,,,,,1,0,0
0.0.0.0,,8,FIRST,,,,,,,,,1,0,0
2001:db8:1::,,64,V6,,,,,,,,,1,0,0
10.200.0.0,,24,VPN,,,,,,,,,1,0,1
`

func lookupMap(t testing.TB) *building.Map {
	t.Helper()
	m, err := building.Parse(strings.NewReader(lookupFile), "lookup.csv")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLookup(t *testing.T) {
	t.Parallel()
	m := lookupMap(t)
	f := func(addr, want string) {
		t.Helper()
		b, ok := m.Lookup(netip.MustParseAddr(addr))
		if got := b.BuildingName; got != want || ok != (want != "") {
			t.Errorf("Lookup(%s) = %q, %v; want %q", addr, got, ok, want)
		}
	}
	f("0.0.0.0", "FIRST")
	f("0.255.255.255", "FIRST")
	f("1.0.0.0", "")
	f("10.0.255.255", "")
	f("10.1.0.0", "SUPER")
	f("10.1.2.0", "SUPER")
	f("10.1.3.255", "SUPER")
	f("10.1.4.0", "AFTER")
	f("10.1.4.255", "AFTER")
	f("10.1.5.0", "")
	f("10.1.6.6", "")
	f("10.1.6.7", "HOST")
	f("10.1.6.8", "")
	f("10.200.0.77", "VPN")
	f("255.255.254.255", "")
	f("255.255.255.0", "LAST")
	f("255.255.255.255", "LAST")
	f("::", "")
	f("2001:db8:0:ffff:ffff:ffff:ffff:ffff", "")
	f("2001:db8:1::", "V6")
	f("2001:db8:1:0:ffff:ffff:ffff:ffff", "V6")
	f("2001:db8:1:1::", "")
	f("::ffff:10.1.4.9", "AFTER")  // IPv4-mapped: looked up as IPv4
	f("2001:db8:1::1%eth0", "V6")  // zone ignored
	f("::a01:400", "")             // 10.1.4.0's bits as IPv6: another family
	f("ffff:ffff:ffff:ffff::", "") // past every IPv6 range
}

func TestLookupSubnet(t *testing.T) {
	t.Parallel()
	m := lookupMap(t)
	f := func(subnet, want string) {
		t.Helper()
		b, ok := m.LookupSubnet(subnet)
		if got := b.BuildingName; got != want || ok != (want != "") {
			t.Errorf("LookupSubnet(%q) = %q, %v; want %q", subnet, got, ok, want)
		}
	}
	f("10.1.2.0", "SUPER")
	f(" 10.1.2.0 ", "SUPER")
	f("10.1.4.0", "AFTER")
	f("10.1.4.128", "AFTER")
	f("10.1.5.0", "")
	f("10.1.2.0/24", "SUPER")
	f("10.1.0.0/22", "SUPER")
	f("10.1.0.0/21", "") // wider than the row
	f("10.1.4.5/24", "AFTER")
	f("10.1.6.7/32", "HOST")
	f("2001:db8:1::", "V6")
	f("2001:db8:1::/64", "V6")
	f("::ffff:10.1.2.0/120", "SUPER")
	f("::ffff:10.1.0.0/118", "SUPER")
	f("::ffff:10.1.0.0/117", "")
	f("::ffff:10.1.0.0/90", "")
	f("", "")
	f("Redacted", "")
	f("10.1.2", "")
	f("10.1.2.0/33", "")
}

// A nil map is the tenant without a building file: empty, never a panic.
func TestNilMap(t *testing.T) {
	t.Parallel()
	var m *building.Map
	if _, ok := m.Lookup(netip.MustParseAddr("10.1.2.3")); ok || m.Len() != 0 || m.All() != nil {
		t.Error("a nil map is not empty")
	}
	if _, ok := m.LookupSubnet("10.1.2.0"); ok {
		t.Error("a nil map finds a subnet")
	}
	if _, ok := lookupMap(t).Lookup(netip.Addr{}); ok {
		t.Error("the zero address is found")
	}
}

// All is sorted by address, IPv4 first, and a copy.
func TestAll(t *testing.T) {
	t.Parallel()
	m := lookupMap(t)
	all := m.All()
	var got []string
	for _, b := range all {
		got = append(got, b.NetworkIP.String())
	}
	want := "0.0.0.0/8 10.1.0.0/22 10.1.4.0/24 10.1.6.7/32 10.200.0.0/24 255.255.255.0/24 2001:db8:1::/64"
	if strings.Join(got, " ") != want || m.Len() != 7 {
		t.Errorf("All = %s (Len %d), want %s", strings.Join(got, " "), m.Len(), want)
	}
	all[0].BuildingName = "CHANGED"
	if m.All()[0].BuildingName != "FIRST" {
		t.Error("All shares the map's rows")
	}
}
