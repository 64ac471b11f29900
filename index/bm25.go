package index

import (
	"cmp"
	"container/heap"
	"math"
	"slices"
	"sync"
)

// BM25Options are the parameters of BM25F scoring.
type BM25Options struct {
	// K1 controls term-frequency saturation: the higher, the more a
	// repeated term keeps adding to the score.
	K1 float64
	// B is the per-field length normalisation, from 0 (none) to 1 (full).
	B [NumFields]float64
	// Weights multiply each field's normalised term frequency before
	// saturation. A weight of zero (or less) ignores the field.
	Weights [NumFields]float64
}

// DefaultBM25Options returns the parameters used by soudan:
//
//   - K1 = 1.2 and B = 0.75 for every field, the values of Robertson and
//     Zaragoza's BM25 and of Lucene; entries are short, so there was no case
//     for tuning them per field;
//   - field weights title 3, question 3, examples 2.5, keywords 2, answer 1,
//     path 0.5. The title and question say what an entry is about in a few
//     words, the examples are callers' own phrasings, the keywords are
//     editors' tags but often generic; the answer is long and mentions many
//     things in passing; the path repeats a section heading shared by many
//     entries, so it only breaks ties.
func DefaultBM25Options() BM25Options {
	o := BM25Options{
		K1:      1.2,
		Weights: [NumFields]float64{3, 3, 2.5, 2, 1, 0.5},
	}
	for f := range o.B {
		o.B[f] = 0.75
	}
	return o
}

// WeightedTerm is one query term with its weight. Callers give thesaurus
// expansions or feedback terms a weight below 1.
type WeightedTerm struct {
	Term   string
	Weight float64
}

// Hit is one scored document. Doc is its index in the slice given to the
// constructor.
type Hit struct {
	Doc   int
	ID    string
	Score float64
}

// posting is one document's term frequency in one field.
type posting struct {
	doc int32
	tf  int32
}

// Lexical is an inverted index over the fields of a set of documents, scored
// with BM25F: for a query term t and a document d,
//
//	tf'(t,d) = Σ_f W_f · tf_f(t,d) / (1 − B_f + B_f · len_f(d) / avglen_f)
//	score(t,d) = weight(t) · idf(t) · tf'(t,d) / (K1 + tf'(t,d))
//	idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
//
// and a document's score is the sum over the query terms. A Lexical is
// immutable once built and safe for concurrent use.
type Lexical struct {
	tokenize func(string) []string
	opts     BM25Options
	ids      []string

	termIDs  map[string]int32
	terms    []string
	postings [][NumFields][]posting // by term ID, then field; sorted by doc
	df       []int32                // by term ID

	// norm[f][d] is 1 − B_f + B_f · len_f(d) / avglen_f.
	norm [NumFields][]float32

	// forward[d] lists the terms of document d with their field-weighted
	// frequency Σ_f W_f · tf_f, for TermVector.
	forward [][]termFreq

	scratch sync.Pool
}

type termFreq struct {
	term int32
	tf   float32
}

