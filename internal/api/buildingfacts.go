package api

import (
	"net/netip"
	"sort"
	"strings"

	"github.com/callscope/callscope/internal/api/wire"
	"github.com/callscope/callscope/internal/model"
)

// buildingRows is a tenant's building file as the store gives it: rows
// in address order, none overlapping (store.BuildingStore), so that at
// most one holds an address and a binary search finds it.
type buildingRows []model.Building

// facts is what the file says of a subnet as call records give it
// ("10.1.2.0", an address without a mask); nil when the subnet is
// unknown, withheld or in no row.
func (rows buildingRows) facts(subnet model.Opt[string]) *wire.BuildingFacts {
	s, ok := subnet.Get()
	if !ok || len(rows) == 0 {
		return nil
	}
	addr, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil {
		return nil
	}
	addr = addr.Unmap().WithZone("")
	i := sort.Search(len(rows), func(i int) bool { return rows[i].NetworkIP.Addr().Compare(addr) > 0 })
	if i == 0 || !rows[i-1].NetworkIP.Contains(addr) {
		return nil
	}
	b := rows[i-1]
	return &wire.BuildingFacts{Network: b.NetworkIP.String(), NetworkName: b.NetworkName, BuildingName: b.BuildingName,
		OwnershipType: b.OwnershipType, BuildingType: b.BuildingType, BuildingOfficeType: b.BuildingOfficeType,
		City: b.City, ZipCode: b.ZipCode, Country: b.Country, State: b.State, Region: b.Region,
		InsideCorp: b.InsideCorp, ExpressRoute: b.ExpressRoute, VPN: b.VPN}
}
