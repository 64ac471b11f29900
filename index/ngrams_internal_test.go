package index

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// refNGrams is ngrams as it was written first: the reference
// TestNGramsMatchReference compares it with.
func refNGrams(text string, n int) []string {
	if n < 1 {
		n = 2
	}
	// The converted runes go into one buffer; every n-gram is a substring
	// of it, so the grams cost one allocation instead of one each.
	buf := make([]byte, 0, len(text))
	var offs []int     // start of each rune of the current run in buf
	var grams [][2]int // byte spans of the n-grams in buf
	flush := func() {
		k := len(offs)
		switch {
		case k == 0:
		case k < n:
			grams = append(grams, [2]int{offs[0], len(buf)})
		default:
			for i := 0; i+n <= k; i++ {
				end := len(buf)
				if i+n < k {
					end = offs[i+n]
				}
				grams = append(grams, [2]int{offs[i], end})
			}
		}
		offs = offs[:0]
	}
	for _, r := range text {
		if !isGramRune(r) {
			flush()
			continue
		}
		offs = append(offs, len(buf))
		buf = utf8.AppendRune(buf, toKatakana(r))
	}
	flush()
	if len(grams) == 0 {
		return nil
	}
	conv := string(buf)
	out := make([]string, len(grams))
	for i, g := range grams {
		out[i] = conv[g[0]:g[1]]
	}
	return out
}

// TestNGramsMatchReference checks that ngrams, which keeps its spans
// on the stack, gives the reference's grams for random texts of letters,
// kana, kanji, punctuation, spaces and invalid bytes, short and past
// ngramsStack runes, for n from 0 to 3.
func TestNGramsMatchReference(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 8))
	pieces := []string{"a", "Z", "1", "あ", "ア", "ー", "ゝ", "漢", "字", "、", "。", " ", "\n", "!", "\xff", "é", "\u0301", "🔑", "ゖ", "ゞ", "ヶ", "\u3099", "\xe3\x81", "ぁ", "ゔ"}
	for i := range 3000 {
		var b strings.Builder
		size := r.IntN(40)
		if i%10 == 0 {
			size = ngramsStack + r.IntN(100) - 50
		}
		for range size {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := b.String()
		for n := range 4 {
			if got, want := ngrams(text, n), refNGrams(text, n); !slices.Equal(got, want) {
				t.Fatalf("ngrams(%q, %d) = %q, want %q", text, n, got, want)
			}
		}
	}
}
