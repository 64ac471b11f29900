package index

import (
	"context"
	"maps"

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
	// lines holds the analyses of the lines the texts were analysed in
	// (see analyseTexts), to which the readings' lines refer, and
	// termLines the lines of the texts of several lines whose terms were
	// asked: their terms are their lines' joined (see joinLines).
	lines     []lineAnalysis
	termLines map[string][]int32
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
	// lines, when not nil, are the lines the text was analysed in, in
	// the Memo's lines (see analyseTexts): its reading and sounds are
	// theirs joined (joinReading), and reading and sounds are empty.
	lines []int32
	// gramsByLine reports whether the lines' reading bigrams, one after
	// the other, are NGrams(reading, 2) (see gramsByLine).
	gramsByLine bool
}

// Memo analyses texts: the terms of terms, the readings of readings. A
// text in both is analysed once for both, and a text that prev holds is
// taken from it, which is exact: an analysis depends only on the text and
// the analyser. prev may be nil; a Memo of another Analyzer is not used.
func (a *Analyzer) Memo(terms, readings []string, prev *Memo) *Memo {
	m, _ := a.MemoContext(context.Background(), terms, readings, prev)
	return m
}

// MemoContext is [Analyzer.Memo] that stops when ctx is done: a build
// that a shutdown or a newer reload cancels does not analyse the rest of
// a large corpus first. It looks at ctx every few thousand lines and
// returns ctx.Err() (and no Memo) at the first look that finds it done;
// a Memo it returns is the one Memo would.
func (a *Analyzer) MemoContext(ctx context.Context, terms, readings []string, prev *Memo) (*Memo, error) {
	if prev != nil && prev.an != a {
		prev = nil
	}
	if prev != nil && prev.lines != nil {
		prev = prev.settled()
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
	res, lines, err := a.analyseTexts(ctx, todo, wants)
	if err != nil {
		return nil, err
	}
	m.lines, m.termLines = lines, map[string][]int32{}
	for i, t := range todo {
		if wants[i]&wantTerms != 0 {
			if ids := res[i].reading.lines; len(ids) > 1 {
				m.termLines[t] = ids
			} else {
				m.terms[t] = res[i].terms
			}
			m.norms[t] = res[i].norm
		}
		if wants[i]&wantReading != 0 {
			m.readings[t] = res[i].reading
		}
	}
	m.Analysed = len(todo)
	return m, nil
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
	if ids, ok := m.termLines[text]; ok {
		return joinTerms(ids, m.lines)
	}
	return m.an.Terms(text)
}

// TermParts is [Memo.Terms] as [Parts]: the terms of a text analysed
// line by line are its lines', one part a line.
func (m *Memo) TermParts(text string, yield func([]string)) {
	if ids, ok := m.termLines[text]; ok {
		for _, id := range ids {
			yield(m.lines[id].terms)
		}
		return
	}
	yield(m.Terms(text))
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
// reads, and the lines' analyses, which only a build's indexes read
// through the texts' (each text's own analysis is joined from them now),
// so that a Memo kept for a rebuild holds the texts' analyses alone; Norm
// then normalises, and ReadingBigrams cuts the reading. It must not run
// concurrently with the Memo's other methods.
func (m *Memo) ForgetNorms() {
	s := m.settled()
	m.terms, m.readings = s.terms, s.readings
	m.norms, m.lines, m.termLines = nil, nil, nil
}

// settled returns a copy of m with each text's analysis joined from its
// lines' (as ForgetNorms leaves m), for reuse by another Memo.
func (m *Memo) settled() *Memo {
	s := &Memo{an: m.an, terms: maps.Clone(m.terms), readings: make(map[string]memoReading, len(m.readings)), norms: m.norms}
	for t, r := range m.readings {
		s.readings[t] = m.reading(r)
	}
	for t, ids := range m.termLines {
		s.terms[t] = joinTerms(ids, m.lines)
	}
	return s
}

// reading returns r with its reading and sounds, joined from its lines'
// when it has lines, and no lines.
func (m *Memo) reading(r memoReading) memoReading {
	switch len(r.lines) {
	case 0:
		return r
	case 1:
		l := m.lines[r.lines[0]].reading
		return memoReading{reading: l.reading, sounds: l.sounds}
	}
	return joinReading(r.lines, m.lines)
}

// ReadingBigrams returns the reading bigrams of text, as
// [Analyzer.ReadingBigrams] does: from the memo's reading when it holds
// it, else analysed now.
func (m *Memo) ReadingBigrams(text string) []string {
	v, ok := m.readings[text]
	if !ok {
		return m.an.ReadingBigrams(text)
	}
	if v.lines == nil || !v.gramsByLine {
		return NGrams(m.reading(v).reading, 2)
	}
	if len(v.lines) == 1 {
		return m.lines[v.lines[0]].grams
	}
	n := 0
	for _, id := range v.lines {
		n += len(m.lines[id].grams)
	}
	out := make([]string, 0, n)
	for _, id := range v.lines {
		out = append(out, m.lines[id].grams...)
	}
	return out
}

// ReadingBigramParts is [Memo.ReadingBigrams] as [Parts]: the reading
// bigrams of a text whose bigrams are its lines' are theirs, one part a
// line.
func (m *Memo) ReadingBigramParts(text string, yield func([]string)) {
	if v, ok := m.readings[text]; ok && v.lines != nil && v.gramsByLine {
		for _, id := range v.lines {
			yield(m.lines[id].grams)
		}
		return
	}
	yield(m.ReadingBigrams(text))
}

// AddSounds records in lex the readings of the words of each text of
// texts that the memo read (see [ReadingLexicon]); texts it did not read
// are left out.
func (m *Memo) AddSounds(lex *ReadingLexicon, texts []string) {
	var buf []string
	for _, t := range texts {
		v, ok := m.readings[t]
		if !ok {
			continue
		}
		sounds := v.sounds
		if v.lines != nil {
			buf = buf[:0]
			for _, id := range v.lines {
				buf = append(buf, m.lines[id].reading.sounds...)
			}
			sounds = buf
		}
		for i := 0; i+1 < len(sounds); i += 2 {
			lex.add(sounds[i], sounds[i+1])
		}
	}
}
