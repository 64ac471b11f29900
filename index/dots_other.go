//go:build !amd64 || purego

package index

// fastScores sets scores[i] to the fast score of row i of rows (dim
// values a row) for q: their dot product summed in an order of its own.
func fastScores(rows []float32, dim int, q, scores []float32) {
	if len(scores) == 0 {
		return
	}
	sgemvScores(rows, dim, q, scores)
}

// useInt8 is false: the scan reads 8-bit rows only where the processor
// has the kernel for them.
const useInt8 = false

// int8Scores is never called without 8-bit rows.
func int8Scores(rows []int8, stride int, q, scores []float32) {
	panic("index: no 8-bit rows on this platform")
}
