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

// useHalf is false: the scan reads half-precision rows only where the
// processor converts them.
const useHalf = false

// halfScores is never called without half-precision rows.
func halfScores(rows []uint16, stride int, q, scores []float32) {
	panic("index: no half-precision rows on this platform")
}