// NewLexical indexes docs. tokenize turns a field's text (and later a query)
// into terms, for instance [Analyzer.Terms] or [Bigrams]; it must be safe for
// concurrent use, as documents are tokenized in parallel.
func NewLexical(docs []Doc, tokenize func(string) []string, opts BM25Options) *Lexical {
	l := &Lexical{
		tokenize: tokenize,
		opts:     opts,
		ids:      make([]string, len(docs)),
		termIDs:  make(map[string]int32),
		forward:  make([][]termFreq, len(docs)),
	}
	for f := range l.norm {
		l.norm[f] = make([]float32, len(docs))
	}
	tokens := tokenizeDocs(docs, tokenize)

	var lens [NumFields][]int
	for f := range lens {
		lens[f] = make([]int, len(docs))
	}
	var totals [NumFields]float64
	counts := make(map[int32]int32)
	for d := range docs {
		l.ids[d] = docs[d].ID
		weighted := make(map[int32]float32)
		for f := 0; f < NumFields; f++ {
			toks := tokens[d][f]
			lens[f][d] = len(toks)
			totals[f] += float64(len(toks))
			clear(counts)
			for _, t := range toks {
				id, ok := l.termIDs[t]
				if !ok {
					id = int32(len(l.terms))
					l.termIDs[t] = id
					l.terms = append(l.terms, t)
					l.postings = append(l.postings, [NumFields][]posting{})
					l.df = append(l.df, 0)
				}
				counts[id]++
			}
			for id, tf := range counts {
				l.postings[id][f] = append(l.postings[id][f], posting{doc: int32(d), tf: tf})
				if _, seen := weighted[id]; !seen {
					l.df[id]++
				}
				weighted[id] += float32(opts.Weights[f]) * float32(tf)
			}
		}
		fw := make([]termFreq, 0, len(weighted))
		for id, tf := range weighted {
			fw = append(fw, termFreq{id, tf})
		}
		slices.SortFunc(fw, func(a, b termFreq) int { return cmp.Compare(a.term, b.term) })
		l.forward[d] = fw
	}
	for f := 0; f < NumFields; f++ {
		avg := 0.0
		if len(docs) > 0 {
			avg = totals[f] / float64(len(docs))
		}
		for d := range docs {
			n := 1.0
			if avg > 0 {
				n = 1 - opts.B[f] + opts.B[f]*float64(lens[f][d])/avg
			}
			l.norm[f][d] = float32(n)
		}
	}
	n := len(docs)
	l.scratch.New = func() any {
		return &accumulator{score: make([]float64, n), hit: make([]bool, n), tf: make([]float64, n)}
	}
	return l
}

// tokenizeDocs tokenizes every field of every document, in parallel.
func tokenizeDocs(docs []Doc, tokenize func(string) []string) [][NumFields][]string {
	out := make([][NumFields][]string, len(docs))
	parallelFor(len(docs), func(d int) {
		for f, text := range docs[d].Fields {
			if text != "" {
				out[d][f] = tokenize(text)
			}
		}
	})
	return out
}

// Tokenize applies the index's tokenizer to s, as Search expects its terms.
func (l *Lexical) Tokenize(s string) []string { return l.tokenize(s) }

// Len returns the number of documents.
func (l *Lexical) Len() int { return len(l.ids) }

// DocFreq returns the number of documents holding term in any field.
func (l *Lexical) DocFreq(term string) int {
	if id, ok := l.termIDs[term]; ok {
		return int(l.df[id])
	}
	return 0
}

// IDF returns the BM25 inverse document frequency of term. It is positive
// for every term, and largest for a term that no document holds.
func (l *Lexical) IDF(term string) float64 {
	return l.idf(l.DocFreq(term))
}

