package retrieval

import (
	"strings"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/internal/prefetch"
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

// gramTable maps packed bigrams to their IDs in an open-addressing
// table of its own (linear probing, multiplicative hashing), so that a
// look-up reads one slot or a few neighbours, key and IDs together.
type gramTable struct {
	slots []gramSlot // a power of two; key 0 marks an empty slot
	shift uint
	n     int
}

// gramSlot is one packed bigram (never 0: both characters are set) and
// its IDs.
type gramSlot struct {
	key uint64
	ids gramIDs
}

// packGram returns the two characters of g as one key, or false when g
// is not exactly two valid characters.
func packGram(g string) (uint64, bool) {
	if len(g) == 6 { // two runes of three bytes, as kana and kanji are
		if r1, ok := decode3(g); ok {
			if r2, ok := decode3(g[3:]); ok {
				return runePair(r1, r2), true
			}
		}
	}
	r1, n1 := utf8.DecodeRuneInString(g)
	if n1 == 0 || r1 == utf8.RuneError && n1 == 1 {
		return 0, false
	}
	r2, n2 := utf8.DecodeRuneInString(g[n1:])
	if n2 == 0 || r2 == utf8.RuneError && n2 == 1 || n1+n2 != len(g) {
		return 0, false
	}
	return runePair(r1, r2), true
}

// decode3 returns the rune that the first three bytes of s encode when
// they are a valid three-byte UTF-8 sequence (what
// utf8.DecodeRuneInString decodes with size 3), else false; s holds at
// least three bytes.
func decode3(s string) (rune, bool) {
	b0, b1, b2 := s[0], s[1], s[2]
	if b0&0xF0 != 0xE0 || b1&0xC0 != 0x80 || b2&0xC0 != 0x80 {
		return 0, false
	}
	r := rune(b0&0x0F)<<12 | rune(b1&0x3F)<<6 | rune(b2&0x3F)
	// Not overlong, not a surrogate.
	return r, r >= 0x800 && (r < 0xD800 || r > 0xDFFF)
}

// runePair packs the characters of a bigram as packGram does.
func runePair(a, b rune) uint64 { return uint64(a)<<32 | uint64(b) }

// newGramTableOf returns the table of the bigrams in m.
func newGramTableOf(m map[uint64]gramIDs) *gramTable {
	size, shift := 8, uint(61)
	for size < 2*len(m) {
		size, shift = 2*size, shift-1
	}
	t := &gramTable{slots: make([]gramSlot, size), shift: shift, n: len(m)}
	for k, ids := range m {
		i := t.slot(k)
		for t.slots[i].key != 0 {
			i = (i + 1) & (len(t.slots) - 1)
		}
		t.slots[i] = gramSlot{key: k, ids: ids}
	}
	return t
}

// slot is k's first slot.
func (t *gramTable) slot(k uint64) int { return int((k * 0x9E3779B97F4A7C15) >> t.shift) }

// lookup returns the IDs of packed bigram k (noGram when no index holds it).
func (t *gramTable) lookup(k uint64) gramIDs {
	if k == 0 { // the mark of an empty slot, and no bigram
		return noGram
	}
	for i := t.slot(k); ; i = (i + 1) & (len(t.slots) - 1) {
		switch t.slots[i].key {
		case k:
			return t.slots[i].ids
		case 0:
			return noGram
		}
	}
}

// prefetch asks the processor for the first slot of each of keys (0s
// are skipped), so that their look-ups find them in its caches.
func (t *gramTable) prefetch(keys []uint64) {
	var slotsBuf [128]int32
	slots := slotsBuf[:0]
	for _, k := range keys {
		if k != 0 && len(slots) < len(slotsBuf) {
			slots = append(slots, int32(t.slot(k)))
		}
	}
	prefetch.Rows(t.slots, 1, slots)
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
	return t.lookup(k), true
}

// newGramTable gathers the two-character terms of e's indexes.
func (e *Engine) newGramTable() *gramTable {
	m := map[uint64]gramIDs{}
	set := func(k uint64, fn func(*gramIDs)) {
		ids, ok := m[k]
		if !ok {
			ids = noGram
		}
		fn(&ids)
		m[k] = ids
	}
	addTerms := func(l *index.Lexical, marker string, assign func(*gramIDs, int32)) {
		if l == nil {
			return
		}
		for id := range int32(l.NumTerms()) {
			term, ok := strings.CutPrefix(l.Term(id), marker)
			if k, two := packGram(term); ok && two {
				set(k, func(g *gramIDs) { assign(g, id) })
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
				set(k, func(g *gramIDs) { g.feature = id })
			}
		})
	}
	return newGramTableOf(m)
}
