package building_test

import (
	"bytes"
	"fmt"
	"net/netip"
	"testing"

	"github.com/callscope/callscope/internal/building"
)

// benchFile is a building file of n distinct /24s in 50-subnet buildings
// spread over ten cities, as a large tenant's file looks.
func benchFile(n int) []byte {
	var buf bytes.Buffer
	cities := []string{"Seattle", "New York", "London", "Berlin", "Sydney", "Tokyo", "Paris", "Madrid", "Toronto", "Dublin"}
	for i := range n {
		a, b, c := 10+i>>16, (i>>8)&0xff, i&0xff
		bld := fmt.Sprintf("B-%04d", i/50)
		city := cities[(i/50)%len(cities)]
		fmt.Fprintf(&buf, "%d.%d.%d.0,%s/%s-NET-%d,24,%s,Contoso,Office,Engineering,%s,98109,US,WA,NOAM,1,%d,0\n",
			a, b, c, city, bld, i%50, bld, city, i%2)
	}
	return buf.Bytes()
}

func BenchmarkParse(b *testing.B) {
	const rows = 100_000
	data := benchFile(rows)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := building.Parse(bytes.NewReader(data), "bench.csv")
		if err != nil || m.Len() != rows {
			b.Fatalf("parse: %v", err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkLookup(b *testing.B) {
	const rows = 100_000
	m, err := building.Parse(bytes.NewReader(benchFile(rows)), "bench.csv")
	if err != nil {
		b.Fatal(err)
	}
	// Hits and misses alike: every other address is past the file's end.
	addrs := make([]netip.Addr, 1024)
	for i := range addrs {
		n := uint32(i) * 2654435761 % (2 * rows << 8)
		addrs[i] = netip.AddrFrom4([4]byte{byte(10 + n>>24), byte(n >> 16), byte(n >> 8), byte(n)})
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Lookup(addrs[i%len(addrs)])
		i++
	}
}
