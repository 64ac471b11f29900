package index

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// flatRowsPerWorker is the number of rows from which the scan takes one
// more goroutine: below it, starting one costs more than it saves.
var flatRowsPerWorker = 4096

// flatMatrix holds unit vectors in one contiguous slice, row by row, for an
// exhaustive parallel scan.
type flatMatrix struct {
	dim     int
	data    []float32 // len(docs) × dim
	docs    []int     // document index of each row
	maxNorm float64   // the largest Euclidean norm of a row
	// i8 holds the rows again as 8-bit integers, i8 · scale within i8Err
	// of each value (see int8Rows), stride values a row, for the fast
	// scores, where the processor has the kernel (useInt8); nil elsewhere.
	i8     []int8
	stride int
	scale  float32
	i8Err  float64
	// cols holds the rows of a small matrix again, column by column
	// (columns), where dotCols scores eight rows at a time in SIMD
	// registers (exactSIMD); nil elsewhere.
	cols      []float32
	colStride int
}

// colsMaxRows is the largest matrix that keeps its rows column by column
// too: searchAll scores every row of such a small index.
var colsMaxRows = 4096

func newFlatMatrix(dim int, docs []int, vecs [][]float32) *flatMatrix {
	m := &flatMatrix{dim: dim, data: make([]float32, 0, len(docs)*dim), docs: docs}
	for i, v := range vecs {
		m.data = append(m.data, v...)
		m.maxNorm = max(m.maxNorm, norm(v))
		vecs[i] = nil // the matrix holds the values now
	}
	if useInt8 {
		var ok bool
		if m.i8, m.stride, m.scale, m.i8Err, ok = int8Rows(m.data, dim); !ok {
			m.i8 = nil
		}
	}
	if exactSIMD && len(docs) <= colsMaxRows {
		m.cols, m.colStride = columns(m.data, dim)
	}
	return m
}

// norm returns the Euclidean norm of v.
func norm(v []float32) float64 {
	s := 0.0
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	return math.Sqrt(s)
}

// A row's score is its dot product with the query as dot computes it:
// float32 products added one after the other. The scan computes fast
// scores instead (fastScores: BLAS's matrix-vector product, in SIMD
// registers on amd64), which sum the products in another order and may
// round differently. Both are
// within γ·Σ|q_i·r_i| ≤ γ·‖q‖·‖r‖ of the real dot product (Higham,
// Accuracy and Stability of Numerical Algorithms, §3.1), with γ = n·u/(1 −
// n·u) for n additions in a chain and u = 2⁻²⁴, so they differ by at most
// the scan's margin δ. The k-th best fast score θ is reached by k rows,
// whose scores are then at least θ − δ: a row among the k best by score
// has a fast score of at least θ − 2δ. The scan keeps those rows, and
// ranks them by their score, exactly as a scan computing dot everywhere.

// dot is a row's score.
func dot(q, row []float32) float32 {
	row = row[:len(q)] // one bounds check, not one a product
	var s float32
	for i, x := range q {
		s += x * row[i]
	}
	return s
}

// dot4 is dot of q with four rows at once: each sum is dot's, its
// products added in the same order, but the four chains of additions
// overlap instead of each waiting on the one before.
func dot4(q, r0, r1, r2, r3 []float32) (s0, s1, s2, s3 float32) {
	r0, r1, r2, r3 = r0[:len(q)], r1[:len(q)], r2[:len(q)], r3[:len(q)]
	for i, x := range q {
		s0 += x * r0[i]
		s1 += x * r1[i]
		s2 += x * r2[i]
		s3 += x * r3[i]
	}
	return s0, s1, s2, s3
}

// runExact is run without fast scores: every row's score, four rows at a
// time.
func (s *flatScan) runExact(ctx context.Context, m *flatMatrix, q []float32, tie []int32, lo, hi int) {
	row := func(r int) []float32 { return m.data[r*m.dim : (r+1)*m.dim] }
	r := lo
	for ; r+4 <= hi; r += 4 {
		if (r-lo)%8192 == 0 && ctx.Err() != nil {
			return
		}
		a, b, c, d := dot4(q, row(r), row(r+1), row(r+2), row(r+3))
		s.pushRow(m, tie, r, a)
		s.pushRow(m, tie, r+1, b)
		s.pushRow(m, tie, r+2, c)
		s.pushRow(m, tie, r+3, d)
	}
	for ; r < hi; r++ {
		s.pushRow(m, tie, r, dot(q, row(r)))
	}
}

