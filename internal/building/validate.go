package building

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Prefix lengths a row may have (see the package documentation).
const (
	minBits4, maxBits4 = 8, 32
	minBits6, maxBits6 = 48, 128
)

// row checks the 15 fields of line n. It returns the row whenever its
// range is valid, even if another field is not, so that overlaps and the
// expansion count cover every row that has a range; ok reports that.
func (p *parser) row(n int, f [][]byte) (b Building, ok bool) {
	bad := func(col int, msg string) { p.probs.add(n, columns[col], msg) }

	addr, addrOK := parseAddr(f[colNetworkIP])
	if !addrOK {
		bad(colNetworkIP, addrProblem(f[colNetworkIP]))
	}
	lo, hi := minBits4, maxBits4
	if addr.Unmap().Is6() { // the family the user meant, even if refused
		lo, hi = minBits6, maxBits6
	}
	bits, msg := parseBits(f[colNetworkRange], lo, hi)
	if msg != "" {
		bad(colNetworkRange, msg)
	}
	if addrOK && msg == "" {
		b.NetworkIP = netip.PrefixFrom(addr, bits)
		if m := b.NetworkIP.Masked(); m.Addr() != addr {
			bad(colNetworkIP, fmt.Sprintf("%s has host bits set under /%d: want the network address %s", quote(f[colNetworkIP]), bits, m.Addr()))
			b.NetworkIP = netip.Prefix{}
		}
	}

	var bools [3]bool
	for i, col := range []int{colInsideCorp, colExpressRoute, colVPN} {
		v := f[col]
		switch {
		case len(v) == 0 && col == colVPN:
		case len(v) == 0:
			bad(col, "empty: want 0 or 1 (required)")
		case len(v) == 1 && (v[0] == '0' || v[0] == '1'):
			bools[i] = v[0] == '1'
		default:
			bad(col, quote(v)+" is not a boolean: want 0 or 1")
		}
	}

	if !b.NetworkIP.IsValid() {
		return Building{}, false
	}
	b.InsideCorp, b.ExpressRoute, b.VPN = bools[0], bools[1], bools[2]
	b.NetworkName = string(f[colNetworkName]) // mostly one per row: not worth sharing
	b.BuildingName = p.str(f[colBuildingName])
	b.OwnershipType = p.str(f[colOwnershipType])
	b.BuildingType = p.str(f[colBuildingType])
	b.BuildingOfficeType = p.str(f[colBuildingOfficeType])
	b.City = p.str(f[colCity])
	b.ZipCode = p.str(f[colZipCode])
	b.Country = p.str(f[colCountry])
	b.State = p.str(f[colState])
	b.Region = p.str(f[colRegion])
	b.Line = n
	return b, true
}

// parseAddr accepts a plain IPv4 or IPv6 address: no zone, and no
// IPv4-mapped IPv6 form, which would make the prefix length ambiguous.
// A refused address that parses is still returned, for its family.
func parseAddr(f []byte) (netip.Addr, bool) {
	a, err := netip.ParseAddr(string(f))
	return a, err == nil && a.Zone() == "" && !a.Is4In6()
}

// addrProblem says why parseAddr refused f, in the terms of the file.
func addrProblem(f []byte) string {
	if len(f) == 0 {
		return "empty: want a network address such as 192.168.1.0 (required)"
	}
	if p, err := netip.ParsePrefix(string(f)); err == nil {
		return fmt.Sprintf("%s is not an address but a prefix: put %s in NetworkIP and %d in NetworkRange", quote(f), p.Addr(), p.Bits())
	}
	if a, err := netip.ParseAddr(string(f)); err == nil {
		if a.Zone() != "" {
			return quote(f) + " has a zone: want a network address without %zone"
		}
		return fmt.Sprintf("%s is an IPv4-mapped IPv6 address: write it as %s", quote(f), a.Unmap())
	}
	return quote(f) + " is not an IP address: want a network address such as 192.168.1.0"
}

// parseBits reads a prefix length of lo to hi bits, digits only.
func parseBits(f []byte, lo, hi int) (int, string) {
	want := func() string { return "want " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi) }
	if len(f) == 0 {
		return 0, "empty: want a prefix length, " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi) + " (required)"
	}
	bits := 0
	for _, c := range f {
		if c < '0' || c > '9' || bits > maxBits6 {
			return 0, quote(f) + " is not a prefix length: " + want()
		}
		bits = bits*10 + int(c-'0')
	}
	switch {
	case bits > hi:
		return 0, quote(f) + " is not a prefix length: " + want()
	case bits < lo && hi == maxBits4:
		return 0, fmt.Sprintf("/%d is wider than CQD allows: supernets take 8 to 28 bits, subnets up to 32; %s", bits, want())
	case bits < lo:
		return 0, fmt.Sprintf("/%d is wider than allowed for IPv6: supernets take 48 to 64 bits, subnets up to 128; %s", bits, want())
	}
	return bits, ""
}

