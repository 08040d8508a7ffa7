package model

import (
	"net/netip"
	"slices"
	"testing"
)

func TestBuildingSubnets(t *testing.T) {
	t.Parallel()
	f := func(prefix string, vpn bool, want ...string) {
		t.Helper()
		b := Building{NetworkIP: netip.MustParsePrefix(prefix), VPN: vpn}
		got := slices.Collect(b.Subnets())
		if !slices.Equal(got, want) {
			t.Errorf("%s vpn=%v: subnets %v, want %v", prefix, vpn, got, want)
		}
		if n := b.ExpandedRows(); n != uint64(len(want)) {
			t.Errorf("%s vpn=%v: ExpandedRows %d, want %d", prefix, vpn, n, len(want))
		}
	}
	f("10.1.2.0/24", false, "10.1.2.0")
	f("192.168.1.0/26", false, "192.168.1.0")
	f("192.168.1.64/26", false, "192.168.1.64")
	f("10.1.2.7/32", false, "10.1.2.7")
	f("10.1.0.0/22", false, "10.1.0.0", "10.1.1.0", "10.1.2.0", "10.1.3.0")
	f("10.1.254.0/23", false, "10.1.254.0", "10.1.255.0")
	f("10.255.255.0/23", false, "10.255.254.0", "10.255.255.0")
	f("255.255.254.0/23", false, "255.255.254.0", "255.255.255.0")
	f("172.16.18.0/30", true, "172.16.18.0", "172.16.18.1", "172.16.18.2", "172.16.18.3")
	f("172.16.18.254/31", true, "172.16.18.254", "172.16.18.255")
	f("2001:db8::/64", false, "2001:db8::")
	f("2001:db8::/63", false, "2001:db8::", "2001:db8:0:1::")
	if n := (Building{NetworkIP: netip.MustParsePrefix("10.0.0.0/8")}).ExpandedRows(); n != 65536 {
		t.Errorf("/8 expands to %d rows, want 65,536", n)
	}
	if n := (Building{NetworkIP: netip.MustParsePrefix("::/0")}).ExpandedRows(); n != saturatedRows {
		t.Errorf("::/0 expands to %d rows, want the saturated count", n)
	}
	if got := slices.Collect((Building{}).Subnets()); len(got) != 0 {
		t.Errorf("no range: %v", got)
	}
}
