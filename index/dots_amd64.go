//go:build amd64 && !purego

package index

// hasAVX2FMA reports whether the processor and the operating system
// support AVX2 and FMA (CPUID leaves 1 and 7, and XGETBV for the YMM
// state), which dotsAVX2 needs.
var hasAVX2FMA = detectAVX2FMA()

// useInt8 tells the vector scan to compute its fast scores from rows of
// 8-bit integers (int8.go), a quarter of the memory of the float32 rows:
// where the processor has dotsInt8AVX2's AVX2 and FMA.
var useInt8 = hasAVX2FMA

func detectAVX2FMA() bool {
	_, _, c1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if c1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false
	}
	if eax, _ := xgetbv(); eax&6 != 6 { // XMM and YMM state saved by the OS
		return false
	}
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0 // AVX2
}

//go:noescape
func cpuid(eax, ecx uint32) (a, b, c, d uint32)

//go:noescape
func xgetbv() (eax, edx uint32)

// dotsAVX2 sets out[i] to the dot product of q (dim values) with row i
// of rows (dim values a row, len(out) rows), summed in eight lanes with
// fused multiply-adds, four rows at a time.
//
//go:noescape
func dotsAVX2(q, rows, out []float32, dim int)

// fastScores sets scores[i] to the fast score of row i of rows (dim
// values a row) for q: their dot product summed in an order of its own
// (SIMD where the processor has it).
func fastScores(rows []float32, dim int, q, scores []float32) {
	if len(scores) == 0 {
		return
	}
	if !hasAVX2FMA || len(q) != dim || len(rows) < len(scores)*dim {
		sgemvScores(rows, dim, q, scores)
		return
	}
	dotsAVX2(q, rows, scores, dim)
}

// dotsInt8AVX2 is dotsAVX2 over rows of 8-bit integers, stride values a
// row (a multiple of 8, as len(q)).
//
//go:noescape
func dotsInt8AVX2(q []float32, rows []int8, out []float32, stride int)

// int8Scores sets scores[i] to the fast score of row i of the 8-bit rows
// (stride values a row) for q (stride values).
func int8Scores(rows []int8, stride int, q, scores []float32) {
	if len(scores) == 0 || len(q) != stride || stride%8 != 0 || len(rows) < len(scores)*stride {
		panic("index: int8Scores: rows and query do not match")
	}
	dotsInt8AVX2(q, rows, scores, stride)
}
