// Package mask scrubs personal data from callers' words before anything
// is stored: phone numbers, e-mail addresses, URLs with parameters, postal
// codes, long digit runs (card and account numbers) and personal names.
// Each becomes a placeholder:
//
//	〔電話番号〕 〔メール〕 〔URL〕 〔郵便番号〕 〔番号〕 〔氏名〕
//
// The text is normalised with NFKC first, so full-width digits and
// symbols are caught like ASCII ones, and the masked text is stored in
// that form. Names are found by kagome's part-of-speech tags
// (名詞,固有名詞,人名), with the process's one tokenizer
// ([index.Analyzer.Tokenizer]); adjacent name tokens (姓 and 名) become one
// placeholder.
package mask

import (
	"regexp"
	"strings"

	"github.com/ikawaha/kagome/v2/tokenizer"
	"golang.org/x/text/unicode/norm"
)

// Placeholders.
const (
	Phone  = "〔電話番号〕"
	Email  = "〔メール〕"
	URL    = "〔URL〕"
	Postal = "〔郵便番号〕"
	Number = "〔番号〕"
	Name   = "〔氏名〕"
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

// sep is a separator between the digit groups of a number: hyphens and
// dashes of every width (after NFKC), the long-vowel mark IMEs produce,
// dots and a space.
const sep = `[-‐‑‒–—―−ー.\s]`

var (
	urlRE = regexp.MustCompile(`(?i)\b(?:https?|ftp)://[^\s<>"'「」『』（）()、。]+`)
	// wwwRE catches scheme-less links with parameters (www.example.com/?id=…).
	wwwRE   = regexp.MustCompile(`(?i)\bwww\.[^\s<>"'「」『』（）()、。]+\?[^\s<>"'「」『』（）()、。]*`)
	emailRE = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+`)
	phoneRE = regexp.MustCompile(`(?:\+81` + sep + `?\(?\d{1,4}\)?|\(0\d{1,4}\)|\b0\d{1,4})` +
		sep + `?\(?\d{1,4}\)?` + sep + `?\d{3,4}\b`)
	groupsRE = regexp.MustCompile(`\b\d{3,}(?:` + sep + `\d{3,})+\b`)
	digitsRE = regexp.MustCompile(`\d{8,}`)
	postalRE = regexp.MustCompile(`〒\s?\d{3}` + sep + `?\d{4}\b|\b\d{3}` + sep + `?\d{4}\b`)
	// placeholderRE finds the placeholders already in a text.
	placeholderRE = regexp.MustCompile(`〔[^〔〕]{1,8}〕`)
)

// Mask returns text with personal data replaced by placeholders.
func (m *Masker) Mask(text string) string {
	s := norm.NFKC.String(text)
	s = urlRE.ReplaceAllStringFunc(s, maskURL)
	s = wwwRE.ReplaceAllString(s, URL)
	s = emailRE.ReplaceAllString(s, Email)
	s = phoneRE.ReplaceAllStringFunc(s, maskPhone)
	s = groupsRE.ReplaceAllStringFunc(s, func(g string) string {
		if countDigits(g) >= 8 {
			return Number
		}
		return g
	})
	s = digitsRE.ReplaceAllString(s, Number)
	s = postalRE.ReplaceAllString(s, Postal)
	if m.tok != nil {
		s = m.maskNames(s)
	}
	return s
}

// maskURL masks a URL that carries parameters or credentials; a bare
// address (a phishing site's name) is what editors need to see.
func maskURL(u string) string {
	rest := u[strings.Index(u, "://")+3:]
	host, _, _ := strings.Cut(rest, "/")
	if strings.ContainsAny(u, "?#") || strings.Contains(host, "@") || strings.Contains(rest, ";") {
		return URL
	}
	return u
}

// maskPhone masks a match that has a Japanese phone number's 10 or 11
// digits (12 with +81), leaving dates and short numbers alone.
func maskPhone(p string) string {
	n := countDigits(p)
	if strings.HasPrefix(p, "+81") {
		n -= 1 // +81 stands for the leading 0
	}
	if n == 10 || n == 11 {
		return Phone
	}
	return p
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// maskNames replaces the person names kagome finds, outside the
// placeholders already in s.
func (m *Masker) maskNames(s string) string {
	var b strings.Builder
	last := 0
	for _, loc := range placeholderRE.FindAllStringIndex(s, -1) {
		b.WriteString(m.namesIn(s[last:loc[0]]))
		b.WriteString(s[loc[0]:loc[1]])
		last = loc[1]
	}
	b.WriteString(m.namesIn(s[last:]))
	return b.String()
}

func (m *Masker) namesIn(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	inName := false
	for _, t := range m.tok.Analyze(s, tokenizer.Normal) {
		if t.Class == tokenizer.DUMMY {
			continue
		}
		if isPersonName(t) {
			if !inName {
				b.WriteString(Name)
			}
			inName = true
			continue
		}
		inName = false
		b.WriteString(t.Surface)
	}
	return b.String()
}

// isPersonName reports a token tagged 名詞,固有名詞,人名.
func isPersonName(t tokenizer.Token) bool {
	pos := t.POS()
	return len(pos) >= 3 && pos[0] == "名詞" && pos[1] == "固有名詞" && pos[2] == "人名"
}