// pushRow offers row r with its score to the scan's k best.
func (s *flatScan) pushRow(m *flatMatrix, tie []int32, r int, score float32) {
	d := m.docs[r]
	s.top.push(candidate{score: float64(score), tie: tie[d], doc: int32(d)})
}

// margin returns δ, the most by which dot and the fast score of q and a row can
// differ.
func (m *flatMatrix) margin(q []float32) float64 {
	gamma := func(n int) float64 {
		nu := float64(n) * 0x1p-24
		return nu / (1 - nu)
	}
	// A product goes through at most n + 1 roundings (its own and at
	// most n additions), in dot and in any order of summation the fast
	// scores use. The factor covers rounding in this bound itself.
	n, nq := len(q), norm(q)
	if m.i8 == nil {
		return 2 * gamma(n+2) * nq * m.maxNorm * (1 + 1e-6)
	}
	// From 8-bit rows c, each value within e (i8Err) of the row's v as
	// scale·c, and q·scale rounded to float32 (within 2⁻²⁴ of each
	// product): the fast score differs from Σ q_i·v_i by e·‖q‖₁ and its
	// rounding error, over |scale·c_i| ≤ |v_i| + e, at most γ·(‖q‖·‖v‖ +
	// e·‖q‖₁), one rounding more than dot's.
	q1 := 0.0
	for _, x := range q {
		q1 += math.Abs(float64(x))
	}
	g := gamma(m.stride + 4)
	return (2*g*nq*m.maxNorm + (1+g)*m.i8Err*q1) * (1 + 1e-6)
}

// search returns the k rows with the largest score for q, sorted like
// [SortHits]. ids maps document indexes to IDs, tie to their position in
// ID order.
func (m *flatMatrix) search(ctx context.Context, q []float32, k int, ids []string, tie []int32) ([]Hit, error) {
	rows := len(m.docs)
	workers := max(1, min(runtime.GOMAXPROCS(0), rows/flatRowsPerWorker))
	// When most rows are kept, as in a small index, the fast scores would
	// only add work.
	fast := 4*k < rows
	if workers == 1 && !fast {
		return m.searchAll(ctx, q, k, ids, tie)
	}
	scans := make([]flatScan, workers)
	slack := 2 * m.margin(q)
	qScaled := m.scaled(q)
	scan := func(w int) {
		scans[w].qScaled = qScaled
		scans[w].run(ctx, m, q, k, fast, slack, tie, w*rows/workers, (w+1)*rows/workers)
	}
	if workers == 1 {
		scan(0)
	} else {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() { scan(w) })
		}
		wg.Wait()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	best := scans[0].top
	for _, s := range scans[1:] {
		for _, c := range s.top.h {
			best.push(c)
		}
	}
	if !fast {
		return best.hits(ids), nil
	}
	return m.rescore(q, k, scans, best, slack, ids, tie), nil
}

// searchAll is search when every row's score is computed and most rows
// are kept (a small index, one goroutine): it scores all rows into a
// reused buffer and selects the k best once, instead of offering each
// row to a heap. Candidates are totally ordered, so the k best and their
// order are the heap's.
func (m *flatMatrix) searchAll(ctx context.Context, q []float32, k int, ids []string, tie []int32) ([]Hit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	buf := flatPool.Get().(*[]candidate)
	defer flatPool.Put(buf)
	cs := slices.Grow((*buf)[:0], len(m.docs))[:len(m.docs)]
	*buf = cs
	row := func(r int) []float32 { return m.data[r*m.dim : (r+1)*m.dim] }
	at := func(r int, score float32) candidate {
		d := m.docs[r]
		return candidate{score: float64(score), tie: tie[d], doc: int32(d)}
	}
	if m.cols != nil && len(q) == m.dim {
		// Every row's dot, eight rows at a time, as dot computes it.
		scores := colScores.Get().(*[]float32)
		defer colScores.Put(scores)
		*scores = slices.Grow((*scores)[:0], m.colStride)[:m.colStride]
		dotCols(q, m.cols, m.colStride, *scores)
		for r := range cs {
			cs[r] = at(r, (*scores)[r])
		}
	} else {
		r := 0
		for ; r+4 <= len(cs); r += 4 {
			a, b, c, d := dot4(q, row(r), row(r+1), row(r+2), row(r+3))
			cs[r], cs[r+1], cs[r+2], cs[r+3] = at(r, a), at(r+1, b), at(r+2, c), at(r+3, d)
		}
		for ; r < len(cs); r++ {
			cs[r] = at(r, dot(q, row(r)))
		}
	}
	return candidateHits(sortBest(cs, k), ids), nil
}

