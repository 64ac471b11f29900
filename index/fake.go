package index

import (
	"context"
	"fmt"
	"hash/fnv"
)

// Fake is a deterministic [Embedder] for tests: it hashes the character
// bigrams of a text ([NGrams]) into Dim buckets and L2-normalises the counts.
// Texts sharing many bigrams get close vectors; a text with no bigram gets
// the zero vector. It needs no model and no network. The zero value uses 64
// dimensions.
type Fake struct {
	Dim int
}

// Name returns "fake-bigram-<dim>".
func (f Fake) Name() string { return fmt.Sprintf("fake-bigram-%d", f.dim()) }

func (f Fake) dim() int {
	if f.Dim > 0 {
		return f.Dim
	}
	return 64
}

// Embed implements [Embedder]. The purpose is ignored.
func (f Fake) Embed(ctx context.Context, texts []string, _ Purpose) ([][]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("fake: embed: %w", err)
	}
	out := make([][]float32, len(texts))
	for i, t := range texts {
		v := make([]float32, f.dim())
		for _, g := range NGrams(t, 2) {
			h := fnv.New32a()
			h.Write([]byte(g))
			v[h.Sum32()%uint32(len(v))]++
		}
		out[i] = normalize(v)
	}
	return out, nil
}
