package index

import (
	"cmp"
	"encoding/binary"
	"math"
	"runtime"
	"slices"

	"github.com/soudan-desk/soudan/internal/parallel"
)

// Dynamic pruning (MaxScore, Turtle and Flood 1995), exact.
//
// A query over a large index reads long posting lists for its common
// terms (a frequent bigram is held by half the documents), although only
// k documents are returned. Search then goes document at a time over the
// query terms' lists, knowing for each term an upper bound of what it can
// add to a score (its weight × idf × the largest saturated tf' of any
// document). Once k documents are kept, θ is the score of the worst of
// them; the terms whose bounds sum below θ are non-essential: a document
// that only they hold cannot be kept, so the candidates come from the
// other lists, and a non-essential list is only looked into (skipping
// ahead, see skipEvery) for a candidate whose score could still reach θ.
//
// The result is the exhaustive one to the bit: each kept document's score
// is summed over its terms in the query's order with the same arithmetic
// as the exhaustive scan, bounds carry a relative margin (boundSlack)
// against rounding, a document is dropped only when its bound is strictly
// below θ, and the top-k heap breaks ties as before.

// skipEvery is the number of postings between two skip entries of a
// term's list; shorter lists have none.
const skipEvery = 16

// boundSlack inflates every score bound, so that no rounding of the
// exact sums can exceed it.
const boundSlack = 1e-9

// pruneMinPostings is the number of postings a query must read for the
// pruned search to be used; below it the exhaustive scan is cheaper.
var pruneMinPostings = 20000

// skipEntry marks the start of a block of a term's postings: the block
// begins at byte off of the term's list, after the posting of doc.
type skipEntry struct {
	doc int32
	off uint32
}

// setSkipsAndBounds computes each term's skip entries and the largest
// saturated tf' of its postings, tf'/(K1+tf'), and, for a large index,
// its quantized stream (quantized.go), in parallel.
func (l *Lexical) setSkipsAndBounds() { l.setSummaries(4 * runtime.GOMAXPROCS(0)) }

// setSummaries is setSkipsAndBounds over at most n runs of terms, each
// run's entries then concatenated in term order: whatever n, the same
// entries (TestSummariesSplit).
func (l *Lexical) setSummaries(n int) {
	nt := len(l.terms)
	l.satMax = make([]float64, nt)
	total := 0
	for _, df := range l.df {
		total += int(df)
	}
	withQuant := total >= quantMinPostings && len(l.ids) > 0
	runs := termRuns(l.postOff, n)
	sums := make([]termSummary, len(runs)-1)
	parallel.For(len(sums), func(i int) { sums[i] = l.summarise(runs[i], runs[i+1], withQuant) })
	l.skipOff = make([]uint32, 0, nt+1)
	var qs *quantStream
	if withQuant {
		qs = &quantStream{off: make([]uint32, 0, nt+1)}
	}
	for _, s := range sums {
		base := uint32(len(l.skips))
		for _, off := range s.skipOff {
			l.skipOff = append(l.skipOff, base+off)
		}
		l.skips = append(l.skips, s.skips...)
		if qs != nil {
			base := uint32(len(qs.b))
			for _, off := range s.quantOff {
				qs.off = append(qs.off, base+off)
			}
			qs.b = append(qs.b, s.quant...)
		}
	}
	l.skipOff = append(l.skipOff, uint32(len(l.skips)))
	l.skips = slices.Clip(l.skips)
	if qs != nil {
		qs.off = append(qs.off, uint32(len(qs.b)))
		qs.b = slices.Clip(qs.b)
		l.quant = qs
	}
}

// termSummary holds the skip entries (and quantized postings) of a run
// of terms, with each term's offsets into them.
type termSummary struct {
	skips    []skipEntry
	skipOff  []uint32
	quant    []byte
	quantOff []uint32
}

