package index

import (
	"sync"

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
	pool     sync.Pool // of *segmentation
	// cutsNewline reports whether a newline cuts the dictionary's
	// segmentations (see cutLines).
	cutsNewline bool
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
	return &modeAnalyser{lat: lat, template: toks[0], cutsNewline: lat.Cuts('\n')}
}

// modeSet says which of kagome's modes a segmentation gives.
type modeSet uint8

const (
	normalMode modeSet = 1 << iota
	searchMode
	bothModes = normalMode | searchMode
)

// segmentation is the reusable scratch of one analysis: a lattice and
// the tokens of each mode.
type segmentation struct {
	la             *lattice.Lattice
	normal, search []tokenizer.Token
}

// maxPooledTokens bounds the token buffers the pool keeps.
const maxPooledTokens = 1 << 12

// segment calls use with the tokens of normalised text norm in the modes
// asked (nil for a mode not asked), as the tokenizer's Analyze gives them.
// With both modes, the Search-mode tokens are the Normal-mode ones again
// when searchPenalised finds no token that Search mode would penalise
// (see [Analyzer.Analyse]), else a second Viterbi pass over the same
// lattice. The tokens are valid only until use returns. Without a mode
// analyser it runs kagome's tokenizer.
func (a *Analyzer) segment(norm string, modes modeSet, use func(normal, searched []tokenizer.Token)) {
	m := a.modes
	if m == nil || len(norm) > lattice.MaxText {
		use(a.kagomeModes(norm, modes))
		return
	}
	s, _ := m.pool.Get().(*segmentation)
	if s == nil {
		s = &segmentation{la: m.lat.Get()}
	}
	defer m.release(s)
	if err := s.la.Build(norm); err != nil {
		use(a.kagomeModes(norm, modes))
		return
	}
	var normal, searched []tokenizer.Token
	if modes&normalMode != 0 {
		s.normal = m.tokens(s.normal, s.la.Best(lattice.Normal))
		normal = s.normal
		if modes&searchMode != 0 {
			searched = normal
		}
	}
	if modes&searchMode != 0 && (normal == nil || searchPenalised(normal)) {
		s.search = m.tokens(s.search, s.la.Best(lattice.Search))
		searched = s.search
	}
	use(normal, searched)
}

// release returns s to the pool, without the text its tokens hold.
func (m *modeAnalyser) release(s *segmentation) {
	clear(s.normal)
	clear(s.search)
	s.normal, s.search = s.normal[:0], s.search[:0]
	if cap(s.normal) > maxPooledTokens || cap(s.search) > maxPooledTokens {
		return
	}
	m.pool.Put(s)
}

// kagomeModes is segment with kagome's tokenizer.
func (a *Analyzer) kagomeModes(norm string, modes modeSet) (normal, searched []tokenizer.Token) {
	if modes&normalMode == 0 {
		return nil, a.tok.Analyze(norm, tokenizer.Search)
	}
	normal = a.tok.Analyze(norm, tokenizer.Normal)
	switch {
	case modes&searchMode == 0:
		return normal, nil
	case searchPenalised(normal):
		return normal, a.tok.Analyze(norm, tokenizer.Search)
	}
	return normal, normal
}

// termsOfNorm returns the index terms ([Analyzer.Terms]) of normalised
// text norm, without the cache.
func (a *Analyzer) termsOfNorm(norm string) (terms []string) {
	if norm == "" {
		return nil
	}
	a.segment(norm, searchMode, func(_, searched []tokenizer.Token) { terms = a.lex.termsOf(searched) })
	return terms
}

// tokens sets dst to kagome's tokens for the lattice's.
func (m *modeAnalyser) tokens(dst []tokenizer.Token, lts []lattice.Token) []tokenizer.Token {
	dst = dst[:0]
	for i, lt := range lts {
		t := m.template
		t.Index = i
		t.ID = lt.ID
		t.Class = tokenizer.TokenClass(lt.Class)
		t.Position = lt.Position
		t.Start, t.End = lt.Start, lt.End
		t.Surface = lt.Surface
		dst = append(dst, t)
	}
	return dst
}
