package index

import (
	"context"
	"fmt"
	"math"
)

// Embedder turns texts into vectors. Implementations must be safe for
// concurrent use, return one vector per input in order, all of the same
// dimension, and return an error (never a panic) when ctx is done or the
// backend fails. Embedding an empty slice returns an empty slice and no
// error.
type Embedder interface {
	Embed(ctx context.Context, texts []string, purpose Purpose) ([][]float32, error)
	// Name identifies the embedder and its model, e.g. "ollama:bge-m3".
	Name() string
}

// Purpose tells an embedder what a text is for. Asymmetric models embed
// queries and documents differently (e.g. "query: " and "passage: "
// prefixes).
type Purpose int

// The purposes of a text.
const (
	PurposeDocument Purpose = iota // a text to be indexed
	PurposeQuery                   // a text to search with
)

func (p Purpose) String() string {
	switch p {
	case PurposeDocument:
		return "document"
	case PurposeQuery:
		return "query"
	}
	return fmt.Sprintf("Purpose(%d)", int(p))
}

// normalize scales v to unit length in place and returns it. A zero vector
// is returned unchanged.
func normalize(v []float32) []float32 {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return v
	}
	inv := 1 / math.Sqrt(sum)
	for i, x := range v {
		v[i] = float32(float64(x) * inv)
	}
	return v
}

func isZero(v []float32) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}
