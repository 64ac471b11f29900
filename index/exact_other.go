//go:build !amd64 || purego

package index

// exactSIMD is false: axpy4 and dotCols run in Go.
const exactSIMD = false

// axpy4 sets v[k] to v[k] + w1·u1[k] + w2·u2[k] + w3·u3[k] + w4·u4[k].
func axpy4(v, u1, u2, u3, u4 []float32, w1, w2, w3, w4 float32) {
	axpy4Go(v, u1, u2, u3, u4, w1, w2, w3, w4, 0)
}

// dotCols sets out[r] to dot(q, row r) for the rows cols holds column by
// column.
func dotCols(q, cols []float32, stride int, out []float32) {
	dotColsGo(q, cols, stride, out)
}
