package index

import (
	"cmp"
	"slices"
)

// SearchGroups ranks groups of documents by their best document. It gives
// what reading the hits of Search(q, k, filter) in order and keeping each
// group's first hit, up to n groups (n ≤ 0: all), gives, without
// building those hits:
// the engine's examples signal ranks entries by their best example
// question this way. group[d] is document d's group, from 0 to groups-1.
// Each hit's Doc is a group and its Score that of the group's best
// document; ID is left empty.
func (l *Lexical) SearchGroups(q []WeightedTerm, k int, filter func(docIdx int) bool, group []int32, groups, n int) []Hit {
	acc := l.scratch.Get().(*accumulator)
	defer l.release(acc)
	if !l.lookup(acc, q) {
		return nil
	}
	return l.searchGroupsMerged(acc, k, filter, group, groups, n)
}

// SearchGroupsIDs is SearchGroups for a query looked up with
// [Lexical.TermIDs].
func (l *Lexical) SearchGroupsIDs(q []WeightedID, k int, filter func(docIdx int) bool, group []int32, groups, n int) []Hit {
	acc := l.scratch.Get().(*accumulator)
	defer l.release(acc)
	if !l.merge(acc, q) {
		return nil
	}
	return l.searchGroupsMerged(acc, k, filter, group, groups, n)
}

// searchGroupsMerged is SearchGroups after the look-up.
func (l *Lexical) searchGroupsMerged(acc *accumulator, k int, filter func(docIdx int) bool, group []int32, groups, n int) []Hit {
	if k > 0 && l.postings(acc.ids) >= pruneMinPostings && l.quant != nil {
		return l.searchQuantizedGroups(acc, k, filter, group, n)
	}
	if k > 0 && l.postings(acc.ids) >= pruneMinPostings {
		gb := &groupBound{group: group, groups: groups, n: n, scratch: &acc.groups}
		return firstOfGroups(l.searchPruned(acc.terms, acc.ids, k, filter, gb), group, n)
	}
	l.score(acc)
	c := l.candidates(acc, filter)
	best, ok := acc.groups.bestOfTop(c, k, group, groups, n)
	if !ok {
		if k > 0 && len(c) > k {
			selectCandidates(c, k) // only the k best documents count
			c = c[:k]
		}
		best = acc.groups.best(c, group, groups)
	}
	best = sortBest(best, n) // only the n best groups are sorted
	hits := newHits(len(best))
	for i, b := range best {
		hits[i] = Hit{Doc: int(group[b.doc]), Score: b.score}
	}
	return hits
}

// searchQuantizedGroups is firstOfGroups(searchQuantized(acc, k,
// filter), group, n), searching first for the best n + n/4 documents
// only: the best k documents begin with them, so when they hold n groups
// (or are all that match), they give the same groups, and the quantized
// search had fewer candidates to rescore (for the examples signal's
// k = 400 and n = 100 at 100,000 entries, about 135 rather than 430).
// Otherwise it searches again for k.
func (l *Lexical) searchQuantizedGroups(acc *accumulator, k int, filter func(int) bool, group []int32, n int) []Hit {
	if first := n + n/4; n > 0 && first < k {
		hits := l.searchQuantized(acc, first, filter)
		out := firstOfGroups(hits, group, n)
		if len(out) == n || len(hits) < first {
			return out
		}
		ReleaseHits(hits)
	}
	return firstOfGroups(l.searchQuantized(acc, k, filter), group, n)
}

// firstOfGroups keeps each group's first hit, up to n groups (n ≤ 0:
// all), as hits on groups.
func firstOfGroups(hits []Hit, group []int32, n int) []Hit {
	seen := make(map[int32]bool, len(hits))
	out := hits[:0]
	for _, h := range hits {
		g := group[h.Doc]
		if seen[g] {
			continue
		}
		seen[g] = true
		out = append(out, Hit{Doc: int(g), Score: h.Score})
		if len(out) == n {
			break
		}
	}
	return out
}

