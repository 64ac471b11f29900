package ranksort

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// kernels are the kernels to test: each one this processor runs.
func kernels() map[string]func([]int64, int, []int64) {
	return available()
}

// TestSorts checks Int32s and Uint64s against slices.Sort with every
// kernel, on values with and without repeats, of every length up to
// past Max.
func TestSorts(t *testing.T) {
	saved := kernel
	defer func() { kernel, Available = saved, saved != nil }()
	r := rand.New(rand.NewPCG(1, 2))
	for name, k := range kernels() {
		kernel, Available = k, k != nil
		for round := range 3000 {
			n := round % (Max + 20)
			spread := uint64(1 + r.IntN(3*n+1))
			if round%3 == 0 {
				spread = 1 << 63
			}
			u := make([]uint64, n)
			s := make([]int32, n)
			for i := range u {
				u[i] = r.Uint64N(spread) ^ uint64(r.IntN(2))<<63
				s[i] = int32(r.Uint64N(spread)) - int32(spread/2)
			}
			wantU, wantS := slices.Clone(u), slices.Clone(s)
			slices.Sort(wantU)
			slices.Sort(wantS)
			Uint64s(u)
			Int32s(s)
			if !slices.Equal(u, wantU) {
				t.Fatalf("%s: Uint64s of %d: got %v, want %v", name, n, u, wantU)
			}
			if !slices.Equal(s, wantS) {
				t.Fatalf("%s: Int32s of %d: got %v, want %v", name, n, s, wantS)
			}
		}
	}
}

// BenchmarkInt32s sorts n distinct values with each kernel and with
// slices.Sort, from 1,024 different inputs in turn (a branch predictor
// learns fewer by heart, and then flatters comparison sorts).
func BenchmarkInt32s(b *testing.B) {
	saved := kernel
	defer func() { kernel, Available = saved, saved != nil }()
	for _, n := range []int{40, 100, 250} {
		r := rand.New(rand.NewPCG(3, uint64(n)))
		inputs := make([][]int32, 1024)
		for i := range inputs {
			inputs[i] = make([]int32, n)
			for j, p := range r.Perm(4 * n)[:n] {
				inputs[i][j] = int32(p)
			}
		}
		buf := make([]int32, n)
		for name, k := range kernels() {
			kernel, Available = k, k != nil
			b.Run(fmt.Sprintf("%s/n=%d", name, n), func(b *testing.B) {
				i := 0
				for b.Loop() {
					copy(buf, inputs[i%len(inputs)])
					Int32s(buf)
					i++
				}
			})
		}
	}
}
