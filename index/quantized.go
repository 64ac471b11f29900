package index

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
)

// Quantized impacts for large indexes, with exact rescoring.
//
// A query over a large index shares common terms (frequent bigrams) with
// most documents, so the pruned search (maxscore.go) reads most postings,
// each one decoded field by field and scored with a division. The build
// keeps, beside each term's postings, a second stream: for each posting,
// the document gap and one byte q = ⌈255 · tf'/(K1 + tf')⌉, the
// saturated tf' rounded up to a multiple of 1/255. A term of weight w
// and inverse document frequency idf then adds to a document's score
// at most c·q and more than c·(q − 1), with c = w · idf / 255. One pass
// over the query terms' streams sums both bounds for every document it
// touches, at the cost of a varint, a byte and one integer addition a
// posting (both bounds packed in one word, boundPass).
//
// The k-th largest lower bound θ is reached by k documents, whose
// scores are at least θ: a document among the k best by score has an
// upper bound of at least θ. Only those candidates are scored exactly,
// from their postings (skipping ahead, as the pruned search does), with
// the arithmetic and the order of the exhaustive scan, so the k best
// and their scores are the scan's to the bit (TestQuantizedIsExhaustive).
// Both bounds carry a relative margin (boundSlack) against rounding.

// quantMinPostings is the number of postings (the sum of every term's
// document frequency) from which an index keeps the quantized stream;
// smaller indexes keep decoded impact lists (impacts.go) or are scanned.
var quantMinPostings = impactMaxPostings

// quantMinWeight is the smallest weight · idf of a query term that the
// quantized search takes: far above where float32 underflows.
const quantMinWeight = 1e-20

// quantLevels is the number of steps of the quantized saturation.
const quantLevels = 255

// quantize returns ⌈quantLevels · sat⌉ for sat in (0, 1), at least 1.
func quantize(sat float64) byte {
	q := math.Ceil(sat * quantLevels)
	return byte(min(max(q, 1), quantLevels))
}

// quantStream holds every term's quantized postings: term t's are
// b[off[t]:off[t+1]], each uvarint(doc gap) byte(q), gaps as in
// postings.go.
type quantStream struct {
	b   []byte
	off []uint32
}

// appendQuant appends the quantized posting of doc (gap after the term's
// previous document) with saturated tf' sat.
func appendQuant(b []byte, gap int32, sat float64) []byte {
	return append(binary.AppendUvarint(b, uint64(gap)), quantize(sat))
}

// searchQuantized is Search's path for a large index with k > 0: the
// bounds pass over the quantized streams, then the exact scores of the
// candidates, for the merged query terms in acc. The bounds are summed
// and their candidates picked block by block of quantBlock documents,
// which stay in the core's cache meanwhile.
func (l *Lexical) searchQuantized(acc *accumulator, k int, filter func(int) bool) []Hit {
	for i, id := range acc.ids {
		if acc.terms[i].Weight*l.idf(int(l.df[id])) < quantMinWeight {
			// Its bounds could underflow.
			return l.searchPruned(acc.terms, acc.ids, k, filter, nil)
		}
	}
	block := min(quantBlock, len(l.ids))
	if len(acc.bounds) < block {
		acc.bounds = make([]uint64, block)
	}
	sel := quantSelect{k: k, filter: filter, unit: l.quantTables(acc), lows: acc.lows[:0], cands: acc.top[:0], skip: 1<<32 - 1}
	for lo := 0; lo < len(l.ids); lo += block {
		bounds := acc.bounds[:min(block, len(l.ids)-lo)]
		l.boundBlock(acc, bounds, lo)
		sel.scan(bounds, lo)
		clear(bounds)
	}
	cands := sel.finish()
	acc.lows, acc.top = sel.lows[:0], cands[:0]
	l.rescore(acc, cands)
	h := newTopK(k, make([]candidate, 0, k))
	for _, c := range cands {
		if c.score > 0 {
			h.push(candidate{score: c.score, tie: l.tie[c.doc], doc: c.doc})
		}
	}
	return h.hits(l.ids)
}

// quantBlock is the number of documents whose bounds the quantized search
// sums at once: 64 KiB of them.
var quantBlock = 8192

// quantCursor is where a query term's quantized stream was left: the
// bytes not read yet and the last document read (-1 at the start).
type quantCursor struct {
	b []byte
	d int
}