// bestOfTop returns the n best groups (all for n ≤ 0) by their best of
// the k best candidates cs (all for k ≤ 0), in no particular order, as
// selecting the k best, then each group's best, then the n best of those
// gives them; ok is false when it cannot tell, and then returns nothing.
// It takes each group's best of all candidates and keeps the n best: if
// fewer than k candidates beat the worst of those, each kept group's
// best is among the k best candidates, so it is the group's best of
// them too; and any other group's best of them ranks below that worst
// one. Then no selection of the k best is needed, which over a large
// share of the candidates costs more than the count.
func (g *groupScratch) bestOfTop(cs []candidate, k int, group []int32, groups, n int) ([]candidate, bool) {
	if !groupShortcut || k <= 0 || len(cs) <= k {
		return nil, false // no selection to save
	}
	best := g.best(cs, group, groups)
	if n > 0 && len(best) > n {
		selectCandidates(best, n)
		best = best[:n]
	}
	if len(best) == 0 {
		return nil, false
	}
	worst := best[0]
	for _, b := range best[1:] {
		if worst.beats(b) {
			worst = b
		}
	}
	beaten := 0
	for _, c := range cs {
		beaten += b2i(c.beats(worst))
	}
	if beaten >= k {
		return nil, false
	}
	return best, true
}

// groupShortcut enables bestOfTop (tests compare the searches without it).
var groupShortcut = true

// groupScratch finds the best candidate of each group.
type groupScratch struct {
	at   []int32     // per group: 1 + its index in kept, 0 for none yet
	kept []candidate // the best candidate of each group seen
}

// best returns the best of cs in each group, in no particular order. The
// result is valid until the next call.
func (g *groupScratch) best(cs []candidate, group []int32, groups int) []candidate {
	if len(g.at) < groups {
		g.at = make([]int32, groups)
	}
	g.kept = g.kept[:0]
	for _, c := range cs {
		gr := group[c.doc]
		switch i := g.at[gr] - 1; {
		case i < 0:
			g.kept = append(g.kept, c)
			g.at[gr] = int32(len(g.kept))
		case c.beats(g.kept[i]):
			g.kept[i] = c
		}
	}
	for _, c := range g.kept {
		g.at[group[c.doc]] = 0
	}
	return g.kept
}

// Holding reports, for each of terms, whether document doc holds it in
// some field: [Lexical.Holds] for many terms, in one pass over the
// document's term list instead of one a term. It returns held grown to
// len(terms).
func (l *Lexical) Holding(doc int, terms []string, held []bool) []bool {
	return l.HoldingIDs(doc, l.TermIDs(nil, terms), held)
}

// HoldingIDs is Holding for terms looked up with [Lexical.TermIDs].
func (l *Lexical) HoldingIDs(doc int, ids []int32, held []bool) []bool {
	held = slices.Grow(held[:0], len(ids))[:len(ids)]
	clear(held)
	if doc < 0 || doc >= len(l.ids) {
		return held
	}
	var buf [32]want // a search's few terms need no allocation
	ws := buf[:0]
	for i, id := range ids {
		if id >= 0 && int(id) < len(l.df) {
			ws = append(ws, want{id, i})
		}
	}
	return l.holding(doc, ws, held)
}

// want is a term that Holding looks for: its ID, and its place in the
// caller's list.
type want struct {
	id int32
	i  int
}

// holding sets held[w.i] for each of ws that document doc holds.
func (l *Lexical) holding(doc int, ws []want, held []bool) []bool {
	if len(ws) == 0 {
		return held
	}
	slices.SortFunc(ws, func(a, b want) int { return cmp.Compare(a.id, b.id) })
	j := 0
	l.docTerms(doc, func(t int32) bool {
		for j < len(ws) && ws[j].id < t {
			j++
		}
		for k := j; k < len(ws) && ws[k].id == t; k++ {
			held[ws[k].i] = true
		}
		return j < len(ws)
	})
	return held
}
