package index

import (
	"slices"
	"strings"
	"testing"
)

// TestBigramsByLine checks that the n-gram tokenisers give a text the
// terms of its lines one after the other, as ByLine needs, and that
// ByLine gives what they give.
func TestBigramsByLine(t *testing.T) {
	texts := memoLineTexts(t)
	texts = append(texts, "ウイルス\nセキュリティー\nｰ", "e-\nmail", "サーバ\nー", "Ａ\u0301\n\u0301", "ｶﾞ\nﾞ", "ヴ\nァ", "〜\n～")
	docs := make([]Doc, len(texts))
	for i, s := range texts {
		docs[i].Fields[FieldAnswer] = s
		docs[i].Fields[FieldTitle] = texts[(i+7)%len(texts)]
	}
	for name, tok := range map[string]func(string) []string{"Bigrams": Bigrams, "FoldedBigrams": FoldedBigrams, "BigramsOf": BigramsOf} {
		by := ByLine(docs, tok)
		for _, s := range texts {
			checkByLine(t, name, tok, by, s)
		}
	}
}

func checkByLine(t *testing.T, name string, tok, by func(string) []string, s string) {
	t.Helper()
	want := tok(s)
	var joined []string
	for l := range strings.SplitSeq(s, "\n") {
		joined = append(joined, tok(l)...)
	}
	if !slices.Equal(joined, want) {
		t.Fatalf("%s(%q) = %q, its lines give %q", name, s, want, joined)
	}
	if got := by(s); !slices.Equal(got, want) {
		t.Fatalf("ByLine %s(%q) = %q, want %q", name, s, got, want)
	}
}

// FuzzBigramsByLine checks on any text that the n-gram tokenisers give
// a text its lines' terms.
func FuzzBigramsByLine(f *testing.F) {
	for _, s := range []string{"ウイルス\nセキュリティー", "e-\nmail", "Ａ\u0301\n\u0301", "ｶﾞ\nﾞ"} {
		f.Add(s)
	}
	docs := []Doc{{}}
	f.Fuzz(func(t *testing.T, s string) {
		for name, tok := range map[string]func(string) []string{"Bigrams": Bigrams, "FoldedBigrams": FoldedBigrams} {
			checkByLine(t, name, tok, ByLine(docs, tok), s)
		}
	})
}
