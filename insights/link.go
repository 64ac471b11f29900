package insights

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
)

// Two wordings ask the same thing when their weighted character bigrams
// overlap by Jaccard at least jaccardNum/jaccardDen, or the lighter one's
// lie in the heavier one's at least containNum/containDen. The measures
// are fractions of integer weights, so that every comparison is exact and
// the fast path (resemblingCandidates) finds exactly the pairs that
// comparing every pair finds.
const (
	jaccardNum, jaccardDen = 1, 2
	containNum, containDen = 4, 5
)

// A bigram weighs fullWeight while few wordings hold it: at most
// rareWordings of them, or one in rareShare when there are more. A bigram
// held by more wordings than that (d of them, against r allowed) weighs
// fullWeight·r/d: filler such as について教えて, から電話が来た or てしまった,
// found around many keywords, then counts little against the keyword.
// Few wordings cannot tell filler from topic, so they weigh every bigram
// alike.
const (
	fullWeight   = 1 << 16
	rareWordings = 3
	rareShare    = 50
)

// maxLinked bounds the distinct wordings compared pair by pair (the most
// frequent first); rarer ones beyond it group by exact wording only.
const maxLinked = 2000

// placeholders are left out of the similarity: two calls are not alike
// because both name a person.
var placeholders = regexp.MustCompile(`〔[^〔〕]{1,8}〕`)

// similarityKey is the set of bigrams that groups a query, as sorted
// hashes. Placeholders and spaces split the text: no bigram spans them,
// so 「〔電話番号〕から電話 還付金」 has no bigram 話還 that no other
// wording about refunds holds.
func similarityKey(q string) []uint64 {
	var key []uint64
	for _, f := range strings.Fields(corpus.Normalize(placeholders.ReplaceAllString(q, " "))) {
		key = append(key, index.Shingles(f, 2)...)
	}
	slices.Sort(key)
	return slices.Compact(key)
}

// gramSets are the bigram sets of the wordings being grouped, each bigram
// numbered and weighed by how many of these wordings hold it.
type gramSets struct {
	sets   [][]int32 // each wording's bigrams, in increasing order
	total  []int     // each wording's weight: its bigrams' weights summed
	weight []int     // each bigram's weight
}

// weigh builds the bigram sets of words.
func weigh(words []string) *gramSets {
	g := &gramSets{sets: make([][]int32, len(words)), total: make([]int, len(words))}
	ids := map[uint64]int32{}
	var held []int // how many wordings hold each bigram
	for i, w := range words {
		key := similarityKey(w)
		set := make([]int32, len(key))
		for k, h := range key {
			id, ok := ids[h]
			if !ok {
				id = int32(len(held))
				ids[h] = id
				held = append(held, 0)
			}
			held[id]++
			set[k] = id
		}
		slices.Sort(set)
		g.sets[i] = set
	}
	rare := max(rareWordings, len(words)/rareShare)
	g.weight = make([]int, len(held))
	for id, d := range held {
		g.weight[id] = fullWeight * min(d, rare) / d
	}
	for i, set := range g.sets {
		for _, id := range set {
			g.total[i] += g.weight[id]
		}
	}
	return g
}

// common is the weight of the bigrams wordings a and b share.
func (g *gramSets) common(a, b int) int {
	x, y := g.sets[a], g.sets[b]
	sum, i, j := 0, 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] < y[j]:
			i++
		case x[i] > y[j]:
			j++
		default:
			sum += g.weight[x[i]]
			i++
			j++
		}
	}
	return sum
}

// lighter orders wordings by weight, then index: the lighter of a pair is
// the one a containment is measured in.
func (g *gramSets) lighter(a, b int) bool {
	return cmp.Or(cmp.Compare(g.total[a], g.total[b]), cmp.Compare(a, b)) < 0
}

// How two wordings relate.
const (
	unrelated = iota
	similar   // weighted Jaccard at least jaccardNum/jaccardDen
	contained // not similar, but the lighter lies in the heavier (containNum/containDen)
)

