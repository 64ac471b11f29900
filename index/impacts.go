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

// scoreImpacts is [Lexical.score] from the impact lists.
func (l *Lexical) scoreImpacts(acc *accumulator) {
	for i, id := range acc.ids {
		lo, hi := l.imp.off[id], l.imp.off[id+1]
		docs := l.imp.docs[lo:hi]
		w := acc.terms[i].Weight
		if w == 1 {
			unit := l.imp.unit[lo:hi]
			for j, d := range docs {
				acc.touch(d)
				acc.score[d] += unit[j]
			}
			continue
		}
		idf, tfs := l.idf(int(l.df[id])), l.imp.tf[lo:hi]
		for j, d := range docs {
			acc.touch(d)
			acc.score[d] += termScore(w, idf, tfs[j], l.opts.K1)
		}
	}
}

// touch lists document d among the touched ones, once.
func (acc *accumulator) touch(d int32) {
	if !acc.hit[d] {
		acc.hit[d] = true
		acc.touched = append(acc.touched, d)
	}
}
