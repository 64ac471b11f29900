package index

import (
	"slices"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

func TestEachBigramMatchesBigrams(t *testing.T) {
	texts := []string{"", "a", "ランサムウェアの危険性と対策", "PC が　ｳｲﾙｽ に感染!", "x y z", "ひらがな、カタカナ。漢字 ab12"}
	if c, err := corpus.LoadDefault(); err == nil {
		for _, e := range c.Entries {
			texts = append(texts, e.Title, e.Answer)
		}
	}
	for _, text := range texts {
		var got []string
		EachBigram(corpus.Normalize(text), func(a, b rune) {
			if b == 0 {
				got = append(got, string(a))
			} else {
				got = append(got, string([]rune{a, b}))
			}
		})
		if want := Bigrams(text); !slices.Equal(got, want) {
			t.Errorf("EachBigram(%q) = %q, want %q", text, got, want)
		}
	}
}
