package index

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// refFoldKana is FoldKana as defined, one map look-up a rune.
func refFoldKana(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = toKatakana(r)
		if f, ok := smallKana[r]; ok {
			r = f
		}
		switch r {
		case 'ー', '〜', '～':
			continue
		case 'ヴ':
			r = 'ブ'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestFoldKanaTable checks FoldKana's table against its definition on
// every rune of the hiragana and katakana blocks and on the analysed
// texts.
func TestFoldKanaTable(t *testing.T) {
	var all []rune
	for r := rune(0x3000); r < 0x3100; r++ {
		all = append(all, r)
	}
	texts := append(analyseTexts(t), string(all), "abc\xffー〜～ヴァ", "")
	for _, s := range texts {
		if got, want := FoldKana(s), refFoldKana(s); got != want {
			t.Errorf("FoldKana(%q) = %q, want %q", s, got, want)
		}
	}
}

// FuzzFoldKana checks FoldKana against its definition.
func FuzzFoldKana(f *testing.F) {
	f.Add("ヴァイオリン ファイル サーバー きゃっしゅ")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := FoldKana(s), refFoldKana(s); got != want {
			t.Errorf("FoldKana(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestFoldKanaRandom checks FoldKana against its definition on random
// texts of kana, other runes of U+3000–U+3FFF and invalid or cut UTF-8.
func TestFoldKanaRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	pieces := []string{"a", "あ", "ぁ", "ア", "ァ", "ー", "ヴ", "ゔ", "ゝ", "ゞ", "ゖ", "ヶ", "〜", "～", "・", "、", "漢", "é", "🔑",
		"\xe3", "\xe3\x81", "\xe3\x80\x80", "\xe3\xff\x81", "\x81", "\xff", "\xef\xbd\x9e", "\xed\xa0\x80"}
	for range 20000 {
		s := randomText(r, pieces)
		if got, want := FoldKana(s), refFoldKana(s); got != want {
			t.Fatalf("FoldKana(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestFoldKanaInPlace checks foldKanaInPlace against FoldKana on the
// random texts of TestFoldKanaRandom: the same text for valid UTF-8,
// false for the rest.
func TestFoldKanaInPlace(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 7))
	pieces := []string{"a", " ", "あ", "ぁ", "ア", "ァ", "ー", "ヴ", "ゔ", "ゝ", "ゞ", "ゖ", "ヶ", "〜", "～", "・", "、", "漢", "é", "🔑", "\ufffd",
		"\xe3", "\xe3\x81", "\xe3\x80\x80", "\xe3\xff\x81", "\x81", "\xff", "\xef\xbd\x9e", "\xed\xa0\x80"}
	for range 20000 {
		s := randomText(r, pieces)
		got, ok := foldKanaInPlace([]byte(s))
		if valid := utf8.ValidString(s); ok != valid || ok && string(got) != FoldKana(s) {
			t.Fatalf("foldKanaInPlace(%q) = %q, %v; want %q, %v", s, got, ok, FoldKana(s), valid)
		}
	}
}

// randomText joins up to 19 pieces drawn at random.
func randomText(r *rand.Rand, pieces []string) string {
	var b strings.Builder
	for range r.IntN(20) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}
