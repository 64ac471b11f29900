package index

import (
	"unicode/utf8"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/ikawaha/kagome/v2/tokenizer/lattice"
)

// modeAnalyser runs kagome's Normal and Search modes on one lattice.
//
// kagome's Tokenizer.Analyze builds a text's lattice (the dictionary
// look-ups, about half of an analysis) and runs Viterbi over it in one
// mode. The two modes differ only in Viterbi's costs, and Viterbi
// (lattice.Forward) sets every node's cost and best predecessor afresh,
// so a second pass in the other mode over the same lattice gives what a
// second Analyze would, at half the cost. TestModesMatchAnalyze checks it.
type modeAnalyser struct {
	dict *dict.Dict
	// template is a token of the tokenizer, which carries its
	// dictionary (an unexported field); tokens are made from it.
	template tokenizer.Token
}

// newModeAnalyser returns the mode analyser of tok, whose dictionary is
// d, or nil when d is nil.
func newModeAnalyser(tok *tokenizer.Tokenizer, d *dict.Dict) *modeAnalyser {
	if d == nil || tok == nil {
		return nil
	}
	toks := tok.Analyze("あ", tokenizer.Normal)
	if len(toks) != 1 {
		return nil
	}
	return &modeAnalyser{dict: d, template: toks[0]}
}

// normalAndSearch returns the Normal-mode tokens of normalised text and,
// when search, its Search-mode tokens: the Normal-mode ones again when
// searchPenalised finds no token that Search mode would penalise (see
// [Analyzer.Analyse]), else a second Viterbi pass over the same lattice.
// Without a dictionary at hand it runs the tokenizer once or twice.
func (a *Analyzer) normalAndSearch(norm string, search bool) (normal, searched []tokenizer.Token) {
	m := a.modes
	if m == nil {
		normal = a.tok.Analyze(norm, tokenizer.Normal)
		if search && searchPenalised(normal) {
			return normal, a.tok.Analyze(norm, tokenizer.Search)
		}
		return normal, normal
	}
	la := lattice.New(m.dict, nil)
	defer la.Free()
	la.Build(norm)
	normal = m.viterbi(la, lattice.Normal)
	if search && searchPenalised(normal) {
		return normal, m.viterbi(la, lattice.Search)
	}
	return normal, normal
}

// viterbi runs Viterbi over the built lattice la in mode and returns the
// best path's tokens without BOS and EOS, as Tokenizer.Analyze does with
// tokenizer.OmitBosEos.
func (m *modeAnalyser) viterbi(la *lattice.Lattice, mode lattice.TokenizeMode) []tokenizer.Token {
	la.Output = la.Output[:0]
	la.Forward(mode)
	la.Backward(mode)
	toks := make([]tokenizer.Token, 0, len(la.Output))
	for i := len(la.Output) - 1; i >= 0; i-- {
		n := la.Output[i]
		if n.ID == lattice.BosEosID {
			continue
		}
		t := m.template
		t.Index = len(toks)
		t.ID = n.ID
		t.Class = tokenizer.TokenClass(n.Class)
		t.Position = n.Position
		t.Start = n.Start
		t.End = n.Start + utf8.RuneCountInString(n.Surface)
		t.Surface = n.Surface
		toks = append(toks, t)
	}
	return toks
}
