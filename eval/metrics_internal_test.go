package eval

import (
	"math"
	"testing"
)

// allRelevant is a ranking of n results, every one of them relevant.
func allRelevant(n int) []bool {
	r := make([]bool, n)
	for i := range r {
		r[i] = true
	}
	return r
}

// Hand-computed cases. log2 terms: 1/log2(2)=1, 1/log2(3)=0.6309297535714574,
// 1/log2(4)=0.5, 1/log2(5)=0.43067655807339306.
func TestScoreQuery(t *testing.T) {
	tests := []struct {
		name string
		rel  []bool
		nRel int
		want map[string]float64
	}{
		{
			name: "first relevant at 1, one relevant",
			rel:  []bool{true, false, false},
			nRel: 1,
			want: map[string]float64{Hit1: 1, Hit3: 1, Hit5: 1, Hit10: 1, MRR10: 1, NDCG10: 1, Recall10: 1},
		},
		{
			// DCG = 1/log2(3) + 1/log2(5) = 1.0616063116448506
			// IDCG(R=3) = 1 + 1/log2(3) + 1/log2(4) = 2.1309297535714578
			name: "relevant at 2 and 4 of three",
			rel:  []bool{false, true, false, true, false},
			nRel: 3,
			want: map[string]float64{Hit1: 0, Hit3: 1, Hit5: 1, Hit10: 1, MRR10: 0.5, NDCG10: 0.49818925746641285, Recall10: 2.0 / 3},
		},
		{
			// DCG = 1/log2(4) = 0.5; IDCG(R=2) = 1 + 1/log2(3)
			name: "relevant at 3 of two",
			rel:  []bool{false, false, true},
			nRel: 2,
			want: map[string]float64{Hit1: 0, Hit3: 1, Hit5: 1, Hit10: 1, MRR10: 1.0 / 3, NDCG10: 0.3065735963827292, Recall10: 0.5},
		},
		{
			name: "relevant at 7 only",
			rel:  []bool{false, false, false, false, false, false, true},
			nRel: 1,
			// DCG = 1/log2(8) = 1/3; IDCG = 1
			want: map[string]float64{Hit1: 0, Hit3: 0, Hit5: 0, Hit10: 1, MRR10: 1.0 / 7, NDCG10: 1.0 / 3, Recall10: 1},
		},
		{
			name: "relevant beyond the cutoff",
			rel:  append(make([]bool, 11), true),
			nRel: 1,
			want: map[string]float64{Hit1: 0, Hit3: 0, Hit5: 0, Hit10: 0, MRR10: 0, NDCG10: 0, Recall10: 0},
		},
		{
			name: "ideal capped at ten",
			rel:  allRelevant(12),
			nRel: 15,
			want: map[string]float64{Hit1: 1, Hit3: 1, Hit5: 1, Hit10: 1, MRR10: 1, NDCG10: 1, Recall10: 10.0 / 15},
		},
		{
			name: "nothing relevant exists",
			rel:  []bool{false, false},
			nRel: 0,
			want: map[string]float64{Hit1: 0, Hit3: 0, Hit5: 0, Hit10: 0, MRR10: 0, NDCG10: 0, Recall10: 0},
		},
		{
			name: "no results",
			rel:  nil,
			nRel: 4,
			want: map[string]float64{Hit1: 0, Hit3: 0, Hit5: 0, Hit10: 0, MRR10: 0, NDCG10: 0, Recall10: 0},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scoreQuery(tt.rel, tt.nRel)
			if len(got) != len(tt.want) {
				t.Errorf("got %d metrics, want %d", len(got), len(tt.want))
			}
			for m, w := range tt.want {
				if math.Abs(got[m]-w) > 1e-12 {
					t.Errorf("%s = %.12f, want %.12f", m, got[m], w)
				}
			}
		})
	}
}

func TestPermutationTest(t *testing.T) {
	t.Run("no difference", func(t *testing.T) {
		b := []float64{1, 0, 0.5}
		if p := permutationTest(b, b, 1000, 1); p != 1 {
			t.Errorf("p = %v, want 1", p)
		}
	})
	t.Run("exact small case", func(t *testing.T) {
		// Differences +1, +1, +1: of the 8 sign assignments only the two
		// with all signs equal reach |sum| = 3, so p tends to 2/8.
		p := permutationTest([]float64{0, 0, 0}, []float64{1, 1, 1}, 10000, 1)
		if math.Abs(p-0.25) > 0.02 {
			t.Errorf("p = %v, want about 0.25", p)
		}
	})
	t.Run("consistent improvement is significant", func(t *testing.T) {
		b, c := make([]float64, 30), make([]float64, 30)
		for i := range c {
			c[i] = 1
		}
		if p := permutationTest(b, c, 10000, 1); p > 0.001 {
			t.Errorf("p = %v, want < 0.001", p)
		}
	})
	t.Run("deterministic", func(t *testing.T) {
		b := []float64{0, 1, 0, 0.5, 0.2, 1}
		c := []float64{1, 1, 0, 0.25, 0.5, 0}
		p1 := permutationTest(b, c, 10000, 1)
		p2 := permutationTest(b, c, 10000, 1)
		if p1 != p2 {
			t.Errorf("p differs between runs: %v, %v", p1, p2)
		}
		if p1 <= 0 || p1 > 1 {
			t.Errorf("p = %v out of (0, 1]", p1)
		}
	})
	t.Run("symmetric", func(t *testing.T) {
		b := []float64{0, 1, 0, 0.5, 0.2, 1, 0}
		c := []float64{1, 1, 0.5, 0.25, 0.5, 0, 1}
		if p1, p2 := permutationTest(b, c, 10000, 1), permutationTest(c, b, 10000, 1); p1 != p2 {
			t.Errorf("p(b,c) = %v, p(c,b) = %v", p1, p2)
		}
	})
}
