package retrieval

import (
	"math/bits"
	"slices"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/index"
	"github.com/soudan-desk/soudan/internal/ranksort"
)

// gramSet is a set of character bigrams (or a single character, as a
// one-character line gives): as their packed characters (packSmall),
// sorted, when every one packs, which is always so for normalised text;
// else as strings, sorted. The confidence's example similarity (dice)
// intersects such sets for every search: integers compare in one
// instruction where strings take a call each.
type gramSet struct {
	keys []uint64
	strs []string
}

// newGramSet returns the set of grams, which are distinct and sorted.
func newGramSet(grams []string) gramSet {
	keys := make([]uint64, len(grams))
	for i, g := range grams {
		k, ok := packSmall(g)
		if !ok {
			return gramSet{strs: grams}
		}
		keys[i] = k
	}
	ranksort.Uint64s(keys)
	return gramSet{keys: keys}
}

// packSmall packs a string of one or two valid, non-NUL characters into
// one key, as packGram packs two: one character c as c<<32.
func packSmall(g string) (uint64, bool) {
	if k, ok := packGram(g); ok {
		return k, k&0xffffffff != 0
	}
	r, n := utf8.DecodeRuneInString(g)
	if n == 0 || n != len(g) || r == 0 || r == utf8.RuneError && n == 1 {
		return 0, false
	}
	return uint64(r) << 32, true
}

// Len returns the number of grams.
func (s gramSet) Len() int { return max(len(s.keys), len(s.strs)) }

// strings returns the grams as strings, sorted.
func (s gramSet) strings() []string {
	if s.keys == nil {
		return s.strs
	}
	out := make([]string, len(s.keys))
	for i, k := range s.keys {
		out[i] = unpack(k)
	}
	slices.Sort(out)
	return out
}

