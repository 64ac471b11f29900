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
// costs share cache lines and pages. A query's lattice reads some 357
// lines with the right ids ranked by the words of one rune, 256 with them
// in the order Viterbi reads them over the default corpus (rightOrder).

// Renumber renumbers the connection ids of d in place (its morphemes',
// its unknown-word morphemes' and its connection table's) so that the ids
// of the words of one rune (which nearly every position of a Japanese
// text holds) and of the unknown words come first, most frequent first.
// The right ids, at which Viterbi reads within a row, are numbered in
// the order of rightOrder instead when it fits d (see rightRanks).
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
	for _, m := range ld.oneRuneAndUnknown() {
		lc[m.LeftID]++
		rc[m.RightID]++
	}
	left, right := rankOf(lc), ld.rightRanks(rc)
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

// oneRuneAndUnknown returns the morphemes of the words of one rune of the
// table of first states, and the unknown-word morphemes.
func (ld *Dict) oneRuneAndUnknown() []dict.Morph {
	var ms []dict.Morph
	for _, e := range ld.first {
		if e.word >= 0 {
			ms = append(ms, ld.morphs[e.word:][:int(e.dup)+1]...)
		}
	}
	return append(ms, ld.unk...)
}

// noMorph is an entry of rightOrder that names no morpheme.
const noMorph = math.MinInt32

// rightRanks returns the new number of each right id: its place in
// rightOrder when rightOrder fits the dictionary (names each right id of
// its morphemes once, and keeps id 0 first), else its rank by counts
// (rankOf).
func (ld *Dict) rightRanks(counts []int) []int16 {
	rank, ok := ld.orderRanks(rightOrder)
	if !ok {
		return rankOf(counts)
	}
	return rank
}

// orderRanks returns the number of each right id in order, whose entries
// name right ids by a morpheme that has them (k ≥ 0: morpheme k, k < 0:
// unknown-word morpheme -1-k), or noMorph for a place that takes the
// next right id no morpheme has (in increasing order). It reports false
// when order does not fit the dictionary.
func (ld *Dict) orderRanks(order []int32) ([]int16, bool) {
	if len(order) != ld.rows {
		return nil, false
	}
	rank, named := make([]int16, ld.rows), make([]bool, ld.rows)
	var free []int16
	for i, k := range order {
		var r int16
		switch {
		case k == noMorph:
			free = append(free, int16(i))
			continue
		case k >= 0 && int(k) < len(ld.morphs):
			r = ld.morphs[k].RightID
		case k < 0 && -1-int(k) < len(ld.unk):
			r = ld.unk[-1-k].RightID
		default:
			return nil, false
		}
		if named[r] {
			return nil, false
		}
		named[r], rank[r] = true, int16(i)
	}
	for r := range rank {
		if !named[r] {
			if len(free) == 0 {
				return nil, false
			}
			rank[r], free = free[0], free[1:]
		}
	}
	return rank, len(free) == 0 && rank[0] == 0
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
