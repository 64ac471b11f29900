//go:build amd64 && !purego

package index

// exactSIMD tells whether axpy4 and dotCols run in SIMD registers (AVX,
// which the processors with hasAVX2FMA have).
var exactSIMD = hasAVX2FMA

// axpy4AVX is axpy4 over the first len(v) values, a multiple of 8.
//
//go:noescape
func axpy4AVX(v, u1, u2, u3, u4 []float32, w1, w2, w3, w4 float32)

// dotColsAVX is dotCols with len(out) a multiple of 8.
//
//go:noescape
func dotColsAVX(q, cols []float32, stride int, out []float32)

// axpy4 sets v[k] to v[k] + w1·u1[k] + w2·u2[k] + w3·u3[k] + w4·u4[k],
// each product and sum rounded to float32 in that order, as the scalar
// code rounds them (each u at least as long as v).
func axpy4(v, u1, u2, u3, u4 []float32, w1, w2, w3, w4 float32) {
	n := 0
	if exactSIMD {
		n = len(v) &^ 7
		u1, u2, u3, u4 = u1[:len(v)], u2[:len(v)], u3[:len(v)], u4[:len(v)]
		if n > 0 {
			axpy4AVX(v[:n], u1, u2, u3, u4, w1, w2, w3, w4)
		}
	}
	axpy4Go(v, u1, u2, u3, u4, w1, w2, w3, w4, n)
}

// dotCols sets out[r] to dot(q, row r) for each of the rows that cols
// holds column by column (value k of row r at cols[k*stride+r]); len(out)
// is stride, a multiple of 8.
func dotCols(q, cols []float32, stride int, out []float32) {
	if exactSIMD && len(out) == stride && stride%8 == 0 && len(cols) >= len(q)*stride {
		dotColsAVX(q, cols, stride, out)
		return
	}
	dotColsGo(q, cols, stride, out)
}
