package parallel

import (
	"errors"
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

// TestForBatches checks that ForBatches runs every step once, checks
// before each batch, and stops at the first check that fails.
func TestForBatches(t *testing.T) {
	for _, tt := range []struct {
		n, batch, failAt int // failAt: the check that fails (0: none)
		checks, ran      int
	}{
		{n: 10, batch: 3, checks: 4, ran: 10},
		{n: 10, batch: 5, checks: 2, ran: 10},
		{n: 0, batch: 5, checks: 0, ran: 0},
		{n: 10, batch: 0, checks: 10, ran: 10},
		{n: 10, batch: 3, failAt: 2, checks: 2, ran: 3},
		{n: 10, batch: 3, failAt: 1, checks: 1, ran: 0},
	} {
		var ran atomic.Int64
		seen := make([]atomic.Int64, tt.n)
		checks := 0
		stop := errors.New("stop")
		err := ForBatches(tt.n, tt.batch, func() error {
			if checks++; checks == tt.failAt {
				return stop
			}
			return nil
		}, func(i int) { ran.Add(1); seen[i].Add(1) })
		if (tt.failAt > 0) != errors.Is(err, stop) || checks != tt.checks || int(ran.Load()) != tt.ran {
			t.Errorf("ForBatches(%d, %d) failing at check %d: error %v, %d checks, %d steps; want %d checks, %d steps",
				tt.n, tt.batch, tt.failAt, err, checks, ran.Load(), tt.checks, tt.ran)
		}
		for i := range seen {
			if tt.failAt == 0 && seen[i].Load() != 1 {
				t.Errorf("ForBatches(%d, %d): step %d ran %d times", tt.n, tt.batch, i, seen[i].Load())
			}
		}
	}
}
