package retrieval

import (
	"slices"
	"testing"
)

// Large corpora compare shingles at query time instead of precomputing
// near-identical pairs; both must collapse alike.
func TestCollapseAtQueryTimeMatchesPrecomputed(t *testing.T) {
	pre := mustDefaultEngine(t)
	c := pre.Corpus()
	defer func(n int) { nearPairsMax = n }(nearPairsMax)
	nearPairsMax = 0
	lazy, err := New(t.Context(), c, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if lazy.near != nil {
		t.Fatal("near pairs were precomputed")
	}
	for _, q := range suiteQueries(t, "../eval/testdata/callers.jsonl") {
		a, err := pre.Search(t.Context(), Query{Text: q.text, K: 10})
		if err != nil {
			t.Fatal(err)
		}
		b, err := lazy.Search(t.Context(), Query{Text: q.text, K: 10})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(a.Results, b.Results, func(x, y Result) bool { return x.Entry == y.Entry && x.Score == y.Score }) {
			t.Fatalf("%s: collapsing at query time changed the results", q.id)
		}
	}
}
