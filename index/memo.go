package index

import (
	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/soudan-desk/soudan/corpus"
)

// Memo holds the kagome analyses of a set of texts, keyed by their exact
// content: each text's terms ([Analyzer.Terms]) and reading
// ([Analyzer.Reading]). An index build analyses every distinct text once,
// in parallel, instead of once per index that uses it, and a rebuild
// hands the previous build's Memo in, so that only the texts that changed
// are analysed again. A Memo is read-only once built and safe for
// concurrent use; the slices it returns must not be modified.
type Memo struct {
	an       *Analyzer
	terms    map[string][]string
	readings map[string]memoReading
	// norms holds corpus.Normalize of each text of terms.
	norms map[string]string
	// Reused and Analysed count the distinct texts taken from the
	// previous Memo and those analysed anew.
	Reused, Analysed int
}

// What a Memo analyses a text for.
const (
	wantTerms uint8 = 1 << iota
	wantReading
)

// memoEntry is one text's analysis, as far as it was asked for.
type memoEntry struct {
	norm    string
	terms   []string
	reading memoReading
}

// memoReading is a text's reading and the readings of its words: pairs
// of (folded reading, content word), for a [ReadingLexicon].
type memoReading struct {
	reading string
	sounds  []string
	// lineGrams, when not nil, holds the reading bigrams of each line
	// the text was analysed in (see analyseTexts), whose concatenation is
	// NGrams(reading, 2): each line's reading but the last ends in a
	// space, at which the n-grams and their normalisation break.
	lineGrams [][]string
}

// Memo analyses texts: the terms of terms, the readings of readings. A
// text in both is analysed once for both, and a text that prev holds is
// taken from it, which is exact: an analysis depends only on the text and
// the analyser. prev may be nil; a Memo of another Analyzer is not used.
func (a *Analyzer) Memo(terms, readings []string, prev *Memo) *Memo {
	if prev != nil && prev.an != a {
		prev = nil
	}
	m := &Memo{an: a, terms: make(map[string][]string, len(terms)), readings: make(map[string]memoReading, len(readings)), norms: make(map[string]string, len(terms))}
	var pt map[string][]string
	var pr map[string]memoReading
	var pn map[string]string
	if prev != nil {
		pt, pr, pn = prev.terms, prev.readings, prev.norms
	}
	want := map[string]uint8{} // what is still to analyse, by text
	var todo []string          // the texts of want, first seen first
	ask := func(t string, what uint8) {
		if want[t]&what != 0 {
			return
		}
		if want[t] == 0 {
			todo = append(todo, t)
		}
		want[t] |= what
	}
	m.Reused = reuseOrAsk(terms, m.terms, pt, func(t string) { ask(t, wantTerms) }) +
		reuseOrAsk(readings, m.readings, pr, func(t string) { ask(t, wantReading) })
	reuseOrAsk(terms, m.norms, pn, func(string) {}) // analysed below otherwise
	wants := make([]uint8, len(todo))
	for i, t := range todo {
		wants[i] = want[t]
	}
	res := a.analyseTexts(todo, wants)
	for i, t := range todo {
		if wants[i]&wantTerms != 0 {
			m.terms[t] = res[i].terms
			m.norms[t] = res[i].norm
		}
		if wants[i]&wantReading != 0 {
			m.readings[t] = res[i].reading
		}
	}
	m.Analysed = len(todo)
	return m
}

// reuseOrAsk copies into have each text of texts that prev holds, and
// asks for the others; it returns how many it copied.
func reuseOrAsk[V any](texts []string, have, prev map[string]V, ask func(string)) int {
	n := 0
	for _, t := range texts {
		if _, done := have[t]; done {
			continue
		}
		if v, ok := prev[t]; ok {
			have[t] = v
			n++
			continue
		}
		ask(t)
	}
	return n
}

// analyseForMemo analyses text for its terms and/or reading, bypassing
// the analyser's cache of short texts (a build's texts would only crowd
// the queries out of it). For both, it segments in Normal mode, and in
// Search mode only when Search mode would segment differently (see
// [Analyzer.Analyse]), over the same lattice (see [Analyzer.segment]).
func (a *Analyzer) analyseForMemo(text string, terms, reading bool) memoEntry {
	norm := corpus.Normalize(text)
	me := memoEntry{norm: norm}
	if norm == "" {
		return me
	}
	if !reading {
		me.terms = a.termsOfNorm(norm)
		return me
	}
	modes := normalMode
	if terms {
		modes = bothModes
	}
	a.segment(norm, modes, func(normal, search []tokenizer.Token) {
		me.reading = memoReading{reading: a.lex.readingOf(normal), sounds: a.lex.soundsOf(normal)}
		if terms {
			me.terms = a.lex.termsOf(search)
		}
	})
	return me
}

// Terms returns the terms of text, as [Analyzer.Terms] does: from the
// memo when it holds them, else analysed now.
func (m *Memo) Terms(text string) []string {
	if v, ok := m.terms[text]; ok {
		return v
	}
	return m.an.Terms(text)
}

// Norm returns corpus.Normalize(text): from the memo when it analysed
// text for its terms, else normalised now.
func (m *Memo) Norm(text string) string {
	if v, ok := m.norms[text]; ok {
		return v
	}
	return corpus.Normalize(text)
}

// ForgetNorms drops the norms, which only a build's document embedding
// reads, and the lines' reading bigrams, which only a build's indexes
// read, so that a Memo kept for a rebuild holds the analyses alone; Norm
// then normalises, and ReadingBigrams cuts the reading. It must not run
// concurrently with Norm or ReadingBigrams.
func (m *Memo) ForgetNorms() {
	m.norms = nil
	for t, r := range m.readings {
		if r.lineGrams != nil {
			r.lineGrams = nil
			m.readings[t] = r
		}
	}
}

// ReadingBigrams returns the reading bigrams of text, as
// [Analyzer.ReadingBigrams] does: from the memo's reading when it holds
// it, else analysed now.
func (m *Memo) ReadingBigrams(text string) []string {
	if v, ok := m.readings[text]; ok {
		if v.lineGrams == nil {
			return NGrams(v.reading, 2)
		}
		n := 0
		for _, g := range v.lineGrams {
			n += len(g)
		}
		out := make([]string, 0, n)
		for _, g := range v.lineGrams {
			out = append(out, g...)
		}
		return out
	}
	return m.an.ReadingBigrams(text)
}

// AddSounds records in lex the readings of the words of each text of
// texts that the memo read (see [ReadingLexicon]); texts it did not read
// are left out.
func (m *Memo) AddSounds(lex *ReadingLexicon, texts []string) {
	for _, t := range texts {
		if v, ok := m.readings[t]; ok {
			for i := 0; i+1 < len(v.sounds); i += 2 {
				lex.add(v.sounds[i], v.sounds[i+1])
			}
		}
	}
}
