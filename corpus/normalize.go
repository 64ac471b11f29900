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
	if foldStable(s) {
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

// foldStable reports whether s is made only of runes that NFKC and case
// folding leave as they are, whatever their neighbours: ASCII other than
// upper-case letters, kana, common CJK punctuation and the unified
// ideographs. Such runes have no decomposition, a combining class of 0
// and combine with no preceding rune (TestFoldStableRunes checks each), so
// Fold returns s; the test is a range check a rune instead of NFKC's
// table look-ups.
func foldStable(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !foldStableRune(r) {
			return false
		}
		i += size
	}
	return true
}

// foldStableRune reports whether r is one of foldStable's non-ASCII runes.
func foldStableRune(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF: // CJK unified ideographs
	case r >= 0x3041 && r <= 0x3096: // hiragana
	case r >= 0x309D && r <= 0x309E: // ゝゞ
	case r >= 0x30A1 && r <= 0x30FE: // katakana, ・, ー, ヽヾ
	case r >= 0x3001 && r <= 0x3002, r >= 0x3005 && r <= 0x3007, r >= 0x3008 && r <= 0x3011: // 、。々〆〇 and brackets
	default:
		return false
	}
	return true
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
	// variantFirsts holds the first rune of each variant, in order, so
	// that holdsVariant tests the prefix of those only.
	variantFirsts = func() (firsts []rune) {
		for i := 0; i < len(variantPairs); i += 2 {
			r, _ := utf8.DecodeRuneInString(variantPairs[i])
			firsts = append(firsts, r)
		}
		return firsts
	}()
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
	if holdsVariant(s) {
		s = variants.Replace(s)
	}
	return trimLongVowels(s)
}

// holdsVariant reports whether one of the variants occurs in s: without
// one, replacing them changes nothing, and the scan (a bit test a rune,
// and a prefix test where a variant may start) is much cheaper than the
// replacer's.
func holdsVariant(s string) bool {
	for i, r := range s {
		if r >= 1<<16 || variantStart[r>>6]&(1<<(r&63)) == 0 {
			continue
		}
		for j, v := range variantFirsts {
			if v == r && strings.HasPrefix(s[i:], variantPairs[2*j]) {
				return true
			}
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
	if !endsLongRun(s) {
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

// endsLongRun reports whether some ー of s that is not followed by
// katakana follows three katakana: the condition for trimLongVowels to
// change anything (a dropped ー ends a run of at least four). It also
// reports true for text with ー that is not valid UTF-8, which
// trimLongVowels turns into U+FFFD.
func endsLongRun(s string) bool {
	if !strings.ContainsRune(s, 'ー') {
		return false
	}
	kana := 0 // katakana runes just before i, up to 3
	for i, r := range s {
		if r == utf8.RuneError {
			return true
		}
		if r == 'ー' && kana == 3 {
			next, _ := utf8.DecodeRuneInString(s[i+len("ー"):])
			if next == utf8.RuneError || !isKatakana(next) {
				return true
			}
		}
		if isKatakana(r) {
			kana = min(kana+1, 3)
		} else {
			kana = 0
		}
	}
	return false
}
