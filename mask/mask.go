// Package mask scrubs personal data from callers' words before anything
// is stored. Each find becomes a placeholder:
//
//	〔電話番号〕 〔メール〕 〔URL〕 〔郵便番号〕 〔番号〕 〔氏名〕
//	〔IPアドレス〕 〔住所〕 〔生年月日〕
//
// The text is normalised with NFKC first, so full-width digits and
// symbols are caught like ASCII ones, and the masked text is stored in
// that form. The passes run in a fixed order (see [Masker.Mask]); all
// patterns and word lists are in patterns.go.
//
// Numbers: digit groups joined by separators (hyphens and dashes of every
// width, ー, ~, 〜, dots, commas, slashes, の, parentheses, spaces) are
// read as one number. A number with a phone number's digits (0 and 10 or
// 11 digits, or a leading +) becomes 〔電話番号〕, one of 8 or more digits
// 〔番号〕, one of 3+4 digits 〔郵便番号〕; labels before a number (TEL,
// 電話, 携帯, 〒, 郵便番号, 口座, 番号, No., ID) decide for shorter ones.
// Dates (2024-12-05, 2024/12/05), amounts with thousands commas
// (1,000,000円), versions joined by dots (10.0.19045) and hexadecimal
// codes (0x80070005) stay as typed.
//
// Also masked: IPv4 and IPv6 addresses, the block and house numbers of
// an address after a place name ending in 都道府県市区町村郡 or in the
// 丁目/番地 form, a date after 生年月日/誕生日 or before 生まれ, and an
// alphanumeric ID after 番号, No. or ID.
//
// URLs keep their scheme, host and plain path segments; query strings,
// fragments, credentials and path segments that look like tokens become
// 〔URL〕.
//
// Names are found with kagome ([index.Analyzer.Tokenizer], the process's
// one tokenizer): tokens tagged 名詞,固有名詞,人名 (unless a kana one is
// the head of a longer compound: マイナンバー, すまほ), the word before an
// honorific (さん, 様, …) unless it is a role noun, and capitalised Latin
// names before an honorific or after Mr./Ms.
package mask

import (
	"strings"

	"github.com/ikawaha/kagome/v2/tokenizer"
	"golang.org/x/text/unicode/norm"
)

// Tokenizer is what name detection needs of kagome's tokenizer.
type Tokenizer interface {
	Analyze(input string, mode tokenizer.TokenizeMode) []tokenizer.Token
}

// Masker scrubs text. It is safe for concurrent use.
type Masker struct {
	tok Tokenizer
}

// New returns a Masker that finds names with tok. A nil tok masks
// everything but names.
func New(tok Tokenizer) *Masker { return &Masker{tok: tok} }

// Mask returns text with personal data replaced by placeholders. The
// order matters: links and e-mail addresses go first (their digits are
// not phone numbers), then IP addresses, dates of birth, passwords,
// addresses and labelled IDs, then the remaining numbers, and names last.
func (m *Masker) Mask(text string) string {
	s := norm.NFKC.String(text)
	s = urlRE.ReplaceAllStringFunc(s, maskURL)
	s = emailRE.ReplaceAllString(s, Email)
	s = maskIPs(s)
	s = maskBirthdays(s)
	s = maskPasswords(s)
	s = maskAddresses(s)
	s = maskIDs(s)
	s = maskNumbers(s)
	if m.tok != nil {
		s = m.maskNames(s)
	}
	return s
}

// outsidePlaceholders applies f to the parts of s between the
// placeholders already in it.
func outsidePlaceholders(s string, f func(string) string) string {
	var b strings.Builder
	last := 0
	for _, loc := range placeholderRE.FindAllStringIndex(s, -1) {
		b.WriteString(f(s[last:loc[0]]))
		b.WriteString(s[loc[0]:loc[1]])
		last = loc[1]
	}
	b.WriteString(f(s[last:]))
	return b.String()
}
