package index

import "sync"

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

// searchTables are what a dense search reads beside the impact lists,
// derived from them at the first search (the build's other work, and a
// process's readiness, do not wait for them).
type searchTables struct {
	// idf[df] is the idf of a term of document frequency df: idf's
	// logarithm once a frequency rather than once a search term.
	idf []float64
	// rows are the dense rows (rows.go) of the terms that a large share
	// of the documents hold, nil for none.
	rows *denseRows
}

// newSearchTables derives l's search tables from its impact lists.
func (l *Lexical) newSearchTables() *searchTables {
	t := &searchTables{idf: make([]float64, len(l.ids)+1)}
	for df := range t.idf {
		t.idf[df] = l.idf(df)
	}
	t.rows = newDenseRows(l.imp, len(l.ids), l.opts.K1)
	return t
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
	l.tables = sync.OnceValue(l.newSearchTables)
}

// termScore is what a term of weight w and inverse document frequency
// idf adds to the score of a document where its tf' is tf.
func termScore(w, idf, tf, k1 float64) float64 {
	return w * idf * tf / (k1 + tf)
}

// scoreImpacts is [Lexical.score] from the impact lists. Over an index
// of at most denseDocsMax documents it lists no touched documents: the
// search reads every document's score instead (acc.dense), and adds the
// dense row of a term that has one.
func (l *Lexical) scoreImpacts(acc *accumulator) {
	acc.dense = len(l.ids) <= denseDocsMax
	var tables *searchTables
	if acc.dense {
		tables = l.tables()
	}
	for i, id := range acc.ids {
		w := acc.terms[i].Weight
		if acc.dense && tables.rows.add(acc.score, id, w, tables.idf, l.df) {
			continue
		}
		lo, hi := l.imp.off[id], l.imp.off[id+1]
		docs := l.imp.docs[lo:hi]
		switch {
		case w == 1:
			if !acc.dense {
				acc.touchAll(docs)
			}
			addUnits(acc.score, docs, l.imp.unit[lo:hi])
		case acc.dense:
			addScores(acc.score, docs, l.imp.tf[lo:hi], w*tables.idf[l.df[id]], l.opts.K1)
		default:
			acc.touchAll(docs)
			addScores(acc.score, docs, l.imp.tf[lo:hi], w*l.idf(int(l.df[id])), l.opts.K1)
		}
	}
}

// addUnits adds unit[j] to score[docs[j]] for each j: a term of weight
// 1. The loop holds score and its length in registers (acc.score would
// be read again after every store).
func addUnits(score []float64, docs []int32, unit []float64) {
	unit = unit[:len(docs)]
	for j, d := range docs {
		score[d] += unit[j]
	}
}

// addScores adds termScore(w, idf, tf[j], k1) to score[docs[j]] for each
// j, given wIDF = w·idf: termScore's own operations, in its order, so
// the same numbers to the bit.
func addScores(score []float64, docs []int32, tf []float64, wIDF, k1 float64) {
	tf = tf[:len(docs)]
	for j, d := range docs {
		score[d] += wIDF * tf[j] / (k1 + tf[j])
	}
}

// denseDocsMax is the largest index whose searches read every document's
// score rather than list the documents they touch: over a few thousand
// documents, a pass over all of them costs less than a test a posting
// (the default manual's searches read 5,000 postings of 139 entries and
// 1,068 example questions when this was measured; the examples signal has
// 1,923 since the editors' examples of 2026-12-04).
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

// touchAll touches each of docs.
func (acc *accumulator) touchAll(docs []int32) {
	for _, d := range docs {
		acc.touch(d)
	}
}

// touch lists document d among the touched ones, once.
func (acc *accumulator) touch(d int32) {
	if !acc.hit[d] {
		acc.hit[d] = true
		acc.touched = append(acc.touched, d)
	}
}