// rangeProblem says why Parse would refuse p as a row's range, or "".
func rangeProblem(p netip.Prefix) string {
	a := p.Addr()
	lo, hi := minBits4, maxBits4
	if a.Is6() {
		lo, hi = minBits6, maxBits6
	}
	switch {
	case !p.IsValid():
		return "no range"
	case a.Zone() != "" || a.Is4In6():
		return a.String() + " has a zone or is IPv4-mapped"
	case p.Bits() < lo || p.Bits() > hi:
		return fmt.Sprintf("/%d is not a prefix length: want %d to %d", p.Bits(), lo, hi)
	case p.Masked() != p:
		return fmt.Sprintf("%s has host bits set: want %s", p, p.Masked())
	}
	return ""
}

// quote shows a value in a message: quoted, and cut short if long, so that
// one bad line cannot make the error huge.
func quote(f []byte) string {
	const long = 40
	if len(f) <= long {
		return strconv.Quote(string(f))
	}
	cut := long
	for cut > 0 && !utf8.RuneStart(f[cut]) {
		cut--
	}
	return strconv.Quote(string(f[:cut])) + "…"
}

// keep counts the row's expansion and keeps it, until the file is past
// the expansion limit: such a file is rejected anyway, and keeping rows
// would let it take unbounded memory. Later lines are still checked.
func (p *parser) keep(b Building) {
	if p.expansion.add(b) {
		p.rows = append(p.rows, b)
	}
}

// checkOverlaps sorts the rows by address and reports every row that
// shares addresses with another. CIDR ranges either nest or are disjoint,
// so after sorting by first address, widest first, a row overlaps an
// earlier one exactly when the last row not itself overlapping (the
// cover) contains its first address: one pass, O(n log n) in all.
func (p *parser) checkOverlaps() {
	slices.SortFunc(p.rows, func(a, b Building) int {
		if c := a.NetworkIP.Addr().Compare(b.NetworkIP.Addr()); c != 0 {
			return c
		}
		if c := a.NetworkIP.Bits() - b.NetworkIP.Bits(); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	cover := -1
	for i := range p.rows {
		r := &p.rows[i]
		if cover < 0 || !p.rows[cover].NetworkIP.Contains(r.NetworkIP.Addr()) {
			cover = i
			continue
		}
		later, earlier := r, &p.rows[cover]
		if later.Line < earlier.Line {
			later, earlier = earlier, later
		}
		same := ""
		if later.NetworkIP == earlier.NetworkIP {
			same = ", the same range"
		}
		p.probs.add(later.Line, columns[colNetworkIP], fmt.Sprintf("line %d (%s) overlaps line %d (%s%s): ranges must not overlap",
			later.Line, later.NetworkIP, earlier.Line, earlier.NetworkIP, same))
	}
}

// checkExpansion reports a file that expands to more rows than CQD takes,
// naming the row that weighs most when one row is more than one.
func (p *parser) checkExpansion() {
	e := &p.expansion
	if e.total <= MaxExpandedRows {
		return
	}
	msg := fmt.Sprintf("expands to %s rows, more than the %s CQD accepts "+
		"(a row counts one per /24 it covers, /64 for IPv6, a VPN row one per address)", count(e.total), count(MaxExpandedRows))
	if e.largestN > 1 {
		msg += fmt.Sprintf("; the largest is line %d (%s, %s rows)", e.largest.Line, e.largest.NetworkIP, count(e.largestN))
	}
	p.probs.add(0, "", msg)
}

// expansion counts expanded rows (model.Building.ExpandedRows: one per
// /24 covered, /64 for IPv6, every address of a VPN row), saturating
// rather than overflowing.
type expansion struct {
	total    uint64
	largest  Building
	largestN uint64
}

// saturated stands for any count too large to matter: 2^63 or more, as
// model.Building.ExpandedRows gives it.
const saturated = 1 << 63

// add counts b and reports whether the total is still within the limit.
func (e *expansion) add(b Building) bool {
	n := b.ExpandedRows() // the store expands rows by the same rule
	if n > e.largestN {
		e.largest, e.largestN = b, n
	}
	if n >= saturated-e.total { // both ≤ 2^63, so the sum could wrap
		e.total = saturated
	} else {
		e.total += n
	}
	return e.total <= MaxExpandedRows
}

// count writes n with thousands separators, as the reference writes its
// limit.
func count(n uint64) string {
	if n >= saturated {
		return "at least 9,223,372,036,854,775,808"
	}
	s := strconv.FormatUint(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
