package index

import (
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// refSearch is BM25F written plainly from the formula of [Lexical], with
// the same order of floating-point operations: the packed index must give
// exactly its scores and order.
func refSearch(docs []Doc, tokenize func(string) []string, o BM25Options, q []WeightedTerm, k int) []Hit {
	n := len(docs)
	toks := make([][NumFields][]string, n)
	var totals [NumFields]float64
	df := map[string]int{}
	for d, doc := range docs {
		seen := map[string]bool{}
		for f, text := range doc.Fields {
			if text != "" {
				toks[d][f] = tokenize(text)
			}
			totals[f] += float64(len(toks[d][f]))
			for _, t := range toks[d][f] {
				if !seen[t] {
					seen[t] = true
					df[t]++
				}
			}
		}
	}
	norm := func(f, d int) float32 {
		avg := totals[f] / float64(n)
		if avg == 0 {
			return 1
		}
		return float32(1 - o.B[f] + o.B[f]*float64(len(toks[d][f]))/avg)
	}
	score := make([]float64, n)
	for _, wt := range mergeTerms(q) {
		if df[wt.Term] == 0 {
			continue
		}
		idf := math.Log(1 + (float64(n)-float64(df[wt.Term])+0.5)/(float64(df[wt.Term])+0.5))
		for d := range docs {
			tf := 0.0
			for f := 0; f < NumFields; f++ {
				c := 0
				for _, t := range toks[d][f] {
					if t == wt.Term {
						c++
					}
				}
				if c > 0 && o.Weights[f] > 0 {
					tf += o.Weights[f] * float64(c) / float64(norm(f, d))
				}
			}
			if tf > 0 {
				score[d] += wt.Weight * idf * tf / (o.K1 + tf)
			}
		}
	}
	var hits []Hit
	for d, s := range score {
		if s > 0 {
			hits = append(hits, Hit{Doc: d, ID: docs[d].ID, Score: s})
		}
	}
	SortHits(hits)
	if k > 0 && len(hits) > k {
		hits = hits[:k]
	}
	return hits
}

func TestLexicalMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	vocab := make([]string, 60)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%d", i)
	}
	text := func(max int) string {
		words := make([]string, rng.Intn(max))
		for i := range words {
			words[i] = vocab[int(math.Abs(rng.NormFloat64()*15))%len(vocab)]
		}
		return strings.Join(words, " ")
	}
	for round := range 20 {
		docs := make([]Doc, 1+rng.Intn(300))
		for d := range docs {
			docs[d].ID = fmt.Sprintf("id%03d", rng.Intn(len(docs))) // repeated IDs: ties fall to the index
			for f := range docs[d].Fields {
				docs[d].Fields[f] = text(map[bool]int{true: 60, false: 6}[f == int(FieldAnswer)])
			}
			if d%7 == 0 {
				docs[d].Fields[FieldTitle] = strings.Repeat("w1 ", 40) // tf beyond the one-byte form
			}
		}
		o := DefaultBM25Options()
		if round%3 == 0 {
			o.Weights[FieldPath] = 0
		}
		l := NewLexical(docs, strings.Fields, o)
		checkForward(t, l, docs, o)
		for range 30 {
			var q []WeightedTerm
			for range 1 + rng.Intn(6) {
				q = append(q, WeightedTerm{Term: vocab[rng.Intn(len(vocab))], Weight: []float64{1, 0.15, 1, -0.15}[rng.Intn(4)]})
			}
			k := rng.Intn(20)
			got, want := l.Search(q, k, nil), refSearch(docs, strings.Fields, o, q, k)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d, query %v, k %d:\n got %v\nwant %v", round, q, k, got, want)
			}
		}
	}
}

func TestPostingsRoundTrip(t *testing.T) {
	var b []byte
	type post struct {
		doc    int32
		fields []fieldTF
	}
	posts := []post{
		{0, []fieldTF{{0, 1}}},
		{3, []fieldTF{{1, 14}, {4, 15}, {5, 300}}},
		{4, []fieldTF{{2, 1}}},
		{100000, []fieldTF{{5, 1 << 20}}},
	}
	last := int32(-1)
	for _, p := range posts {
		b = appendPosting(b, p.doc-last, p.fields)
		last = p.doc
	}
	r := postingReader{b: b, doc: -1}
	for _, p := range posts {
		if !r.next() || r.doc != p.doc {
			t.Fatalf("doc = %d, want %d", r.doc, p.doc)
		}
		for i, want := range p.fields {
			f, tf, more := r.field()
			if f != int(want.field) || tf != want.tf || more != (i < len(p.fields)-1) {
				t.Fatalf("doc %d field %d: got %d %d %v, want %+v", p.doc, i, f, tf, more, want)
			}
		}
	}
	if r.next() {
		t.Error("postings continue past the last document")
	}
}

// checkForward compares Holds and TermVector with the documents' text.
func checkForward(t *testing.T, l *Lexical, docs []Doc, o BM25Options) {
	t.Helper()
	for d, doc := range docs {
		want := map[string]float32{}
		for f := 0; f < NumFields; f++ {
			counts := map[string]int{}
			for _, w := range strings.Fields(doc.Fields[f]) {
				counts[w]++
			}
			for w, c := range counts {
				want[w] += float32(o.Weights[f]) * float32(c)
			}
		}
		tv := l.TermVector(d)
		if len(tv) != len(want) {
			t.Fatalf("doc %d: TermVector has %d terms, want %d", d, len(tv), len(want))
		}
		for w, tf := range want {
			if got := tv[w]; got != float64(tf)*l.IDF(w) {
				t.Fatalf("doc %d: TermVector[%s] = %v, want %v", d, w, got, float64(tf)*l.IDF(w))
			}
			if !l.Holds(d, w) {
				t.Fatalf("doc %d: Holds(%s) = false", d, w)
			}
		}
		for _, w := range []string{"absent", "w0", "w30", "w59"} {
			if _, has := want[w]; !has && l.Holds(d, w) {
				t.Fatalf("doc %d: Holds(%s) = true for a term it does not have", d, w)
			}
		}
	}
}

// mergeTerms sums the weights of repeated terms, keeps the first-seen order
// and drops terms whose total weight is not positive.
func mergeTerms(q []WeightedTerm) []WeightedTerm {
	idx := make(map[string]int, len(q))
	out := make([]WeightedTerm, 0, len(q))
	for _, t := range q {
		if i, ok := idx[t.Term]; ok {
			out[i].Weight += t.Weight
			continue
		}
		idx[t.Term] = len(out)
		out = append(out, t)
	}
	return slices.DeleteFunc(out, func(t WeightedTerm) bool { return !(t.Weight > 0) || t.Term == "" })
}
