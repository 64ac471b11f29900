package index

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/internal/parallel"
	"github.com/soudan-desk/soudan/lattice"
)

// A Memo analyses a text of several lines line by line where the
// dictionary lets it: a newline between two runes of other character
// classes cuts the segmentation ([lattice.Dict.Cuts]), so the tokens of
// the text are those of its lines, each segmented with the newlines
// around it. The lines that recur across texts (an answer's stock
// sentences, the lines an entry shares with others) are then analysed
// once, not once a text that holds them. The terms, readings and sounds
// of a text are its lines' one after the other: each is a sequence of
// per-token parts (FoldKana, which ends the reading, maps rune by rune),
// and the newline's token belongs to the line it ends.

// line is one part of a normalised text that is analysed on its own.
type line struct {
	// s is the part with its bounding newlines: "A\n", "\nB\n", "\nC"
	// for "A\nB\nC"; a text that is not cut is one line.
	s string
	// lead reports whether s starts with the newline that ends the line
	// before, whose token is that line's.
	lead bool
}

// lineAnalysis is what a line gives to the analyses of the texts that
// hold it; ok is false when its leading token is not the newline, which
// [lattice.Dict.Cuts] rules out, and the text is then analysed whole.
type lineAnalysis struct {
	terms   []string
	reading memoReading
	// grams are the reading's bigrams, when the line was read.
	grams []string
	ok    bool
}