// summarise walks the postings of terms [lo, hi), setting their satMax
// and returning their skip entries and, withQuant, quantized postings.
func (l *Lexical) summarise(lo, hi int, withQuant bool) termSummary {
	var s termSummary
	for t := lo; t < hi; t++ {
		s.skipOff = append(s.skipOff, uint32(len(s.skips)))
		s.quantOff = append(s.quantOff, uint32(len(s.quant)))
		c := cursor{list: l.post[l.postOff[t]:l.postOff[t+1]], r: postingReader{doc: -1}}
		c.r.b = c.list
		prev := int32(-1)
		for i := 0; c.next(); i++ {
			if i > 0 && i%skipEvery == 0 {
				s.skips = append(s.skips, skipEntry{doc: c.prev, off: c.at})
			}
			tf := l.tfPrime(&c)
			sat := tf / (l.opts.K1 + tf)
			l.satMax[t] = max(l.satMax[t], sat)
			if withQuant && tf > 0 { // a posting of zero-weight fields only scores nothing
				s.quant = appendQuant(s.quant, c.doc()-prev, sat)
				prev = c.doc()
			}
		}
	}
	return s
}

// termRuns cuts the terms into at most n runs of about as many posting
// bytes each: run i is terms [runs[i], runs[i+1]).
func termRuns(postOff []uint32, n int) []int {
	nt := len(postOff) - 1
	runs := []int{0}
	for i := 1; i < n; i++ {
		target := uint32(uint64(postOff[nt]) * uint64(i) / uint64(n))
		t, _ := slices.BinarySearch(postOff[:nt], target)
		if t > runs[len(runs)-1] {
			runs = append(runs, t)
		}
	}
	if nt > runs[len(runs)-1] {
		runs = append(runs, nt)
	}
	return runs
}

// cursorOf returns a cursor before the first posting of term id.
func (l *Lexical) cursorOf(id int32) cursor {
	list := l.post[l.postOff[id]:l.postOff[id+1]]
	return cursor{list: list, r: postingReader{b: list, doc: -1}, skips: l.skips[l.skipOff[id]:l.skipOff[id+1]]}
}

// cursor walks one term's postings document by document for the pruned
// search, with the field bytes of the current document read on demand.
type cursor struct {
	list  []byte // the whole list
	r     postingReader
	skips []skipEntry
	si    int    // skips[si:] start after the current posting
	prev  int32  // the document before the current one (-1 at the start)
	at    uint32 // the offset in list of the current posting
	done  bool   // the current document's fields have been read
	qi    int    // the term's position in the query
	ub    float64
	score func(tf float64) float64
}

const noDoc = math.MaxInt32

// doc is the current document, or noDoc past the end.
func (c *cursor) doc() int32 { return c.r.doc }

// next moves to the next document and reports whether there is one.
func (c *cursor) next() bool {
	if c.r.doc >= 0 && !c.done {
		c.skipFields()
	}
	c.prev = c.r.doc
	c.at = uint32(len(c.list) - len(c.r.b))
	c.done = false
	if !c.r.next() {
		c.r.doc = noDoc
		return false
	}
	return true
}

// skipFields passes over the current document's field bytes.
func (c *cursor) skipFields() {
	for {
		b := c.r.b[0]
		c.r.b = c.r.b[1:]
		if b&postTFMask == postTFMax {
			_, n := binary.Uvarint(c.r.b)
			c.r.b = c.r.b[n:]
		}
		if b&postMore == 0 {
			return
		}
	}
}

// advance moves to the first document ≥ target, jumping over whole
// blocks with the skip entries.
func (c *cursor) advance(target int32) {
	if c.r.doc >= target {
		return
	}
	for c.si < len(c.skips) && c.skips[c.si].off <= c.at {
		c.si++ // blocks already entered
	}
	if c.si < len(c.skips) && c.skips[c.si].doc < target {
		// The last block that starts after a document before target.
		rest := c.skips[c.si:]
		j := gallop(rest, target)
		s := rest[j-1]
		c.r = postingReader{b: c.list[s.off:], doc: s.doc}
		c.done = true // no fields pending at a block start
		c.si += j
	}
	c.scanTo(target)
}

