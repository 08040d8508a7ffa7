package building_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/callscope/callscope/internal/building"
)

// base is a valid row; with swaps it into one column by name.
const base = "10.1.2.0,USA/Seattle/SEA-1,24,SEA-1,Contoso,Office,Engineering,Seattle,98109,US,WA,NOAM,1,0,0"

func with(pairs ...string) string {
	fields := strings.Split(base, ",")
	for i := 0; i+1 < len(pairs); i += 2 {
		idx := -1
		for j, c := range building.Columns() {
			if c == pairs[i] {
				idx = j
			}
		}
		if idx < 0 {
			panic("no column " + pairs[i])
		}
		fields[idx] = pairs[i+1]
	}
	return strings.Join(fields, ",")
}

// describe shows a parsed row compactly: range, names, the three flags.
func describe(b building.Building) string {
	flag := func(v bool) string {
		if v {
			return "1"
		}
		return "0"
	}
	return fmt.Sprintf("%s %q %q %s%s%s", b.NetworkIP, b.NetworkName, b.BuildingName, flag(b.InsideCorp), flag(b.ExpressRoute), flag(b.VPN))
}

// parseOne parses in and returns its rows, described, or the error text.
func parseOne(in string) string {
	m, err := building.Parse(strings.NewReader(in), "t.csv")
	if err != nil {
		return err.Error()
	}
	var out []string
	for _, b := range m.All() {
		out = append(out, describe(b))
	}
	return strings.Join(out, "; ")
}

