package retrieval

import (
	"slices"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/index"
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
	slices.Sort(keys)
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
		b := utf8.AppendRune(nil, rune(k>>32))
		if r := rune(k & 0xffffffff); r != 0 {
			b = utf8.AppendRune(b, r)
		}
		out[i] = string(b)
	}
	slices.Sort(out)
	return out
}

// intersect returns the number of grams a and b share.
func intersect(a, b gramSet) int {
	if a.keys != nil && b.keys != nil {
		return index.Intersect(a.keys, b.keys)
	}
	return index.Intersect(a.strings(), b.strings())
}
