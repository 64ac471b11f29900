package parallel

import (
	"sync/atomic"
	"testing"
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
