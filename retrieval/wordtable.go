package retrieval

import (
	"hash/maphash"

	"github.com/soudan-desk/soudan/internal/prefetch"
)

// The word table maps a query's words to their IDs in the word and
// examples indexes and the local embedder (newWordTable). A Go map of
// strings reads each word's bucket in turn, one cache miss after
// another; wordTable keeps the short words, most of them, in an
// open-addressing table of its own whose slots hold the word's bytes and
// IDs together in one cache line, so that the slots of a part's words
// can be asked for all at once (prefetch) before they are read. It gives
// exactly what the map gives (TestWordTableMatchesMap).

// wordInline is the longest word, in bytes, that a slot holds.
const wordInline = 19

// wordSlot is one word of at most wordInline bytes and its IDs: 32
// bytes, so that a slot never straddles two cache lines. n is 0 in an
// empty slot.
type wordSlot struct {
	ids  termIDs
	n    uint8
	text [wordInline]byte
}

// wordTable is the word table: short words in slots (linear probing),
// the others, and the empty word, in a map.
type wordTable struct {
	slots []wordSlot // a power of two
	shift uint
	seed  maphash.Seed
	long  map[string]termIDs
}

// noWord is the IDs of a word that no index holds.
var noWord = termIDs{-1, -1, -1}

// newWordTableOf returns the table of the words in m.
func newWordTableOf(m map[string]termIDs) *wordTable {
	t := &wordTable{seed: maphash.MakeSeed(), long: map[string]termIDs{}}
	short := 0
	for w := range m {
		if inlineWord(w) {
			short++
		}
	}
	size, shift := 8, uint(61)
	for size < 2*short {
		size, shift = 2*size, shift-1
	}
	t.slots, t.shift = make([]wordSlot, size), shift
	for w, ids := range m {
		if !inlineWord(w) {
			t.long[w] = ids
			continue
		}
		i := t.slot(w)
		for t.slots[i].n != 0 {
			i = (i + 1) & (len(t.slots) - 1)
		}
		t.slots[i].ids, t.slots[i].n = ids, uint8(len(w))
		copy(t.slots[i].text[:], w)
	}
	return t
}

// inlineWord reports whether a slot holds w.
func inlineWord(w string) bool { return len(w) > 0 && len(w) <= wordInline }

// slot is short word w's first slot.
func (t *wordTable) slot(w string) int {
	return int(maphash.String(t.seed, w) >> t.shift)
}

// lookupAt returns the IDs of short word w, whose first slot is i.
func (t *wordTable) lookupAt(w string, i int) termIDs {
	for ; ; i = (i + 1) & (len(t.slots) - 1) {
		s := &t.slots[i]
		if s.n == 0 {
			return noWord
		}
		if int(s.n) == len(w) && string(s.text[:s.n]) == w {
			return s.ids
		}
	}
}

// lookup returns the IDs of w (noWord when no index holds it).
func (t *wordTable) lookup(w string) termIDs {
	if !inlineWord(w) {
		if ids, ok := t.long[w]; ok {
			return ids
		}
		return noWord
	}
	return t.lookupAt(w, t.slot(w))
}

// lookupAll calls fn with the IDs of each of words in turn, having asked
// the processor for the first slot of each, so that the cache misses of
// the look-ups overlap rather than follow one another.
func (t *wordTable) lookupAll(words []string, fn func(i int, ids termIDs)) {
	var slotsBuf [128]int32
	slots := slotsBuf[:0]
	for _, w := range words {
		if len(slots) == len(slotsBuf) {
			break
		}
		s := int32(-1)
		if inlineWord(w) {
			s = int32(t.slot(w))
		}
		slots = append(slots, s)
	}
	var hint [128]int32
	h := hint[:0]
	for _, s := range slots {
		if s >= 0 {
			h = append(h, s)
		}
	}
	prefetch.Rows(t.slots, 1, h)
	for i, w := range words {
		if i < len(slots) && slots[i] >= 0 {
			fn(i, t.lookupAt(w, int(slots[i])))
		} else {
			fn(i, t.lookup(w))
		}
	}
}
