//go:build !amd64 || purego

package index

// addRow adds row[i] to score[i] for every i < len(score).
func addRow(score, row []float64) { addRowGo(score, row) }

// addRowScores adds wIDF·tf[i] / (k1 + tf[i]) to score[i] for every
// i < len(score).
func addRowScores(score, tf []float64, wIDF, k1 float64) {
	addRowScoresGo(score, tf, wIDF, k1)
}