// scanTo moves to the first document ≥ target by reading the postings in
// turn: what calling next until then does, without setting the cursor's
// fields at every posting passed.
func (c *cursor) scanTo(target int32) {
	if c.r.doc >= target {
		return
	}
	if c.r.doc >= 0 && !c.done {
		c.skipFields()
	}
	b, doc := c.r.b, c.r.doc
	for len(b) > 0 {
		at, prev := uint32(len(c.list)-len(b)), doc
		gap, n := uint64(b[0]), 1
		if gap >= 0x80 {
			gap, n = binary.Uvarint(b)
		}
		b, doc = b[n:], doc+int32(gap)
		if doc >= target {
			c.r, c.prev, c.at, c.done = postingReader{b: b, doc: doc}, prev, at, false
			return
		}
		for more := true; more; { // the fields of doc
			f := b[0]
			b, more = b[1:], f&postMore != 0
			if f&postTFMask == postTFMax {
				_, n := binary.Uvarint(b)
				b = b[n:]
			}
		}
	}
	c.r, c.prev, c.at, c.done = postingReader{b: b, doc: noDoc}, doc, uint32(len(c.list)), false
}

// gallop returns the place in skips of the first entry whose document is
// at least target, len(skips) when none is, for skips[0].doc < target:
// what a binary search over skips returns, found by doubling steps from
// the start and then a binary search between the last two, so that a
// target a few blocks ahead, as the candidates of a search are, costs a
// few comparisons near the cursor rather than a search over every block
// left (TestGallop).
func gallop(skips []skipEntry, target int32) int {
	lo, step := 0, 1 // skips[lo].doc < target
	for lo+step < len(skips) && skips[lo+step].doc < target {
		lo += step
		step *= 2
	}
	hi := min(lo+step, len(skips)) // skips[hi].doc ≥ target, or hi is the end
	j, _ := slices.BinarySearchFunc(skips[lo+1:hi], target, func(s skipEntry, t int32) int { return cmp.Compare(s.doc, t) })
	return lo + 1 + j
}

// tfPrime reads the current document's fields and returns its tf', with
// the arithmetic of [Lexical.accumulate].
func (l *Lexical) tfPrime(c *cursor) float64 {
	d := c.r.doc
	tf := 0.0
	for more := true; more; {
		var f int
		var n int32
		f, n, more = c.r.field()
		w := l.opts.Weights[f]
		if !(w > 0) {
			continue
		}
		tf += w * float64(n) / float64(l.norm[f][d])
	}
	c.done = true
	return tf
}

// searchPruned is Search's pruned path for k > 0; terms are the merged
// query terms that the index holds, with their IDs.
func (l *Lexical) searchPruned(terms []WeightedTerm, ids []int32, k int, filter func(int) bool, gb *groupBound) []Hit {
	cs := make([]cursor, len(ids))
	for i, id := range ids {
		idf := l.idf(int(l.df[id]))
		w := terms[i].Weight
		cs[i] = l.cursorOf(id)
		cs[i].qi, cs[i].ub = i, w*idf*l.satMax[id]*(1+boundSlack)
		cs[i].score = func(tf float64) float64 { return w * idf * tf / (l.opts.K1 + tf) }
		cs[i].next()
	}
	// By bound, smallest first; prefix[i] bounds what terms 0..i add.
	slices.SortStableFunc(cs, func(a, b cursor) int { return cmp.Compare(a.ub, b.ub) })
	prefix := make([]float64, len(cs))
	sum := 0.0
	for i := range cs {
		sum += cs[i].ub
		prefix[i] = sum * (1 + boundSlack)
	}
	p := pruner{l: l, cs: cs, prefix: prefix, contrib: make([]float64, len(cs)), held: make([]bool, len(cs)), filter: filter, gb: gb}
	p.top = newTopK(k, make([]candidate, 0, k))
	p.run()
	return p.top.hits(l.ids)
}

