package retrieval

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
)

// expander applies the thesaurus to a query: when a term of a group occurs
// in the normalised query, the group's other terms (or, for a one-way
// rule, its targets) are added as expansions. The engine weighs expansions
// below the caller's own words, like Elasticsearch's synonym_graph with a
// lower boost or Helpfeel's 劣後ワード.
type expander struct {
	groups []synGroup
	// byFirst lists, for each first rune, the trigger terms starting with
	// it and their group, so that a query is scanned once instead of
	// searched for every trigger term.
	byFirst map[rune][]trigger
	// firsts marks the first runes of byFirst below U+10000, a bit each:
	// most runes of a query start no trigger term, and a bit test rules
	// them out before a map access would.
	firsts *[1 << 10]uint64
}

type trigger struct {
	term  string
	group int
}

type synGroup struct {
	from []string // normalised terms that trigger the group
	to   []string // terms added (as written)
	toN  []string // normalised
}

func newExpander(t *corpus.Thesaurus) *expander {
	x := &expander{}
	for _, g := range t.Groups {
		sg := synGroup{}
		for _, s := range g.Terms {
			sg.from = append(sg.from, corpus.Normalize(s))
		}
		to := g.Targets
		if to == nil {
			to = g.Terms
		}
		for _, s := range to {
			sg.to = append(sg.to, s)
			sg.toN = append(sg.toN, corpus.Normalize(s))
		}
		x.groups = append(x.groups, sg)
	}
	x.byFirst = map[rune][]trigger{}
	x.firsts = new([1 << 10]uint64)
	for gi, g := range x.groups {
		for _, f := range g.from {
			if f == "" {
				continue
			}
			r, _ := utf8.DecodeRuneInString(f)
			x.byFirst[r] = append(x.byFirst[r], trigger{f, gi})
			if r < 1<<16 {
				x.firsts[r>>6] |= 1 << (r & 63)
			}
		}
	}
	return x
}

// mayStart reports whether some trigger term may start with r: false
// only when none does.
func (x *expander) mayStart(r rune) bool {
	return r >= 1<<16 || x.firsts[r>>6]&(1<<(r&63)) != 0
}

// triggered reports which groups have a trigger term in the normalised
// text n: bit gi of the result for group gi. The result is hit's array
// when it has room.
func (x *expander) triggered(n string, hit []uint64) []uint64 {
	if words := (len(x.groups) + 63) / 64; cap(hit) >= words {
		hit = hit[:words]
		clear(hit)
	} else {
		hit = make([]uint64, words)
	}
	for i, r := range n {
		if !x.mayStart(r) {
			continue
		}
		for _, t := range x.byFirst[r] {
			w, bit := t.group>>6, uint64(1)<<(t.group&63)
			if hit[w]&bit == 0 && strings.HasPrefix(n[i:], t.term) {
				hit[w] |= bit
			}
		}
	}
	return hit
}

// expandNormalized returns the expansion terms for n =
// corpus.Normalize(text), without the ones the text already contains. A
// nil expander expands nothing.
func (x *expander) expandNormalized(n string) []string {
	if x == nil {
		return nil
	}
	var hit [4]uint64 // room for 256 groups
	var seenBuf [8]string
	var out []string
	seen := seenBuf[:0] // the normalised terms of out
	for w, set := range x.triggered(n, hit[:0]) {
		for ; set != 0; set &= set - 1 {
			out, seen = x.groups[w<<6+bits.TrailingZeros64(set)].add(n, out, seen)
		}
	}
	return out
}

// add appends to out the terms that triggered group g adds to the
// normalised text n: those that neither n nor seen, the normalised terms
// of out, holds already.
func (g *synGroup) add(n string, out, seen []string) (outs, seens []string) {
	for i, t := range g.to {
		k := g.toN[i]
		if k == "" || slices.Contains(seen, k) || strings.Contains(n, k) {
			continue
		}
		seen = append(seen, k)
		out = append(out, t)
	}
	return out, seen
}

// prf returns pseudo-relevance-feedback terms: the highest tf-idf terms of
// the top documents that the query does not already have.
func (e *Engine) prf(hits []index.Hit, q []index.WeightedTerm) []index.WeightedTerm {
	have := map[string]bool{}
	for _, t := range q {
		have[t.Term] = true
	}
	sum := map[string]float64{}
	for i, h := range hits {
		if i == e.opts.PRFDocs {
			break
		}
		for t, w := range e.tokens.TermVector(h.Doc) {
			if !have[t] {
				sum[t] += w
			}
		}
	}
	type tw struct {
		t string
		w float64
	}
	var all []tw
	for t, w := range sum {
		all = append(all, tw{t, w})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].w != all[j].w {
			return all[i].w > all[j].w
		}
		return all[i].t < all[j].t
	})
	var out []index.WeightedTerm
	for i := 0; i < len(all) && i < e.opts.PRFTerms; i++ {
		out = append(out, index.WeightedTerm{Term: all[i].t, Weight: e.opts.PRFWeight})
	}
	return out
}
