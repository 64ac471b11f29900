package lattice

import "github.com/ikawaha/kagome-dict/dict"

// Build finds the dictionary's words of a block of rune positions at
// once: it walks the double array from every position of the block in
// turn, one byte of each walk a round, so that the nodes of the
// different walks (scattered over megabytes, each read a cache miss) are
// read together rather than one walk's after the other's; then it adds
// the nodes of each position in order, as kagome does.

// walkBlock is the number of rune positions whose walks run together.
const walkBlock = 64

// start is a rune position of a block: its byte offset and rune, its
// entry in the table of first states, and the first and last of the
// words that its walk found (indexes into Lattice.hits, -1: none).
type start struct {
	pos       int32
	ch        rune
	first     firstEntry
	hit, last int32
}

// walk is the walk of the double array from a position of a block:
// its state, next byte, runes so far, and position (index in the block).
type walk struct {
	q, i, runes, at int32
}

// hit is a node of the double array that ends words, found by a walk:
// the first of the words' morphemes (the node, until walkAll resolves
// it; -1 if none) and the number of their duplicates, the end of the
// words in bytes, their length in runes, and the next hit of the same
// position (-1: none).
type hit struct {
	word, dup, end, runes, next int32
	// first is the first of the words' morphemes.
	first [1]dict.Morph
}

// addBlock adds the nodes of the rune positions of starts, the first of
// which is rune runePos: at each, the dictionary's words and, when there
// is none or the rune's class always invokes them, the unknown words.
func (la *Lattice) addBlock(starts []start, runePos int) {
	if len(starts) == 0 {
		return
	}
	la.walkAll(starts)
	d := la.d
	for k := range starts {
		s := &starts[k]
		cat := d.categoryOf(s.ch)
		if !la.known(s, runePos+k) || d.invoke[cat] {
			la.unknown(int(s.pos), runePos+k, s.ch, cat)
		}
	}
}

// known adds the dictionary's words that start at position s (rune
// runePos), as its walk found them; it reports whether there was any.
func (la *Lattice) known(s *start, runePos int) bool {
	pos, found := int(s.pos), false
	if e := s.first; e.state > 0 && e.word >= 0 { // a rune of three bytes
		la.addWords(int(e.word), la.d.morphsOf(e), pos, pos+3, runePos, 1)
		found = true
	}
	for h := s.hit; h >= 0; h = la.hits[h].next {
		w := &la.hits[h]
		if w.word >= 0 {
			ms := w.first[:]
			if w.dup > 0 {
				ms = la.d.morphs[w.word:][:w.dup+1]
			}
			la.addWords(int(w.word), ms, pos, int(w.end), runePos, int(w.runes))
			found = true
		}
	}
	return found
}

// walkAll walks the double array from every position of starts, as
// kagome's prefix search does, and links the nodes that end words to
// their positions. The walk through the first rune's bytes is read from
// the Dict's table of first states where it holds the rune.
func (la *Lattice) walkAll(starts []start) {
	d, text := la.d, la.text
	walks, hits := la.walks[:0], la.hits[:0]
	for k := range starts {
		s := &starts[k]
		s.hit, s.last = -1, -1
		e, size := d.firstState(text, int(s.pos))
		s.first = e
		if e.state < 0 {
			continue
		}
		w := walk{i: s.pos, at: int32(k)}
		if e.state > 0 {
			w.q, w.i, w.runes = e.state, s.pos+int32(size), 1
		}
		if int(w.i) < len(text) {
			walks = append(walks, w)
		}
	}
	da, ends := d.da, d.ends
	for len(walks) > 0 {
		n := 0
		for _, w := range walks {
			b := text[w.i]
			if b == 0 {
				continue
			}
			if b&0xC0 != 0x80 {
				w.runes++
			}
			p := int(w.q)
			q := int(da[p].Base) + int(b)
			if q < 0 || q >= len(da) || int(da[q].Check) != p {
				continue
			}
			w.q, w.i = int32(q), w.i+1
			if ends[q>>6]&(1<<(q&63)) != 0 {
				hits = link(hits, &starts[w.at], hit{word: w.q, end: w.i, runes: w.runes, next: -1})
			}
			if int(w.i) < len(text) {
				walks[n] = w
				n++
			}
		}
		walks = walks[:n]
	}
	// The words' morphemes, for all hits at once: their reads of the
	// double array's leaves, of the duplicates and of the morphemes
	// overlap too.
	for i := range hits {
		h := &hits[i]
		if h.word = d.wordOf(int(h.word)); h.word >= 0 {
			h.dup, h.first[0] = int32(d.dup[h.word]), d.morphs[h.word]
		}
	}
	la.walks, la.hits = walks, hits
}

// link appends h to hits as the last word of position s.
func link(hits []hit, s *start, h hit) []hit {
	k := int32(len(hits))
	if s.last < 0 {
		s.hit = k
	} else {
		hits[s.last].next = k
	}
	s.last = k
	return append(hits, h)
}
