package corpus

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// refFold is Fold without its fast path.
func refFold(s string) string {
	s = norm.NFKC.String(s)
	if isLowerASCIIOrCJK(s) {
		return s
	}
	return cases.Fold().String(s)
}

// refTrimLongVowels is trimLongVowels with a weaker pre-check.
func refTrimLongVowels(s string) string {
	if !strings.ContainsRune(s, 'ー') {
		return s
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); {
		if !isKatakana(rs[i]) || rs[i] == 'ー' && (i == 0 || !isKatakana(rs[i-1])) {
			out = append(out, rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && isKatakana(rs[j]) {
			j++
		}
		run := rs[i:j]
		if len(run) >= 4 && run[len(run)-1] == 'ー' {
			run = run[:len(run)-1]
		}
		out = append(out, run...)
		i = j
	}
	return string(out)
}

// refNormalize is Normalize with the weaker fast paths it had before
// foldStable, holdsVariant and endsLongRun.
func refNormalize(s string) string {
	s = refFold(s)
	for _, r := range s {
		if r < 1<<16 && variantStart[r>>6]&(1<<(r&63)) != 0 {
			s = variants.Replace(s)
			break
		}
	}
	return refTrimLongVowels(s)
}

// TestFoldStableRunes checks every rune that foldStable accepts: NFKC
// and case folding keep it, and it cannot combine with a rune before it.
func TestFoldStableRunes(t *testing.T) {
	n := 0
	for r := rune(0); r < 0xA000; r++ {
		if r < utf8.RuneSelf && ('A' > r || r > 'Z') || foldStableRune(r) {
			n++
			s := string(r)
			p := norm.NFKC.PropertiesString(s)
			if norm.NFKC.String(s) != s || cases.Fold().String(s) != s || !p.BoundaryBefore() || p.CCC() != 0 {
				t.Errorf("rune %U is not fold-stable", r)
			}
		}
	}
	if n < 20000 {
		t.Errorf("only %d stable runes", n)
	}
}

// TestNormalizeMatchesDefinition checks Normalize and Fold against their
// definitions on texts that exercise each fast path.
func TestNormalizeMatchesDefinition(t *testing.T) {
	texts := []string{"", "abc", "ABC", "ｱｲｳ", "ｻｰﾊﾞｰ", "か\u3099", "\u3099か", "サーバー", "サーバーー", "ーーーー", "アイウー", "アイウーx", "アイウーア",
		"イウー", "ユーザー登録", "e-mail", "email", "Ｅメール", "ｅメール", "〜～", "ヴァ", "ｳﾞｧ", "Straße", "ΣΑΣ", "ﬁ", "①②", "㈱", "（株）", "全角　空白", "\xff\xfe",
		"コンピューター、セキュリティー。", "ウィルス", "パスワード", "データー", "メール"}
	if c, err := LoadDefault(); err == nil {
		for _, e := range c.Entries {
			texts = append(texts, e.Title, e.Answer, strings.Join(e.Examples, "\n"), strings.Join(e.Keywords, "\n"))
		}
	}
	for _, s := range texts {
		if got, want := Fold(s), refFold(s); got != want {
			t.Errorf("Fold(%q) = %q, want %q", s, got, want)
		}
		if got, want := Normalize(s), refNormalize(s); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", s, got, want)
		}
	}
}

// FuzzNormalize checks Normalize against its definition.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"サーバー", "ｻｰﾊﾞｰ", "e-mail", "ウィルス", "か\u3099", "ABCアイウー"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Normalize(s), refNormalize(s); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkNormalize normalises every answer, title and example of the
// default corpus, as raw text and once more as normalised text (what
// the n-gram signals pass on).
func BenchmarkNormalize(b *testing.B) {
	c, err := LoadDefault()
	if err != nil {
		b.Fatal(err)
	}
	var raw []string
	for _, e := range c.Entries {
		raw = append(raw, e.Title, e.Answer, strings.Join(e.Examples, "\n"))
	}
	normalised := make([]string, len(raw))
	for i, s := range raw {
		normalised[i] = Normalize(s)
	}
	for _, bc := range []struct {
		name  string
		texts []string
	}{{"raw", raw}, {"normalised", normalised}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				for _, s := range bc.texts {
					Normalize(s)
				}
			}
		})
	}
}

// FuzzNormalizeLines checks that Normalize works line by line: a text's
// lines normalise as they do alone, so that a caller may join a text it
// normalised with more lines and normalise only those (the engine's
// thesaurus expansion of a query and the words its kana sounds like).
func FuzzNormalizeLines(f *testing.F) {
	for _, s := range [][2]string{{"サーバー", "ウィルス"}, {"アイウエー", "ーアイ"}, {"か", "\u3099"}, {"ABC", "ｻｰﾊﾞｰ"}, {"e-", "mail"}, {"ΣΑ", "Σ"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return
		}
		if got, want := Normalize(a+"\n"+b), Normalize(a)+"\n"+Normalize(b); got != want {
			t.Errorf("Normalize(%q + newline + %q) = %q, want %q", a, b, got, want)
		}
	})
}
