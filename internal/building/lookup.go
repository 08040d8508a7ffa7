package building

import (
	"net/netip"
	"slices"
	"sort"
	"strings"
)

// Map is a checked building file: rows sorted by address, none
// overlapping. It never changes after Parse, so it is safe for concurrent
// use. A nil *Map is an empty one, as a tenant without a building file
// has: every lookup misses, and every endpoint is Outside.
type Map struct {
	rows []Building
	// starts holds each row's first address, apart from the rows so that
	// a binary search touches a few cache lines rather than a row each.
	starts []netip.Addr
}

func newMap(rows []Building) *Map {
	m := &Map{rows: rows, starts: make([]netip.Addr, len(rows))}
	for i, b := range rows {
		m.starts[i] = b.NetworkIP.Addr()
	}
	return m
}

// Len is the number of rows.
func (m *Map) Len() int {
	if m == nil {
		return 0
	}
	return len(m.rows)
}

// All returns a copy of the rows, sorted by address (IPv4 first), as
// Write takes them to give the file back.
func (m *Map) All() []Building {
	if m == nil {
		return nil
	}
	return slices.Clone(m.rows)
}

// Lookup returns the row whose range holds addr. Ranges do not overlap,
// so there is at most one and a binary search finds it. An IPv4-mapped
// IPv6 address is looked up as IPv4, and a zone is ignored, as Graph and
// ACS may give either.
func (m *Map) Lookup(addr netip.Addr) (Building, bool) {
	if m == nil || !addr.IsValid() {
		return Building{}, false
	}
	addr = addr.Unmap().WithZone("")
	// The first row that starts after addr; the one before it is the
	// only candidate.
	i := sort.Search(len(m.starts), func(i int) bool { return m.starts[i].Compare(addr) > 0 })
	if i == 0 || !m.rows[i-1].NetworkIP.Contains(addr) {
		return Building{}, false
	}
	return m.rows[i-1], true
}

// LookupSubnet looks up a subnet as call records give it: Graph's
// networkInfo.subnet is a network address without a mask ("10.1.2.0"),
// looked up like any address. A subnet with a mask ("10.1.2.0/24") must
// lie wholly within one row. Anything else misses.
func (m *Map) LookupSubnet(s string) (Building, bool) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return Building{}, false
		}
		return m.Lookup(a)
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return Building{}, false
	}
	p = p.Masked()
	if p.Addr().Is4In6() { // ::ffff:10.1.2.0/120 is 10.1.2.0/24
		if p.Bits() < 96 {
			return Building{}, false
		}
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	b, ok := m.Lookup(p.Addr())
	if !ok || b.NetworkIP.Bits() > p.Bits() {
		return Building{}, false
	}
	return b, true
}
