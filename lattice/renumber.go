package lattice

import (
	"cmp"
	"math"
	"slices"

	"github.com/ikawaha/kagome-dict/dict"
)

// The connection table has a row of costs (2.6 kB in the IPA dictionary)
// for each left connection id, read at the right ids of a node's
// predecessors: a lattice of a few hundred nodes reads some five hundred
// cache lines of it, spread over 3.4 MB. Renumber gives the ids of the
// morphemes that lattices hold most the first numbers, so that their
// costs share cache lines and pages.

// Renumber renumbers the connection ids of d in place (its morphemes',
// its unknown-word morphemes' and its connection table's) so that the ids
// of the words of one rune (which nearly every position of a Japanese
// text holds) and of the unknown words come first, most frequent first.
// Id 0, which kagome gives the beginning and end of a text, keeps its
// number. Every path's cost stays the same, so that a tokenizer or
// lattice of d gives the same tokens as before (TestRenumberKeepsTokens).
// It must run before anything else reads d; it changes nothing when it
// returns an error (d does not hold together, as for [New]).
func Renumber(d *dict.Dict) error {
	ld, err := New(d)
	if err != nil {
		return err
	}
	lc, rc := make([]int, ld.cols), make([]int, ld.rows)
	count := func(m dict.Morph) {
		lc[m.LeftID]++
		rc[m.RightID]++
	}
	for _, e := range ld.first {
		for k := int(e.word); e.word >= 0 && k <= int(e.word)+int(ld.dup[e.word]); k++ {
			count(ld.morphs[k])
		}
	}
	for _, m := range ld.unk {
		count(m)
	}
	left, right := rankOf(lc), rankOf(rc)
	for _, ms := range []dict.Morphs{d.Morphs, d.UnkDict.Morphs} {
		for i, m := range ms {
			ms[i].LeftID, ms[i].RightID = left[m.LeftID], right[m.RightID]
		}
	}
	conn := make([]int16, len(d.Connection.Vec))
	copy(conn[ld.rows*ld.cols:], d.Connection.Vec[ld.rows*ld.cols:])
	for l := range ld.cols {
		row := conn[ld.rows*int(left[l]):][:ld.rows]
		for r, c := range ld.conn[ld.rows*l:][:ld.rows] {
			row[right[r]] = c
		}
	}
	d.Connection.Vec = conn
	return nil
}

// rankOf returns the new number of each id, the most counted first (ties
// by id), 0 first of all.
func rankOf(counts []int) []int16 {
	if len(counts) > 0 {
		counts[0] = math.MaxInt
	}
	ids := make([]int, len(counts))
	for i := range ids {
		ids[i] = i
	}
	slices.SortStableFunc(ids, func(a, b int) int { return cmp.Compare(counts[b], counts[a]) })
	rank := make([]int16, len(counts))
	for r, id := range ids {
		rank[id] = int16(r)
	}
	return rank
}
