package index

import "slices"

// SearchGroups ranks groups of documents by their best document. It gives
// what reading the hits of Search(q, k, filter) in order and keeping each
// group's first hit, up to n groups (n ≤ 0: all), gives, without
// building those hits:
// the engine's examples signal ranks entries by their best example
// question this way. group[d] is document d's group, from 0 to groups-1.
// Each hit's Doc is a group and its Score that of the group's best
// document; ID is left empty.
func (l *Lexical) SearchGroups(q []WeightedTerm, k int, filter func(docIdx int) bool, group []int32, groups, n int) []Hit {
	merged := mergeTerms(q)
	if len(merged) == 0 || len(l.ids) == 0 {
		return nil
	}
	if hits, ok := l.tryPruned(merged, k, filter); ok {
		return firstOfGroups(hits, group, n)
	}
	acc := l.score(merged)
	defer l.release(acc)
	c := acc.top[:0]
	for _, d := range acc.touched {
		s := acc.score[d]
		if s <= 0 || filter != nil && !filter(int(d)) {
			continue
		}
		c = append(c, candidate{score: s, tie: l.tie[d], doc: d})
	}
	acc.top = c[:0]
	if k > 0 && len(c) > k {
		slices.SortFunc(c, compareCandidates) // only the k best documents count
		c = c[:k]
	}
	best := acc.groups.best(c, group, groups)
	slices.SortFunc(best, compareCandidates)
	if n > 0 && len(best) > n {
		best = best[:n]
	}
	hits := make([]Hit, len(best))
	for i, b := range best {
		hits[i] = Hit{Doc: int(group[b.doc]), Score: b.score}
	}
	return hits
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
