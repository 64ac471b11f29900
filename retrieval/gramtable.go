package retrieval

import (
	"strings"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/index"
)

// Most of a query's terms are character bigrams: those of its text in the
// bigram and examples indexes and in the local embedder, those of its
// reading in the readings index. The gram table holds, for every
// two-character term any of them knows, its ID in each, under one integer
// key made of its two characters: one look-up of an integer a bigram
// instead of up to three of a string. It gives exactly the IDs those
// indexes give (TestGramTableMatchesIndexes).

// gramIDs are one bigram's IDs; negative where an index lacks it.
type gramIDs struct {
	bigram, exGram, feature, reading int32
}

// noGram is the IDs of a bigram that no index holds.
var noGram = gramIDs{-1, -1, -1, -1}

// gramTable maps packed bigrams to their IDs, held in the map itself so
// that a look-up reads one place.
type gramTable struct {
	at map[uint64]gramIDs
}

// packGram returns the two characters of g as one key, or false when g
// is not exactly two valid characters.
func packGram(g string) (uint64, bool) {
	r1, n1 := utf8.DecodeRuneInString(g)
	if n1 == 0 || r1 == utf8.RuneError && n1 == 1 {
		return 0, false
	}
	r2, n2 := utf8.DecodeRuneInString(g[n1:])
	if n2 == 0 || r2 == utf8.RuneError && n2 == 1 || n1+n2 != len(g) {
		return 0, false
	}
	return uint64(r1)<<32 | uint64(r2), true
}

// set changes the IDs of packed bigram k (noGram when new) with fn.
func (t *gramTable) set(k uint64, fn func(*gramIDs)) {
	ids, ok := t.at[k]
	if !ok {
		ids = noGram
	}
	fn(&ids)
	t.at[k] = ids
}

// get returns the IDs of bigram g; ok is false when g is not two
// characters, and the indexes must be asked themselves.
func (t *gramTable) get(g string) (gramIDs, bool) {
	if t == nil { // while the engine is being built
		return noGram, false
	}
	k, ok := packGram(g)
	if !ok {
		return noGram, false
	}
	if ids, ok := t.at[k]; ok {
		return ids, true
	}
	return noGram, true
}

// newGramTable gathers the two-character terms of e's indexes.
func (e *Engine) newGramTable() *gramTable {
	t := &gramTable{at: map[uint64]gramIDs{}}
	addTerms := func(l *index.Lexical, marker string, set func(*gramIDs, int32)) {
		if l == nil {
			return
		}
		for id := range int32(l.NumTerms()) {
			term, ok := strings.CutPrefix(l.Term(id), marker)
			if k, two := packGram(term); ok && two {
				t.set(k, func(g *gramIDs) { set(g, id) })
			}
		}
	}
	addTerms(e.bigrams, "", func(g *gramIDs, id int32) { g.bigram = id })
	addTerms(e.examples, "#", func(g *gramIDs, id int32) { g.exGram = id })
	addTerms(e.readings, "", func(g *gramIDs, id int32) { g.reading = id })
	if e.local != nil {
		e.local.EachFeature(func(name string, id int32) {
			term, ok := strings.CutPrefix(name, "#")
			if k, two := packGram(term); ok && two {
				t.set(k, func(g *gramIDs) { g.feature = id })
			}
		})
	}
	return t
}