// cutLines appends the lines of normalised text norm to dst.
func (m *modeAnalyser) cutLines(dst []line, norm string) []line {
	if m == nil || !m.cutsNewline || len(norm) > lattice.MaxCutText || !utf8.ValidString(norm) {
		return append(dst, line{s: norm})
	}
	start, lead := 0, false
	for i := 1; i < len(norm)-1; i++ {
		if norm[i] != '\n' {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(norm[:i])
		next, _ := utf8.DecodeRuneInString(norm[i+1:])
		if m.lat.SameClass(prev, '\n') || m.lat.SameClass(next, '\n') {
			continue
		}
		dst = append(dst, line{s: norm[start : i+1], lead: lead})
		start, lead = i, true
	}
	return append(dst, line{s: norm[start:], lead: lead})
}

// analyseTexts analyses each text of texts for what wants (wantTerms,
// wantReading) asks, as analyseForMemo does, through the distinct lines
// of all the texts, in parallel. It returns the lines' analyses, to which
// the entries of texts of several lines refer (see joinLines). It looks
// at ctx every analyseBatch lines (and texts): a cancelled analysis
// returns ctx.Err() at the next look, and nothing else.
func (a *Analyzer) analyseTexts(ctx context.Context, texts []string, wants []uint8) ([]memoEntry, []lineAnalysis, error) {
	norms := normalizeByLine(texts)
	lines, lineWants, of := a.distinctLines(norms, wants)
	res := make([]lineAnalysis, len(lines))
	err := forBatches(ctx, len(lines), func(k int) {
		res[k] = a.analyseLine(lines[k], lineWants[k]&wantTerms != 0, lineWants[k]&wantReading != 0)
	})
	if err != nil {
		return nil, nil, err
	}
	out := make([]memoEntry, len(texts))
	err = forBatches(ctx, len(texts), func(i int) {
		me, ok := joinLines(norms[i], of[i], res)
		if !ok {
			me = a.analyseForMemo(texts[i], wants[i]&wantTerms != 0, wants[i]&wantReading != 0)
		}
		out[i] = me
	})
	if err != nil {
		return nil, nil, err
	}
	return out, res, nil
}

// distinctLines cuts each normalised text of norms into its lines and
// returns the distinct lines, what each is analysed for (the union of
// the wants of the texts that hold it), and each text's lines.
func (a *Analyzer) distinctLines(norms []string, wants []uint8) ([]line, []uint8, [][]int32) {
	var lines []line
	var lineWants []uint8
	ids := map[line]int32{}
	of := make([][]int32, len(norms)) // each text's lines
	var buf []line
	for i, norm := range norms {
		if norm == "" {
			continue
		}
		buf = a.modes.cutLines(buf[:0], norm)
		of[i] = make([]int32, len(buf))
		for j, l := range buf {
			id, ok := ids[l]
			if !ok {
				id = int32(len(lines))
				ids[l] = id
				lines, lineWants = append(lines, l), append(lineWants, 0)
			}
			lineWants[id] |= wants[i]
			of[i][j] = id
		}
	}
	return lines, lineWants, of
}

// analyseBatch is how many lines (or texts) an analysis hands to the
// cores between two looks at its context: enough to keep them busy, few
// enough that a cancelled build of a large corpus stops within a
// fraction of a second.
var analyseBatch = 2048

// forBatches calls fn for each index below n, on every core,
// analyseBatch at a time, with a look at ctx before each batch.
func forBatches(ctx context.Context, n int, fn func(i int)) error {
	return parallel.ForBatches(n, analyseBatch, ctx.Err, fn)
}

// normalizeByLine returns corpus.Normalize of each text of texts. A
// valid UTF-8 text's lines normalise as they do alone (corpus's
// FuzzNormalizeLines), so the distinct lines of those texts are
// normalised once each, in parallel, and joined; the other texts are
// normalised whole.
func normalizeByLine(texts []string) []string {
	ids := map[string]int32{}
	var lines []string
	of := make([][]int32, len(texts)) // each text's lines, nil for a text normalised whole
	for i, t := range texts {
		if !strings.Contains(t, "\n") || !utf8.ValidString(t) {
			continue
		}
		for l := range strings.SplitSeq(t, "\n") {
			id, ok := ids[l]
			if !ok {
				id = int32(len(lines))
				ids[l] = id
				lines = append(lines, l)
			}
			of[i] = append(of[i], id)
		}
	}
	ids = nil
	norms := parallel.Map(lines, corpus.Normalize)
	out := make([]string, len(texts))
	parallel.For(len(texts), func(i int) {
		if of[i] == nil {
			out[i] = corpus.Normalize(texts[i])
			return
		}
		n := len(of[i]) - 1
		for _, id := range of[i] {
			n += len(norms[id])
		}
		var b strings.Builder
		b.Grow(n)
		for j, id := range of[i] {
			if j > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(norms[id])
		}
		out[i] = b.String()
	})
	return out
}

// analyseLine analyses line l for its terms and/or reading, as
// analyseForMemo does a text, leaving out the leading newline's token.
func (a *Analyzer) analyseLine(l line, terms, reading bool) (la lineAnalysis) {
	modes := searchMode
	if reading {
		modes = normalMode
		if terms {
			modes = bothModes
		}
	}
	la.ok = true
	a.segment(l.s, modes, func(normal, search []tokenizer.Token) {
		if l.lead {
			normal, search, la.ok = dropNewline(normal), dropNewline(search), leadsWithNewline(normal) && leadsWithNewline(search)
		}
		if reading {
			la.reading = memoReading{reading: a.lex.readingOf(normal), sounds: a.lex.soundsOf(normal)}
			la.grams = NGrams(la.reading.reading, 2)
		}
		if terms {
			la.terms = a.lex.termsOf(search)
		}
	})
	return la
}

// leadsWithNewline reports whether toks, if any, start with a newline.
func leadsWithNewline(toks []tokenizer.Token) bool {
	return toks == nil || len(toks) > 0 && toks[0].Surface == "\n"
}

// dropNewline is toks without their first token, the leading newline.
func dropNewline(toks []tokenizer.Token) []tokenizer.Token {
	if len(toks) == 0 {
		return toks
	}
	return toks[1:]
}

// joinLines is the memoEntry of the normalised text norm from the
// analyses of its lines ids: its reading refers to them (reading.lines),
// and a text of one line shares that line's terms. The terms, reading and
// sounds of a text of several lines are joined when asked (joinTerms,
// joinReading), so that a build holds each line's analysis once, not once
// a text that holds it.
func joinLines(norm string, ids []int32, res []lineAnalysis) (memoEntry, bool) {
	me := memoEntry{norm: norm}
	if len(ids) == 0 { // an empty text
		return me, true
	}
	for _, id := range ids {
		if !res[id].ok {
			return me, false
		}
	}
	if len(ids) == 1 {
		me.terms = res[ids[0]].terms
	}
	me.reading = memoReading{lines: ids, gramsByLine: gramsByLine(ids, res)}
	return me, true
}

// joinTerms returns the terms of the lines ids, one line's after the
// other's.
func joinTerms(ids []int32, res []lineAnalysis) []string {
	n := 0
	for _, id := range ids {
		n += len(res[id].terms)
	}
	out := make([]string, 0, n)
	for _, id := range ids {
		out = append(out, res[id].terms...)
	}
	return out
}

// joinReading returns the reading and sounds of the lines ids, one
// line's after the other's, without their lines' reading bigrams.
func joinReading(ids []int32, res []lineAnalysis) memoReading {
	var r memoReading
	nr, ns := 0, 0
	for _, id := range ids {
		nr, ns = nr+len(res[id].reading.reading), ns+len(res[id].reading.sounds)
	}
	var reading strings.Builder
	reading.Grow(nr)
	if ns > 0 {
		r.sounds = make([]string, 0, ns)
	}
	for _, id := range ids {
		reading.WriteString(res[id].reading.reading)
		r.sounds = append(r.sounds, res[id].reading.sounds...)
	}
	r.reading = reading.String()
	return r
}

// gramsByLine reports whether the reading bigrams of the text of lines
// ids are its lines' one after the other: whether every line's reading
// but the last ends in a space, at which the n-grams and their
// normalisation break.
func gramsByLine(ids []int32, res []lineAnalysis) bool {
	for _, id := range ids[:len(ids)-1] {
		if !strings.HasSuffix(res[id].reading.reading, " ") {
			return false
		}
	}
	return true
}
