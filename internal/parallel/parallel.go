// Package parallel runs independent steps of a loop on every processor,
// for the index builds, whose work splits by document.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For calls fn(i) for every i in [0, n), on up to GOMAXPROCS goroutines
// (one a step at most) that take the next i as they finish the last. fn
// must be safe to call concurrently for different i. A loop of a few
// large steps, such as an index build's shards, runs them side by side:
// a goroutine costs microseconds, a step of a build seconds.
func For(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// Map returns fn applied to every element of in, in order, computed as
// For does.
func Map[T, U any](in []T, fn func(T) U) []U {
	out := make([]U, len(in))
	For(len(in), func(i int) { out[i] = fn(in[i]) })
	return out
}

// ForBatches calls fn(i) for every i in [0, n) as For does, batch steps at
// a time, and calls check before each batch: the first error check
// returns ends the loop and is returned. A long loop that a cancelled
// context must stop looks at the context that way between batches
// (check is ctx.Err, or a wrapper that also reports progress).
func ForBatches(n, batch int, check func() error, fn func(i int)) error {
	batch = max(batch, 1)
	for lo := 0; lo < n; lo += batch {
		if err := check(); err != nil {
			return err
		}
		For(min(batch, n-lo), func(j int) { fn(lo + j) })
	}
	return nil
}
