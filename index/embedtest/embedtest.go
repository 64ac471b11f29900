// Package embedtest holds the conformance test for [index.Embedder]
// implementations.
package embedtest

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/soudan-desk/soudan/index"
)

// Texts used by TestEmbedder. The first two are about the same thing, in
// different words; the third is unrelated.
var (
	Similar1  = "ウイルスに感染したパソコンの対処方法"
	Similar2  = "パソコンがウイルスに感染した場合の対処"
	Unrelated = "ネット通販で購入した商品が届かない詐欺"
)

// TestEmbedder checks that e keeps the [index.Embedder] contract:
//   - one vector per input, in order, all of the same non-zero dimension;
//   - the same input gives the same vector, alone or in a batch;
//   - Similar1 is closer to Similar2 than to Unrelated, for both purposes;
//   - an empty input gives an empty output and no error;
//   - a cancelled context gives an error, not a panic;
//   - Name is not empty.
//
// e must know the words of the test texts: a [index.Local] embedder must be
// fitted on a corpus that holds them.
func TestEmbedder(t *testing.T, e index.Embedder) {
	ctx := context.Background()
	if e.Name() == "" {
		t.Error("Name() is empty")
	}
	for _, c := range []struct {
		name string
		run  func(t *testing.T, ctx context.Context, e index.Embedder)
	}{
		{"CountOrderDim", testCountOrderDim},
		{"Deterministic", testDeterministic},
		{"Similarity", testSimilarity},
		{"Empty", testEmpty},
		{"Cancelled", testCancelled},
	} {
		t.Run(c.name, func(t *testing.T) { c.run(t, ctx, e) })
	}
}

// testCountOrderDim checks that one vector per text, in order, all of one dimension.
func testCountOrderDim(t *testing.T, ctx context.Context, e index.Embedder) {
	texts := []string{Similar1, Unrelated, Similar2, Similar1}
	vecs, err := e.Embed(ctx, texts, index.PurposeDocument)
	if err != nil {
		t.Fatalf("Embed: %v", err)
	}
	if len(vecs) != len(texts) {
		t.Fatalf("Embed(%d texts) returned %d vectors", len(texts), len(vecs))
	}
	dim := len(vecs[0])
	if dim == 0 {
		t.Fatal("vector 0 is empty")
	}
	for i, v := range vecs {
		if len(v) != dim {
			t.Errorf("vector %d has %d dimensions, vector 0 has %d", i, len(v), dim)
		}
	}
	if !closeVec(vecs[0], vecs[3]) {
		t.Error("the same text at positions 0 and 3 gave different vectors")
	}
	if closeVec(vecs[0], vecs[1]) {
		t.Error("different texts at positions 0 and 1 gave the same vector (order lost?)")
	}
	// Order: each vector must match the text embedded alone.
	for i, text := range texts {
		one, err := e.Embed(ctx, []string{text}, index.PurposeDocument)
		if err != nil {
			t.Fatalf("Embed(%q): %v", text, err)
		}
		if len(one) != 1 || !closeVec(one[0], vecs[i]) {
			t.Errorf("text %d embedded alone differs from its vector in the batch", i)
		}
	}
}

// testDeterministic checks that the same texts give the same vectors.
func testDeterministic(t *testing.T, ctx context.Context, e index.Embedder) {
	a, err := e.Embed(ctx, []string{Similar1, Unrelated}, index.PurposeQuery)
	if err != nil {
		t.Fatalf("Embed: %v", err)
	}
	b, err := e.Embed(ctx, []string{Similar1, Unrelated}, index.PurposeQuery)
	if err != nil {
		t.Fatalf("Embed: %v", err)
	}
	for i := range a {
		if !closeVec(a[i], b[i]) {
			t.Errorf("vector %d differs between two calls", i)
		}
	}
}

// testSimilarity checks that similar texts are closer than unrelated ones, for both purposes.
func testSimilarity(t *testing.T, ctx context.Context, e index.Embedder) {
	for _, p := range []index.Purpose{index.PurposeDocument, index.PurposeQuery} {
		vecs, err := e.Embed(ctx, []string{Similar1, Similar2, Unrelated}, p)
		if err != nil {
			t.Fatalf("Embed: %v", err)
		}
		near, far := Cosine(vecs[0], vecs[1]), Cosine(vecs[0], vecs[2])
		if !(near > far) {
			t.Errorf("%v: cos(similar) = %.3f, not above cos(unrelated) = %.3f", p, near, far)
		}
	}
}

// testEmpty checks that no texts give no vectors and no error.
func testEmpty(t *testing.T, ctx context.Context, e index.Embedder) {
	vecs, err := e.Embed(ctx, nil, index.PurposeDocument)
	if err != nil {
		t.Fatalf("Embed(nil): %v", err)
	}
	if len(vecs) != 0 {
		t.Fatalf("Embed(nil) returned %d vectors", len(vecs))
	}
}

// testCancelled checks that a cancelled context gives an error, not a panic.
func testCancelled(t *testing.T, ctx context.Context, e index.Embedder) {
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	var vecs [][]float32
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("Embed with a cancelled context panicked: %v", r)
			}
		}()
		vecs, err = e.Embed(cctx, []string{Similar1, Similar2}, index.PurposeDocument)
	}()
	if err == nil {
		t.Fatalf("Embed with a cancelled context returned %d vectors and no error", len(vecs))
	}
	if !errors.Is(err, context.Canceled) {
		t.Logf("error does not wrap context.Canceled: %v", err)
	}
}

// Cosine returns the cosine similarity of a and b, 0 if either is zero.
func Cosine(a, b []float32) float64 {
	var dot, na, nb float64
	for i := range min(len(a), len(b)) {
		dot += float64(a[i]) * float64(b[i])
		na += float64(a[i]) * float64(a[i])
		nb += float64(b[i]) * float64(b[i])
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

func closeVec(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(float64(a[i]-b[i])) > 1e-5 {
			return false
		}
	}
	return true
}