// unpack returns the gram that packSmall packed into k.
func unpack(k uint64) string {
	b := utf8.AppendRune(nil, rune(k>>32))
	if r := rune(k & 0xffffffff); r != 0 {
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// intersect returns the number of grams a and b share.
func intersect(a, b gramSet) int {
	if a.keys != nil && b.keys != nil {
		return index.Intersect(a.keys, b.keys)
	}
	return index.Intersect(a.strings(), b.strings())
}

// termSet is a query's distinct grams (bigrams or reading bigrams), both
// as a gramSet, for example similarity (dice), and as their IDs in one
// index, sorted, for lexical support (share). The re-ranking and the
// confidence read the same sets; a search computes them once.
type termSet struct {
	set gramSet
	// has holds set's keys for testing one gram at a time (dice).
	has keySet
	// bits has bit id set for each of ids (nil: not computed), for
	// testing an ID at a time (dice against lineSets with IDs).
	bits []uint64
	// ids holds the distinct grams' IDs, sorted: negative for a gram
	// the index lacks (repeated for each such gram); nil without the
	// index.
	ids []int32
}

// newTermSet returns the set of grams, which need not be distinct or
// sorted, with their IDs (aligned with grams, or nil): the set distinctIDs
// and newGramSet make, with packed integers rather than strings when
// every gram packs, as the grams of normalised text do. The hash set
// (has) finds the repeated grams as it is filled, and keys and IDs are
// then sorted apart as plain integers: a gram has one ID, so the
// distinct grams' IDs are the same whichever repeat is kept.
func newTermSet(grams []string, ids []int32) termSet {
	var idBlock []int32
	if ids != nil {
		idBlock = make([]int32, 0, len(grams))
	}
	return newTermSetIn(grams, ids, make([]uint64, termSetWords(len(grams))), idBlock)
}

// newTermSets is newTermSet of grams a with IDs aIDs and of grams b with
// IDs bIDs: their keys and hash sets in one allocation, their IDs in
// another.
func newTermSets(a []string, aIDs []int32, b []string, bIDs []int32) (termSet, termSet) {
	na := termSetWords(len(a))
	block := make([]uint64, na+termSetWords(len(b)))
	var idBlock []int32
	if aIDs != nil || bIDs != nil {
		idBlock = make([]int32, 0, len(a)+len(b))
	}
	ids := func(ids []int32, from, n int) []int32 {
		if ids == nil {
			return nil
		}
		return idBlock[from : from : from+n]
	}
	return newTermSetIn(a, aIDs, block[:na:na], ids(aIDs, 0, len(a))),
		newTermSetIn(b, bIDs, block[na:], ids(bIDs, len(a), len(b)))
}

// termSetWords is the uint64s of a termSet of n grams: its keys and
// its hash set's slots.
func termSetWords(n int) int {
	size, _ := keySetShape(n)
	return n + size
}

// newTermSetIn is newTermSet with the keys and hash set in block (zero,
// termSetWords(len(grams)) long) and the IDs in idBlock (empty, with room
// for len(grams); nil when ids is).
func newTermSetIn(grams []string, ids []int32, block []uint64, idBlock []int32) termSet {
	// The keys, then the hash set's slots.
	size, shift := keySetShape(len(grams))
	t := termSet{set: gramSet{keys: block[:0:len(grams)]}, has: keySet{slots: block[len(grams) : len(grams)+size : len(grams)+size], shift: shift}, ids: idBlock}
	for i, g := range grams {
		k, ok := packSmall(g)
		if !ok {
			return newTermSetOfStrings(grams, ids)
		}
		if !t.has.add(k) {
			continue
		}
		t.set.keys = append(t.set.keys, k)
		if ids != nil {
			t.ids = append(t.ids, ids[i])
		}
	}
	ranksort.Uint64s(t.set.keys)
	ranksort.Int32s(t.ids)
	return t
}

// newTermSetOfStrings is newTermSet for grams that do not all pack.
func newTermSetOfStrings(grams []string, ids []int32) termSet {
	dg, di := distinctIDs(grams, ids)
	slices.Sort(di)
	return termSet{set: newGramSet(dg), ids: di}
}

// lineSets are the gram sets of an entry's lines (exampleGrams,
// exampleReadingGrams), which dice compares with a query's. When all
// their grams pack, they are held as their union, each distinct gram once
// and sorted, with a row of bits a line over the union's grams: the
// query's grams are looked for once in the union (hits), and a line's
// count is the popcount of its row and the union's hits, rather than
// one merge of the query a line.
type lineSets struct {
	// lines holds the sets when the union does not apply.
	lines []gramSet
	// keys is the union; ids holds each one's ID in the index of such
	// grams (bigrams, readings), when it holds them all (setIDs), else
	// nil.
	keys []uint64
	ids  []int32
	// rows holds words uint64 a line: bit j of line i's row is set when
	// the line holds keys[j]; sizes is each line's number of grams.
	rows  []uint64
	words int
	sizes []int32
}

// newLineSets returns the lines' sets, in their order.
func newLineSets(lines []gramSet) lineSets {
	n := 0
	for _, l := range lines {
		if l.keys == nil && l.Len() > 0 {
			return lineSets{lines: lines}
		}
		n += len(l.keys)
	}
	s := lineSets{keys: make([]uint64, 0, n), sizes: make([]int32, len(lines))}
	for i, l := range lines {
		s.keys = append(s.keys, l.keys...)
		s.sizes[i] = int32(len(l.keys))
	}
	slices.Sort(s.keys)
	s.keys = slices.Clip(slices.Compact(s.keys))
	s.words = (len(s.keys) + 63) / 64
	s.rows = make([]uint64, len(lines)*s.words)
	for i, l := range lines {
		row, j := s.rows[i*s.words:(i+1)*s.words], 0
		for _, k := range l.keys { // both sorted: one merge
			for s.keys[j] != k {
				j++
			}
			row[j>>6] |= 1 << (j & 63)
		}
	}
	return s
}

// sets returns the lines' sets, in their order.
func (s lineSets) sets() []gramSet {
	if s.sizes == nil {
		return s.lines
	}
	out := make([]gramSet, len(s.sizes))
	for i := range out {
		keys := make([]uint64, 0, s.sizes[i])
		for j, k := range s.keys {
			if s.rows[i*s.words+j>>6]>>(j&63)&1 != 0 {
				keys = append(keys, k)
			}
		}
		out[i] = gramSet{keys: keys}
	}
	return out
}

// hits sets the bits of hv (s.words long, zero) of the union's grams
// that the query q holds: by their IDs when both have them (q.bits,
// index.BitHits), else by their keys (q.has). Each word of hv is
// gathered in a register, 64 grams at a time, rather than updated in
// memory a gram.
func (s lineSets) hits(q termSet, hv []uint64) {
	for w := range hv {
		lo, hi := w*64, min(len(s.keys), (w+1)*64)
		if s.ids != nil && q.bits != nil {
			hv[w] |= index.BitHits(q.bits, s.ids[lo:hi])
			continue
		}
		var x uint64
		for j, k := range s.keys[lo:hi] {
			if q.has.has(k) {
				x |= 1 << (j & 63)
			}
		}
		hv[w] |= x
	}
}

// count returns the number of the union's hits hv that line i holds.
func (s lineSets) count(i int, hv []uint64) int {
	n := 0
	for w, x := range s.rows[i*s.words : (i+1)*s.words] {
		n += bits.OnesCount64(x & hv[w])
	}
	return n
}

// setIDs sets s.ids from l, when s is a union and l holds each of its
// grams.
func (s *lineSets) setIDs(l *index.Lexical) {
	if s.sizes == nil {
		return
	}
	grams := make([]string, len(s.keys))
	for i, k := range s.keys {
		grams[i] = unpack(k)
	}
	if ids := l.TermIDs(nil, grams); !slices.Contains(ids, -1) {
		s.ids = ids
	}
}

// idBits returns a bit set of the non-negative ids.
func idBits(ids []int32) []uint64 {
	top := int32(-1)
	for _, id := range ids {
		top = max(top, id)
	}
	out := make([]uint64, top/64+1)
	for _, id := range ids {
		if id >= 0 {
			out[id>>6] |= 1 << (id & 63)
		}
	}
	return out
}

// keySet is a set of packed grams (none 0, as packSmall makes them) in
// an open-addressing hash table, a quarter full: dice tests each gram of
// a candidate's lines against the query's, where merging two sorted sets
// would take a hard-to-predict branch a gram of either.
type keySet struct {
	slots []uint64 // 0: empty
	shift uint
}

// newKeySet returns the set of keys, with room for at least n keys in
// all.
func newKeySet(keys []uint64, n int) keySet {
	size, shift := keySetShape(max(n, len(keys)))
	s := keySet{slots: make([]uint64, size), shift: shift}
	for _, k := range keys {
		s.add(k)
	}
	return s
}

// keySetShape returns the number of slots and the hash's shift of a
// keySet with room for n keys.
func keySetShape(n int) (size int, shift uint) {
	size, shift = 8, 61
	for size < 4*n {
		size, shift = 2*size, shift-1
	}
	return size, shift
}

// add adds k (not 0) to s, which must have room for it, and reports
// whether it was new.
func (s keySet) add(k uint64) bool {
	i := s.slot(k)
	for s.slots[i] != 0 {
		if s.slots[i] == k {
			return false
		}
		i = (i + 1) & (len(s.slots) - 1)
	}
	s.slots[i] = k
	return true
}

// slot is k's first slot.
func (s keySet) slot(k uint64) int { return int((k * 0x9E3779B97F4A7C15) >> s.shift) }

// has reports whether k is in s.
func (s keySet) has(k uint64) bool {
	if s.slots == nil {
		return false
	}
	for i := s.slot(k); ; i = (i + 1) & (len(s.slots) - 1) {
		switch s.slots[i] {
		case k:
			return true
		case 0:
			return false
		}
	}
}