func TestParseRow(t *testing.T) {
	t.Parallel()
	f := func(in, want string) {
		t.Helper()
		if got := parseOne(in); got != want {
			t.Errorf("Parse(%q):\n got  %s\n want %s", in, got, want)
		}
	}
	ok := `10.1.2.0/24 "USA/Seattle/SEA-1" "SEA-1" 100`

	// The format.
	f(base, ok)
	f(base+"\n", ok)
	f(base+"\r\n", ok)
	f("\ufeff"+base+"\r\n", ok)
	f(base+"\n\n\r\n  \n", ok)
	f("\n\n"+base, ok)
	f(strings.ReplaceAll(base, ",", "\t"), ok)
	f(strings.ReplaceAll(base, ",", " , "), ok)
	f(strings.ReplaceAll(base, ",", " \t "), ok)
	f(with("NetworkName", `"USA/Seattle/SEA-1"`), ok)
	f(with("NetworkName", ` "USA/Seattle/SEA-1" `), ok)
	f(with("NetworkName", `"Seattle, ""HQ"""`), `10.1.2.0/24 "Seattle, \"HQ\"" "SEA-1" 100`)
	f(with("NetworkName", `" padded "`), `10.1.2.0/24 " padded " "SEA-1" 100`)
	f(with("NetworkName", `5" pipe`), `10.1.2.0/24 "5\" pipe" "SEA-1" 100`)
	f(with("NetworkName", "\"tab\tinside\""), `10.1.2.0/24 "tab\tinside" "SEA-1" 100`)
	f(with("NetworkName", "Zürich–Oerlikon"), `10.1.2.0/24 "Zürich–Oerlikon" "SEA-1" 100`)
	f(with("NetworkName", "", "BuildingName", ""), `10.1.2.0/24 "" "" 100`)
	f(with("NetworkName", `""`), `10.1.2.0/24 "" "SEA-1" 100`)

	// NetworkIP.
	f(with("NetworkIP", ""), `t.csv:1: NetworkIP: empty: want a network address such as 192.168.1.0 (required)`)
	f(with("NetworkIP", "10.1.2"), `t.csv:1: NetworkIP: "10.1.2" is not an IP address: want a network address such as 192.168.1.0`)
	f(with("NetworkIP", "010.1.2.0"), `t.csv:1: NetworkIP: "010.1.2.0" is not an IP address: want a network address such as 192.168.1.0`)
	f(with("NetworkIP", "seattle"), `t.csv:1: NetworkIP: "seattle" is not an IP address: want a network address such as 192.168.1.0`)
	f(with("NetworkIP", "10.1.2.0/24"), `t.csv:1: NetworkIP: "10.1.2.0/24" is not an address but a prefix: put 10.1.2.0 in NetworkIP and 24 in NetworkRange`)
	f(with("NetworkIP", "10.1.0.5"), `t.csv:1: NetworkIP: "10.1.0.5" has host bits set under /24: want the network address 10.1.0.0`)
	f(with("NetworkIP", "10.1.2.1", "NetworkRange", "31"), `t.csv:1: NetworkIP: "10.1.2.1" has host bits set under /31: want the network address 10.1.2.0`)
	f(with("NetworkIP", "10.1.2.1", "NetworkRange", "32"), `10.1.2.1/32 "USA/Seattle/SEA-1" "SEA-1" 100`)
	f(with("NetworkIP", "::ffff:10.1.2.0"), `t.csv:1: NetworkIP: "::ffff:10.1.2.0" is an IPv4-mapped IPv6 address: write it as 10.1.2.0`)
	f(with("NetworkIP", "fe80::%eth0", "NetworkRange", "64"), `t.csv:1: NetworkIP: "fe80::%eth0" has a zone: want a network address without %zone`)

	// NetworkRange: supernets of 8 to 28 bits, subnets up to 32.
	f(with("NetworkRange", ""), `t.csv:1: NetworkRange: empty: want a prefix length, 8 to 32 (required)`)
	f(with("NetworkIP", "10.0.0.0", "NetworkRange", "7"), `t.csv:1: NetworkRange: /7 is wider than CQD allows: supernets take 8 to 28 bits, subnets up to 32; want 8 to 32`)
	f(with("NetworkIP", "0.0.0.0", "NetworkRange", "0"), `t.csv:1: NetworkRange: /0 is wider than CQD allows: supernets take 8 to 28 bits, subnets up to 32; want 8 to 32`)
	f(with("NetworkIP", "10.0.0.0", "NetworkRange", "8"), `10.0.0.0/8 "USA/Seattle/SEA-1" "SEA-1" 100`)
	f(with("NetworkRange", "28"), `10.1.2.0/28 "USA/Seattle/SEA-1" "SEA-1" 100`)
	f(with("NetworkRange", "29"), `10.1.2.0/29 "USA/Seattle/SEA-1" "SEA-1" 100`)
	f(with("NetworkRange", "32"), `10.1.2.0/32 "USA/Seattle/SEA-1" "SEA-1" 100`)
	f(with("NetworkRange", "33"), `t.csv:1: NetworkRange: "33" is not a prefix length: want 8 to 32`)
	f(with("NetworkRange", "024"), ok)
	f(with("NetworkRange", "24.0"), `t.csv:1: NetworkRange: "24.0" is not a prefix length: want 8 to 32`)
	f(with("NetworkRange", "+24"), `t.csv:1: NetworkRange: "+24" is not a prefix length: want 8 to 32`)
	f(with("NetworkRange", "/24"), `t.csv:1: NetworkRange: "/24" is not a prefix length: want 8 to 32`)
	f(with("NetworkRange", "255.255.255.0"), `t.csv:1: NetworkRange: "255.255.255.0" is not a prefix length: want 8 to 32`)
	f(with("NetworkRange", "99999999999999999999"), `t.csv:1: NetworkRange: "99999999999999999999" is not a prefix length: want 8 to 32`)

	// IPv6: 48 to 128 bits.
	f(with("NetworkIP", "2001:db8::", "NetworkRange", "64"), `2001:db8::/64 "USA/Seattle/SEA-1" "SEA-1" 100`)
	f(with("NetworkIP", "2001:db8::", "NetworkRange", "48"), `2001:db8::/48 "USA/Seattle/SEA-1" "SEA-1" 100`)
	f(with("NetworkIP", "2001:db8::1", "NetworkRange", "128"), `2001:db8::1/128 "USA/Seattle/SEA-1" "SEA-1" 100`)
	f(with("NetworkIP", "2001:db8::", "NetworkRange", "47"), `t.csv:1: NetworkRange: /47 is wider than allowed for IPv6: supernets take 48 to 64 bits, subnets up to 128; want 48 to 128`)
	f(with("NetworkIP", "2001:db8::", "NetworkRange", "129"), `t.csv:1: NetworkRange: "129" is not a prefix length: want 48 to 128`)
	f(with("NetworkIP", "2001:db8::1", "NetworkRange", "64"), `t.csv:1: NetworkIP: "2001:db8::1" has host bits set under /64: want the network address 2001:db8::`)

	// Booleans: 0 or 1; VPN may be empty.
	f(with("InsideCorp", "0", "ExpressRoute", "1", "VPN", "1"), `10.1.2.0/24 "USA/Seattle/SEA-1" "SEA-1" 011`)
	f(with("VPN", ""), ok)
	f(with("InsideCorp", ""), `t.csv:1: InsideCorp: empty: want 0 or 1 (required)`)
	f(with("ExpressRoute", ""), `t.csv:1: ExpressRoute: empty: want 0 or 1 (required)`)
	f(with("InsideCorp", "yes"), `t.csv:1: InsideCorp: "yes" is not a boolean: want 0 or 1`)
	f(with("InsideCorp", "TRUE"), `t.csv:1: InsideCorp: "TRUE" is not a boolean: want 0 or 1`)
	f(with("ExpressRoute", "01"), `t.csv:1: ExpressRoute: "01" is not a boolean: want 0 or 1`)
	f(with("VPN", "2"), `t.csv:1: VPN: "2" is not a boolean: want 0 or 1`)
	f(with("VPN", "-1"), `t.csv:1: VPN: "-1" is not a boolean: want 0 or 1`)

	// Every problem of a row, in column order (not a header: ExpressRoute
	// and VPN hold digits).
	f(with("NetworkIP", "x", "NetworkRange", "y", "InsideCorp", "z"), "t.csv:1: NetworkIP: \"x\" is not an IP address: want a network address such as 192.168.1.0\n"+
		"t.csv:1: NetworkRange: \"y\" is not a prefix length: want 8 to 32\n"+
		"t.csv:1: InsideCorp: \"z\" is not a boolean: want 0 or 1")

	// Rows.
	f("", `t.csv: no rows: a building file needs at least one`)
	f("\r\n \n", `t.csv: no rows: a building file needs at least one`)
	f(",,,,,,,,,,,,,,", `t.csv:1: empty row (delimiters only): delete it`)
	f(base+",", `t.csv:1: want 15 columns separated by commas, got 16 (the file is read as CSV, judging by its first row); the extra ones are empty: remove the delimiters at the end of the line`)
	f(strings.TrimSuffix(base, ",0"), `t.csv:1: want 15 columns separated by commas, got 14 (the file is read as CSV, judging by its first row)`)
	f(strings.ReplaceAll(base, ",", ";"), `t.csv:1: want 15 columns separated by commas, got 1 (the file is read as CSV, judging by its first row)`)
	f(with("NetworkName", `"Seattle`), `t.csv:1: NetworkName: quoted value is not closed: a value cannot span lines`)
	f(with("NetworkName", `"Seattle"x`), `t.csv:1: NetworkName: text after the closing quote: want a comma; write a quote inside a quoted value as ""`)
	f(with("BuildingName", "SEA\r1"), `t.csv:1: BuildingName: holds a carriage return (CR): a value cannot span lines`)
	f(with("BuildingName", "\"SEA\r1\""), `t.csv:1: BuildingName: holds a carriage return (CR): a value cannot span lines`)
	f(base+"\r"+base+"\r", `t.csv:1: want 15 columns separated by commas, got 29 (the file is read as CSV, judging by its first row); the line holds carriage returns: save the file with CRLF or LF line ends, not CR alone`)
	f(with("BuildingName", "SEA-\xff"), `t.csv:1: BuildingName: not valid UTF-8: save the file as UTF-8`)
	f("Network IP,Name,Range,Building,,,,,,,,,Inside Corp,Express Route,VPN\n"+base, `t.csv:1: looks like a header row ("Network IP", "Name", "Range", …): the file must have no header, CQD reads the first line as data; delete it`)
	f("NetworkIP,NetworkName,NetworkRange,BuildingName", `t.csv:1: looks like a header row ("NetworkIP", "NetworkName", "NetworkRange", …): the file must have no header, CQD reads the first line as data; delete it`)
	f("Subnet\tName\tMask\n"+base, `t.csv:1: looks like a header row ("Subnet", "Name", "Mask"): the file must have no header, CQD reads the first line as data; delete it`+
		"\n"+`t.csv:2: want 15 columns separated by TABs, got 1 (the file is read as TSV, judging by its first row)`)
	f(base+"\n"+strings.ReplaceAll(with("NetworkIP", "10.1.3.0"), ",", "\t"), `t.csv:2: want 15 columns separated by commas, got 1 (the file is read as CSV, judging by its first row)`)
	f("\xff\xfe1\x000\x00", `t.csv:1: the file is UTF-16 (Excel's "Unicode Text"): save it as UTF-8, CSV UTF-8 or plain text`)
	f(strings.Repeat("x", 70_000)+"\n"+base, `t.csv:1: line is longer than 65536 bytes: not a building file row`)
	f(base+"\n"+strings.Repeat("x", 70_000), `t.csv:2: line is longer than 65536 bytes: not a building file row`)

	// Overlaps, reported on the later line with both.
	f(base+"\n"+base, `t.csv:2: NetworkIP: line 2 (10.1.2.0/24) overlaps line 1 (10.1.2.0/24, the same range): ranges must not overlap`)
	f(base+"\n"+with("NetworkIP", "10.1.0.0", "NetworkRange", "22"), `t.csv:2: NetworkIP: line 2 (10.1.0.0/22) overlaps line 1 (10.1.2.0/24): ranges must not overlap`)
	f(with("NetworkIP", "10.1.0.0", "NetworkRange", "22")+"\n"+base, `t.csv:2: NetworkIP: line 2 (10.1.2.0/24) overlaps line 1 (10.1.0.0/22): ranges must not overlap`)
	f(base+"\n"+with("NetworkIP", "10.1.2.255", "NetworkRange", "32"), `t.csv:2: NetworkIP: line 2 (10.1.2.255/32) overlaps line 1 (10.1.2.0/24): ranges must not overlap`)
	f(base+"\n"+with("NetworkIP", "10.1.3.0"), `10.1.2.0/24 "USA/Seattle/SEA-1" "SEA-1" 100; 10.1.3.0/24 "USA/Seattle/SEA-1" "SEA-1" 100`)
	f(base+"\n"+with("NetworkIP", "10.1.1.255", "NetworkRange", "32"), `10.1.1.255/32 "USA/Seattle/SEA-1" "SEA-1" 100; 10.1.2.0/24 "USA/Seattle/SEA-1" "SEA-1" 100`)
	// A row with another problem still takes part in the overlap check.
	f(base+"\n"+with("InsideCorp", "x"), "t.csv:2: InsideCorp: \"x\" is not a boolean: want 0 or 1\n"+
		"t.csv:2: NetworkIP: line 2 (10.1.2.0/24) overlaps line 1 (10.1.2.0/24, the same range): ranges must not overlap")
}

