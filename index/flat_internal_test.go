package index

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// nearTieRows returns n unit rows of dim values, many of them copies of
// others changed in one value by a few units in the last place, so that
// scores tie or nearly tie and summing in another order reorders them.
func nearTieRows(r *rand.Rand, n, dim int) [][]float32 {
	rows := make([][]float32, n)
	for i := range rows {
		if i > 0 && r.IntN(2) == 0 {
			v := slices.Clone(rows[r.IntN(i)])
			j := r.IntN(dim)
			for range r.IntN(4) {
				v[j] = math.Nextafter32(v[j], float32(r.IntN(3)-1))
			}
			rows[i] = v
			continue
		}
		v := make([]float32, dim)
		for j := range v {
			v[j] = float32(r.NormFloat64())
		}
		rows[i] = normalize(v)
	}
	return rows
}

// exhaustiveScores ranks every row by dot, as the scan did before it
// computed fast scores.
func exhaustiveScores(m *flatMatrix, q []float32, k int, ids []string, tie []int32) []Hit {
	top := newTopK(k, nil)
	for r, d := range m.docs {
		top.push(candidate{score: float64(dot(q, m.data[r*m.dim:(r+1)*m.dim])), tie: tie[d], doc: int32(d)})
	}
	return top.hits(ids)
}

// TestFlatScanIsExact checks that the scan with fast scores returns the
// rows and scores of a scan computing the exact score of every row, on
// rows built to tie and nearly tie, with one and several goroutines.
func TestFlatScanIsExact(t *testing.T) {
	defer func(saved int) { flatRowsPerWorker = saved }(flatRowsPerWorker)
	r := rand.New(rand.NewPCG(5, 6))
	for _, dim := range []int{100, 37, 3} {
		const n = 3000
		rows := nearTieRows(r, n, dim)
		ids := make([]string, n)
		docs := make([]int, n)
		for i := range ids {
			ids[i] = string(rune('a'+r.IntN(26))) + string(rune('a'+r.IntN(26)))
			docs[i] = i
		}
		tie := tieOrder(ids)
		m := newFlatMatrix(dim, docs, slices.Clone(rows))
		for qi := range 40 {
			q := rows[r.IntN(n)]
			if qi%2 == 0 {
				q = nearTieRows(r, 1, dim)[0]
			}
			for _, k := range []int{1, 10, 100, n} {
				want := exhaustiveScores(m, q, k, ids, tie)
				for _, perWorker := range []int{4096, 16} {
					flatRowsPerWorker = perWorker
					got, err := m.search(context.Background(), q, k, ids, tie)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(got, want) {
						t.Fatalf("dim %d, query %d, k=%d, %d rows a goroutine: scan differs\n got %v\nwant %v", dim, qi, k, perWorker, head(got), head(want))
					}
				}
			}
		}
	}
}

// TestFlatSearchAllIsHeap checks that a small index's scan, which scores
// every row and selects the k best once, returns the rows, scores and
// order the heap of the k best gave, on rows built to tie and nearly tie
// (copies of rows tie exactly, so ties are broken by ID), for every k
// from 1 to the number of rows.
func TestFlatSearchAllIsHeap(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{1, 5, 13, 139, 400} {
		const dim = 100
		rows := nearTieRows(r, n, dim)
		ids := make([]string, n)
		docs := make([]int, n)
		for i := range ids {
			ids[i] = string(rune('a'+r.IntN(6))) + string(rune('a'+r.IntN(6)))
			docs[i] = i
		}
		tie := tieOrder(ids)
		m := newFlatMatrix(dim, docs, slices.Clone(rows))
		for qi := range 8 {
			q := nearTieRows(r, 1, dim)[0]
			if qi%2 == 0 {
				q = rows[r.IntN(n)]
			}
			for k := 1; k <= n; k++ {
				if 4*k < n {
					continue // the fast scores' path
				}
				want := exhaustiveScores(m, q, k, ids, tie)
				got, err := m.searchAll(context.Background(), q, k, ids, tie)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%d rows, query %d, k=%d: differs\n got %v\nwant %v", n, qi, k, head(got), head(want))
				}
				if via, _ := m.search(context.Background(), q, k, ids, tie); !slices.Equal(via, want) {
					t.Fatalf("%d rows, query %d, k=%d: search differs", n, qi, k)
				}
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m := newFlatMatrix(3, []int{0}, [][]float32{{1, 0, 0}})
	if _, err := m.search(ctx, []float32{1, 0, 0}, 1, []string{"a"}, []int32{0}); err == nil {
		t.Error("a cancelled search returned no error")
	}
}

// BenchmarkFlatScan compares the scan with fast scores against computing
// the exact score of every row (the scan before), on 100,000 random rows
// of 100 dimensions (the local embedder's rank) and k = 100, the engine's
// depth: the vector signal's cost at 100,000 entries.
func BenchmarkFlatScan(b *testing.B) {
	const n, dim, k = 100_000, 100, 100
	r := rand.New(rand.NewPCG(1, 2))
	rows := make([][]float32, n)
	ids := make([]string, n)
	docs := make([]int, n)
	for i := range rows {
		v := make([]float32, dim)
		for j := range v {
			v[j] = float32(r.NormFloat64())
		}
		rows[i], ids[i], docs[i] = normalize(v), string(rune(i)), i
	}
	queries := slices.Clone(rows[:64])
	tie := tieOrder(ids)
	m := newFlatMatrix(dim, docs, rows)
	for _, scan := range []struct {
		name string
		fn   func(q []float32) []Hit
	}{
		{"fast", func(q []float32) []Hit {
			h, _ := m.search(context.Background(), q, k, ids, tie)
			return h
		}},
		{"exact-every-row", func(q []float32) []Hit { return exhaustiveScores(m, q, k, ids, tie) }},
	} {
		b.Run("scan="+scan.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				scan.fn(queries[i%len(queries)])
				i++
			}
		})
	}
}

