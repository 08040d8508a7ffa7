package acsblob

import (
	"io"
	"testing"
)

// BenchmarkCompleteLines measures the splitter alone, on 16 MiB of
// ACS-sized JSON lines.
func BenchmarkCompleteLines(b *testing.B) {
	const size = 16 << 20
	b.ReportAllocs()
	b.SetBytes(size)
	for b.Loop() {
		c := newCompleteLines(&genLines{left: size}, nil)
		if _, err := io.Copy(io.Discard, c); err != nil {
			b.Fatal(err)
		}
	}
}
