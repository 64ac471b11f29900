package dupes

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortedKeyed compares sortedKeyed with slices.SortFunc on hashed
// keys, repeated keys and keys that are not spread at all.
func TestSortedKeyed(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	gens := map[string]func() uint64{
		"mixed":   r.Uint64,
		"repeats": func() uint64 { return r.Uint64N(30) << 40 },
		"small":   func() uint64 { return r.Uint64N(100) },
	}
	for name, gen := range gens {
		for _, n := range []int{0, 1, 2, 17, 64, 1000, 20000} {
			in := make([]keyed, n)
			for i := range in {
				in[i] = keyed{gen(), r.Int32N(50)}
			}
			got := sortedKeyed(n, slices.Values(in))
			want := slices.SortedFunc(slices.Values(in), compareKeyed)
			if !slices.Equal(got, want) {
				t.Fatalf("%s, n=%d: not sorted as slices.SortFunc sorts", name, n)
			}
		}
	}
}
