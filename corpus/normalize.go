package corpus

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// A cases.Caser is stateful: each goroutine takes its own from the pool.
var folders = sync.Pool{New: func() any { c := cases.Fold(); return &c }}

// Fold applies NFKC normalisation and Unicode case folding. It is the
// matching rule of evaluation suites. It is safe for concurrent use.
func Fold(s string) string {
	if isStableLower(s) {
		return s
	}
	s = norm.NFKC.String(s)
	if isLowerASCIIOrCJK(s) {
		return s
	}
	c := folders.Get().(*cases.Caser)
	defer folders.Put(c)
	return c.String(s)
}

// isStableLower reports whether NFKC and case folding both leave s as it
// is because every rune of s is one that neither changes nor combines
// with its neighbours: ASCII other than upper-case letters, hiragana,
// katakana, the CJK unified ideographs and the Japanese punctuation
// 、。「」『』・ー (TestStableRunes checks each against the Unicode
// tables). Most of a manual's and a caller's text is such runes, and this
// scan costs a fraction of NFKC's quick check.
func isStableLower(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isStableRune(r) {
			return false
		}
		i += size
	}
	return true
}

// isStableRune reports whether r is one of isStableLower's non-ASCII
// runes.
func isStableRune(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF: // CJK unified ideographs
		return true
	case r >= 0x3041 && r <= 0x3096: // hiragana
		return true
	case r >= 0x30A1 && r <= 0x30FC: // katakana, ・ and ー
		return true
	case r == 0x3001, r == 0x3002, r >= 0x300C && r <= 0x300F: // 、。「」『』
		return true
	}
	return false
}

// isLowerASCIIOrCJK reports whether folding would leave s unchanged: no
// ASCII upper case and no letters of cased scripts beyond ASCII.
func isLowerASCIIOrCJK(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				return false
			}
		case r >= 0x3000 && r <= 0x9FFF, r >= 0xFF00 && r <= 0xFFEF:
			// CJK symbols, kana, kanji and half/full-width forms are uncased.
		default:
			if unicode.IsUpper(r) || unicode.IsTitle(r) || unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic) {
				return false
			}
		}
	}
	return true
}

// variantPairs maps the desk's spelling variants (表記ゆれ) to one form,
// old and new in turn. They are applied after NFKC, so half-width kana
// are already full-width.
var variantPairs = []string{
	"ウィルス", "ウイルス",
	"セキュリティー", "セキュリティ",
	"サーバー", "サーバ",
	"コンピューター", "コンピュータ",
	"ユーザー", "ユーザ",
	"ヴィ", "ビ",
	"ヴァ", "バ",
	"ヴェ", "ベ",
	"ヴォ", "ボ",
	"ヴ", "ブ",
	"ヶ", "ケ",
	"ヵ", "カ",
	"〜", "~",
	"～", "~",
	"―", "-",
	"‐", "-",
	"−", "-",
	"ｰ", "ー",
	"Ｅメール", "メール",
	"e-mail", "メール",
	"email", "メール",
}

var (
	variants = strings.NewReplacer(variantPairs...)
	// variantStart marks the runes that start a variant (all in the
	// Basic Multilingual Plane), one bit each.
	variantStart = func() (set [1 << 10]uint64) {
		for i := 0; i < len(variantPairs); i += 2 {
			r, _ := utf8.DecodeRuneInString(variantPairs[i])
			set[r>>6] |= 1 << (r & 63)
		}
		return set
	}()
)

// Normalize returns s in the form used for indexing and matching:
//   - NFKC (full-width ASCII becomes half-width, half-width kana full-width);
//   - case folding;
//   - the desk's 表記ゆれ: ウィルス/ウイルス, ヴ-row kana, and a trailing
//     long-vowel mark on katakana words of four or more characters
//     (サーバー/サーバ, セキュリティー/セキュリティ), as JIS Z 8301 spells them.
//
// Normalize never changes the number of lines in s.
func Normalize(s string) string {
	s = Fold(s)
	if mayHoldVariant(s) {
		s = variants.Replace(s)
	}
	return trimLongVowels(s)
}

// mayHoldVariant reports whether s holds a rune that starts one of the
// variants: without one, replacing them changes nothing, and the scan is
// much cheaper than the replacer's.
func mayHoldVariant(s string) bool {
	for _, r := range s {
		if r < 1<<16 && variantStart[r>>6]&(1<<(r&63)) != 0 {
			return true
		}
	}
	return false
}

func isKatakana(r rune) bool {
	return unicode.Is(unicode.Katakana, r) || r == 'ー'
}

// trimLongVowels drops the final ー of katakana runs of four or more
// characters.
func trimLongVowels(s string) string {
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
