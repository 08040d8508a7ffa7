package gen

import (
	"runtime"
	"testing"
	"time"
)

// Memory does not grow with the number of calls: after the first couple
// of thousand, the heap in use stays flat while twenty thousand more are
// written. Not parallel: the heap is the process's, and other tests'
// allocations would be counted; Go runs it before the parallel tests
// resume.
func TestMemoryStaysFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 20,000 calls")
	}
	const warm, sample = 2000, 2000
	var ms runtime.MemStats
	var atWarm, peak uint64
	opts := Options{Seed: 11, Users: 400, Days: 28, End: testEnd, Progress: func(n int) {
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
	if res.Calls < 20000 {
		t.Fatalf("only %d calls", res.Calls)
	}
	t.Logf("%d calls in %v; heap in use %.1f MiB after %d calls, at most %.1f MiB after",
		res.Calls, time.Since(start).Round(time.Millisecond), mib(atWarm), warm, mib(peak))
	if atWarm == 0 || peak > atWarm+4<<20 || peak > 32<<20 {
		t.Errorf("heap in use grew from %.1f MiB to %.1f MiB", mib(atWarm), mib(peak))
	}
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
