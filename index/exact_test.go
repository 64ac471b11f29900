package index

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// exactValue draws a float32 that exercises rounding: mostly normal
// values of mixed signs and magnitudes, with zeros of both signs and
// subnormals among them.
func exactValue(r *rand.Rand) float32 {
	switch r.IntN(20) {
	case 0:
		return 0
	case 1:
		return float32(math.Copysign(0, -1))
	case 2:
		return math.Float32frombits(r.Uint32N(1 << 23)) // subnormal
	}
	return float32(r.NormFloat64() * math.Pow(2, float64(r.IntN(40)-20)))
}

// TestAxpy4Exact checks that axpy4 (SIMD where the processor has it)
// gives the bits of the scalar loop, for every length up to 40 and the
// embedder's rank.
func TestAxpy4Exact(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	for _, n := range append(slices.Collect(func(yield func(int) bool) {
		for n := range 41 {
			yield(n)
		}
	}), 100, 257) {
		var u [4][]float32
		for i := range u {
			u[i] = make([]float32, n+r.IntN(3))
			for k := range u[i] {
				u[i][k] = exactValue(r)
			}
		}
		v := make([]float32, n)
		for k := range v {
			v[k] = exactValue(r)
		}
		w := [4]float32{exactValue(r), exactValue(r), exactValue(r), exactValue(r)}
		want := slices.Clone(v)
		for k := range want {
			want[k] = want[k] + w[0]*u[0][k] + w[1]*u[1][k] + w[2]*u[2][k] + w[3]*u[3][k]
		}
		axpy4(v, u[0], u[1], u[2], u[3], w[0], w[1], w[2], w[3])
		for k := range v {
			if math.Float32bits(v[k]) != math.Float32bits(want[k]) {
				t.Fatalf("n=%d (SIMD %v): value %d is %v, want %v", n, exactSIMD, k, v[k], want[k])
			}
		}
	}
}

// TestDotColsExact checks that dotCols over a matrix held column by
// column gives every row's dot to the bit, for many shapes.
func TestDotColsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for _, rows := range []int{1, 7, 8, 9, 31, 32, 33, 63, 64, 65, 139} {
		for _, dim := range []int{1, 2, 7, 37, 100} {
			data := make([]float32, rows*dim)
			for i := range data {
				data[i] = exactValue(r)
			}
			q := make([]float32, dim)
			for i := range q {
				q[i] = exactValue(r)
			}
			cols, stride := columns(data, dim)
			out := make([]float32, stride)
			dotCols(q, cols, stride, out)
			for row := range rows {
				want := dot(q, data[row*dim:(row+1)*dim])
				if math.Float32bits(out[row]) != math.Float32bits(want) {
					t.Fatalf("%d rows of %d (SIMD %v): row %d scores %v, want %v", rows, dim, exactSIMD, row, out[row], want)
				}
			}
		}
	}
}

// TestSearchAllColumns checks that a small matrix's search gives the
// same hits from its columns as from its rows.
func TestSearchAllColumns(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	for _, rows := range []int{5, 64, 139, 300} {
		const dim = 100
		docs := make([]int, rows)
		vecs := make([][]float32, rows)
		ids := make([]string, rows)
		for i := range vecs {
			docs[i] = i
			ids[i] = string(rune('a' + i%26))
			vecs[i] = make([]float32, dim)
			for k := range vecs[i] {
				vecs[i][k] = float32(r.NormFloat64() / 10)
			}
		}
		m := newFlatMatrix(dim, docs, vecs)
		tie := tieOrder(ids)
		q := make([]float32, dim)
		for k := range q {
			q[k] = float32(r.NormFloat64() / 10)
		}
		for _, k := range []int{1, rows / 2, rows} {
			got, err := m.searchAll(context.Background(), q, k, ids, tie)
			if err != nil {
				t.Fatal(err)
			}
			rowsOnly := *m
			rowsOnly.cols = nil
			want, _ := rowsOnly.searchAll(context.Background(), q, k, ids, tie)
			if !slices.Equal(got, want) {
				t.Fatalf("%d rows, k=%d: columns give %v, rows %v", rows, k, head(got), head(want))
			}
		}
	}
}
