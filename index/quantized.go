package index

import (
	"encoding/binary"
	"math"
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
// touches, at the cost of a varint and a byte a posting.
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
// candidates, for the merged query terms in acc.
func (l *Lexical) searchQuantized(acc *accumulator, k int, filter func(int) bool) []Hit {
	for i, id := range acc.ids {
		if acc.terms[i].Weight*l.idf(int(l.df[id])) < quantMinWeight {
			// Its bounds could underflow float32.
			return l.searchPruned(acc.terms, acc.ids, k, filter, nil)
		}
	}
	if len(acc.bounds) < 2*len(l.ids) {
		acc.bounds = make([]float32, 2*len(l.ids))
	}
	l.boundPass(acc)
	cands := l.quantCandidates(acc, k, filter)
	l.rescore(acc, cands)
	h := newTopK(k, make([]candidate, 0, k))
	for _, c := range cands {
		if c.score > 0 {
			h.push(candidate{score: c.score, tie: l.tie[c.doc], doc: c.doc})
		}
	}
	return h.hits(l.ids)
}

// boundPass sums, for every document holding a query term, the upper
// bound of its score in acc.bounds[2d] and the lower bound in
// acc.bounds[2d+1], in float32 (see quantSlack).
func (l *Lexical) boundPass(acc *accumulator) {
	bounds := acc.bounds[:2*len(l.ids)]
	for i, id := range acc.ids {
		c := acc.terms[i].Weight * l.idf(int(l.df[id])) / quantLevels
		var up, lo [quantLevels + 1]float32
		for q := 1; q <= quantLevels; q++ {
			up[q], lo[q] = float32(c*float64(q)), float32(c*float64(q-1))
		}
		b := l.quant.b[l.quant.off[id]:l.quant.off[id+1]]
		d := -1
		for len(b) > 1 {
			gap, n := int(b[0]), 1
			if gap >= 0x80 {
				g, m := binary.Uvarint(b)
				gap, n = int(g), m
			}
			d += gap
			q := b[n]
			b = b[n+1:]
			p := bounds[2*d : 2*d+2]
			p[0] += up[q]
			p[1] += lo[q]
		}
	}
}

// quantSlack is the relative margin of the float32 bounds of a query of
// m terms: each product c·q is rounded once to float32 and each sum of at
// most m of them m − 1 times more, each rounding within 2⁻²⁴; twice that,
// and boundSlack for the float64 arithmetic of the exact scores.
func quantSlack(m int) float64 {
	return float64(m+2)*0x1p-23 + boundSlack
}

// quantCandidates returns the documents that pass filter and whose upper
// bound reaches θ, the k-th largest lower bound (0 when fewer than k
// pass), in document order, and clears acc.bounds. Their scores are not
// set yet.
//
// It reads the bounds once: θ_d, the k-th largest lower bound of the
// documents before d, only grows towards θ, so a document whose upper
// bound misses θ_d misses θ; the others are kept with their upper bound
// and sifted against θ at the end.
func (l *Lexical) quantCandidates(acc *accumulator, k int, filter func(int) bool) []candidate {
	slack := quantSlack(len(acc.ids))
	bounds := acc.bounds[:2*len(l.ids)]
	lows := acc.lows[:0] // a min-heap of the k largest lower bounds so far
	cands := acc.top[:0]
	for d := range l.ids {
		b := bounds[2*d : 2*d+2 : 2*d+2]
		if b[0] == 0 {
			continue
		}
		up, lo := float64(b[0])*(1+slack), float64(b[1])*(1-slack)
		b[0], b[1] = 0, 0
		if filter != nil && !filter(d) {
			continue
		}
		switch {
		case len(lows) < k:
			lows = append(lows, lo)
			if len(lows) == k {
				heapifyFloats(lows)
			}
		case up < lows[0]:
			continue // below θ_d
		case lo > lows[0]:
			lows[0] = lo
			siftDownFloats(lows, 0)
		}
		cands = append(cands, candidate{doc: int32(d), score: up})
	}
	theta := 0.0
	if len(lows) == k {
		theta = lows[0]
	}
	acc.lows = lows[:0]
	kept := cands[:0]
	for _, c := range cands {
		if c.score >= theta {
			kept = append(kept, candidate{doc: c.doc})
		}
	}
	acc.top = kept[:0]
	return kept
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
// cands are in document order.
func (l *Lexical) rescore(acc *accumulator, cands []candidate) {
	for i, id := range acc.ids {
		w, idf := acc.terms[i].Weight, l.idf(int(l.df[id]))
		c := l.cursorOf(id)
		c.next()
		for j := range cands {
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
