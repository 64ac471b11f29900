package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 100, 10000} {
		hits := make([]atomic.Int32, n)
		For(n, func(i int) { hits[i].Add(1) })
		for i := range hits {
			if h := hits[i].Load(); h != 1 {
				t.Fatalf("n=%d: step %d ran %d times", n, i, h)
			}
		}
	}
}

func TestMap(t *testing.T) {
	in := make([]int, 1000)
	for i := range in {
		in[i] = i
	}
	out := Map(in, func(x int) int { return x * x })
	for i, y := range out {
		if y != i*i {
			t.Fatalf("Map: out[%d] = %d, want %d", i, y, i*i)
		}
	}
}

// TestForRunsFewStepsSideBySide checks that a loop of as few steps as
// processors runs them at once (an index build's shards): each step waits
// for the other, which a loop on one goroutine would never start.
func TestForRunsFewStepsSideBySide(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	var arrived sync.WaitGroup
	arrived.Add(2)
	met := make([]bool, 2)
	For(2, func(i int) {
		arrived.Done()
		done := make(chan struct{})
		go func() { arrived.Wait(); close(done) }()
		select {
		case <-done:
			met[i] = true
		case <-time.After(10 * time.Second): // the other step never started
		}
	})
	if !met[0] || !met[1] {
		t.Fatalf("For(2, …) did not run its two steps side by side: %v", met)
	}
}
