// Package building reads CQD's building (tenant) data file
// (quality-definitions §3.6), checks it the way CQD's upload does, and maps
// the subnets of call records to buildings, which is what turns a subnet
// into "Inside" or "Outside" and a city, country and region.
//
// The file has no header row, 15 columns in a fixed order (see Columns),
// separated by commas (.csv) or TABs (.tsv); the first data line decides
// which (see detectDelimiter), whatever the file is called. Quoting follows
// RFC 4180 within a line: a field that starts with a double quote ends at
// the next lone one, and "" inside it is one quote; a quote elsewhere is
// an ordinary character. A UTF-8 byte-order mark, CRLF line ends, blank
// lines and spaces around fields are accepted, because Excel and hand
// edits produce them. A first line that holds column names instead of an
// address and a prefix length is reported as a header. What cannot be
// read as CQD means it is refused: UTF-16 files, values that span lines
// or hold a carriage return, invalid UTF-8.
//
// Parse reports every problem of a file at once, each with its line and
// column, in one *Error, so that whoever fixes the file fixes it in one go
// rather than one upload at a time.
//
// Where the reference is silent, this package decides:
//
//   - Empty names. NetworkName and BuildingName are "required" only by the
//     CQD templates, not by CQD itself, so an empty one is accepted and kept
//     empty; reports show the subnet under an empty building name.
//   - Prefix lengths. IPv4 rows take 8 to 32 bits: supernets of 8 to 28
//     bits as the reference allows, and /29 to /32 as ordinary (small)
//     subnets, which the VPN advice of one /32 per address needs.
//   - IPv6. CQD leaves its Subnet column blank for IPv6, so CQD itself never
//     maps an IPv6 row; they are accepted here so that callscope can place
//     IPv6 clients. The rule mirrors IPv4 with /64 as the unit subnet
//     instead of /24: 48 to 128 bits, that is supernets of up to 16 bits
//     over a /64, like /8 over a /24. IPv4-mapped addresses (::ffff:a.b.c.d)
//     and zones are rejected: write the IPv4 address as such.
//   - Expansion count. CQD expands NetworkIP + NetworkRange and rejects a
//     file of more than MaxExpandedRows expanded rows. A VPN row (VPN = 1)
//     expands to every address, 2^(32-prefix); any other row to the /24
//     subnets it covers, at least one (for IPv6, /64s and 2^(128-prefix)).
//   - Overlap. Two rows whose ranges share any address overlap, exact
//     duplicates included; both line numbers are reported, on the later
//     line. Because ranges never overlap, at most one row holds an address
//     and a lookup is a binary search.
//   - Lookup is by containment: an address or subnet belongs to the row
//     whose range holds it. CQD joins the exact expanded strings instead,
//     so a call subnet such as 10.1.2.128 (a /25 client) inside a non-VPN
//     10.1.2.0/24 row matches here but not in CQD.
package building
