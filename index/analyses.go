package index

import (
	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/soudan-desk/soudan/corpus"
)

// Analyses holds the kagome analyses of a set of texts, keyed by their
// exact content: each text's words ([Analyzer.Terms]) and reading bigrams
// ([Analyzer.ReadingBigrams]). An index build analyses every distinct text
// once, in parallel, instead of once per index that uses it, and a
// rebuild hands the previous build's Analyses in, so that only the texts
// that changed are analysed again. An Analyses is read-only once built
// and safe for concurrent use; the slices it returns must not be
// modified.
type Analyses struct {
	an       *Analyzer
	words    map[string][]string
	readings map[string][]string
	// Reused and Analysed count the texts taken from the previous
	// Analyses and those analysed anew (words and readings together).
	Reused, Analysed int
}

// Analyse returns the analyses of words (texts whose words are needed)
// and readings (texts whose reading bigrams are needed). Texts that prev
// holds are taken from it, which is exact: an analysis depends only on
// the text and the analyser. prev may be nil, or built by another
// Analyzer, in which case it is not used.
func (a *Analyzer) Analyse(words, readings []string, prev *Analyses) *Analyses {
	m := &Analyses{an: a}
	if prev != nil && prev.an != a {
		prev = nil
	}
	var pw, pr map[string][]string
	if prev != nil {
		pw, pr = prev.words, prev.readings
	}
	m.words = m.fill(words, pw, a.terms)
	m.readings = m.fill(readings, pr, a.readingBigrams)
	return m
}

// fill analyses the distinct texts with fn, or takes them from prev.
func (m *Analyses) fill(texts []string, prev map[string][]string, fn func(string) []string) map[string][]string {
	out := make(map[string][]string, len(texts))
	var todo []string
	for _, t := range texts {
		if _, ok := out[t]; ok {
			continue
		}
		if v, ok := prev[t]; ok {
			out[t] = v
			m.Reused++
			continue
		}
		out[t] = nil
		todo = append(todo, t)
	}
	res := parallelMap(todo, fn)
	for i, t := range todo {
		out[t] = res[i]
	}
	m.Analysed += len(todo)
	return out
}

// Words returns the words of text, as [Analyzer.Terms] does: from the
// analyses when they hold text, else analysed now.
func (m *Analyses) Words(text string) []string {
	if v, ok := m.words[text]; ok {
		return v
	}
	return m.an.Terms(text)
}

// ReadingBigrams returns the reading bigrams of text, as
// [Analyzer.ReadingBigrams] does: from the analyses when they hold text,
// else analysed now.
func (m *Analyses) ReadingBigrams(text string) []string {
	if v, ok := m.readings[text]; ok {
		return v
	}
	return m.an.ReadingBigrams(text)
}

// Len returns the number of texts held.
func (m *Analyses) Len() int { return len(m.words) + len(m.readings) }

// readingBigrams is ReadingBigrams without the analyser's cache of short
// texts (a build's texts are analysed once and would only crowd the
// queries out of it).
func (a *Analyzer) readingBigrams(text string) []string {
	norm := corpus.Normalize(text)
	var toks []tokenizer.Token
	if norm != "" {
		toks = a.tok.Analyze(norm, tokenizer.Normal)
	}
	return NGrams(readingOf(toks), 2)
}