// TestDot4IsDot checks that dot4 gives dot's four sums to the bit.
func TestDot4IsDot(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, n := range []int{0, 1, 3, 4, 7, 100, 257} {
		rows := make([][]float32, 4)
		q := make([]float32, n)
		for i := range q {
			q[i] = float32(rng.NormFloat64())
		}
		for j := range rows {
			rows[j] = make([]float32, n)
			for i := range rows[j] {
				rows[j][i] = float32(rng.NormFloat64()) * float32(math.Pow(10, float64(rng.IntN(7)-3)))
			}
		}
		a, b, c, d := dot4(q, rows[0], rows[1], rows[2], rows[3])
		for j, got := range []float32{a, b, c, d} {
			if want := dot(q, rows[j]); math.Float32bits(got) != math.Float32bits(want) {
				t.Errorf("n=%d row %d: dot4 %v, dot %v", n, j, got, want)
			}
		}
	}
}

// TestFastScoresWithinMargin checks the bound the scan rests on: the
// fast score of every row (SIMD and 8-bit rows where the processor has
// them) is within the margin of dot's, on rows whose values span seven
// orders of magnitude and cancel, and that the margin is not so wide that
// it would keep every row.
func TestFastScoresWithinMargin(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, dim := range []int{1, 3, 8, 37, 100, 256} {
		const n = 2003 // not a multiple of 4: rows scored one at a time too
		rows := make([][]float32, n)
		docs := make([]int, n)
		for i := range rows {
			v := make([]float32, dim)
			for j := range v {
				v[j] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3)))
			}
			rows[i], docs[i] = normalize(v), i
		}
		m := newFlatMatrix(dim, docs, slices.Clone(rows))
		scores := make([]float32, n)
		for range 20 {
			q := rows[rng.IntN(n)]
			m.fastScores(0, n, q, m.scaled(q), scores)
			delta := m.margin(q)
			// 8-bit rows: up to ‖q‖₁/254 ≤ √dim/254 for a unit q.
			if delta <= 0 || delta > 0.07 {
				t.Fatalf("dim %d: margin %g", dim, delta)
			}
			for r, got := range scores {
				if d := math.Abs(float64(got) - float64(dot(q, rows[r]))); d > delta {
					t.Fatalf("dim %d row %d: fast score %v, dot %v: differ by %g, more than the margin %g", dim, r, got, dot(q, rows[r]), d, delta)
				}
			}
		}
	}
}

// TestInt8MarginIsTight checks that the 8-bit rows' term of the margin
// cannot be halved: a row whose every value rounds down by almost half a
// step, against a query of the same signs, has a fast score off by more
// than half the margin (and within it).
func TestInt8MarginIsTight(t *testing.T) {
	if !useInt8 {
		t.Skip("no 8-bit rows on this processor")
	}
	const dim = 100
	unit := make([]float32, dim)
	unit[0] = 1 // the largest value: the scale is about 1/127
	step := float64(math.Nextafter32(1.0/127, 2))
	low := make([]float32, dim)
	q := make([]float32, dim)
	for i := 1; i < dim; i++ {
		low[i] = float32(step * 0.4999)
		q[i] = 1
	}
	q = normalize(q)
	m := newFlatMatrix(dim, []int{0, 1}, [][]float32{unit, slices.Clone(low)})
	scores := make([]float32, 2)
	m.fastScores(0, 2, q, m.scaled(q), scores)
	d, delta := math.Abs(float64(scores[1])-float64(dot(q, low))), m.margin(q)
	if d > delta || d <= delta/2 {
		t.Fatalf("fast score off by %g, margin %g: want within it and over half", d, delta)
	}
}

// TestInt8Rows checks the 8-bit rows against their bound (int8Rows'
// maxErr), over values of many magnitudes and both signs, that the
// largest value takes ±127, and that the bound is met closely.
func TestInt8Rows(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const dim, n = 37, 500
	rows := make([]float32, dim*n)
	for i := range rows {
		rows[i] = float32(math.Ldexp(rng.Float64()*2-1, rng.IntN(20)-10))
	}
	rows[17] = -0x1p10 // the largest magnitude
	c, stride, scale, maxErr, ok := int8Rows(rows, dim)
	if !ok || stride != 40 || len(c) != n*stride {
		t.Fatalf("ok %v, stride %d, %d values", ok, stride, len(c))
	}
	if c[17] != -127 {
		t.Errorf("the largest value became %d, want -127", c[17])
	}
	worst := 0.0
	for r := range n {
		for i := range stride {
			x := c[r*stride+i]
			if i >= dim {
				if x != 0 {
					t.Fatalf("row %d: padding %d", r, x)
				}
				continue
			}
			d := math.Abs(float64(rows[r*dim+i]) - float64(x)*float64(scale))
			if d > maxErr {
				t.Fatalf("row %d value %d: %g became %d·%g, off by %g, more than %g", r, i, rows[r*dim+i], x, scale, d, maxErr)
			}
			worst = max(worst, d)
		}
	}
	if worst < 0.9*maxErr {
		t.Errorf("the largest error %g is far below the bound %g", worst, maxErr)
	}
	for _, zero := range [][]float32{{0, 0}, {float32(math.Inf(1)), 1}, nil} {
		if _, _, _, _, ok := int8Rows(zero, 2); ok {
			t.Errorf("int8Rows(%v) is ok", zero)
		}
	}
}
