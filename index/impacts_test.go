package index

import (
	"slices"
	"strings"
	"testing"
)

// TestImpactsMatchPostings checks that a small index's impact lists give
// exactly, to the bit, what scanning its delta-encoded postings gives: the
// same hits, scores and order, for Search and SearchGroups, with weighted
// and repeated terms, with and without a filter, and with a field whose
// weight is zero.
func TestImpactsMatchPostings(t *testing.T) {
	zeroPath := DefaultBM25Options()
	zeroPath.Weights[FieldPath] = 0
	for name, opts := range map[string]BM25Options{"default": DefaultBM25Options(), "path weight 0": zeroPath} {
		docs := zipfDocs(3000, 800, 5)
		withImpacts := NewLexical(docs, strings.Fields, opts)
		if withImpacts.imp == nil {
			t.Fatalf("%s: %d documents got no impact lists", name, len(docs))
		}
		saved := impactMaxPostings
		impactMaxPostings = 0
		scan := NewLexical(docs, strings.Fields, opts)
		impactMaxPostings = saved
		if scan.imp != nil {
			t.Fatalf("%s: impact lists over the limit", name)
		}
		group := make([]int32, len(docs))
		for d := range group {
			group[d] = int32(d % 700)
		}
		filters := map[string]func(int) bool{"none": nil, "every third": func(d int) bool { return d%3 == 0 }}
		compared := 0
		for qi, q := range zipfQueries(100, 800, 13) {
			for _, k := range []int{0, 10, 100} {
				for fname, filter := range filters {
					got, want := withImpacts.Search(q, k, filter), scan.Search(q, k, filter)
					if !slices.Equal(got, want) {
						t.Fatalf("%s: query %d, k=%d, filter %s: impacts differ\n got %v\nwant %v", name, qi, k, fname, head(got), head(want))
					}
					got, want = withImpacts.SearchGroups(q, k, filter, group, 700, 10), scan.SearchGroups(q, k, filter, group, 700, 10)
					if !slices.Equal(got, want) {
						t.Fatalf("%s: query %d, k=%d, filter %s: grouped impacts differ\n got %v\nwant %v", name, qi, k, fname, head(got), head(want))
					}
					compared += 2
				}
			}
		}
		t.Logf("%s: %d searches compared", name, compared)
	}
}

// TestImpactsLimit checks that an index over impactMaxPostings keeps only
// its compact postings.
func TestImpactsLimit(t *testing.T) {
	docs := zipfDocs(200, 100, 3)
	saved := impactMaxPostings
	defer func() { impactMaxPostings = saved }()
	l := NewLexical(docs, strings.Fields, DefaultBM25Options())
	total := l.postings(slices.Collect(func(yield func(int32) bool) {
		for t := range l.terms {
			if !yield(int32(t)) {
				return
			}
		}
	}))
	for _, limit := range []int{total - 1, total} {
		impactMaxPostings = limit
		l := NewLexical(docs, strings.Fields, DefaultBM25Options())
		if got, want := l.imp != nil, limit >= total; got != want {
			t.Errorf("limit %d, %d postings: impact lists %v, want %v", limit, total, got, want)
		}
	}
}

// TestDenseMatchesTouched checks that a small index's searches give the
// same hits, to the bit, whether they read every document's score
// (denseDocsMax) or list the documents they touch: for Search and
// SearchGroups, at several depths, with and without a filter.
func TestDenseMatchesTouched(t *testing.T) {
	docs := zipfDocs(1000, 400, 7)
	l := NewLexical(docs, strings.Fields, DefaultBM25Options())
	if l.imp == nil || len(l.ids) > denseDocsMax {
		t.Fatalf("%d documents: not searched densely", len(docs))
	}
	group := make([]int32, len(docs))
	for d := range group {
		group[d] = int32(d % 150)
	}
	filters := map[string]func(int) bool{"none": nil, "every third": func(d int) bool { return d%3 == 0 }}
	saved := denseDocsMax
	defer func() { denseDocsMax = saved }()
	for qi, q := range zipfQueries(100, 400, 17) {
		for _, k := range []int{0, 1, 10, 100, 400, 2000} {
			for fname, filter := range filters {
				denseDocsMax = saved
				dense, denseG := l.Search(q, k, filter), l.SearchGroups(q, k, filter, group, 150, 20)
				denseDocsMax = 0
				touched, touchedG := l.Search(q, k, filter), l.SearchGroups(q, k, filter, group, 150, 20)
				if !slices.Equal(dense, touched) || !slices.Equal(denseG, touchedG) {
					t.Fatalf("query %d, k=%d, filter %s: dense search differs\n got %v %v\nwant %v %v", qi, k, fname, head(dense), head(denseG), head(touched), head(touchedG))
				}
			}
		}
	}
}
