package index

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// zipfDocs returns n documents whose fields hold words drawn from a Zipf
// distribution over a vocabulary of v words, as common and rare bigrams
// are spread over a large manual; many documents tie.
func zipfDocs(n, v int, seed uint64) []Doc {
	r := rand.New(rand.NewPCG(seed, seed+1))
	z := rand.NewZipf(r, 1.05, 1, uint64(v-1))
	words := func(k int) string {
		w := make([]string, k)
		for i := range w {
			w[i] = fmt.Sprintf("w%d", z.Uint64())
		}
		return strings.Join(w, " ")
	}
	docs := make([]Doc, n)
	for i := range docs {
		docs[i].ID = fmt.Sprintf("d%06d", r.IntN(n)) // repeated IDs: ties on IDs too
		docs[i].Fields[FieldTitle] = words(1 + r.IntN(4))
		docs[i].Fields[FieldAnswer] = words(5 + r.IntN(60))
		if r.IntN(3) == 0 {
			docs[i].Fields[FieldExamples] = words(3 + r.IntN(10))
		}
		docs[i].Fields[FieldPath] = words(1)
	}
	return docs
}

// zipfQueries returns n queries of 1 to 40 weighted terms, with repeats
// and weights below 1, as thesaurus expansions give them.
func zipfQueries(n, v int, seed uint64) [][]WeightedTerm {
	r := rand.New(rand.NewPCG(seed, seed+1))
	z := rand.NewZipf(r, 1.05, 1, uint64(v-1))
	qs := make([][]WeightedTerm, n)
	for i := range qs {
		for range 1 + r.IntN(40) {
			w := 1.0
			if r.IntN(4) == 0 {
				w = 0.15
			}
			qs[i] = append(qs[i], WeightedTerm{Term: fmt.Sprintf("w%d", z.Uint64()), Weight: w})
		}
		if r.IntN(5) == 0 {
			qs[i] = append(qs[i], WeightedTerm{Term: "absent", Weight: 1})
		}
	}
	return qs
}

// TestPrunedSearchIsExhaustive checks that the pruned search returns
// exactly, to the bit, what the exhaustive scan returns, on a corpus
// large enough for long posting lists, for several k, with and without a
// filter.
func TestPrunedSearchIsExhaustive(t *testing.T) {
	const n, v = 30000, 4000
	l := NewLexical(zipfDocs(n, v, 7), strings.Fields, DefaultBM25Options())
	l.quant = nil // the pruned search, not the quantized one (TestQuantizedIsExhaustive)
	checkExhaustive(t, l, zipfQueries(150, v, 11), "pruned")
}

// checkExhaustive compares l's searches with k > 0 (pruned, or
// quantized when l keeps the quantized streams) with the exhaustive
// scan's, to the bit, for several k, with and without a filter.
func checkExhaustive(t *testing.T, l *Lexical, qs [][]WeightedTerm, what string) {
	t.Helper()
	saved := pruneMinPostings
	defer func() { pruneMinPostings = saved }()
	filters := map[string]func(int) bool{"none": nil, "every third": func(d int) bool { return d%3 == 0 }}
	compared := 0
	for qi, q := range qs {
		for _, k := range []int{1, 10, 100, 400} {
			for name, filter := range filters {
				pruneMinPostings = math.MaxInt
				want := l.Search(q, k, filter)
				pruneMinPostings = 0
				got := l.Search(q, k, filter)
				if !slices.Equal(got, want) {
					t.Fatalf("query %d, k=%d, filter %s: %s search differs\n got %v\nwant %v", qi, k, name, what, head(got), head(want))
				}
				compared++
			}
		}
	}
	t.Logf("%d searches compared", compared)
}

func head(h []Hit) []Hit { return h[:min(len(h), 5)] }

// TestCursorAdvance checks skipping over a long posting list: advancing
// to each target lands on the first document at or after it.
func TestCursorAdvance(t *testing.T) {
	docs := zipfDocs(5000, 50, 3)
	l := NewLexical(docs, strings.Fields, DefaultBM25Options())
	id := l.termIDs["w0"]
	var all []int32
	c := l.cursorOf(id)
	for c.next() {
		all = append(all, c.doc())
	}
	if len(all) < 10*skipEvery {
		t.Fatalf("w0 has %d postings; the test needs a long list", len(all))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		c := l.cursorOf(id)
		c.next()
		target := int32(0)
		for c.doc() != noDoc {
			target += int32(1 + r.IntN(200))
			c.advance(target)
			i, _ := slices.BinarySearch(all, target)
			want := int32(noDoc)
			if i < len(all) {
				want = all[i]
			}
			if c.doc() != want {
				t.Fatalf("advance(%d) = %d, want %d", target, c.doc(), want)
			}
			if c.doc() != noDoc && r.IntN(2) == 0 {
				l.tfPrime(&c) // read the fields sometimes, as scoring does
			}
		}
	}
}

