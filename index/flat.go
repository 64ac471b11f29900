package index

import (
	"context"
	"runtime"
	"sync"
)

// flatRowsPerWorker is the number of rows from which the scan takes one
// more goroutine: below it, starting one costs more than it saves.
var flatRowsPerWorker = 4096

// flatMatrix holds unit vectors in one contiguous slice, row by row, for an
// exhaustive parallel scan.
type flatMatrix struct {
	dim  int
	data []float32 // len(docs) × dim
	docs []int     // document index of each row
}

func newFlatMatrix(dim int, docs []int, vecs [][]float32) *flatMatrix {
	m := &flatMatrix{dim: dim, data: make([]float32, 0, len(docs)*dim), docs: docs}
	for i, v := range vecs {
		m.data = append(m.data, v...)
		vecs[i] = nil // the matrix holds the values now
	}
	return m
}

// search returns the k rows with the largest dot product with q, sorted
// like [SortHits]. ids maps document indexes to IDs, tie to their position
// in ID order.
func (m *flatMatrix) search(ctx context.Context, q []float32, k int, ids []string, tie []int32) ([]Hit, error) {
	rows := len(m.docs)
	workers := max(1, min(runtime.GOMAXPROCS(0), rows/flatRowsPerWorker))
	heaps := make([]topK, workers)
	scan := func(w int) {
		lo, hi := w*rows/workers, (w+1)*rows/workers
		h := newTopK(k, make([]candidate, 0, k))
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
			h.push(candidate{score: float64(dot), tie: tie[d], doc: int32(d)})
		}
		heaps[w] = h
	}
	if workers == 1 {
		scan(0)
	} else {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() { scan(w) })
		}
		wg.Wait()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	all := heaps[0]
	for _, h := range heaps[1:] {
		for _, c := range h.h {
			all.push(c)
		}
	}
	return all.hits(ids), nil
}
