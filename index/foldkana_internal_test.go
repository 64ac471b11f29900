package index

import (
	"strings"
	"testing"
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
