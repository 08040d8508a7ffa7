package gen

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// BenchmarkGenerate writes the default organization (200 people) for one
// week and for four: calls/s and the bytes allocated per call should not
// depend on how many calls there are. It also reports the size on disk
// per 1,000 calls.
func BenchmarkGenerate(b *testing.B) {
	for _, days := range []int{7, 28} {
		b.Run("days="+strconv.Itoa(days), func(b *testing.B) {
			b.ReportAllocs()
			var calls, bytes int
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				dir := b.TempDir()
				res, err := Generate(context.Background(), dir, Options{Seed: 1, Days: days, End: testEnd})
				if err != nil {
					b.Fatal(err)
				}
				calls += res.Calls
				bytes += diskSize(b, dir)
				b.StopTimer()
				os.RemoveAll(dir)
				b.StartTimer()
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(calls)/b.Elapsed().Seconds(), "calls/s")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(calls), "B/call")
			b.ReportMetric(float64(bytes)/float64(calls), "disk-B/call")
		})
	}
}

func diskSize(b *testing.B, dir string) int {
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		n += int(info.Size())
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}
