package index

import (
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortHashesInto compares sortHashesInto with slices.Sort on well-mixed
// hashes, repeats and values that are not spread at all.
func TestSortHashesInto(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	gens := map[string]func() uint64{
		"mixed":   r.Uint64,
		"repeats": func() uint64 { return Mix64(r.Uint64N(20)) },
		"small":   func() uint64 { return r.Uint64N(1000) },
		"top":     func() uint64 { return 1<<63 | r.Uint64N(1<<20) },
	}
	for name, gen := range gens {
		for _, n := range []int{0, 1, 63, 64, 65, 500, 4096, 10000} {
			src := make([]uint64, n)
			for i := range src {
				src[i] = gen()
			}
			want := slices.Sorted(slices.Values(src))
			got := make([]uint64, n)
			sortHashesInto(got, src)
			if !slices.Equal(got, want) {
				t.Fatalf("%s, n=%d: not sorted as slices.Sort sorts", name, n)
			}
		}
	}
}

func FuzzSortHashesInto(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Fuzz(func(t *testing.T, data []byte) {
		src := make([]uint64, 0, len(data)/8)
		for len(data) >= 8 {
			src = append(src, binary.LittleEndian.Uint64(data))
			data = data[8:]
		}
		// Repeat the input so that inputs of a few bytes reach the buckets.
		for len(src) > 0 && len(src) < 200 {
			src = append(src, src...)
		}
		want := slices.Sorted(slices.Values(src))
		got := make([]uint64, len(src))
		sortHashesInto(got, src)
		if !slices.Equal(got, want) {
			t.Fatalf("not sorted as slices.Sort sorts: %v", src)
		}
	})
}

// BenchmarkShingles is ShinglesOf on an entry of about 800 characters
// (sort=buckets) against the same hashes sorted with slices.Sort.
func BenchmarkShingles(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	rs := make([]rune, 800)
	for i := range rs {
		rs[i] = 0x3041 + r.Int32N(300)
	}
	b.Run("sort=buckets", func(b *testing.B) {
		for b.Loop() {
			ShinglesOf(rs, 3)
		}
	})
	b.Run("sort=slices", func(b *testing.B) {
		for b.Loop() {
			out := make([]uint64, 0, len(rs)-2)
			for i := 0; i+3 <= len(rs); i++ {
				out = append(out, HashRunes(rs[i:i+3]))
			}
			slices.Sort(out)
			_ = slices.Compact(out)
		}
	})
}

// BenchmarkIntersect counts the common shingles of two entries of about
// 600 and 900 shingles sharing 50.
func BenchmarkIntersect(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	set := func(n int, common []uint64) []uint64 {
		s := append([]uint64(nil), common...)
		for len(s) < n {
			s = append(s, r.Uint64())
		}
		slices.Sort(s)
		return s
	}
	common := make([]uint64, 50)
	for i := range common {
		common[i] = r.Uint64()
	}
	x, y := set(600, common), set(900, common)
	for b.Loop() {
		if Intersect(x, y) != 50 {
			b.Fatal("wrong count")
		}
	}
}

// TestLowerBoundNear compares lowerBoundNear with a binary search from
// every guess.
func TestLowerBoundNear(t *testing.T) {
	s := []int{1, 3, 3, 3, 5, 8, 13, 13, 21}
	for v := 0; v <= 22; v++ {
		want, _ := slices.BinarySearch(s, v)
		for guess := 0; guess <= len(s); guess++ {
			if got := lowerBoundNear(s, v, guess); got != want {
				t.Fatalf("lowerBoundNear(%d, guess %d) = %d, want %d", v, guess, got, want)
			}
		}
	}
}