// flatPool holds searchAll's candidate buffers.
var flatPool = sync.Pool{New: func() any { return new([]candidate) }}

// colScores holds searchAll's buffers of scores from dotCols.
var colScores = sync.Pool{New: func() any { return new([]float32) }}

// rescore ranks by their score the rows of scans whose fast score is
// within slack of best's k-th.
func (m *flatMatrix) rescore(q []float32, k int, scans []flatScan, best topK, slack float64, ids []string, tie []int32) []Hit {
	theta := math.Inf(-1)
	if len(best.h) == k {
		theta = best.h[0].score - slack
	}
	top := newTopK(k, make([]candidate, 0, k))
	for _, s := range scans {
		for _, c := range s.near {
			if c.score >= theta {
				r := int(c.doc)
				d := m.docs[r]
				top.push(candidate{score: float64(dot(q, m.data[r*m.dim:(r+1)*m.dim])), tie: tie[d], doc: int32(d)})
			}
		}
	}
	return top.hits(ids)
}

// flatScan is one goroutine's scan of a range of rows: the k best rows,
// and with fast scores, every row whose fast score was within slack of
// the k best's when it was read, as candidates on rows.
type flatScan struct {
	top     topK
	near    []candidate
	qScaled []float32 // q·scale with zeros up to the 8-bit rows' stride
}

func (s *flatScan) run(ctx context.Context, m *flatMatrix, q []float32, k int, fast bool, slack float64, tie []int32, lo, hi int) {
	s.top = newTopK(k, make([]candidate, 0, k))
	if !fast {
		s.runExact(ctx, m, q, tie, lo, hi)
		return
	}
	scores := make([]float32, flatChunk)
	for start := lo; start < hi; start += flatChunk {
		if ctx.Err() != nil {
			return
		}
		end := min(start+flatChunk, hi)
		m.fastScores(start, end, q, s.qScaled, scores[:end-start])
		for i, score := range scores[:end-start] {
			r := start + i
			c := candidate{score: float64(score), tie: tie[m.docs[r]], doc: int32(r)}
			if len(s.top.h) < k || c.score >= s.top.h[0].score-slack {
				s.near = append(s.near, c)
				s.top.push(c)
			}
		}
	}
}

// fastScores sets the fast scores of rows start to end−1 for q (qScaled:
// q scaled for the 8-bit rows, see scaled).
func (m *flatMatrix) fastScores(start, end int, q, qScaled, scores []float32) {
	if m.i8 != nil {
		int8Scores(m.i8[start*m.stride:end*m.stride], m.stride, qScaled, scores)
		return
	}
	fastScores(m.data[start*m.dim:end*m.dim], m.dim, q, scores)
}

// scaled returns q times the 8-bit rows' scale, with zeros up to their
// stride (nil without 8-bit rows).
func (m *flatMatrix) scaled(q []float32) []float32 {
	if m.i8 == nil {
		return nil
	}
	p := make([]float32, m.stride)
	for i, x := range q {
		p[i] = x * m.scale
	}
	return p
}

// flatChunk is the number of rows whose fast scores the scan computes in
// one call.
const flatChunk = 512

// sgemvScores sets scores[i] to the dot product of row i of rows (dim
// values a row) with q as BLAS's single-precision matrix-vector product
// computes it (SSE on amd64).
func sgemvScores(rows []float32, dim int, q, scores []float32) {
	gonum.Implementation{}.Sgemv(blas.NoTrans, len(scores), dim, 1, rows, dim, q, 1, 0, scores, 1)
}
