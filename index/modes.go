package index

import (
	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome/v2/tokenizer"

	"github.com/soudan-desk/soudan/lattice"
)

// modeAnalyser segments texts with package lattice, which gives kagome's
// tokens at a fraction of its cost, and runs both of kagome's modes over
// one lattice: the modes differ only in Viterbi's costs, so a second
// pass in the other mode gives what a second analysis would.
// TestModesMatchAnalyze checks both against kagome's Tokenizer.Analyze.
type modeAnalyser struct {
	lat *lattice.Dict
	// template is a token of the tokenizer, which carries its
	// dictionary (an unexported field); tokens are made from it.
	template tokenizer.Token
}

// newModeAnalyser returns the mode analyser of tok, whose dictionary is
// d, or nil when d is nil or does not hold together.
func newModeAnalyser(tok *tokenizer.Tokenizer, d *dict.Dict) *modeAnalyser {
	if d == nil || tok == nil {
		return nil
	}
	lat, err := lattice.New(d)
	if err != nil {
		return nil
	}
	toks := tok.Analyze("あ", tokenizer.Normal)
	if len(toks) != 1 {
		return nil
	}
	return &modeAnalyser{lat: lat, template: toks[0]}
}

// analyze returns the tokens of normalised text in mode, as the
// tokenizer's Analyze does.
func (a *Analyzer) analyze(norm string, mode tokenizer.TokenizeMode) []tokenizer.Token {
	m := a.modes
	if m == nil || mode != tokenizer.Normal && mode != tokenizer.Search {
		return a.tok.Analyze(norm, mode)
	}
	la := m.lat.Get()
	defer m.lat.Put(la)
	if err := la.Build(norm); err != nil {
		return a.tok.Analyze(norm, mode)
	}
	return m.tokens(la.Best(lattice.Mode(mode)))
}

// normalAndSearch returns the Normal-mode tokens of normalised text and,
// when search, its Search-mode tokens: the Normal-mode ones again when
// searchPenalised finds no token that Search mode would penalise (see
// [Analyzer.Analyse]), else a second Viterbi pass over the same lattice.
// Without a mode analyser it runs kagome's tokenizer once or twice.
func (a *Analyzer) normalAndSearch(norm string, search bool) (normal, searched []tokenizer.Token) {
	m := a.modes
	if m == nil {
		return a.kagomeModes(norm, search)
	}
	la := m.lat.Get()
	defer m.lat.Put(la)
	if err := la.Build(norm); err != nil {
		return a.kagomeModes(norm, search)
	}
	normal = m.tokens(la.Best(lattice.Normal))
	if search && searchPenalised(normal) {
		return normal, m.tokens(la.Best(lattice.Search))
	}
	return normal, normal
}

// kagomeModes is normalAndSearch with kagome's tokenizer.
func (a *Analyzer) kagomeModes(norm string, search bool) (normal, searched []tokenizer.Token) {
	normal = a.tok.Analyze(norm, tokenizer.Normal)
	if search && searchPenalised(normal) {
		return normal, a.tok.Analyze(norm, tokenizer.Search)
	}
	return normal, normal
}

// tokens returns kagome's tokens for the lattice's.
func (m *modeAnalyser) tokens(lts []lattice.Token) []tokenizer.Token {
	toks := make([]tokenizer.Token, len(lts))
	for i, lt := range lts {
		t := m.template
		t.Index = i
		t.ID = lt.ID
		t.Class = tokenizer.TokenClass(lt.Class)
		t.Position = lt.Position
		t.Start, t.End = lt.Start, lt.End
		t.Surface = lt.Surface
		toks[i] = t
	}
	return toks
}
