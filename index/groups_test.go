package index

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// refGroups is SearchGroups by its definition: Search's hits in order,
// each group's first, up to n groups.
func refGroups(l *Lexical, q []WeightedTerm, k int, filter func(int) bool, group []int32, n int) []Hit {
	var out []Hit
	seen := map[int32]bool{}
	for _, h := range l.Search(q, k, filter) {
		g := group[h.Doc]
		if seen[g] {
			continue
		}
		seen[g] = true
		out = append(out, Hit{Doc: int(g), Score: h.Score})
		if len(out) == n {
			break
		}
	}
	return out
}

func TestSearchGroupsMatchesSearch(t *testing.T) {
	saved := pruneMinPostings
	defer func() { pruneMinPostings = saved }()
	for _, prune := range []int{saved, 0} {
		pruneMinPostings = prune // 0: every search with k > 0 is pruned
		checkSearchGroups(t, rand.New(rand.NewSource(11)))
	}
}

func checkSearchGroups(t *testing.T, rng *rand.Rand) {
	t.Helper()
	vocab := make([]string, 40)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%d", i)
	}
	for round := range 30 {
		docs := make([]Doc, 1+rng.Intn(400))
		groups := 1 + rng.Intn(len(docs))
		group := make([]int32, len(docs))
		for d := range docs {
			docs[d].ID = fmt.Sprintf("id%03d", rng.Intn(len(docs)))
			words := make([]string, 1+rng.Intn(8))
			for i := range words {
				words[i] = vocab[rng.Intn(len(vocab))]
			}
			docs[d].Fields[FieldQuestion] = strings.Join(words, " ")
			group[d] = int32(rng.Intn(groups))
		}
		if round%2 == 1 {
			slices.Sort(group) // groups in runs, as the examples signal's
		}
		l := NewLexical(docs, strings.Fields, DefaultBM25Options())
		for range 20 {
			var q []WeightedTerm
			for range 1 + rng.Intn(5) {
				q = append(q, WeightedTerm{Term: vocab[rng.Intn(len(vocab))], Weight: []float64{1, 0.15}[rng.Intn(2)]})
			}
			k, n := rng.Intn(3*len(docs)/2+1), rng.Intn(groups+2)
			var filter func(int) bool
			if rng.Intn(3) == 0 {
				odd := rng.Intn(2)
				filter = func(d int) bool { return int(group[d])%2 == odd }
			}
			got, want := l.SearchGroups(q, k, filter, group, groups, n), refGroups(l, q, k, filter, group, n)
			if n <= 0 {
				want = refGroups(l, q, k, filter, group, -1)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, k %d, n %d:\n got %v\nwant %v", round, k, n, got, want)
			}
		}
	}
}

func TestHoldingMatchesHolds(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	vocab := make([]string, 50)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%d", i)
	}
	docs := make([]Doc, 200)
	for d := range docs {
		words := make([]string, rng.Intn(30))
		for i := range words {
			words[i] = vocab[rng.Intn(len(vocab))]
		}
		docs[d].ID = fmt.Sprint(d)
		docs[d].Fields[rng.Intn(len(docs[d].Fields))] = strings.Join(words, " ")
	}
	l := NewLexical(docs, strings.Fields, DefaultBM25Options())
	var held []bool
	for d := -1; d <= len(docs); d++ {
		terms := []string{"absent"}
		for range rng.Intn(20) {
			terms = append(terms, vocab[rng.Intn(len(vocab))]) // repeats too
		}
		held = l.Holding(d, terms, held)
		for i, term := range terms {
			if held[i] != l.Holds(d, term) {
				t.Fatalf("doc %d, term %q: Holding %v, Holds %v", d, term, held[i], !held[i])
			}
		}
	}
}

// TestBestOfTopMatchesSelection checks that SearchGroups gives the same
// hits, to the bit, with bestOfTop's shortcut and with the selection of
// the k best candidates it saves, for depths where the shortcut holds and
// where it does not, with groups scattered over the documents (best's
// look-ups) and in increasing runs (bestOfRuns).
func TestBestOfTopMatchesSelection(t *testing.T) {
	docs := zipfDocs(1000, 300, 9)
	l := NewLexical(docs, strings.Fields, DefaultBM25Options())
	filters := map[string]func(int) bool{"none": nil, "every third": func(d int) bool { return d%3 == 0 }}
	took := map[bool]int{}
	for _, layout := range []struct {
		groups int
		runs   bool // groups in increasing runs, as the examples signal's
	}{{7, false}, {150, false}, {900, false}, {7, true}, {150, true}, {900, true}} {
		groups := layout.groups
		group := make([]int32, len(docs))
		for d := range group {
			group[d] = int32((d * 7919) % groups)
			if layout.runs {
				group[d] = int32(d * groups / len(docs))
			}
		}
		for qi, q := range zipfQueries(60, 300, 19) {
			for _, kn := range [][2]int{{1, 1}, {10, 5}, {50, 40}, {400, 100}, {400, 0}, {0, 10}} {
				for fname, filter := range filters {
					groupShortcut = true
					got := l.SearchGroups(q, kn[0], filter, group, groups, kn[1])
					groupShortcut = false
					want := l.SearchGroups(q, kn[0], filter, group, groups, kn[1])
					groupShortcut = true
					if !slices.Equal(got, want) {
						t.Fatalf("%d groups, query %d, k=%d n=%d, filter %s: got %v, want %v", groups, qi, kn[0], kn[1], fname, head(got), head(want))
					}
					var g groupScratch
					c := l.Search(q, 0, filter)
					cs := make([]candidate, len(c))
					for i, h := range c {
						cs[i] = candidate{score: h.Score, tie: l.tie[h.Doc], doc: int32(h.Doc)}
					}
					_, ok := g.bestOfTop(cs, kn[0], group, groups, kn[1])
					took[ok]++
				}
			}
		}
	}
	if took[true] == 0 || took[false] == 0 {
		t.Errorf("the shortcut held in %d searches and failed in %d: both must be tested", took[true], took[false])
	}
}
