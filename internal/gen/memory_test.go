package gen

import (
	"runtime"
	"testing"
	"time"
)

// Memory does not grow with the number of calls: after the first
// thousand, the heap in use stays flat while seven thousand more are
// written, town halls of megabytes among them (each is built in memory
// once, and its buffers let go). Not parallel: the heap is the
// process's, and other tests' allocations would be counted; Go runs it
// before the parallel tests resume.
func TestMemoryStaysFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 8,000 calls, a gigabyte of JSON")
	}
	const warm, sample = 1000, 1000
	var ms runtime.MemStats
	var atWarm, peak uint64
	opts := Options{Seed: 11, Users: 400, Days: 10, End: testEnd, Progress: func(n int) {
		if n%sample != 0 {
			return
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		if n == warm {
			atWarm = ms.HeapInuse
		}
		if n > warm {
			peak = max(peak, ms.HeapInuse)
		}
	}}
	start := time.Now()
	_, res := generate(t, opts)
	if res.Calls < 8000 || res.RecordBytes.Max < 1<<20 {
		t.Fatalf("only %d calls, the largest record %d bytes", res.Calls, res.RecordBytes.Max)
	}
	t.Logf("%d calls in %v; heap in use %.1f MiB after %d calls, at most %.1f MiB after",
		res.Calls, time.Since(start).Round(time.Millisecond), mib(atWarm), warm, mib(peak))
	if atWarm == 0 || peak > atWarm+4<<20 || peak > 32<<20 {
		t.Errorf("heap in use grew from %.1f MiB to %.1f MiB", mib(atWarm), mib(peak))
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