// TestPrunedSearchGroupsIsExhaustive checks SearchGroups' pruned path,
// whose θ rises with the groups' best documents (groupBound), against
// the first groups of the exhaustive scan's hits, on a corpus large
// enough for long lists, with two to three documents a group as the
// examples index has them.
func TestPrunedSearchGroupsIsExhaustive(t *testing.T) {
	const n, v = 30000, 4000
	l := NewLexical(zipfDocs(n, v, 9), strings.Fields, DefaultBM25Options())
	l.quant = nil // the pruned search, not the quantized one
	checkGroupsExhaustive(t, l, 3, 13, "pruned")
}

// checkGroupsExhaustive compares l's SearchGroups with k > 0 (pruned,
// or quantized when l keeps the quantized streams) with the first
// groups of the exhaustive scan's hits, two to three documents a group.
func checkGroupsExhaustive(t *testing.T, l *Lexical, seed, qseed uint64, what string) {
	t.Helper()
	n := l.Len()
	r := rand.New(rand.NewPCG(seed, seed+1))
	groups := n * 2 / 5
	group := make([]int32, n)
	for d := range group {
		group[d] = int32(r.IntN(groups))
	}
	saved := pruneMinPostings
	defer func() { pruneMinPostings = saved }()
	filter := func(d int) bool { return group[d]%3 != 0 }
	for qi, q := range zipfQueries(60, 4000, qseed) {
		for _, kn := range [][2]int{{400, 100}, {40, 10}, {100, 100}, {400, 0}} {
			f := filter
			if qi%2 == 0 {
				f = nil
			}
			pruneMinPostings = math.MaxInt
			want := refGroups(l, q, kn[0], f, group, kn[1])
			if kn[1] <= 0 {
				want = refGroups(l, q, kn[0], f, group, -1)
			}
			pruneMinPostings = 0
			got := l.SearchGroups(q, kn[0], f, group, groups, kn[1])
			if !slices.Equal(got, want) {
				t.Fatalf("query %d, k=%d, n=%d: %s grouped search differs\n got %v\nwant %v", qi, kn[0], kn[1], what, head(got), head(want))
			}
		}
	}
}

// TestGallop checks gallop against a binary search over every entry, for
// lists with repeated and far-apart documents and targets before, at,
// between and after them.
func TestGallop(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 2000 {
		skips := make([]skipEntry, 1+r.IntN(300))
		d := int32(r.IntN(5))
		for i := range skips {
			skips[i].doc = d
			d += int32(r.IntN(1 + r.IntN(200))) // some repeated, some far apart
		}
		for range 20 {
			target := skips[0].doc + 1 + int32(r.IntN(int(d-skips[0].doc)+10))
			want, _ := slices.BinarySearchFunc(skips, target, func(s skipEntry, t int32) int { return cmp.Compare(s.doc, t) })
			if got := gallop(skips, target); got != want {
				t.Fatalf("gallop(%v, %d) = %d, want %d", skips, target, got, want)
			}
		}
	}
}

// TestScanTo checks that scanTo leaves a cursor as calling next until the
// target does: the same document, place, previous document and pending
// fields, from fresh cursors, cursors whose fields were read, and the
// end of the list.
func TestScanTo(t *testing.T) {
	l := NewLexical(zipfDocs(3000, 40, 7), strings.Fields, DefaultBM25Options())
	r := rand.New(rand.NewPCG(9, 10))
	for _, term := range []string{"w0", "w3", "w17"} {
		id := l.termIDs[term]
		for range 100 {
			a := l.cursorOf(id)
			for a.doc() != noDoc {
				target := a.doc() + int32(r.IntN(60))
				if a.doc() < 0 {
					target = int32(r.IntN(60))
				}
				b := a
				for b.r.doc < target && b.next() {
				}
				a.scanTo(target)
				if a.r.doc != b.r.doc || len(a.r.b) != len(b.r.b) || a.prev != b.prev || a.at != b.at || a.done != b.done {
					t.Fatalf("%s: scanTo(%d) left doc %d (%d bytes left, prev %d, at %d, done %v), next %d (%d, %d, %d, %v)", term, target,
						a.r.doc, len(a.r.b), a.prev, a.at, a.done, b.r.doc, len(b.r.b), b.prev, b.at, b.done)
				}
				if a.doc() != noDoc && !a.done && r.IntN(2) == 0 {
					l.tfPrime(&a)
				}
			}
		}
	}
}
