package index

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestIsGramRuneFast compares isGramRune's fast paths with the Unicode
// tables over every rune.
func TestIsGramRuneFast(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := isGramRune(r), isGramRuneSlow(r); got != want {
			t.Fatalf("isGramRune(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestIsKatakanaRuneFast compares isKatakanaRune with the Unicode tables
// over every rune.
func TestIsKatakanaRuneFast(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		want := unicode.Is(unicode.Katakana, r) && r != '・'
		if got := isKatakanaRune(r); got != want {
			t.Fatalf("isKatakanaRune(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestDecodeKana compares decodeKana with utf8.DecodeRuneInString on
// every katakana rune, alone and followed by another.
func TestDecodeKana(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !isKatakanaRune(r) {
			continue
		}
		s := string(r) + "ア"
		for _, x := range []string{s, string(r)} {
			gr, gn := decodeKana(x)
			wr, wn := utf8.DecodeRuneInString(x)
			if gr != wr || gn != wn {
				t.Fatalf("decodeKana(%q) = %U, %d; want %U, %d", x, gr, gn, wr, wn)
			}
		}
	}
}
