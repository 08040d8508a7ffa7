package store

import (
	"runtime"
	"sync"
)

// OnEveryCore calls fn for every i below n, spread over every core, and
// returns once all calls are done: for the encoding and compressing of a
// batch that would otherwise keep the store's single writer busy while
// the other cores wait for it.
func OnEveryCore(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				fn(i)
			}
		})
	}
	wg.Wait()
}
