package index

import (
	"math/rand"
	"slices"
	"testing"
)

// TestProjectExact checks that project, which adds four or two features a pass,
// gives the bits of adding them one at a time, for counts of every
// remainder by four.
func TestProjectExact(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	const rank, nf = 37, 300
	l := &Local{rank: rank, u: make([]float32, rank*nf)}
	for i := range l.u {
		l.u[i] = float32(rng.NormFloat64())
	}
	for _, n := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 61, 62, 63, 64} {
		var x sparseVec
		for _, f := range rng.Perm(nf)[:n] {
			x.idx = append(x.idx, int32(f))
			x.val = append(x.val, rng.Float64()*3)
		}
		want := make([]float32, rank)
		for a, f := range x.idx {
			w := float32(x.val[a])
			for k, u := range l.u[int(f)*rank : int(f+1)*rank] {
				want[k] += w * u
			}
		}
		if got := l.project(x); !slices.Equal(got, normalize(want)) {
			t.Errorf("%d features: project = %v, want %v", n, got, normalize(want))
		}
	}
}