// relate tells how wordings a and b relate, and the weight they share.
func (g *gramSets) relate(a, b int) (int, int) {
	m := min(g.total[a], g.total[b])
	if m == 0 {
		return 0, unrelated
	}
	inter := g.common(a, b)
	switch {
	// inter/(A+B−inter) ≥ p/q  ⇔  (p+q)·inter ≥ p·(A+B)
	case (jaccardNum+jaccardDen)*inter >= jaccardNum*(g.total[a]+g.total[b]):
		return inter, similar
	case containDen*inter >= containNum*m:
		return inter, contained
	}
	return inter, unrelated
}

// mayRelate tells whether two wordings sharing at most inter of their
// weight, the lighter weighing m, can relate. Jaccard p/q needs
// (p+q)·inter ≥ p·(A+B) ≥ 2p·m, containment r/s needs s·inter ≥ r·m.
func mayRelate(inter, m int) bool {
	return (jaccardNum+jaccardDen)*inter >= 2*jaccardNum*m || containDen*inter >= containNum*m
}

// resemblingCandidates calls fn(i, j) once for each pair of wordings that
// may relate, i the lighter, and for no pair that cannot. A pair relates
// only when it shares enough of the lighter one's weight (mayRelate), so
// the lighter one shares a bigram with the heavier among its heaviest
// bigrams, as many as leave too little weight for the rest to relate: only
// those are looked up in an index of every wording (a prefix filter).
// Unrelated wordings are never compared, and filler bigrams, which weigh
// little, are looked up only for the wordings that are mostly filler.
func (g *gramSets) resemblingCandidates(fn func(i, j int)) {
	postings := make([][]int32, len(g.weight))
	for i, set := range g.sets {
		for _, id := range set {
			postings[id] = append(postings[id], int32(i))
		}
	}
	seen := make([]int32, len(g.sets)) // the probing wording's index + 1
	var heaviest []int32
	for i, set := range g.sets {
		heaviest = append(heaviest[:0], set...)
		slices.SortFunc(heaviest, func(x, y int32) int { return cmp.Or(cmp.Compare(g.weight[y], g.weight[x]), cmp.Compare(x, y)) })
		rest := g.total[i] // the weight of the bigrams not yet looked up
		for _, id := range heaviest {
			if !mayRelate(rest, g.total[i]) {
				break
			}
			rest -= g.weight[id]
			for _, j := range postings[id] {
				if seen[j] == int32(i+1) || int(j) == i || !g.lighter(i, int(j)) {
					continue
				}
				seen[j] = int32(i + 1)
				fn(i, int(j))
			}
		}
	}
}

// linkWordings maps each wording to its group's representative with a
// union-find. Wordings whose weighted bigrams overlap (Jaccard) are
// linked, in a chain (single linkage). A lighter wording that lies mostly
// in heavier ones (containment) is linked to one of them only, the one it
// fits best, so that a short phrase (カードを入力した) found in several
// unrelated calls does not bridge them. It also returns how many pairs it
// compared: only the candidates of resemblingCandidates.
func linkWordings(words []string) (map[string]string, int) {
	parent := make([]int, len(words))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	n := min(len(words), maxLinked)
	g := weigh(words[:n])
	compared := 0
	fit := make([]containedIn, n)
	g.resemblingCandidates(func(i, j int) {
		compared++
		switch inter, rel := g.relate(i, j); rel {
		case similar:
			parent[find(j)] = find(i)
		case contained: // i is the lighter: candidates come from it
			fit[i].consider(j, inter, g.total[j])
		}
	})
	for i, f := range fit {
		if f.found {
			parent[find(f.in)] = find(i)
		}
	}
	out := make(map[string]string, len(words))
	for i, w := range words {
		out[w] = words[find(i)]
	}
	return out, compared
}

// containedIn is the heavier wording a lighter one fits best: the most
// weight in common, then the least other weight, then the most frequent
// wording (the lowest index).
type containedIn struct {
	found     bool
	in        int
	inter, sz int
}

func (c *containedIn) consider(j, inter, sz int) {
	if !c.found || cmp.Or(cmp.Compare(c.inter, inter), cmp.Compare(sz, c.sz), cmp.Compare(c.in, j)) > 0 {
		*c = containedIn{found: true, in: j, inter: inter, sz: sz}
	}
}
