package lattice

import (
	"math"

	"github.com/ikawaha/kagome-dict/dict"
)

// A walk of the double array from a rune of the CJK blocks (kana,
// punctuation, ideographs: three bytes of UTF-8 each, where nearly every
// walk of Japanese text starts) first goes through the rune's three
// bytes, which the Dict reads once, from a table by rune, instead of
// through three nodes of the double array scattered over tens of
// megabytes. The table also holds the word that the rune alone makes, if
// any, and its number of duplicates, so that a walk reads them without
// the double array's leaf (one more node), a bit of the table of ends and
// the table of duplicates; the morphemes of these words (a few thousand)
// are copied together, out of the 2.3 MB of all morphemes.

// The runes of the table of first states: U+3000 to U+9FFF.
const (
	firstLo = 0x3000
	firstHi = 0xA000
)

// firstEntry is the table's entry for a rune: the state of the double
// array after it from the root, and the first of the morphemes of the
// rune alone (as [Dict.wordOf] finds them at that state), or -1, the
// number of their duplicates, and where their morphemes start in the
// Dict's oneRune.
type firstEntry struct {
	state, word int32
	dup, at     uint16
}

// fillFirst sets the state of the double array after each rune of the
// table from the root: the node reached (> 0); -1 where the walk ends
// within the rune, so that no word starts with it; 0 where the table
// does not apply (a node within the rune ends a word, or the walk
// reaches the root), and the walk reads the double array itself.
func (ld *Dict) fillFirst() {
	ld.first = make([]firstEntry, firstHi-firstLo)
	da := ld.da
	var buf [3]byte
	for r := rune(firstLo); r < firstHi; r++ {
		buf[0], buf[1], buf[2] = 0xE0|byte(r>>12), 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F
		q, st := 0, int32(0)
		for j, b := range buf {
			p := q
			q = int(da[p].Base) + int(b)
			if q < 0 || q >= len(da) || int(da[q].Check) != p {
				st = -1
				break
			}
			if j < 2 && ld.ends[q>>6]&(1<<(q&63)) != 0 {
				break // a word would end within the rune: no shortcut
			}
			if j == 2 && q > 0 {
				st = int32(q)
			}
		}
		e := firstEntry{state: st, word: -1}
		if st > 0 {
			e.word = ld.wordOf(int(st))
			if e.word >= 0 {
				e.dup = ld.dup[e.word]
			}
		}
		ld.first[r-firstLo] = e
	}
	ld.fillOneRune()
}

// fillOneRune copies the morphemes of the words of the table's runes
// into oneRune, unless they are too many for an entry's index.
func (ld *Dict) fillOneRune() {
	var ms dict.Morphs
	for i, e := range ld.first {
		if e.word < 0 {
			continue
		}
		if len(ms) > math.MaxUint16 {
			return
		}
		ld.first[i].at = uint16(len(ms))
		ms = append(ms, ld.morphs[e.word:][:int(e.dup)+1]...)
	}
	ld.oneRune = ms
}

// morphsOf returns the morphemes of entry e's words.
func (ld *Dict) morphsOf(e firstEntry) []dict.Morph {
	if ld.oneRune != nil {
		return ld.oneRune[e.at:][:int(e.dup)+1]
	}
	return ld.morphs[e.word:][:int(e.dup)+1]
}

// wordOf returns the first morpheme of the words that end at
// double-array node q, or -1 when none does.
func (ld *Dict) wordOf(q int) int32 {
	da := ld.da
	if ld.ends[q>>6]&(1<<(q&63)) == 0 {
		return -1
	}
	if id := int(-da[da[q].Base].Base); id < len(ld.dup) {
		return int32(id)
	}
	return -1
}

// firstState returns the table's entry for the rune at text[pos:] and
// the rune's size in bytes, or a state of 0 when the table does not
// hold the rune.
func (ld *Dict) firstState(text string, pos int) (firstEntry, int) {
	if pos+2 >= len(text) || ld.first == nil {
		return firstEntry{}, 0
	}
	b0, b1, b2 := text[pos], text[pos+1], text[pos+2]
	if b0 < 0xE3 || b0 > 0xE9 || b1&0xC0 != 0x80 || b2&0xC0 != 0x80 {
		return firstEntry{}, 0
	}
	r := rune(b0&0x0F)<<12 | rune(b1&0x3F)<<6 | rune(b2&0x3F)
	return ld.first[r-firstLo], 3
}
