package index

import (
	"container/heap"
	"context"
	"runtime"
	"sync"
)

// flatMatrix holds unit vectors in one contiguous slice, row by row, for an
// exhaustive parallel scan.
type flatMatrix struct {
	dim  int
	data []float32 // len(docs) × dim
	docs []int     // document index of each row
}

func newFlatMatrix(dim int, docs []int, vecs [][]float32) *flatMatrix {
	m := &flatMatrix{dim: dim, data: make([]float32, 0, len(docs)*dim), docs: docs}
	for _, v := range vecs {
		m.data = append(m.data, v...)
	}
	return m
}

// search returns the k rows with the largest dot product with q, sorted
// like [SortHits]. ids maps document indexes to IDs.
func (m *flatMatrix) search(ctx context.Context, q []float32, k int, ids []string) ([]Hit, error) {
	rows := len(m.docs)
	workers := max(1, min(runtime.GOMAXPROCS(0), rows/4096))
	heaps := make([]hitHeap, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*rows/workers, (w+1)*rows/workers
		wg.Go(func() {
			h := make(hitHeap, 0, k)
			for r := lo; r < hi; r++ {
				if (r-lo)%8192 == 0 && ctx.Err() != nil {
					return
				}
				row := m.data[r*m.dim : (r+1)*m.dim]
				var dot float32
				for i, x := range q {
					dot += x * row[i]
				}
				d := m.docs[r]
				hit := Hit{Doc: d, ID: ids[d], Score: float64(dot)}
				if len(h) < k {
					heap.Push(&h, hit)
				} else if better(hit, h[0]) {
					h[0] = hit
					heap.Fix(&h, 0)
				}
			}
			heaps[w] = h
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var hits []Hit
	for _, h := range heaps {
		hits = append(hits, h...)
	}
	SortHits(hits)
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits, nil
}
