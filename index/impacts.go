package index

// Decoded impact lists for small indexes.
//
// A query over a small index (the default manual: ~140 entries) reads
// short posting lists, and most of its lexical cost is decoding them and
// recomputing each posting's tf' and BM25 score. For an index of at most
// impactMaxPostings postings, the build keeps each term's postings decoded
// as well: the documents, each one's tf' (what [Lexical.accumulate]
// computes) and its score for a term of weight 1 (idf · tf'/(K1 + tf'),
// what [Lexical.score] adds). A search then adds precomputed numbers. They
// come from the same code and the same float64 operations in the same
// order, so the scores are the scan's to the bit
// (TestImpactsMatchPostings). Larger indexes keep only the compact
// delta-encoded postings, at 2–4 bytes a posting against the 20 here.

// impactMaxPostings is the largest number of postings (the sum of every
// term's document frequency) for which an index keeps impact lists:
// about 5 MB of them.
var impactMaxPostings = 1 << 18

// impacts are every term's decoded postings: term t's are
// docs[off[t]:off[t+1]], with tf[i] the tf' of docs[i] and unit[i] the
// score it adds for a query term of weight 1.
type impacts struct {
	off  []uint32
	docs []int32
	tf   []float64
	unit []float64
}

// setImpacts builds the impact lists when the index is small enough.
func (l *Lexical) setImpacts() {
	total := 0
	for _, df := range l.df {
		total += int(df)
	}
	if total > impactMaxPostings || len(l.ids) == 0 {
		return
	}
	im := &impacts{
		off:  make([]uint32, 0, len(l.terms)+1),
		docs: make([]int32, 0, total),
		tf:   make([]float64, 0, total),
		unit: make([]float64, 0, total),
	}
	acc := &accumulator{tf: make([]float64, len(l.ids))}
	for t := range l.terms {
		im.off = append(im.off, uint32(len(im.docs)))
		l.accumulate(acc, int32(t))
		idf := l.idf(int(l.df[t]))
		for _, d := range acc.termDocs {
			tf := acc.tf[d]
			acc.tf[d] = 0
			im.docs = append(im.docs, d)
			im.tf = append(im.tf, tf)
			im.unit = append(im.unit, termScore(1, idf, tf, l.opts.K1))
		}
		acc.termDocs = acc.termDocs[:0]
	}
	im.off = append(im.off, uint32(len(im.docs)))
	l.imp = im
}

// termScore is what a term of weight w and inverse document frequency
// idf adds to the score of a document where its tf' is tf.
func termScore(w, idf, tf, k1 float64) float64 {
	return w * idf * tf / (k1 + tf)
}

// scoreImpacts is [Lexical.score] from the impact lists. Over an index
// of at most denseDocsMax documents it lists no touched documents: the
// search reads every document's score instead (acc.dense).
func (l *Lexical) scoreImpacts(acc *accumulator) {
	acc.dense = len(l.ids) <= denseDocsMax
	for i, id := range acc.ids {
		lo, hi := l.imp.off[id], l.imp.off[id+1]
		docs := l.imp.docs[lo:hi]
		w := acc.terms[i].Weight
		switch {
		case acc.dense && w == 1:
			unit := l.imp.unit[lo:hi]
			for j, d := range docs {
				acc.score[d] += unit[j]
			}
		case acc.dense:
			idf, tfs := l.idf(int(l.df[id])), l.imp.tf[lo:hi]
			for j, d := range docs {
				acc.score[d] += termScore(w, idf, tfs[j], l.opts.K1)
			}
		case w == 1:
			unit := l.imp.unit[lo:hi]
			for j, d := range docs {
				acc.touch(d)
				acc.score[d] += unit[j]
			}
		default:
			idf, tfs := l.idf(int(l.df[id])), l.imp.tf[lo:hi]
			for j, d := range docs {
				acc.touch(d)
				acc.score[d] += termScore(w, idf, tfs[j], l.opts.K1)
			}
		}
	}
}

// denseDocsMax is the largest index whose searches read every document's
// score rather than list the documents they touch: over a few thousand
// documents, a pass over all of them costs less than a test a posting
// (the default manual's searches read 5,000 postings of 139 entries and
// 1,068 example questions).
var denseDocsMax = 4096

// denseCandidates is candidates after a dense scoring: every document
// that scored above zero and passes filter, in document order.
func (l *Lexical) denseCandidates(acc *accumulator, filter func(int) bool) []candidate {
	n := len(acc.score)
	c := acc.top[:0]
	if cap(c) < n {
		c = make([]candidate, 0, n)
	}
	if filter != nil {
		for d, s := range acc.score {
			if s > 0 && filter(d) {
				c = append(c, candidate{score: s, tie: l.tie[d], doc: int32(d)})
			}
		}
		acc.top = c[:0]
		return c
	}
	// Without a filter every document is written and kept when it scored:
	// no branch on the score, which the scores' order would mispredict.
	c, j := c[:n], 0
	for d, s := range acc.score {
		c[j] = candidate{score: s, tie: l.tie[d], doc: int32(d)}
		j += b2i(s > 0)
	}
	acc.top = c[:0]
	return c[:j]
}

// touch lists document d among the touched ones, once.
func (acc *accumulator) touch(d int32) {
	if !acc.hit[d] {
		acc.hit[d] = true
		acc.touched = append(acc.touched, d)
	}
}
