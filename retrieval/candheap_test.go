package retrieval

import (
	"cmp"
	"math/rand"
	"slices"
	"testing"
)

// TestCandHeapOrder checks that the heap yields candidates in the order of
// a full sort by score, then by ID order, ties included.
func TestCandHeapOrder(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, tc := range []struct {
		name     string
		n        int
		distinct int // distinct scores
	}{
		{"empty", 0, 1},
		{"one", 1, 1},
		{"all tied", 50, 1},
		{"few scores", 200, 7},
		{"distinct", 500, 1 << 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tie := rng.Perm(tc.n)
			tie32 := make([]int32, tc.n)
			for i, v := range tie {
				tie32[i] = int32(v)
			}
			c := make([]candidate, tc.n)
			for i := range c {
				c[i] = candidate{doc: i, score: float64(rng.Intn(tc.distinct)) / 3}
			}
			want := slices.Clone(c)
			slices.SortFunc(want, func(a, b candidate) int {
				if a.score != b.score {
					return cmp.Compare(b.score, a.score)
				}
				return cmp.Compare(tie32[a.doc], tie32[b.doc])
			})
			h := newCandHeap(c, tie32)
			for i, w := range want {
				got, ok := h.pop()
				if !ok || got.doc != w.doc {
					t.Fatalf("pop %d: got doc %d (ok %v), want %d", i, got.doc, ok, w.doc)
				}
			}
			if _, ok := h.pop(); ok {
				t.Fatal("heap not empty after every candidate")
			}
		})
	}
}
