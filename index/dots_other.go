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
