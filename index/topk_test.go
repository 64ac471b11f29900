package index

import (
	"math/rand/v2"
	"slices"
	"testing"
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
