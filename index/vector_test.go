package index_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/index"
)

func TestVectorSearch(t *testing.T) {
	ctx := context.Background()
	ids, texts := fixtureTexts()
	local, err := index.NewLocal(embedCorpus(), index.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []index.Embedder{index.Fake{}, local} {
		t.Run(e.Name(), func(t *testing.T) {
			v, err := index.NewVector(ctx, e, ids, texts)
			if err != nil {
				t.Fatal(err)
			}
			if v.Len() != len(ids) {
				t.Errorf("Len = %d, want %d", v.Len(), len(ids))
			}
			tests := []struct{ query, top string }{
				{"ランサムウェアでファイルが暗号化された", "ransom"},
				{"ネット通販の商品が届かない", "shopping"},
				{"ウイルスに感染したパソコン", "virus"},
			}
			for _, tt := range tests {
				hits, err := v.Search(ctx, tt.query, 3)
				if err != nil {
					t.Fatal(err)
				}
				if len(hits) != 3 || hits[0].ID != tt.top {
					t.Errorf("Search(%q) = %v, want 3 hits, %s first", tt.query, hits, tt.top)
				}
				for _, h := range hits {
					if ids[h.Doc] != h.ID {
						t.Errorf("hit %v: Doc does not index ID", h)
					}
				}
			}
		})
	}
}

func TestVectorK(t *testing.T) {
	ctx := context.Background()
	ids, texts := fixtureTexts()
	v, err := index.NewVector(ctx, index.Fake{}, ids, texts)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{0, -1, 1, len(ids), len(ids) + 10} {
		hits, err := v.Search(ctx, "パスワード", k)
		if err != nil {
			t.Fatalf("k=%d: %v", k, err)
		}
		want := k
		if k <= 0 || k > len(ids) {
			want = len(ids)
		}
		if len(hits) != want {
			t.Errorf("k=%d: %d hits, want %d", k, len(hits), want)
		}
		if !slices.IsSortedFunc(hits, func(a, b index.Hit) int { return compare(b.Score, a.Score) }) {
			t.Errorf("k=%d: hits not sorted: %v", k, hits)
		}
	}
}

func TestVectorZeroVectors(t *testing.T) {
	ctx := context.Background()
	// "、" has no bigram: the Fake embedder gives it the zero vector.
	v, err := index.NewVector(ctx, index.Fake{}, []string{"a", "blank", "b"}, []string{"ウイルス感染", "、", "通販詐欺"})
	if err != nil {
		t.Fatal(err)
	}
	if v.Len() != 2 {
		t.Errorf("Len = %d, want 2 (the zero vector left out)", v.Len())
	}
	hits, err := v.Search(ctx, "ウイルス", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 2 || hits[0].ID != "a" || hits[0].Doc != 0 || hits[1].Doc != 2 {
		t.Errorf("Search = %v", hits)
	}
	if hits, err := v.Search(ctx, "。", 10); err != nil || hits != nil {
		t.Errorf("Search of a featureless query = %v, %v; want nothing", hits, err)
	}
	if _, err := v.SearchEmbedding(ctx, []float32{1, 2}, 1); err == nil {
		t.Error("SearchEmbedding with the wrong dimension did not fail")
	}
}

func TestVectorEmpty(t *testing.T) {
	ctx := context.Background()
	v, err := index.NewVector(ctx, index.Fake{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if hits, err := v.Search(ctx, "ウイルス", 5); err != nil || hits != nil {
		t.Errorf("Search on an empty index = %v, %v", hits, err)
	}
}

// failing is an Embedder that fails, or returns bad vectors.
type failing struct {
	err  error
	dims []int
}

func (f failing) Name() string { return "failing" }
func (f failing) Embed(ctx context.Context, texts []string, _ index.Purpose) ([][]float32, error) {
	if f.err != nil {
		return nil, f.err
	}
	out := make([][]float32, len(texts))
	for i := range out {
		out[i] = make([]float32, f.dims[i%len(f.dims)])
		out[i][0] = 1
	}
	return out, nil
}

func TestVectorErrors(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("boom")
	tests := []struct {
		name  string
		e     index.Embedder
		ids   []string
		texts []string
		want  string
	}{
		{"length mismatch", index.Fake{}, []string{"a"}, nil, "1 ids for 0 texts"},
		{"empty id", index.Fake{}, []string{""}, []string{"x"}, "empty ID"},
		{"duplicate id", index.Fake{}, []string{"a", "a"}, []string{"x", "y"}, "share the ID"},
		{"embedder error", failing{err: boom}, []string{"a"}, []string{"x"}, "boom"},
		{"mixed dims", failing{dims: []int{4, 5}}, []string{"a", "b"}, []string{"x", "y"}, "dimensions"},
	}
	for _, tt := range tests {
		_, err := index.NewVector(ctx, tt.e, tt.ids, tt.texts)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	ids, texts := fixtureTexts()
	if _, err := index.NewVector(cctx, index.Fake{}, ids, texts); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled build: err = %v", err)
	}
	v, err := index.NewVector(ctx, index.Fake{}, ids, texts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Search(cctx, "ウイルス", 3); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled search: err = %v", err)
	}
}
