package retrieval

import (
	"context"
	"slices"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

// weightOn returns a model that ranks by one feature alone.
func weightOn(name string) RerankModel {
	w := make([]float64, len(RerankFeatureNames))
	w[slices.Index(RerankFeatureNames, name)] = 1
	return RerankModel{Depth: 10, Weights: w}
}

func TestRerank(t *testing.T) {
	const q = "ランサムウェア 身代金 バックアップ"
	off := mustMini(t, func(o *Options) { o.Rerank = RerankModel{} })
	base, err := off.Search(context.Background(), Query{Text: q})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		model     RerankModel
		first     func(*corpus.Entry) bool // nil: the fused order is kept
		wantFeats bool
	}{
		{"off", RerankModel{}, nil, false},
		{"features only", RerankModel{Depth: 10}, nil, true},
		{"faq first", weightOn("faq"), func(e *corpus.Entry) bool { return e.Kind == corpus.KindFAQ }, true},
		{"last fused first", weightOn("inv_pos"), nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "last fused first" {
				tc.model.Weights[0] = -1
			}
			e := mustMini(t, func(o *Options) { o.Rerank = tc.model })
			r, err := e.Search(context.Background(), Query{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Results) != len(base.Results) || len(r.Results) < 2 {
				t.Fatalf("%d results, fused %d", len(r.Results), len(base.Results))
			}
			if got := r.Results[0].Features != nil; got != tc.wantFeats {
				t.Errorf("features set = %v, want %v", got, tc.wantFeats)
			}
			for i := 1; i < len(r.Results); i++ {
				if r.Results[i].Score > r.Results[i-1].Score {
					t.Errorf("scores not decreasing at %d: %v > %v", i, r.Results[i].Score, r.Results[i-1].Score)
				}
			}
			switch {
			case tc.name == "last fused first":
				if got, want := r.Results[0].Entry.ID, base.Results[len(base.Results)-1].Entry.ID; got != want {
					t.Errorf("first = %s, want the last fused %s", got, want)
				}
			case tc.first != nil:
				if !tc.first(r.Results[0].Entry) {
					t.Errorf("first = %s (%s)", r.Results[0].Entry.Title, r.Results[0].Entry.Kind)
				}
			default:
				if !slices.Equal(titles(r), titles(base)) {
					t.Errorf("order %q, fused %q", titles(r), titles(base))
				}
			}
			one, err := e.Search(context.Background(), Query{Text: q, K: 1})
			if err != nil {
				t.Fatal(err)
			}
			if one.Results[0].Entry.ID != r.Results[0].Entry.ID {
				t.Errorf("K=1 first %s, K=10 first %s", one.Results[0].Entry.ID, r.Results[0].Entry.ID)
			}
		})
	}
}

func TestHeadings(t *testing.T) {
	e := mustMini(t, nil)
	for i, en := range e.entries {
		want := false
		for _, o := range e.entries {
			want = want || o.Section == en.ID
		}
		if e.heading[i] != want {
			t.Errorf("%s: heading %v, want %v", en.Title, e.heading[i], want)
		}
	}
}
