package dupes

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/soudan-desk/soudan/index"
)

// TestShingleMapBound checks that commonBound is never below the common
// shingles of two sets, over sets of many sizes and overlaps, with
// shingles that share bits (sets of up to 12,000 in 8,192 bits).
func TestShingleMapBound(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	set := func(n int, from []uint64) []uint64 {
		s := slices.Clone(from)
		for len(s) < n {
			s = append(s, r.Uint64())
		}
		slices.Sort(s)
		return slices.Compact(s)
	}
	tight := 0
	for range 400 {
		common := set(r.IntN(3000), nil)
		a := set(minMapped+r.IntN(12000), common[:r.IntN(len(common)+1)])
		b := set(minMapped+r.IntN(12000), common[:r.IntN(len(common)+1)])
		ma, mb := newShingleMap(a), newShingleMap(b)
		want, got := index.Intersect(a, b), ma.commonBound(mb)
		if got < want {
			t.Fatalf("bound %d below the %d common shingles of sets of %d and %d", got, want, len(a), len(b))
		}
		if got == want {
			tight++
		}
	}
	if tight == 0 {
		t.Error("the bound is never exact: the test reaches no shared bits")
	}
	if newShingleMap(make([]uint64, minMapped-1)) != nil {
		t.Error("a small set got a map")
	}
}
