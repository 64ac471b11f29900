package index

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestAddRowKernels checks that addRow and addRowScores give, to the
// bit, what their scalar loops give, at every length up to 70 (the SIMD
// loop's tails), with zeros in the rows as dense rows have them.
func TestAddRowKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := range 71 {
		score, row := make([]float64, n), make([]float64, n+3)
		for i := range score {
			score[i] = float64(r.IntN(3)) * r.Float64() * 20
		}
		for i := range row {
			if r.IntN(3) > 0 {
				row[i] = r.Float64() * 5
			}
		}
		for _, wIDF := range []float64{0.15 * 2.3, 1.7, 3.3e-3} {
			got, want := slices.Clone(score), slices.Clone(score)
			addRowScores(got, row, wIDF, 1.2)
			addRowScoresGo(want, row, wIDF, 1.2)
			if !bitsEqual(got, want) {
				t.Fatalf("addRowScores, n=%d, w·idf=%g: %v, want %v", n, wIDF, got, want)
			}
		}
		got, want := slices.Clone(score), slices.Clone(score)
		addRow(got, row)
		addRowGo(want, row)
		if !bitsEqual(got, want) {
			t.Fatalf("addRow, n=%d: %v, want %v", n, got, want)
		}
	}
}

func bitsEqual(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// TestDenseRowsMatchImpacts checks that a small index's searches give
// the same hits, to the bit, with dense rows and with the impact lists
// alone: for Search and SearchGroups, with weighted and repeated terms,
// with and without a filter.
func TestDenseRowsMatchImpacts(t *testing.T) {
	docs := zipfDocs(300, 200, 11)
	rows := NewLexical(docs, strings.Fields, DefaultBM25Options())
	if rows.imp == nil || rows.tables().rows == nil {
		t.Fatalf("%d documents: no dense rows", len(docs))
	}
	saved := denseRowMaxDocs
	denseRowMaxDocs = 0
	lists := NewLexical(docs, strings.Fields, DefaultBM25Options())
	wrong := lists.imp == nil || lists.tables().rows != nil // made at the first call
	denseRowMaxDocs = saved
	if wrong {
		t.Fatal("dense rows over the limit")
	}
	group := make([]int32, len(docs))
	for d := range group {
		group[d] = int32(d / 3)
	}
	filters := map[string]func(int) bool{"none": nil, "every third": func(d int) bool { return d%3 == 0 }}
	searched := 0
	for qi, q := range zipfQueries(200, 200, 19) {
		for _, k := range []int{0, 10, 100} {
			for fname, filter := range filters {
				got, want := rows.Search(q, k, filter), lists.Search(q, k, filter)
				if !bitsEqualHits(got, want) {
					t.Fatalf("query %d, k=%d, filter %s: dense rows differ\n got %v\nwant %v", qi, k, fname, head(got), head(want))
				}
				got, want = rows.SearchGroups(q, k, filter, group, 100, 20), lists.SearchGroups(q, k, filter, group, 100, 20)
				if !bitsEqualHits(got, want) {
					t.Fatalf("query %d, k=%d, filter %s: grouped dense rows differ\n got %v\nwant %v", qi, k, fname, head(got), head(want))
				}
				searched++
			}
		}
	}
	t.Logf("%d searches compared, %d terms with rows of %d", searched, len(rows.tables().rows.unit)/len(docs), rows.NumTerms())
}

func bitsEqualHits(a, b []Hit) bool {
	return slices.EqualFunc(a, b, func(x, y Hit) bool {
		return x.Doc == y.Doc && x.ID == y.ID && math.Float64bits(x.Score) == math.Float64bits(y.Score)
	})
}
