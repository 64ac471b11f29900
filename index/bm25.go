package index

import (
	"encoding/binary"
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

// Lexical is an inverted index over the fields of a set of documents, scored
// with BM25F: for a query term t and a document d,
//
//	tf'(t,d) = Σ_f W_f · tf_f(t,d) / (1 − B_f + B_f · len_f(d) / avglen_f)
//	score(t,d) = weight(t) · idf(t) · tf'(t,d) / (K1 + tf'(t,d))
//	idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))
//
// and a document's score is the sum over the query terms. A Lexical is
// immutable once built and safe for concurrent use.
//
// Terms are interned: each distinct term is stored once, and documents and
// postings refer to it by a 32-bit ID. Postings are delta-encoded byte
// strings (see postings.go), all in one slice; the forward lists (each
// document's terms) are likewise packed in flat arrays.
type Lexical struct {
	tokenize func(string) []string
	opts     BM25Options
	ids      []string
	tie      []int32 // each document's position in (ID, index) order

	termIDs map[string]int32
	terms   []string
	post    []byte   // every term's postings, term after term
	postOff []uint32 // term t's postings are post[postOff[t]:postOff[t+1]]
	df      []int32  // by term ID

	// norm[f][d] is 1 − B_f + B_f · len_f(d) / avglen_f.
	norm [NumFields][]float32

	// The forward lists, for TermVector and Holds: document d's term IDs,
	// increasing, delta-encoded as uvarints in fwd[fwdOff[d]:fwdOff[d+1]]
	// (one to three bytes a term instead of four).
	fwdOff []uint64
	fwd    []byte

	// For the pruned search (maxscore.go): each term's largest saturated
	// tf', and its skip entries, skips[skipOff[t]:skipOff[t+1]].
	satMax  []float64
	skips   []skipEntry
	skipOff []uint32

	// imp holds the decoded impact lists of a small index (impacts.go),
	// nil for a large one.
	imp *impacts
	// quant holds the quantized impacts of a large index (quantized.go),
	// nil for a small one.
	quant *quantStream
	// tables gives the search tables of an index with impact lists
	// (impacts.go), made at its first call: its first dense search.
	tables func() *searchTables

	scratch sync.Pool
}

// NewLexical indexes docs. tokenize turns a field's text (and later a query)
// into terms, for instance [Analyzer.Terms] or [Bigrams]; it must be safe for
// concurrent use, as documents are tokenized in parallel.
func NewLexical(docs []Doc, tokenize func(string) []string, opts BM25Options) *Lexical {
	return NewLexicalAnalysed(docs, tokenize, tokenize, opts)
}

// NewLexicalAnalysed is [NewLexical] with the documents' fields turned
// into terms by analysed (for instance a [Memo] lookup) rather than
// by tokenize, which still turns queries into terms. analysed must give
// what tokenize gives; its slices are only read.
func NewLexicalAnalysed(docs []Doc, tokenize, analysed func(string) []string, opts BM25Options) *Lexical {
	return NewLexicalParts(docs, tokenize, Whole(analysed), opts)
}

// NewLexicalParts is [NewLexicalAnalysed] with the documents' fields
// given as parts (see [Parts]): the terms of a part that recurs as the
// same slice are looked up once a shard of the build, not once a field
// that holds it.
func NewLexicalParts(docs []Doc, tokenize func(string) []string, parts Parts, opts BM25Options) *Lexical {
	l := &Lexical{
		tokenize: tokenize,
		opts:     opts,
		ids:      make([]string, len(docs)),
		termIDs:  make(map[string]int32),
		fwdOff:   make([]uint64, 1, len(docs)+1),
	}
	for d := range docs {
		l.ids[d] = docs[d].ID
	}
	l.tie = tieOrder(l.ids)
	lens := l.build(docs, parts)
	l.setNorms(lens)
	l.setSkipsAndBounds()
	l.setImpacts()
	n := len(docs)
	l.scratch.New = func() any {
		return &accumulator{score: make([]float64, n), hit: make([]bool, n), tf: make([]float64, n)}
	}
	return l
}

// setNorms computes every document's length normalisation per field.
func (l *Lexical) setNorms(lens [NumFields][]int32) {
	n := len(l.ids)
	for f := 0; f < NumFields; f++ {
		l.norm[f] = make([]float32, n)
		total := 0.0
		for _, x := range lens[f] {
			total += float64(x)
		}
		avg := 0.0
		if n > 0 {
			avg = total / float64(n)
		}
		for d := range n {
			v := 1.0
			if avg > 0 {
				v = 1 - l.opts.B[f] + l.opts.B[f]*float64(lens[f][d])/avg
			}
			l.norm[f][d] = float32(v)
		}
	}
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

// NumTerms returns the number of distinct terms the index holds; their
// IDs ([Lexical.TermIDs]) run from 0 to NumTerms()-1.
func (l *Lexical) NumTerms() int { return len(l.terms) }

// Term returns the term with ID id.
func (l *Lexical) Term(id int32) string { return l.terms[id] }

// DocFreqOf is DocFreq of a term looked up with [Lexical.TermIDs].
func (l *Lexical) DocFreqOf(id int32) int {
	if id < 0 || int(id) >= len(l.df) {
		return 0
	}
	return int(l.df[id])
}

// IDFOf is IDF of a term looked up with [Lexical.TermIDs].
func (l *Lexical) IDFOf(id int32) float64 { return l.idf(l.DocFreqOf(id)) }

func (l *Lexical) idf(df int) float64 {
	n := float64(len(l.ids))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// TermVector returns the terms of document doc weighted by tf-idf, where tf
// is the field-weighted frequency Σ_f W_f · tf_f. Callers use it for
// pseudo-relevance feedback. It returns nil for an out-of-range doc. It
// reads the postings of each of the document's terms, so it costs more
// than a search term; pseudo-relevance feedback is off by default.
func (l *Lexical) TermVector(doc int) map[string]float64 {
	if doc < 0 || doc >= len(l.ids) {
		return nil
	}
	v := make(map[string]float64)
	l.docTerms(doc, func(t int32) bool {
		v[l.terms[t]] = float64(l.weightedTF(t, int32(doc))) * l.idf(int(l.df[t]))
		return true
	})
	return v
}

// AppendDocTerms appends to dst the IDs of the terms of document doc,
// increasing, and returns it (dst unchanged for an out-of-range doc).
func (l *Lexical) AppendDocTerms(dst []int32, doc int) []int32 {
	if doc < 0 || doc >= len(l.ids) {
		return dst
	}
	l.docTerms(doc, func(t int32) bool {
		dst = append(dst, t)
		return true
	})
	return dst
}

// docTerms calls fn with each term ID of document doc, increasing, until
// fn returns false.
func (l *Lexical) docTerms(doc int, fn func(int32) bool) {
	b := l.fwd[l.fwdOff[doc]:l.fwdOff[doc+1]]
	t := int32(0)
	for len(b) > 0 {
		gap, n := binary.Uvarint(b)
		b = b[n:]
		t += int32(gap)
		if !fn(t) {
			return
		}
	}
}

// weightedTF returns Σ_f W_f · tf_f(t, doc), summed in float32 in field
// order, from the term's postings.
func (l *Lexical) weightedTF(t, doc int32) float32 {
	r := postingReader{b: l.post[l.postOff[t]:l.postOff[t+1]], doc: -1}
	for r.next() {
		for more := true; more; {
			var f int
			var tf int32
			f, tf, more = r.field()
			if r.doc != doc {
				continue
			}
			return l.fieldSum(&r, f, tf, more)
		}
		if r.doc > doc {
			break
		}
	}
	return 0
}

// fieldSum finishes weightedTF on the posting of its document, whose
// first field f with frequency tf was just read.
func (l *Lexical) fieldSum(r *postingReader, f int, tf int32, more bool) float32 {
	w := float32(l.opts.Weights[f]) * float32(tf)
	for more {
		f, tf, more = r.field()
		w += float32(l.opts.Weights[f]) * float32(tf)
	}
	return w
}

// Holds reports whether document doc holds term in some field. It scans
// the document's term list.
func (l *Lexical) Holds(doc int, term string) bool {
	id, ok := l.termIDs[term]
	if !ok || doc < 0 || doc >= len(l.ids) {
		return false
	}
	found := false
	l.docTerms(doc, func(t int32) bool {
		found = t == id
		return t < id
	})
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
	// dense marks a search that scored without listing touched documents
	// (scoreImpacts): every document's score may be non-zero.
	dense bool
	// tf holds the current term's tf' for the documents in termDocs.
	tf       []float64
	termDocs []int32
	top      []candidate               // the top-k heap's storage
	lows     []float64                 // the quantized search's heap of lower bounds
	bounds   []uint64                  // the quantized search's packed bounds, one a document of a block
	pairs    [][quantLevels + 1]uint64 // the quantized search's bounds a posting adds, by term
	streams  []quantCursor             // the quantized search's place in each term's stream
	order    []termAt                  // the quantized search's query terms by ID
	held     []uint64                  // the query terms each candidate holds (heldTerms)
	groups   groupScratch
	// terms and ids are the query's terms that the index holds; at maps
	// a term ID to its place in them while they are merged. The searches
	// read only the terms' weights: merge leaves their Term empty rather
	// than read each one's string, a cache miss a term.
	terms []WeightedTerm
	ids   []int32
	at    map[int32]int32
	q     []WeightedID // lookup's query, looked up
	slot  []int32      // mergeDense's places by term ID, all 0 between uses
}

// Search returns the k best documents for the query q (k ≤ 0: all matching
// documents), sorted by score, best first, then by ID. Repeated terms add up
// their weights; terms with a weight ≤ 0 and terms that no document holds
// are ignored. filter, when not nil, keeps only the documents for which it
// returns true. Only the posting lists of the query terms are read.
func (l *Lexical) Search(q []WeightedTerm, k int, filter func(docIdx int) bool) []Hit {
	acc := l.scratch.Get().(*accumulator)
	defer l.release(acc)
	if !l.lookup(acc, q) {
		return nil
	}
	return l.searchMerged(acc, k, filter)
}

// SearchIDs is Search for a query whose terms were looked up with
// [Lexical.TermIDs]: a caller that searches with the same terms more
// than once, or also asks [Lexical.HoldingIDs], looks each up once.
func (l *Lexical) SearchIDs(q []WeightedID, k int, filter func(docIdx int) bool) []Hit {
	acc := l.scratch.Get().(*accumulator)
	defer l.release(acc)
	if !l.merge(acc, q) {
		return nil
	}
	return l.searchMerged(acc, k, filter)
}

// searchMerged is Search after the look-up.
func (l *Lexical) searchMerged(acc *accumulator, k int, filter func(docIdx int) bool) []Hit {
	if k > 0 && l.postings(acc.ids) >= pruneMinPostings {
		if l.quant != nil {
			return l.searchQuantized(acc, k, filter)
		}
		return l.searchPruned(acc.terms, acc.ids, k, filter, nil)
	}
	l.score(acc)
	return l.topK(acc, k, filter)
}

// WeightedID is a query term looked up in one index ([Lexical.TermIDs]):
// its ID there, or a negative ID for a term the index does not hold.
type WeightedID struct {
	ID     int32
	Weight float64
}

// TermIDs appends to dst the ID of each of terms in the index, -1 for a
// term that it does not hold (and for the empty term).
func (l *Lexical) TermIDs(dst []int32, terms []string) []int32 {
	for _, t := range terms {
		id, ok := l.termIDs[t]
		if !ok || t == "" {
			id = -1
		}
		dst = append(dst, id)
	}
	return dst
}

// lookup keeps in acc.terms and acc.ids the terms of q that the index
// holds, with their IDs, merged as merge merges them. It reports whether
// any is left.
func (l *Lexical) lookup(acc *accumulator, q []WeightedTerm) bool {
	acc.q = acc.q[:0]
	for _, wt := range q {
		if id, ok := l.termIDs[wt.Term]; ok && wt.Term != "" {
			acc.q = append(acc.q, WeightedID{ID: id, Weight: wt.Weight})
		}
	}
	return l.merge(acc, acc.q)
}

// merge keeps in acc.terms and acc.ids the terms of q that the index
// holds, merged: a repeated term once, at its first place, with the sum
// of its weights, and none whose total weight is not positive. It
// reports whether any is left.
func (l *Lexical) merge(acc *accumulator, q []WeightedID) bool {
	acc.terms, acc.ids = acc.terms[:0], acc.ids[:0]
	if len(l.ids) == 0 {
		return false
	}
	if len(l.df) <= denseMergeMax {
		l.mergeDense(acc, q)
	} else {
		l.mergeMap(acc, q)
	}
	kept := 0
	for i, wt := range acc.terms {
		if wt.Weight > 0 {
			acc.terms[kept], acc.ids[kept] = wt, acc.ids[i]
			kept++
		}
	}
	acc.terms, acc.ids = acc.terms[:kept], acc.ids[:kept]
	return kept > 0
}

// denseMergeMax is the largest vocabulary whose searches merge their
// terms in an array by term ID (4 bytes a term, for each accumulator)
// rather than in a map.
var denseMergeMax = 1 << 16

// mergeDense is merge's first pass with acc.slot: 1 + a term's place in
// acc.ids, 0 for none; the entries it sets are cleared before it returns.
func (l *Lexical) mergeDense(acc *accumulator, q []WeightedID) {
	if len(acc.slot) < len(l.df) {
		acc.slot = make([]int32, len(l.df))
	}
	for _, wq := range q {
		if wq.ID < 0 || int(wq.ID) >= len(l.df) {
			continue
		}
		if i := acc.slot[wq.ID]; i > 0 {
			acc.terms[i-1].Weight += wq.Weight
			continue
		}
		acc.slot[wq.ID] = int32(len(acc.ids)) + 1
		acc.terms = append(acc.terms, WeightedTerm{Weight: wq.Weight})
		acc.ids = append(acc.ids, wq.ID)
	}
	for _, id := range acc.ids {
		acc.slot[id] = 0
	}
}

// mergeMap is merge's first pass with the map acc.at.
func (l *Lexical) mergeMap(acc *accumulator, q []WeightedID) {
	if acc.at == nil {
		acc.at = make(map[int32]int32)
	}
	clear(acc.at)
	for _, wq := range q {
		if wq.ID < 0 || int(wq.ID) >= len(l.df) {
			continue
		}
		if i, seen := acc.at[wq.ID]; seen {
			acc.terms[i].Weight += wq.Weight
			continue
		}
		acc.at[wq.ID] = int32(len(acc.ids))
		acc.terms = append(acc.terms, WeightedTerm{Weight: wq.Weight})
		acc.ids = append(acc.ids, wq.ID)
	}
}

// score sums the BM25F scores of the terms acc.ids (weights acc.terms)
// into acc.
func (l *Lexical) score(acc *accumulator) {
	if l.imp != nil {
		l.scoreImpacts(acc)
		return
	}
	for i, id := range acc.ids {
		l.accumulate(acc, id)
		w, idf := acc.terms[i].Weight, l.idf(int(l.df[id]))
		for _, d := range acc.termDocs {
			tf := acc.tf[d]
			acc.tf[d] = 0
			acc.touch(d)
			acc.score[d] += termScore(w, idf, tf, l.opts.K1)
		}
		acc.termDocs = acc.termDocs[:0]
	}
}

// postings returns the number of postings of the terms ids.
func (l *Lexical) postings(ids []int32) int {
	n := 0
	for _, id := range ids {
		n += int(l.df[id])
	}
	return n
}

// accumulate sets acc.tf[d] to tf'(t, d) for every document d holding term
// id, listed in acc.termDocs.
func (l *Lexical) accumulate(acc *accumulator, id int32) {
	r := postingReader{b: l.post[l.postOff[id]:l.postOff[id+1]], doc: -1}
	for r.next() {
		d := r.doc
		for more := true; more; {
			var f int
			var tf int32
			f, tf, more = r.field()
			w := l.opts.Weights[f]
			if !(w > 0) {
				continue
			}
			if acc.tf[d] == 0 {
				acc.termDocs = append(acc.termDocs, d)
			}
			acc.tf[d] += w * float64(tf) / float64(l.norm[f][d])
		}
	}
}

func (l *Lexical) release(acc *accumulator) {
	if acc.dense {
		clear(acc.score)
		acc.dense = false
	}
	for _, d := range acc.touched {
		acc.score[d] = 0
		acc.hit[d] = false
	}
	acc.touched = acc.touched[:0]
	l.scratch.Put(acc)
}

// topK selects the k best touched documents: with a bounded min-heap, or,
// when k keeps at least half of them (a small corpus searched to the
// engine's depth), by quickselect, which costs less than the heap there.
// Candidates are totally ordered (ties fall to tie), so both give the
// same hits.
func (l *Lexical) topK(acc *accumulator, k int, filter func(int) bool) []Hit {
	if acc.dense {
		return l.sortAll(acc, k, filter)
	}
	if k <= 0 || k > len(acc.touched) {
		k = len(acc.touched)
	}
	if 2*k >= len(acc.touched) {
		return l.sortAll(acc, k, filter)
	}
	if cap(acc.top) < k {
		acc.top = make([]candidate, 0, k)
	}
	h := newTopK(k, acc.top)
	for _, d := range acc.touched {
		s := acc.score[d]
		if s <= 0 || filter != nil && !filter(int(d)) {
			continue
		}
		h.push(candidate{score: s, tie: l.tie[d], doc: d})
	}
	return h.hits(l.ids)
}

// candidates gathers the touched documents that scored above zero and pass
// filter, in acc's reusable scratch (valid until acc's next search).
func (l *Lexical) candidates(acc *accumulator, filter func(int) bool) []candidate {
	if acc.dense {
		return l.denseCandidates(acc, filter)
	}
	c := acc.top[:0]
	for _, d := range acc.touched {
		s := acc.score[d]
		if s <= 0 || filter != nil && !filter(int(d)) {
			continue
		}
		c = append(c, candidate{score: s, tie: l.tie[d], doc: d})
	}
	acc.top = c[:0]
	return c
}

// sortAll returns the k best touched documents, best first (sortBest).
func (l *Lexical) sortAll(acc *accumulator, k int, filter func(int) bool) []Hit {
	c := sortBest(l.candidates(acc, filter), k)
	return candidateHits(c, l.ids)
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