// quantTables sets, for each query term in acc, the packed bounds a
// posting of each quantized saturation adds (acc.pairs) and its stream's
// cursor (acc.streams), and returns the unit of the bounds.
//
// The bounds are integers packed in one word: the upper bound in the
// high 32 bits and the lower in the low 32, so that one addition of a
// posting's pair sums both. A term of weight·idf/quantLevels c adds
// ⌈c·q/unit⌉ + 1 units to the upper bound and max(⌊c·(q−1)/unit⌋ − 1, 0)
// to the lower, the ±1 for the rounding of c·q/unit (its relative error
// is a few 2⁻⁵³ and it is below 2³¹), so the sums bound the score to the
// unit, exactly. The unit makes the largest possible sum, every term's
// c·quantLevels, 2³¹ units: an upper sum stays below 2³² (the terms' +1s
// included), and a lower sum, at most the upper, never carries into it.
func (l *Lexical) quantTables(acc *accumulator) (unit float64) {
	total := 0.0
	for i, id := range acc.ids {
		total += acc.terms[i].Weight * l.idf(int(l.df[id]))
	}
	unit = total / (1 << 31)
	acc.pairs, acc.streams = acc.pairs[:0], acc.streams[:0]
	for i, id := range acc.ids {
		c := acc.terms[i].Weight * l.idf(int(l.df[id])) / quantLevels
		acc.pairs = append(acc.pairs, [quantLevels + 1]uint64{})
		pair := &acc.pairs[i]
		for q := 1; q <= quantLevels; q++ {
			up := uint64(math.Ceil(c*float64(q)/unit)) + 1
			lo := max(math.Floor(c*float64(q-1)/unit)-1, 0)
			pair[q] = up<<32 | uint64(lo)
		}
		acc.streams = append(acc.streams, quantCursor{b: l.quant.b[l.quant.off[id]:l.quant.off[id+1]], d: -1})
	}
	return unit
}

// boundBlock adds to bounds[d−lo] the packed bounds of every posting of
// the query terms in acc of a document d in [lo, lo+len(bounds)), read on
// from each term's cursor.
func (l *Lexical) boundBlock(acc *accumulator, bounds []uint64, lo int) {
	for i := range acc.streams {
		cur := &acc.streams[i]
		b, r := boundStream(cur.b, cur.d-lo, bounds, &acc.pairs[i])
		cur.b, cur.d = b, r+lo
	}
}

// boundStream adds to bounds[r] the packed bounds pair[q] of the postings
// of stream b (the first a gap after document r, relative to the block)
// that fall in the block, and returns the stream and document where it
// stopped. Every posting before the block was read already, so r + gap is
// never negative and one unsigned comparison tells a posting past the
// block. The common postings, a one-byte gap and its byte q, are read
// two at a time without bounds checks; any other posting, and the last
// ones of the block, one at a time.
func boundStream(b []byte, r int, bounds []uint64, pair *[quantLevels + 1]uint64) ([]byte, int) {
	for {
		for len(b) >= 4 && (b[0]|b[2]) < 0x80 {
			r0 := r + int(b[0])
			r1 := r0 + int(b[2])
			if uint(r1) >= uint(len(bounds)) || uint(r0) >= uint(len(bounds)) {
				break
			}
			bounds[r0] += pair[b[1]]
			bounds[r1] += pair[b[3]]
			r, b = r1, b[4:]
		}
		if len(b) < 2 {
			return b, r
		}
		gap, q, n := int(b[0]), b[1], 2
		if gap >= 0x80 {
			g, m := binary.Uvarint(b)
			gap, q, n = int(g), b[m], m+1
		}
		if uint(r+gap) >= uint(len(bounds)) {
			return b, r
		}
		r += gap
		bounds[r] += pair[q]
		b = b[n:]
	}
}

// quantSlack is the relative margin of the bounds: the rounding of the
// product of a sum and the unit, and boundSlack for the float64
// arithmetic of the exact scores.
const quantSlack = 0x1p-50 + boundSlack

// quantSelect picks the candidates of the quantized search: the
// documents that pass filter and whose upper bound reaches θ, the k-th
// largest lower bound (0 when fewer than k pass).
//
// It reads each document's bounds once: θ_d, the k-th largest lower
// bound of the documents before d, only grows towards θ, so a document
// whose upper bound misses θ_d misses θ; the others are kept with their
// upper bound and sifted against θ at the end. Most documents miss θ_d:
// a single integer comparison with skip tells them.
type quantSelect struct {
	k      int
	filter func(int) bool
	unit   float64
	lows   []float64   // a min-heap of the k largest lower bounds so far
	cands  []candidate // with their upper bound as score
	skip   uint64      // documents whose packed bounds are at most skip miss θ_d (at first: untouched ones)
}

// scan offers the documents lo, lo+1, ... with packed bounds bounds.
func (s *quantSelect) scan(bounds []uint64, lo int) {
	for i := 0; ; i++ {
		if i = nextAbove(bounds, i, s.skip); i == len(bounds) {
			return
		}
		b := bounds[i]
		d := lo + i
		if s.filter != nil && !s.filter(d) {
			continue
		}
		up, low := upperBound(b>>32, s.unit), float64(b&(1<<32-1))*s.unit*(1-quantSlack)
		switch {
		case len(s.lows) < s.k:
			s.lows = append(s.lows, low)
			if len(s.lows) < s.k {
				break
			}
			heapifyFloats(s.lows)
			s.skip = skipBelow(s.lows[0], s.unit)
		case up < s.lows[0]:
			continue // below θ_d
		case low > s.lows[0]:
			s.lows[0] = low
			siftDownFloats(s.lows, 0)
			s.skip = skipBelow(s.lows[0], s.unit)
		}
		s.cands = append(s.cands, candidate{doc: int32(d), score: up})
	}
}

