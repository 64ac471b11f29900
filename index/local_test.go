package index_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/index/embedtest"
)

func TestLocalRank(t *testing.T) {
	docs := embedCorpus()
	tests := []struct {
		opts index.LocalOptions
		want int
	}{
		{index.LocalOptions{}, len(docs) - 1}, // default 100, capped at docs−1
		{index.LocalOptions{Rank: 4}, 4},
		{index.LocalOptions{Rank: 4, MaxFitDocs: 3}, 2},
	}
	for _, tt := range tests {
		l, err := index.NewLocal(docs, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		if l.Dim() != tt.want {
			t.Errorf("%+v: Dim = %d, want %d", tt.opts, l.Dim(), tt.want)
		}
		if want := fmt.Sprintf("local-lsa-r%d", tt.want); l.Name() != want {
			t.Errorf("Name = %q, want %q", l.Name(), want)
		}
		sv := l.SingularValues()
		if len(sv) != l.Dim() || !slices.IsSortedFunc(sv, func(a, b float64) int { return -compare(a, b) }) {
			t.Errorf("SingularValues = %v, want %d values, largest first", sv, l.Dim())
		}
	}
}

func compare(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestLocalDeterministic(t *testing.T) {
	ctx := context.Background()
	texts := []string{"ウイルス対策ソフト", "通販の詐欺", "パスワードを変更"}
	var prev [][]float32
	for range 3 {
		l, err := index.NewLocal(embedCorpus(), index.LocalOptions{Rank: 8})
		if err != nil {
			t.Fatal(err)
		}
		vecs, err := l.Embed(ctx, texts, index.PurposeQuery)
		if err != nil {
			t.Fatal(err)
		}
		if prev != nil {
			for i := range vecs {
				if !slices.Equal(vecs[i], prev[i]) {
					t.Errorf("text %d: vectors differ between two fits", i)
				}
			}
		}
		prev = vecs
	}
}

func TestLocalUnknownText(t *testing.T) {
	l, err := index.NewLocal(embedCorpus(), index.LocalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	vecs, err := l.Embed(context.Background(), []string{"", "ｘｙｚｚｙ"}, index.PurposeQuery)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vecs {
		if len(v) != l.Dim() {
			t.Errorf("vector %d has %d dimensions, want %d", i, len(v), l.Dim())
		}
		for _, x := range v {
			if x != 0 {
				t.Errorf("vector %d of a text with no known feature is not zero", i)
				break
			}
		}
	}
}

func TestLocalErrors(t *testing.T) {
	if _, err := index.NewLocal(nil, index.LocalOptions{}); err == nil {
		t.Error("NewLocal(nil) did not fail")
	}
	if _, err := index.NewLocal([]string{"、。", ""}, index.LocalOptions{}); err == nil {
		t.Error("NewLocal of featureless documents did not fail")
	}
}

// TestLocalSampled fits on a sample and still embeds every document.
func TestLocalSampled(t *testing.T) {
	docs := syntheticTexts(600, 1)
	l, err := index.NewLocal(docs, index.LocalOptions{MaxFitDocs: 100, Rank: 16})
	if err != nil {
		t.Fatal(err)
	}
	if l.Dim() != 16 {
		t.Errorf("Dim = %d, want 16", l.Dim())
	}
	// A small corpus holding the conformance texts, sampled.
	corpus := append(slices.Repeat(embedCorpus(), 3), docs[:50]...)
	s, err := index.NewLocal(corpus, index.LocalOptions{MaxFitDocs: len(corpus) / 2})
	if err != nil {
		t.Fatal(err)
	}
	embedtest.TestEmbedder(t, s)
}

// TestEmbedAnalysed checks that embedding a query from its lines'
// analyses gives Embed's vector to the bit, for one line and several
// (a text and its thesaurus expansions), with full-width letters and
// long-vowel marks that normalisation changes.
func TestEmbedAnalysed(t *testing.T) {
	l, err := index.NewLocal(embedCorpus(), index.LocalOptions{Rank: 8})
	if err != nil {
		t.Fatal(err)
	}
	l.ForgetDocuments()
	a := index.Default()
	for _, lines := range [][]string{
		{"ウイルス対策ソフト"},
		{"通販の詐欺", "ネット通販", "オンラインショッピング"},
		{"ＰＡＳＳＷＯＲＤを変更したいサーバー", "パスワード"},
		{"", "x"},
	} {
		terms, norms := make([][]string, len(lines)), make([]string, len(lines))
		for i, line := range lines {
			an := a.Analyse(line)
			terms[i], norms[i] = an.Terms, an.Norm
		}
		want, err := l.Embed(context.Background(), []string{strings.Join(lines, "\n")}, index.PurposeQuery)
		if err != nil {
			t.Fatal(err)
		}
		if lines[0] != "" && !slices.ContainsFunc(want[0], func(x float32) bool { return x != 0 }) {
			t.Errorf("%q: a zero vector; the test compares nothing", lines)
		}
		if got := l.EmbedAnalysed(terms, norms); !slices.Equal(got, want[0]) {
			t.Errorf("%q: EmbedAnalysed = %v, Embed = %v", lines, got, want[0])
		}
	}
}
