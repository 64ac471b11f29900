package index

import "math"

// int8Rows returns rows (dim values a row) as 8-bit integers on one
// scale for every row: value v becomes c = round(v/scale), |c| ≤ 127,
// each row padded with zeros to stride values, a multiple of 8. Each v is
// within maxErr of c·scale. ok is false when the rows hold no finite,
// nonzero largest magnitude to scale by.
func int8Rows(rows []float32, dim int) (c []int8, stride int, scale float32, maxErr float64, ok bool) {
	largest := 0.0
	for _, v := range rows {
		largest = max(largest, math.Abs(float64(v)))
	}
	if !(largest > 0) || math.IsInf(largest, 0) {
		return nil, 0, 0, 0, false
	}
	// Rounded up, so that every |v|/scale is at most 127.
	scale = math.Nextafter32(float32(largest/127), float32(math.Inf(1)))
	s := float64(scale)
	stride = (dim + 7) &^ 7
	n := len(rows) / max(dim, 1)
	c = make([]int8, n*stride)
	for r := range n {
		for i, v := range rows[r*dim : (r+1)*dim] {
			c[r*stride+i] = int8(math.Round(float64(v) / s))
		}
	}
	// v/s is computed within 127·2⁻⁵³ and rounded within 1/2.
	return c, stride, scale, s * (0.5 + 0x1p-40), true
}
