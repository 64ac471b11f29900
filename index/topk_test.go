package index

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/soudan-desk/soudan/internal/ranksort"
)

// compareCandidates orders candidates best first, for slices.SortFunc.
func compareCandidates(a, b candidate) int {
	switch {
	case a.beats(b):
		return -1
	case b.beats(a):
		return 1
	}
	return 0
}

// TestSortCandidates checks sortCandidates, and its heapsort fallback,
// against slices.SortFunc on candidates with many equal scores.
func TestSortCandidates(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	sorts := map[string]func([]candidate){
		"introsort": sortCandidates,
		"heapsort":  func(cs []candidate) { quickSortCandidates(cs, 0) },
		"quicksort": func(cs []candidate) { quickSortCandidates(cs, 2*len(cs)+2) },
	}
	for round := range 400 {
		n := r.IntN(300)
		if round < 20 {
			n = round
		}
		cs := make([]candidate, n)
		for i, tie := range r.Perm(n) {
			cs[i] = candidate{score: float64(r.IntN(1 + n/4)), tie: int32(tie), doc: int32(i)}
		}
		switch round % 4 {
		case 1:
			slices.SortFunc(cs, compareCandidates)
		case 2:
			slices.SortFunc(cs, compareCandidates)
			slices.Reverse(cs)
		}
		want := slices.Clone(cs)
		slices.SortFunc(want, compareCandidates)
		for name, sort := range sorts {
			got := slices.Clone(cs)
			sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, %d candidates, %s: got %v, want %v", round, n, name, got, want)
			}
		}
	}
}

// TestRankSort checks rankSort and sortBest against quickSortCandidates
// (and selectCandidates) on scores that tie, that differ in their last
// bits only, that are zeros of either sign or negative; and that
// rankSort declines NaN scores and leaves them to quicksort.
func TestRankSort(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for round := range 2000 {
		n := 1 + r.IntN(ranksort.Max+40)
		cs := make([]candidate, n)
		for i, tie := range r.Perm(n) {
			s := float64(r.IntN(1+n/3)) / 7
			switch r.IntN(8) {
			case 0:
				s = -s
			case 1:
				s = math.Copysign(0, -1)
			case 2:
				s = math.Nextafter(s, math.Inf(1))
			case 3:
				s = math.Float64frombits(math.Float64bits(s) + uint64(r.IntN(512)))
			}
			cs[i] = candidate{score: s, tie: int32(tie), doc: int32(i)}
		}
		want := slices.Clone(cs)
		quickSortCandidates(want, 2*len(want)+2)
		got := slices.Clone(cs)
		if ok := rankSort(got); ok != (ranksort.Available && n <= ranksort.Max) {
			t.Fatalf("round %d: rankSort of %d = %v", round, n, ok)
		} else if ok && !slices.Equal(got, want) {
			t.Fatalf("round %d, %d candidates: got %v, want %v", round, n, got, want)
		}
		k := r.IntN(n + 2)
		best := sortBest(slices.Clone(cs), k)
		sel := slices.Clone(cs)
		if k > 0 && k < n {
			selectCandidates(sel, k)
			sel = sel[:k]
		}
		sortCandidates(sel)
		if !slices.Equal(best, sel) {
			t.Fatalf("round %d: sortBest(%d of %d) = %v, want %v", round, k, n, best, sel)
		}
	}
	cs := []candidate{{score: 1}, {score: math.NaN(), tie: 1}}
	for range 20 {
		cs = append(cs, candidate{score: float64(len(cs) % 3), tie: int32(len(cs))})
	}
	before := fmt.Sprint(cs)
	if rankSort(cs) || fmt.Sprint(cs) != before {
		t.Fatalf("rankSort sorted a NaN score: %v", cs)
	}
}

// TestSelectCandidates checks that selectCandidates keeps the k best, as
// sorting does, in both of its paths.
func TestSelectCandidates(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for round := range 400 {
		n := 2 + r.IntN(400)
		cs := make([]candidate, n)
		for i, tie := range r.Perm(n) {
			cs[i] = candidate{score: float64(r.IntN(1 + n/4)), tie: int32(tie), doc: int32(i)}
		}
		if round%3 == 1 {
			slices.SortFunc(cs, compareCandidates)
		}
		k := 1 + r.IntN(n-1)
		want := slices.Clone(cs)
		slices.SortFunc(want, compareCandidates)
		got := slices.Clone(cs)
		selectCandidates(got, k)
		kept := got[:k]
		slices.SortFunc(kept, compareCandidates)
		if !slices.Equal(kept, want[:k]) {
			t.Fatalf("round %d, %d candidates, k %d: got %v, want %v", round, n, k, kept, want[:k])
		}
	}
}

// TestReleasedHitsAreReused checks that hits given back are cleared and
// serve later searches, and that slices too large are not kept.
func TestReleasedHitsAreReused(t *testing.T) {
	h := newHits(8)
	for i := range h {
		h[i] = Hit{Doc: i, ID: "x", Score: 1}
	}
	ReleaseHits(h)
	got := newHits(5)
	if &got[0] != &h[0] {
		t.Skip("another test took the released slice") // the free list is shared
	}
	for i, x := range got[:cap(got)] {
		if x != (Hit{}) {
			t.Fatalf("reused hit %d = %+v, want it cleared", i, x)
		}
	}
	if len(got) != 5 {
		t.Fatalf("len %d, want 5", len(got))
	}
	ReleaseHits(make([]Hit, hitFreeCapMax+1))
	if big := newHits(hitFreeCapMax + 1); cap(big) != hitFreeCapMax+1 || big[0] != (Hit{}) {
		t.Fatalf("newHits(%d) = cap %d", hitFreeCapMax+1, cap(big))
	}
	ReleaseHits(nil) // no-op
}

// BenchmarkSortCandidates sorts n candidates with random scores (a few
// of them tied), as a small index's searches sort their depth's hits.
func BenchmarkSortCandidates(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, uint64(n)))
			inputs := make([][]candidate, 64)
			for i := range inputs {
				inputs[i] = make([]candidate, n)
				for j := range inputs[i] {
					inputs[i][j] = candidate{score: float64(r.IntN(4*n)) / 7, tie: int32(r.IntN(1 << 20)), doc: int32(j)}
				}
			}
			buf := make([]candidate, n)
			i := 0
			for b.Loop() {
				copy(buf, inputs[i%len(inputs)])
				sortCandidates(buf)
				i++
			}
		})
	}
}
