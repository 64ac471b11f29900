package dupes

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

func TestWriteText(t *testing.T) {
	ctx := context.Background()
	entries := testEntries()
	f, err := New(ctx, entries, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := f.Duplicates(ctx, Query{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.WriteText(&buf, corpus.FromEntries("m.txt", entries)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"重複候補 1 組・グループ 1（しきい値",
		"意味の類似度: なし",
		"  1. 類似度 ",
		"(字面 ",
		"     A なりすましECサイト標準回答  m.txt:1-3  [a]\n",
		"     B ケース１  m.txt:10-13  [b]\n",
		"グループ（★ = 中心の項目）\n  1.",
		"★",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestWriteSweep(t *testing.T) {
	f, err := New(context.Background(), testEntries(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	labels := []Label{
		{Label: "dup", A: Block{File: "m.txt", StartLine: 1, EndLine: 3, Title: "なりすましECサイト標準回答"}, B: Block{File: "m.txt", StartLine: 10, EndLine: 13, Title: "ケース１"}},
		{Label: "not-dup", A: Block{File: "m.txt", StartLine: 20, EndLine: 21, Title: "ランサムウェア"}, B: Block{File: "m.txt", StartLine: 30, EndLine: 32, Title: "資料請求"}},
	}
	var buf bytes.Buffer
	if err := f.WriteSweep(&buf, labels, 0.5); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"labels: 2 (1 dup, 1 not-dup); embedder: none\n", "threshold   tp", "0.30 ", "0.95 ", "  ← default\n", "  dup     ", "  not-dup "} {
		if !strings.Contains(out, want) {
			t.Errorf("sweep lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n0."); n != len(SweepThresholds()) {
		t.Errorf("%d threshold rows, want %d:\n%s", n, len(SweepThresholds()), out)
	}
}

func TestScoreText(t *testing.T) {
	s := Scores{Lexical: 0.3, Semantic: 0.5, Paraphrase: 0.8, QuestionWords: 0.4, AnswerWords: 0.6, Jaccard: 0.2, Containment: 0.3}
	for _, tc := range []struct {
		meaning bool
		s       Scores
		want    string
	}{
		{false, s, "字面 0.30・言い換え 0.80（質問 0.40・回答 0.60）・Jaccard 0.20・包含率 0.30"},
		{true, s, "字面 0.30・意味 0.50・言い換え 0.80（質問 0.40・回答 0.60）・Jaccard 0.20・包含率 0.30"},
		{false, Scores{Lexical: 1, Jaccard: 1, Containment: 1}, "字面 1.00・Jaccard 1.00・包含率 1.00"},
	} {
		if got := scoreText(tc.s, tc.meaning); got != tc.want {
			t.Errorf("scoreText(%+v, %v) = %q, want %q", tc.s, tc.meaning, got, tc.want)
		}
	}
}
