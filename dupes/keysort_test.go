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
		for _, n := range []int{0, 1, 2, 17, 64, 1000, 20000, 70000} {
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

// BenchmarkSortedKeyed sorts 2,000,000 hashed keys, as the anchor index of
// about 20,000 entries holds, against slices.SortFunc.
func BenchmarkSortedKeyed(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	in := make([]keyed, 2_000_000)
	for i := range in {
		in[i] = keyed{r.Uint64(), int32(i / 100)}
	}
	b.Run("sort=buckets", func(b *testing.B) {
		for b.Loop() {
			sortedKeyed(len(in), slices.Values(in))
		}
	})
	b.Run("sort=slices", func(b *testing.B) {
		for b.Loop() {
			slices.SortFunc(slices.Clone(in), compareKeyed)
		}
	})
}

// TestSortIDs compares sortIDs with slices.Sort on short and long lists
// of small and large ids.
func TestSortIDs(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, top := range []int32{1, 200, 70000, 1 << 30} {
		for _, n := range []int{0, 1, 127, 128, 129, 1000, 5000} {
			ids := make([]int32, n)
			for i := range ids {
				ids[i] = r.Int32N(top)
			}
			want := slices.Sorted(slices.Values(ids))
			sortIDs(ids)
			if !slices.Equal(ids, want) {
				t.Fatalf("top %d, n=%d: not sorted as slices.Sort sorts", top, n)
			}
		}
	}
}

// BenchmarkSortIDs sorts the 600 term ids of an answer, out of a
// vocabulary of a million terms.
func BenchmarkSortIDs(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	in := make([]int32, 600)
	for i := range in {
		in[i] = r.Int32N(1 << 20)
	}
	ids := make([]int32, len(in))
	b.Run("sort=radix", func(b *testing.B) {
		for b.Loop() {
			copy(ids, in)
			sortIDs(ids)
		}
	})
	b.Run("sort=slices", func(b *testing.B) {
		for b.Loop() {
			copy(ids, in)
			slices.Sort(ids)
		}
	})
}