func (l *Lexical) idf(df int) float64 {
	n := float64(len(l.ids))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// TermVector returns the terms of document doc weighted by tf-idf, where tf
// is the field-weighted frequency Σ_f W_f · tf_f. Callers use it for
// pseudo-relevance feedback. It returns nil for an out-of-range doc.
func (l *Lexical) TermVector(doc int) map[string]float64 {
	if doc < 0 || doc >= len(l.forward) {
		return nil
	}
	v := make(map[string]float64, len(l.forward[doc]))
	for _, tf := range l.forward[doc] {
		v[l.terms[tf.term]] = float64(tf.tf) * l.idf(int(l.df[tf.term]))
	}
	return v
}

// Holds reports whether document doc holds term in some field. It costs a
// binary search of the document's term list.
func (l *Lexical) Holds(doc int, term string) bool {
	id, ok := l.termIDs[term]
	if !ok || doc < 0 || doc >= len(l.forward) {
		return false
	}
	_, found := slices.BinarySearchFunc(l.forward[doc], id, func(tf termFreq, id int32) int { return cmp.Compare(tf.term, id) })
	return found
}

// QueryTerms tokenizes s and gives every term weight 1.
func (l *Lexical) QueryTerms(s string) []WeightedTerm {
	toks := l.tokenize(s)
	q := make([]WeightedTerm, len(toks))
	for i, t := range toks {
		q[i] = WeightedTerm{Term: t, Weight: 1}
	}
	return q
}

// accumulator holds per-query scores. Only the documents listed in touched
// are non-zero, so resetting costs what the query touched.
type accumulator struct {
	score   []float64
	hit     []bool
	touched []int32
	// tf holds the current term's tf' for the documents in termDocs.
	tf       []float64
	termDocs []int32
}

// Search returns the k best documents for the query q (k ≤ 0: all matching
// documents), sorted by score, best first, then by ID. Repeated terms add up
// their weights; terms with a weight ≤ 0 and terms that no document holds
// are ignored. filter, when not nil, keeps only the documents for which it
// returns true. Only the posting lists of the query terms are read.
func (l *Lexical) Search(q []WeightedTerm, k int, filter func(docIdx int) bool) []Hit {
	merged := mergeTerms(q)
	if len(merged) == 0 || len(l.ids) == 0 {
		return nil
	}
	acc := l.scratch.Get().(*accumulator)
	defer l.release(acc)

	for _, wt := range merged {
		id, ok := l.termIDs[wt.Term]
		if !ok {
			continue
		}
		idf := l.idf(int(l.df[id]))
		for f := 0; f < NumFields; f++ {
			w := l.opts.Weights[f]
			if !(w > 0) {
				continue
			}
			norm := l.norm[f]
			for _, p := range l.postings[id][f] {
				if acc.tf[p.doc] == 0 {
					acc.termDocs = append(acc.termDocs, p.doc)
				}
				acc.tf[p.doc] += w * float64(p.tf) / float64(norm[p.doc])
			}
		}
		for _, d := range acc.termDocs {
			tf := acc.tf[d]
			acc.tf[d] = 0
			if !acc.hit[d] {
				acc.hit[d] = true
				acc.touched = append(acc.touched, d)
			}
			acc.score[d] += wt.Weight * idf * tf / (l.opts.K1 + tf)
		}
		acc.termDocs = acc.termDocs[:0]
	}
	return l.topK(acc, k, filter)
}

func (l *Lexical) release(acc *accumulator) {
	for _, d := range acc.touched {
		acc.score[d] = 0
		acc.hit[d] = false
	}
	acc.touched = acc.touched[:0]
	l.scratch.Put(acc)
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

// topK selects the k best touched documents with a bounded min-heap.
func (l *Lexical) topK(acc *accumulator, k int, filter func(int) bool) []Hit {
	if k <= 0 || k > len(acc.touched) {
		k = len(acc.touched)
	}
	h := make(hitHeap, 0, k)
	for _, d := range acc.touched {
		s := acc.score[d]
		if s <= 0 || filter != nil && !filter(int(d)) {
			continue
		}
		hit := Hit{Doc: int(d), ID: l.ids[d], Score: s}
		if len(h) < k {
			heap.Push(&h, hit)
		} else if better(hit, h[0]) {
			h[0] = hit
			heap.Fix(&h, 0)
		}
	}
	out := []Hit(h)
	SortHits(out)
	return out
}

// SortHits sorts hits by score, best first, then by ID and index.
func SortHits(hits []Hit) {
	slices.SortFunc(hits, func(a, b Hit) int {
		if better(a, b) {
			return -1
		}
		if better(b, a) {
			return 1
		}
		return 0
	})
}

// better reports whether a ranks before b.
func better(a, b Hit) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Doc < b.Doc
}

// hitHeap is a min-heap: its root is the worst hit kept so far.
type hitHeap []Hit

func (h hitHeap) Len() int           { return len(h) }
func (h hitHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h hitHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hitHeap) Push(x any)        { *h = append(*h, x.(Hit)) }
func (h *hitHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
