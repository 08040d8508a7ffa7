package model

import (
	"iter"
	"net/netip"
)

// Building is one row of a CQD building (tenant data) file: a network
// range and the place it belongs to. Call records say only which subnet
// an endpoint used; the building file is how that becomes a building,
// city, country and region, inside or outside the corporate network.
// Nothing in it is personal data.
type Building struct {
	// NetworkIP is the row's range: NetworkIP and NetworkRange of the file
	// as one prefix. Its address is always the network address.
	NetworkIP          netip.Prefix
	NetworkName        string
	BuildingName       string
	OwnershipType      string
	BuildingType       string
	BuildingOfficeType string
	City               string
	ZipCode            string
	Country            string
	State              string
	Region             string
	// InsideCorp marks the network as inside the corporate network: an
	// endpoint on it counts as Inside.
	InsideCorp   bool
	ExpressRoute bool
	// VPN makes CQD expand the row to every address rather than to /24s,
	// because VPNs report their clients' subnets inaccurately.
	VPN bool
	// Line is the row's line in the file it was read from (1-based), so
	// that a report can point back to it.
	Line int
}

// expansionUnit is the prefix length CQD expands a row to: /24 for IPv4
// (/64 for IPv6), every address for a VPN row.
func (b Building) expansionUnit() int {
	size, unit := 32, 24
	if b.NetworkIP.Addr().Is6() {
		size, unit = 128, 64
	}
	if b.VPN {
		return size
	}
	return unit
}

// saturatedRows stands for any expansion too large to matter: 2^63 or
// more.
const saturatedRows = 1 << 63

// ExpandedRows is how many rows CQD makes of the row when it expands the
// file (it accepts at most a million per file): one per /24 the range
// covers, at least one; every address for a VPN row. Counts of 2^63 or
// more are given as 2^63.
func (b Building) ExpandedRows() uint64 {
	shift := max(b.expansionUnit()-b.NetworkIP.Bits(), 0)
	if shift >= 63 {
		return saturatedRows
	}
	return 1 << shift
}

// Subnets yields the subnets the row maps, as call records name an
// endpoint's subnet (Graph's networkInfo.subnet, "10.1.2.0"): the network
// address of every /24 the range covers, or of the range itself when it
// is smaller; every address of a VPN row. This is CQD's expansion, which
// joins a record's subnet to the building file by equality.
func (b Building) Subnets() iter.Seq[string] {
	return func(yield func(string) bool) {
		p := b.NetworkIP.Masked()
		if !p.IsValid() {
			return
		}
		unit := b.expansionUnit()
		if p.Bits() >= unit {
			yield(p.Addr().String())
			return
		}
		for a := p.Addr(); p.Contains(a); {
			if !yield(a.String()) {
				return
			}
			next, ok := nextPrefix(a, unit)
			if !ok {
				return
			}
			a = next
		}
	}
}

// nextPrefix is the network address of the /bits prefix after the one
// that starts at a; ok is false past the end of the address space.
func nextPrefix(a netip.Addr, bits int) (netip.Addr, bool) {
	raw := a.AsSlice()
	// Add one at the last bit of the prefix, carrying to the left.
	byteIdx, bit := (bits-1)/8, 7-(bits-1)%8
	for i := byteIdx; i >= 0; i-- {
		var inc byte = 1
		if i == byteIdx {
			inc = 1 << bit
		}
		sum := uint16(raw[i]) + uint16(inc)
		raw[i] = byte(sum)
		if sum < 256 {
			next, _ := netip.AddrFromSlice(raw)
			return next, true
		}
	}
	return netip.Addr{}, false
}
