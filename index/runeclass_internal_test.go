package index

import (
	"testing"
	"unicode"
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
