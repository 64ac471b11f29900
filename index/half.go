package index

import "math"

// halfRows returns rows (dim values a row, each of magnitude at most 2)
// in half precision (IEEE 754 binary16, rounded toward zero), each row
// padded with zeros to stride values, a multiple of 8. Each value h is
// within halfErr(v) of its v.
func halfRows(rows []float32, dim int) (half []uint16, stride int) {
	stride = (dim + 7) &^ 7
	n := len(rows) / max(dim, 1)
	half = make([]uint16, n*stride)
	for r := range n {
		for i, v := range rows[r*dim : (r+1)*dim] {
			half[r*stride+i] = toHalf(v)
		}
	}
	return half, stride
}

// halfErr is the most by which toHalf(v) differs from v, for |v| < 2¹⁶:
// truncation keeps 11 significant bits (within 2⁻¹⁰·|v|), and below
// 2⁻¹⁴, where half precision has a fixed step of 2⁻²⁴, within that step.
func halfErr(v float32) float64 {
	return 0x1p-10*math.Abs(float64(v)) + 0x1p-24
}

// toHalf returns v in half precision, rounded toward zero, for |v| < 2¹⁶.
func toHalf(v float32) uint16 {
	b := math.Float32bits(v)
	sign := uint16(b>>16) & 0x8000
	exp := int(b>>23&0xff) - 127 + 15
	mant := b & 0x7fffff
	switch {
	case exp >= 31:
		return sign | 0x7bff // the largest finite value
	case exp > 0:
		return sign | uint16(exp)<<10 | uint16(mant>>13)
	case exp > -11:
		return sign | uint16((mant|0x800000)>>(14-exp))
	}
	return sign
}

// fromHalf returns the value of half-precision h (finite).
func fromHalf(h uint16) float32 {
	sign := float32(1)
	if h&0x8000 != 0 {
		sign = -1
	}
	exp, mant := int(h>>10&0x1f), float64(h&0x3ff)
	if exp == 0 {
		return sign * float32(math.Ldexp(mant, -24))
	}
	return sign * float32(math.Ldexp(1024+mant, exp-25))
}