// The expansion limit: VPN rows count every address, others every /24.
func TestExpansion(t *testing.T) {
	t.Parallel()
	rows := func(n int, prefix, vpn string) string {
		var sb strings.Builder
		for i := range n {
			fmt.Fprintln(&sb, with("NetworkIP", fmt.Sprintf("%d.0.0.0", 10+i), "NetworkRange", prefix, "VPN", vpn))
		}
		return sb.String()
	}
	f := func(in, want string) {
		t.Helper()
		got := parseOne(in)
		if want == "" && strings.Contains(got, "expands") || want != "" && got != want {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
	f(rows(15, "8", "0"), "") // 15 × 65,536 = 983,040
	f(rows(16, "8", "0"), "t.csv: expands to 1,048,576 rows, more than the 1,000,000 CQD accepts (a row counts one per /24 it covers, /64 for IPv6, a VPN row one per address); the largest is line 1 (10.0.0.0/8, 65,536 rows)")
	f(rows(15, "16", "1"), "") // 15 × 65,536 addresses
	f(rows(16, "16", "1"), "t.csv: expands to 1,048,576 rows, more than the 1,000,000 CQD accepts (a row counts one per /24 it covers, /64 for IPv6, a VPN row one per address); the largest is line 1 (10.0.0.0/16, 65,536 rows)")
	f(rows(1, "8", "1"), "t.csv: expands to 16,777,216 rows, more than the 1,000,000 CQD accepts (a row counts one per /24 it covers, /64 for IPv6, a VPN row one per address); the largest is line 1 (10.0.0.0/8, 16,777,216 rows)")
	f(rows(1, "12", "1"), "t.csv: expands to 1,048,576 rows, more than the 1,000,000 CQD accepts (a row counts one per /24 it covers, /64 for IPv6, a VPN row one per address); the largest is line 1 (10.0.0.0/12, 1,048,576 rows)")
	f(with("NetworkIP", "2001:db8::", "NetworkRange", "48", "VPN", "1"), "t.csv: expands to at least 9,223,372,036,854,775,808 rows, more than the 1,000,000 CQD accepts (a row counts one per /24 it covers, /64 for IPv6, a VPN row one per address); the largest is line 1 (2001:db8::/48, at least 9,223,372,036,854,775,808 rows)")
	f(with("NetworkIP", "2001:db8::", "NetworkRange", "48"), "") // 65,536 /64s
	// Counts saturate rather than wrap back under the limit.
	f(with("NetworkIP", "2001:db8::", "NetworkRange", "48", "VPN", "1")+"\n"+with("NetworkIP", "2001:db8:1::", "NetworkRange", "48", "VPN", "1"),
		"t.csv: expands to at least 9,223,372,036,854,775,808 rows, more than the 1,000,000 CQD accepts (a row counts one per /24 it covers, /64 for IPv6, a VPN row one per address); the largest is line 1 (2001:db8::/48, at least 9,223,372,036,854,775,808 rows)")
}

// At most MaxProblems problems are listed; the rest are counted.
func TestProblemCap(t *testing.T) {
	t.Parallel()
	var sb strings.Builder
	for i := range 250 {
		fmt.Fprintln(&sb, with("NetworkIP", fmt.Sprintf("10.1.%d.0", i), "InsideCorp", "2"))
	}
	_, err := building.Parse(strings.NewReader(sb.String()), "t.csv")
	var e *building.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v is not a *building.Error", err, err)
	}
	if len(e.Problems) != building.MaxProblems || e.More != 150 || e.File != "t.csv" {
		t.Fatalf("%d problems, %d more, file %q; want %d, 150, t.csv", len(e.Problems), e.More, e.File, building.MaxProblems)
	}
	for i, p := range e.Problems {
		if p.Line != i+1 || p.Field != "InsideCorp" {
			t.Fatalf("problem %d is %+v", i, p)
		}
	}
	if msg := err.Error(); !strings.HasSuffix(msg, "\nt.csv: … and 150 more problems") {
		t.Errorf("error does not end in the count: …%s", msg[len(msg)-80:])
	}
}

// Lines are counted as the file has them: blank lines too.
func TestLineNumbers(t *testing.T) {
	t.Parallel()
	in := "\r\n" + base + "\r\n\r\n" + with("NetworkIP", "10.1.3.0") + "\r\n"
	m, err := building.Parse(strings.NewReader(in), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	got := []int{}
	for _, b := range m.All() {
		got = append(got, b.Line)
	}
	if fmt.Sprint(got) != "[2 4]" {
		t.Errorf("lines %v, want [2 4]", got)
	}
}

// A reader's failure is returned as such, not as a problem of the file.
func TestReadError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	_, err := building.Parse(&failingReader{data: base + "\n", err: boom}, "t.csv")
	if !errors.Is(err, boom) || err.Error() != "read t.csv: boom" {
		t.Errorf("got %v, want read t.csv: boom", err)
	}
}

type failingReader struct {
	data string
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}
