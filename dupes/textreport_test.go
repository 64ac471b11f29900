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
		"意味の類似度: なし（字面のみ）",
		"  1. 類似度 ",
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
