package index

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/soudan-desk/soudan/internal/ranksort"
)

// candidate is a scored document during top-k selection. tie is the
// document's position in (ID, index) order, so that comparing two ints
// breaks score ties exactly as [SortHits] does, without comparing strings.
type candidate struct {
	score float64
	tie   int32
	doc   int32
}

// beats reports whether a ranks before b.
func (a candidate) beats(b candidate) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.tie < b.tie
}

// topK keeps the k best candidates pushed so far in a min-heap whose root
// is the worst one kept. It allocates once, for the k slots.
type topK struct {
	k int
	h []candidate
}

func newTopK(k int, buf []candidate) topK { return topK{k: k, h: buf[:0]} }

func (t *topK) push(c candidate) {
	if len(t.h) < t.k {
		t.h = append(t.h, c)
		t.up(len(t.h) - 1)
		return
	}
	if t.k > 0 && c.beats(t.h[0]) {
		t.h[0] = c
		t.down(0)
	}
}

func (t *topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.h[p].beats(t.h[i]) {
			return
		}
		t.h[p], t.h[i] = t.h[i], t.h[p]
		i = p
	}
}

func (t *topK) down(i int) {
	n := len(t.h)
	for {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < n && t.h[worst].beats(t.h[l]) {
			worst = l
		}
		if r < n && t.h[worst].beats(t.h[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		t.h[i], t.h[worst] = t.h[worst], t.h[i]
		i = worst
	}
}

// hits returns the kept candidates as hits, best first. It sorts the heap
// in place (introsort, which beats heapsort's pops), so the heap is spent
// afterwards.
func (t *topK) hits(ids []string) []Hit {
	sortCandidates(t.h)
	return candidateHits(t.h, ids)
}

// sortHeap sorts the heap best first, in place (heapsort: the worst goes
// last, one at a time); t.h is spent afterwards.
func (t *topK) sortHeap() {
	h := t.h
	for n := len(h) - 1; n > 0; n-- {
		h[0], h[n] = h[n], h[0]
		t.h = h[:n]
		t.down(0)
	}
	t.h = h
}

// sortCandidates sorts cs best first. It is what slices.SortFunc gives
// with [candidate.beats] as the order, with the comparison inlined: introsort, that is
// quicksort with a median-of-three pivot, insertion sort for short runs
// and heapsort past a depth of 2·log2(n). Candidates are totally ordered,
// so every correct sort gives the same order.
func sortCandidates(cs []candidate) {
	if len(cs) > ranksort.Min && rankSort(cs) {
		return
	}
	quickSortCandidates(cs, 2*bits.Len(uint(len(cs))))
}

// sortBest moves the k best of cs (all of them for k ≤ 0) to its front,
// sorted best first, and returns them: what selecting them
// (selectCandidates) and sorting them gives.
func sortBest(cs []candidate, k int) []candidate {
	if k <= 0 || k >= len(cs) {
		sortCandidates(cs)
		return cs
	}
	if len(cs) <= ranksort.Max && rankSort(cs) {
		return cs[:k]
	}
	selectCandidates(cs, k)
	sortCandidates(cs[:k])
	return cs[:k]
}

// rankScratch is rankSort's scratch, padded to whole blocks of the
// counting kernel.
type rankScratch struct {
	keys, ranks [ranksort.Slots]int64
	moved       [ranksort.Max]candidate
}

var rankPool = sync.Pool{New: func() any { return new(rankScratch) }}

// rankSort sorts cs best first, as quickSortCandidates does, and reports
// true; or reports false, leaving cs as it was, where it cannot (no
// kernel, more than ranksort.Max candidates, or a NaN score, which
// candidate.beats does not order). Each candidate gets a key that orders
// as its score, best first, with its low b bits (b = bits.Len(n-1))
// replaced by its index, so that the n keys differ; the kernel counts
// the keys below each (ranksort.CountBelow), which is the candidate's
// place in the keys' order. Keys order as the candidates do except between candidates whose
// scores are equal or differ in their last b bits only (their order is
// their indexes'); a last insertion sort by candidate.beats puts those
// in order, so the order is candidate.beats' exactly, whatever the keys
// gave, and costs a comparison a candidate when they gave it.
func rankSort(cs []candidate) bool {
	n := len(cs)
	if !ranksort.Available || n > ranksort.Max {
		return false
	}
	s := rankPool.Get().(*rankScratch)
	defer rankPool.Put(s)
	low := uint64(1)<<uint(bits.Len(uint(n-1))) - 1
	for i, c := range cs {
		if c.score != c.score {
			return false
		}
		s.keys[i] = int64(bestFirstKey(c.score)&^low | uint64(i))
	}
	ranksort.CountBelow(s.keys[:], n, s.ranks[:])
	copy(s.moved[:n], cs)
	for i, c := range s.moved[:n] {
		cs[s.ranks[i]] = c
	}
	insertionSortCandidates(cs)
	return true
}

// bestFirstKey maps scores to keys that, compared as signed integers,
// order higher scores first: the IEEE bits made to order as the
// numbers, complemented, with the sign bit flipped.
func bestFirstKey(score float64) uint64 {
	b := math.Float64bits(score)
	ord := b ^ (uint64(int64(b)>>63) | 1<<63) // unsigned, ascending
	return ^ord ^ 1<<63
}

// insertionSortCandidates sorts cs best first by insertion: a
// comparison a candidate when cs is sorted already.
func insertionSortCandidates(cs []candidate) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].beats(cs[j-1]); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

func quickSortCandidates(cs []candidate, depth int) {
	for len(cs) > 12 {
		if depth == 0 {
			heapSortCandidates(cs)
			return
		}
		depth--
		p := partitionCandidates(cs)
		if p < len(cs)-p {
			quickSortCandidates(cs[:p], depth)
			cs = cs[p+1:]
		} else {
			quickSortCandidates(cs[p+1:], depth)
			cs = cs[:p]
		}
	}
	insertionSortCandidates(cs)
}

// selectCandidates moves the k best of cs to cs[:k], in no particular
// order (quickselect over partitionCandidates; past 2·log2(n) rounds it
// sorts what is left). 0 < k < len(cs).
func selectCandidates(cs []candidate, k int) {
	for depth := 2 * bits.Len(uint(len(cs))); len(cs) > 12; depth-- {
		if depth == 0 {
			break
		}
		p := partitionCandidates(cs)
		switch {
		case p == k || p == k-1:
			return
		case p > k:
			cs = cs[:p]
		default:
			cs, k = cs[p+1:], k-p-1
		}
	}
	sortCandidates(cs)
}

// partitionCandidates puts the median of cs's first, middle and last
// candidates at its place p, those that beat it before and the others
// after, and returns p. len(cs) ≥ 3.
func partitionCandidates(cs []candidate) int {
	n, m := len(cs)-1, len(cs)/2
	if cs[m].beats(cs[0]) {
		cs[m], cs[0] = cs[0], cs[m]
	}
	if cs[n].beats(cs[m]) {
		cs[n], cs[m] = cs[m], cs[n]
		if cs[m].beats(cs[0]) {
			cs[m], cs[0] = cs[0], cs[m]
		}
	}
	cs[m], cs[n] = cs[n], cs[m] // the median is the pivot, at the end
	// Every candidate is swapped to i, and i moves past those that beat
	// the pivot: without a branch on the comparison, which a sort's
	// input mispredicts half the time (a fifth less time to sort 100
	// candidates).
	ps, pt, i := cs[n].score, cs[n].tie, 0
	for j := range n {
		c := cs[j]
		beats := b2i(c.score > ps) | b2i(c.score == ps)&b2i(c.tie < pt)
		cs[j] = cs[i]
		cs[i] = c
		i += beats
	}
	cs[i], cs[n] = cs[n], cs[i]
	return i
}

// b2i is 1 for true, 0 for false; the compiler makes it a flag set, not
// a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// heapSortCandidates sorts cs best first with the top-k heap.
func heapSortCandidates(cs []candidate) {
	t := topK{k: len(cs), h: cs}
	for i := len(cs)/2 - 1; i >= 0; i-- {
		t.down(i)
	}
	t.sortHeap()
}

// candidateHits converts sorted candidates to hits.
func candidateHits(cs []candidate, ids []string) []Hit {
	out := newHits(len(cs))
	for i, c := range cs {
		out[i] = Hit{Doc: int(c.doc), ID: ids[c.doc], Score: c.score}
	}
	return out
}

// tieOrder returns each document's position in (ID, index) order.
func tieOrder(ids []string) []int32 {
	order := make([]int32, len(ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(ids[a], ids[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	tie := make([]int32, len(ids))
	for pos, d := range order {
		tie[d] = int32(pos)
	}
	return tie
}

// hitFree holds hit slices given back by [ReleaseHits]: a search's hits
// are dropped when the search ends, and on a small corpus they were its
// largest allocation, all of it for the collector to scan.
var hitFree struct {
	mu sync.Mutex
	s  [][]Hit
}

const (
	hitFreeMax    = 64   // slices kept
	hitFreeCapMax = 4096 // the largest slice kept
)

// newHits returns a slice of n hits, reused when one was given back; the
// caller sets every one of them.
func newHits(n int) []Hit {
	var h []Hit
	hitFree.mu.Lock()
	if k := len(hitFree.s); k > 0 {
		h = hitFree.s[k-1]
		hitFree.s[k-1] = nil
		hitFree.s = hitFree.s[:k-1]
	}
	hitFree.mu.Unlock()
	if cap(h) < n {
		return make([]Hit, n)
	}
	return h[:n]
}

// ReleaseHits gives back the storage of hits that a search returned, for
// later searches to reuse. The caller must hold no other reference to
// them (nor to any slice of the same storage), and give each back once.
func ReleaseHits(hits []Hit) {
	if cap(hits) == 0 || cap(hits) > hitFreeCapMax {
		return
	}
	hits = hits[:cap(hits)]
	clear(hits)
	hitFree.mu.Lock()
	if len(hitFree.s) < hitFreeMax {
		hitFree.s = append(hitFree.s, hits)
	}
	hitFree.mu.Unlock()
}
