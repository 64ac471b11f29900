package corpus

import (
	"testing"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// TestStableRunes checks isStableRune against the Unicode tables: each
// such rune (and each ASCII rune other than upper case) is its own NFKC
// form and case fold, has no combining class and never composes with the
// rune before it. A rune such as か may compose with a following U+3099,
// but no rune of the set is such a follower, so any string of them is
// left as it is by Fold.
func TestStableRunes(t *testing.T) {
	n := 0
	for r := rune(0); r <= 0xFFFF; r++ {
		ascii := r < 0x80 && !('A' <= r && r <= 'Z')
		if !ascii && !isStableRune(r) {
			continue
		}
		if !ascii {
			n++
		}
		s := string(r)
		p := norm.NFKC.PropertiesString(s)
		if norm.NFKC.String(s) != s || p.CCC() != 0 || !p.BoundaryBefore() || cases.Fold().String(s) != s {
			t.Errorf("U+%04X %q is not stable under NFKC and folding", r, s)
		}
	}
	if n < 20000 {
		t.Errorf("%d stable runes; the CJK block alone has 20,992", n)
	}
	for _, s := range []string{"ウイルスに感染した。", "サーバー「ログ」", "abc 123"} {
		if !isStableLower(s) {
			t.Errorf("isStableLower(%q) = false", s)
		}
	}
	for _, s := range []string{"ABC", "ｳｲﾙｽ", "か\u3099", "全角　空白", "①", "ＡＢＣ", "é"} {
		if isStableLower(s) {
			t.Errorf("isStableLower(%q) = true, but Fold gives %q", s, Fold(s))
		}
	}
}

// FuzzStableLower checks Fold's shortcut: a text isStableLower accepts
// is its own NFKC form and case fold.
func FuzzStableLower(f *testing.F) {
	for _, s := range []string{"ウイルスに感染した。", "か\u3099", "abc", "ﾃﾞｰﾀ", "「ログ」・ー"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !isStableLower(s) {
			return
		}
		if n := norm.NFKC.String(s); n != s {
			t.Fatalf("NFKC(%q) = %q", s, n)
		}
		if c := cases.Fold().String(s); c != s {
			t.Fatalf("fold(%q) = %q", s, c)
		}
	})
}