// pruner is the state of one pruned search.
type pruner struct {
	l       *Lexical
	cs      []cursor  // by bound, ascending
	prefix  []float64 // prefix sums of the bounds
	nonEss  int       // cs[:nonEss] are non-essential
	contrib []float64 // by query position: the current document's terms' scores
	held    []bool    // by query position: the current document holds the term
	filter  func(int) bool
	top     topK
	gb      *groupBound // for SearchGroups, else nil
}

// theta is the score a document must reach to be kept (0 until k are,
// unless a group bound is known).
func (p *pruner) theta() float64 {
	t := 0.0
	if len(p.top.h) == p.top.k {
		t = p.top.h[0].score
	}
	if p.gb != nil {
		t = max(t, p.gb.theta)
	}
	return t
}

func (p *pruner) run() {
	for {
		d := int32(noDoc)
		for i := p.nonEss; i < len(p.cs); i++ {
			d = min(d, p.cs[i].doc())
		}
		if d == noDoc {
			return
		}
		if p.filter != nil && !p.filter(int(d)) {
			p.pass(d)
			continue
		}
		if s, ok := p.score(d); ok {
			p.top.push(candidate{score: s, tie: p.l.tie[d], doc: d})
			p.gb.pushed(p.top.h)
			theta := p.theta()
			for p.nonEss < len(p.cs) && p.prefix[p.nonEss] < theta {
				p.nonEss++
			}
		}
	}
}

// pass moves the essential cursors past document d.
func (p *pruner) pass(d int32) {
	for i := p.nonEss; i < len(p.cs); i++ {
		if p.cs[i].doc() == d {
			p.cs[i].next()
		}
	}
}

// score scores document d, moving the essential cursors past it; ok is
// false when d cannot reach θ (or scores nothing).
func (p *pruner) score(d int32) (float64, bool) {
	clear(p.held)
	partial := 0.0
	for i := p.nonEss; i < len(p.cs); i++ {
		c := &p.cs[i]
		if c.doc() != d {
			continue
		}
		p.take(c)
		partial += p.contrib[c.qi]
		c.next()
	}
	theta := p.theta()
	for i := p.nonEss - 1; i >= 0; i-- {
		if (partial+p.prefix[i])*(1+boundSlack) < theta {
			return 0, false
		}
		c := &p.cs[i]
		c.advance(d)
		if c.doc() == d {
			p.take(c)
			partial += p.contrib[c.qi]
		}
	}
	// The exact score: the terms' scores summed in the query's order, as
	// the exhaustive scan adds them.
	s := 0.0
	for qi, ok := range p.held {
		if ok {
			s += p.contrib[qi]
		}
	}
	return s, s > 0
}

// take records the score the cursor's term adds to its current document.
func (p *pruner) take(c *cursor) {
	p.contrib[c.qi] = c.score(p.l.tfPrime(c))
	p.held[c.qi] = true
}

// groupBound raises θ for [Lexical.SearchGroups], which keeps the first n
// groups of the k best documents. Once n distinct groups have a kept
// document scoring at least θg, a document scoring less cannot change
// what it returns: were it among the k best, so would be those n
// documents, all ranked before it, and its group would come after theirs
// or already have a better document. Every document scoring θg or more is
// still scored exactly and kept as before, so the first n groups of the
// k best are the same.
type groupBound struct {
	group   []int32
	groups  int
	n       int
	scratch *groupScratch
	pushes  int
	theta   float64 // θg, 0 until known
}

// groupBoundEvery is the number of kept documents between two updates of
// θg.
const groupBoundEvery = 64

// pushed notes that a document was pushed to the heap h, and updates θg
// every groupBoundEvery pushes. A nil bound does nothing.
func (g *groupBound) pushed(h []candidate) {
	if g == nil || g.n <= 0 {
		return
	}
	if g.pushes++; g.pushes%groupBoundEvery != 0 {
		return
	}
	best := g.scratch.best(h, g.group, g.groups)
	if len(best) < g.n {
		return
	}
	if len(best) > g.n {
		selectCandidates(best, g.n)
	}
	th := best[0].score
	for _, c := range best[1:g.n] {
		th = min(th, c.score)
	}
	g.theta = max(g.theta, th)
}
