package index

import "math"

// Dense rows for the terms of small indexes that most documents hold.
//
// A search over an index of a few hundred documents (the default
// manual's 139 entries) adds, for a term that a quarter of them or more
// hold, a score to most of them one posting at a time. For such a term
// the build also keeps a row of every document's unit score and tf'
// (see impacts), 0 where the document lacks the term, and a dense
// search adds the row whole, four documents an instruction where the
// processor has AVX2. Adding the zero of a document that lacks the term
// leaves its score as it was (scores are sums of positive numbers, from
// +0), and every document that holds it gets the same float64
// operations, in the same order, as the impact lists give it, so the
// scores are the same to the bit (TestDenseRowsMatchImpacts).

// denseRowMaxDocs is the largest index whose terms get dense rows, and
// denseRowShare the share of the documents (one in denseRowShare) that a
// term must hold to get one: a row costs 16 bytes a document, at most
// 16·denseRowShare bytes a posting.
var denseRowMaxDocs = 1024

const denseRowShare = 4

// denseRows are the rows of an index's terms that have one.
type denseRows struct {
	n  int // the documents, the length of a row
	k1 float64
	at []int32 // by term: 1 + its row, 0 for none
	// unit[r*n:(r+1)*n] is row r's unit score of each document (what
	// impacts.unit holds), tf[r*n:(r+1)*n] its tf'.
	unit, tf []float64
}

// newDenseRows returns the dense rows of the terms of im (n documents)
// that hold at least one document in denseRowShare, or nil for none.
func newDenseRows(im *impacts, n int, k1 float64) *denseRows {
	if n > denseRowMaxDocs || n < denseRowShare || !(k1 > 0) {
		return nil
	}
	terms := len(im.off) - 1
	r := &denseRows{n: n, k1: k1, at: make([]int32, terms)}
	rows := 0
	for t := range terms {
		if int(im.off[t+1]-im.off[t])*denseRowShare >= n {
			rows++
			r.at[t] = int32(rows)
		}
	}
	if rows == 0 {
		return nil
	}
	r.unit, r.tf = make([]float64, rows*n), make([]float64, rows*n)
	for t, at := range r.at {
		if at == 0 {
			continue
		}
		unit, tf := r.row(at)
		for j := im.off[t]; j < im.off[t+1]; j++ {
			d := im.docs[j]
			unit[d], tf[d] = im.unit[j], im.tf[j]
		}
	}
	return r
}

// row returns the unit scores and tf' of row at (1 + its index).
func (r *denseRows) row(at int32) (unit, tf []float64) {
	lo, hi := int(at-1)*r.n, int(at)*r.n
	return r.unit[lo:hi:hi], r.tf[lo:hi:hi]
}

// add adds to score (a dense search's, every document's) the scores of
// term t for a query weight w, as addUnits or addScores add them from
// the impact lists, and reports true; or reports false, adding nothing,
// when t has no row (or w·idf is infinite, where 0·w·idf is no zero).
// idf and df are the impacts' idf by document frequency and the index's
// document frequencies.
func (r *denseRows) add(score []float64, t int32, w float64, idf []float64, df []int32) bool {
	if r == nil || r.at[t] == 0 {
		return false
	}
	unit, tf := r.row(r.at[t])
	if w == 1 {
		addRow(score[:r.n], unit)
		return true
	}
	wIDF := w * idf[df[t]]
	if math.IsInf(wIDF, 0) {
		return false
	}
	addRowScores(score[:r.n], tf, wIDF, r.k1)
	return true
}

// addRowGo is addRow without SIMD.
func addRowGo(score, row []float64) {
	row = row[:len(score)]
	for i, u := range row {
		score[i] += u
	}
}

// addRowScoresGo is addRowScores without SIMD.
func addRowScoresGo(score, tf []float64, wIDF, k1 float64) {
	tf = tf[:len(score)]
	for i, x := range tf {
		score[i] += wIDF * x / (k1 + x)
	}
}
