package index

import (
	"slices"

	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/soudan-desk/soudan/corpus"
)

// Words returns the content words of text as they are written in the
// [corpus.Normalize]d text: the tokens that [Analyzer.Terms] keeps, in
// their surface form rather than their base form, each once, in order. The
// search page highlights these whole words in the results, instead of any
// run of characters that the query happens to share with them (「ード」
// inside カード).
func (a *Analyzer) Words(text string) []string {
	if len(text) <= cacheMaxText {
		return slices.Clone(a.Analyse(text).Words)
	}
	norm := corpus.Normalize(text)
	if norm == "" {
		return nil
	}
	var words []string
	a.segment(norm, searchMode, func(_, searched []tokenizer.Token) { words = a.lex.wordsOf(searched) })
	return words
}

// termsAndWords is termsOf and wordsOf of the same tokens, in one pass.
func (lx *lexicon) termsAndWords(toks []tokenizer.Token) (terms, words []string) {
	// terms and words share one allocation, each with room for half the
	// tokens; words stays nil until it holds one.
	m := len(toks)/2 + 1
	block := make([]string, 2*m)
	terms = block[:0:m]
	var seen map[string]bool // once words are too many to scan
	for _, t := range toks {
		term, ok := lx.contentTerm(t)
		if !ok {
			continue
		}
		terms = append(terms, term)
		switch {
		case seen != nil:
			if seen[t.Surface] {
				continue
			}
			seen[t.Surface] = true
		case slices.Contains(words, t.Surface):
			continue
		case len(words) == 32:
			seen = make(map[string]bool, 2*len(words))
			for _, w := range words {
				seen[w] = true
			}
			seen[t.Surface] = true
		}
		if words == nil {
			words = block[m:m]
		}
		words = append(words, t.Surface)
	}
	return terms, words
}

// wordsOf is [Analyzer.Words] over Search-mode tokens.
func (lx *lexicon) wordsOf(toks []tokenizer.Token) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range toks {
		if _, ok := lx.contentTerm(t); !ok || seen[t.Surface] {
			continue
		}
		seen[t.Surface] = true
		out = append(out, t.Surface)
	}
	return out
}
