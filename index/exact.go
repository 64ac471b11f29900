package index

// axpy4Go is axpy4 from value from on, in Go.
func axpy4Go(v, u1, u2, u3, u4 []float32, w1, w2, w3, w4 float32, from int) {
	u1, u2, u3, u4 = u1[:len(v)], u2[:len(v)], u3[:len(v)], u4[:len(v)]
	for k := from; k < len(v); k++ {
		v[k] = v[k] + w1*u1[k] + w2*u2[k] + w3*u3[k] + w4*u4[k]
	}
}

// dotColsGo is dotCols in Go.
func dotColsGo(q, cols []float32, stride int, out []float32) {
	for r := range out {
		var s float32
		for k, x := range q {
			s += x * cols[k*stride+r]
		}
		out[r] = s
	}
}

// columns returns the rows of data (dim values a row) column by column:
// value k of row r at k*stride+r, stride the number of rows rounded up to
// a multiple of 8 (the rows past the last are zero).
func columns(data []float32, dim int) (cols []float32, stride int) {
	rows := 0
	if dim > 0 {
		rows = len(data) / dim
	}
	stride = (rows + 7) &^ 7
	cols = make([]float32, dim*stride)
	for r := range rows {
		for k, x := range data[r*dim : (r+1)*dim] {
			cols[k*stride+r] = x
		}
	}
	return cols, stride
}
