package api

import (
	"net/netip"
	"testing"

	"github.com/callscope/callscope/internal/model"
)

func TestBuildingFacts(t *testing.T) {
	t.Parallel()
	rows := buildingRows{
		{NetworkIP: netip.MustParsePrefix("10.11.0.0/16"), BuildingName: "Seattle", InsideCorp: true},
		{NetworkIP: netip.MustParsePrefix("10.30.8.0/24"), BuildingName: "London", NetworkName: "LON-Wireless"},
		{NetworkIP: netip.MustParsePrefix("10.40.0.7/32"), BuildingName: "VPN", VPN: true},
	}
	f := func(subnet model.Opt[string], want string) {
		t.Helper()
		got := ""
		if b := rows.facts(subnet); b != nil {
			got = b.BuildingName + " " + b.Network
		}
		if got != want {
			t.Errorf("facts(%v) = %q, want %q", subnet, got, want)
		}
	}
	f(model.Some("10.11.0.0"), "Seattle 10.11.0.0/16")
	f(model.Some("10.11.255.0"), "Seattle 10.11.0.0/16")
	f(model.Some(" 10.30.8.0 "), "London 10.30.8.0/24")
	f(model.Some("10.30.9.0"), "")
	f(model.Some("10.40.0.7"), "VPN 10.40.0.7/32")
	f(model.Some("10.40.0.8"), "")
	f(model.Some("9.0.0.0"), "")
	f(model.Some("not an address"), "")
	// A subnet the role may not see finds nothing.
	f(model.NullOf[string](), "")
	f(model.Opt[string]{}, "")
	if b := buildingRows(nil).facts(model.Some("10.11.0.0")); b != nil {
		t.Errorf("no building file gave %+v", b)
	}
}
