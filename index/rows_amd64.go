//go:build amd64 && !purego

package index

// addRow adds row[i] to score[i] for every i < len(score), four at a
// time where the processor has AVX2.
func addRow(score, row []float64) {
	if !hasAVX2FMA {
		addRowGo(score, row)
		return
	}
	addRowAVX(score, row[:len(score)])
}

// addRowScores adds wIDF·tf[i] / (k1 + tf[i]) to score[i] for every
// i < len(score), four at a time where the processor has AVX2: each
// operation correctly rounded, as the scalar ones are.
func addRowScores(score, tf []float64, wIDF, k1 float64) {
	if !hasAVX2FMA {
		addRowScoresGo(score, tf, wIDF, k1)
		return
	}
	addRowScoresAVX(score, tf[:len(score)], wIDF, k1)
}

// addRowAVX is addRow with AVX2's 256-bit registers; len(row) ≥ len(score).
//
//go:noescape
func addRowAVX(score, row []float64)

// addRowScoresAVX is addRowScores with AVX2's 256-bit registers; len(tf) ≥ len(score).
//
//go:noescape
func addRowScoresAVX(score, tf []float64, wIDF, k1 float64)
