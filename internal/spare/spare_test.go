package spare

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// counted records how often each step ran.
type counted struct {
	hits []atomic.Int32
	work time.Duration
}

func (c *counted) Step(i int) {
	if c.work > 0 {
		for t := time.Now(); time.Since(t) < c.work; {
		}
	}
	c.hits[i].Add(1)
}

func TestRunEachStepOnce(t *testing.T) {
	tests := []struct {
		name    string
		n       int
		work    time.Duration
		callers int
	}{
		{"none", 0, 0, 1},
		{"one", 1, 0, 1},
		{"many quick", 100, 0, 1},
		{"slow steps", 8, 50 * time.Microsecond, 1},
		{"concurrent callers", 20, 10 * time.Microsecond, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var wg sync.WaitGroup
			for range tt.callers {
				wg.Go(func() {
					for range 50 {
						Begin()
						c := &counted{hits: make([]atomic.Int32, tt.n), work: tt.work}
						Run(c, tt.n)
						End()
						for i := range c.hits {
							if h := c.hits[i].Load(); h != 1 {
								t.Errorf("step %d of %d ran %d times", i, tt.n, h)
								return
							}
						}
					}
				})
			}
			wg.Wait()
		})
	}
}

// panicky panics in its last step.
type panicky struct{ n int }

func (p panicky) Step(i int) {
	if i == p.n-1 {
		panic("boom")
	}
	time.Sleep(100 * time.Microsecond)
}

func TestRunPanicReachesCaller(t *testing.T) {
	for range 20 {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), "boom") {
					t.Fatalf("recovered %v, want the step's panic", r)
				}
			}()
			Run(panicky{n: 4}, 4)
		}()
	}
	// The helpers survive a step's panic.
	c := &counted{hits: make([]atomic.Int32, 10)}
	Run(c, 10)
	for i := range c.hits {
		if c.hits[i].Load() != 1 {
			t.Fatalf("after a panic, step %d ran %d times", i, c.hits[i].Load())
		}
	}
}

// spin is a step of fixed CPU work.
type spin struct{ d time.Duration }

func (s spin) Step(int) {
	for t := time.Now(); time.Since(t) < s.d; {
	}
}

// BenchmarkRun measures four 25 µs steps: about 100 µs inline, about 50
// µs when a processor is idle (the hand-off's cost is the difference).
func BenchmarkRun(b *testing.B) {
	Begin()
	defer End()
	for b.Loop() {
		Run(spin{25 * time.Microsecond}, 4)
	}
}