// nextAbove returns the first place from i on where bounds holds more
// than skip, len(bounds) when none does: four places a step, with one
// comparison of their largest.
func nextAbove(bounds []uint64, i int, skip uint64) int {
	for ; i+4 <= len(bounds); i += 4 {
		w := bounds[i : i+4 : i+4]
		if max(w[0], w[1], w[2], w[3]) > skip {
			break
		}
	}
	for ; i < len(bounds); i++ {
		if bounds[i] > skip {
			return i
		}
	}
	return len(bounds)
}

// finish returns the candidates, in document order, their scores not
// set yet.
func (s *quantSelect) finish() []candidate {
	theta := 0.0
	if len(s.lows) == s.k {
		theta = s.lows[0]
	}
	kept := s.cands[:0]
	for _, c := range s.cands {
		if c.score >= theta {
			kept = append(kept, candidate{doc: c.doc})
		}
	}
	return kept
}

// upperBound is the upper bound of a document's score whose upper sum is
// up units.
func upperBound(up uint64, unit float64) float64 {
	return float64(up) * unit * (1 + quantSlack)
}

// skipBelow returns the largest packed pair s such that every document
// whose packed bounds are at most s has an upper bound below theta: the
// largest upper sum u with upperBound(u) < theta, shifted into place,
// with every lower sum; or, when no u > 0 qualifies, the pairs of the
// untouched documents (all below 2³²).
func skipBelow(theta, unit float64) uint64 {
	u := uint64(min(max(theta/(unit*(1+quantSlack)), 0), 1<<32-1))
	for u > 0 && upperBound(u, unit) >= theta {
		u--
	}
	for u < 1<<32-1 && upperBound(u+1, unit) < theta {
		u++
	}
	if u == 0 {
		return 1<<32 - 1
	}
	return u<<32 | (1<<32 - 1)
}

// heapifyFloats makes h a min-heap.
func heapifyFloats(h []float64) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		siftDownFloats(h, i)
	}
}

// siftDownFloats restores the min-heap h below i.
func siftDownFloats(h []float64, i int) {
	for {
		m, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && h[l] < h[m] {
			m = l
		}
		if r < len(h) && h[r] < h[m] {
			m = r
		}
		if m == i {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// rescore sets each candidate's exact score: the terms' scores summed in
// the query's order, as [Lexical.score] sums them, each from the term's
// postings (read from the candidates' documents on, skipping ahead).
// cands are in document order. A term that a candidate's document does
// not hold (heldTerms) would add nothing: its postings are not searched
// for that candidate.
func (l *Lexical) rescore(acc *accumulator, cands []candidate) {
	held := l.heldTerms(acc, cands)
	for i, id := range acc.ids {
		w, idf := acc.terms[i].Weight, l.idf(int(l.df[id]))
		c := l.cursorOf(id)
		c.next()
		bit := uint64(0) // past the 64th term: searched for every candidate
		if i < 64 {
			bit = 1 << i
		}
		for j := range cands {
			if bit != 0 && held[j]&bit == 0 {
				continue
			}
			d := cands[j].doc
			c.advance(d)
			if c.doc() == noDoc {
				break
			}
			if c.doc() == d {
				cands[j].score += termScore(w, idf, l.tfPrime(&c), l.opts.K1)
			}
		}
	}
}

// heldTerms returns, for each candidate, the query terms of acc (the
// first 64: bit i for acc.ids[i]) that its document holds, read from the
// document's forward list as far as the largest query term ID.
func (l *Lexical) heldTerms(acc *accumulator, cands []candidate) []uint64 {
	acc.order = acc.order[:0]
	for i, id := range acc.ids[:min(len(acc.ids), 64)] {
		acc.order = append(acc.order, termAt{id: id, at: int32(i)})
	}
	slices.SortFunc(acc.order, func(a, b termAt) int { return cmp.Compare(a.id, b.id) })
	acc.held = slices.Grow(acc.held[:0], len(cands))[:len(cands)]
	if len(acc.order) == 0 {
		return acc.held
	}
	last := acc.order[len(acc.order)-1].id
	for j, c := range cands {
		b := l.fwd[l.fwdOff[c.doc]:l.fwdOff[c.doc+1]]
		mask, t, p := uint64(0), int32(0), 0
		for len(b) > 0 {
			gap, n := uint64(b[0]), 1
			if gap >= 0x80 {
				gap, n = binary.Uvarint(b)
			}
			b, t = b[n:], t+int32(gap)
			if t > last {
				break
			}
			for acc.order[p].id < t { // stops at last
				p++
			}
			if acc.order[p].id == t {
				mask |= 1 << acc.order[p].at
			}
		}
		acc.held[j] = mask
	}
	return acc.held
}

// termAt is a query term's ID and its place in the query.
type termAt struct{ id, at int32 }
