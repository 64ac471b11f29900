package index

import (
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
// candidates. terms are the merged query terms the index holds, with
// their IDs.
func (l *Lexical) searchQuantized(acc *accumulator, k int, filter func(int) bool) []Hit {
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
// bound of its score in acc.score and the lower bound in acc.tf, and
// lists the documents in acc.touched.
func (l *Lexical) boundPass(acc *accumulator) {
	for i, id := range acc.ids {
		c := acc.terms[i].Weight * l.idf(int(l.df[id])) / quantLevels
		b := l.quant.b[l.quant.off[id]:l.quant.off[id+1]]
		d := int32(-1)
		for len(b) > 0 {
			gap := int32(b[0])
			n := 1
			if gap >= 0x80 {
				g, m := binary.Uvarint(b)
				gap, n = int32(g), m
			}
			d += gap
			q := float64(b[n])
			b = b[n+1:]
			if !acc.hit[d] {
				acc.hit[d] = true
				acc.touched = append(acc.touched, d)
			}
			acc.score[d] += c * q
			acc.tf[d] += c * (q - 1)
		}
	}
}

// quantCandidates returns the touched documents that pass filter and
// whose upper bound reaches θ, the k-th largest lower bound (0 when
// fewer than k pass), in document order, and clears acc.tf. Their
// scores are not set yet.
func (l *Lexical) quantCandidates(acc *accumulator, k int, filter func(int) bool) []candidate {
	lows := acc.lows[:0] // a min-heap of the k largest lower bounds
	for _, d := range acc.touched {
		lo := acc.tf[d] * (1 - boundSlack)
		acc.tf[d] = 0
		if filter != nil && !filter(int(d)) {
			acc.score[d] = -1 // not a candidate
			continue
		}
		switch {
		case len(lows) < k:
			lows = append(lows, lo)
			if len(lows) == k {
				heapifyFloats(lows)
			}
		case lo > lows[0]:
			lows[0] = lo
			siftDownFloats(lows, 0)
		}
	}
	theta := 0.0
	if len(lows) == k {
		theta = lows[0]
	}
	acc.lows = lows[:0]
	cands := acc.top[:0]
	for _, d := range acc.touched {
		if up := acc.score[d]; up >= 0 && up*(1+boundSlack) >= theta {
			cands = append(cands, candidate{doc: d})
		}
	}
	acc.top = cands[:0]
	slices.SortFunc(cands, func(a, b candidate) int { return int(a.doc - b.doc) })
	return cands
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

// setQuantized builds the quantized streams of a large index, from the
// saturated tf' of each posting (sat[t] lists term t's, in document
// order).
func (l *Lexical) setQuantized() {
	total := 0
	for _, df := range l.df {
		total += int(df)
	}
	if total < quantMinPostings || len(l.ids) == 0 {
		return
	}
	qs := &quantStream{off: make([]uint32, 0, len(l.terms)+1), b: make([]byte, 0, total*2)}
	for t := range l.terms {
		qs.off = append(qs.off, uint32(len(qs.b)))
		c := l.cursorOf(int32(t))
		prev := int32(-1)
		for c.next() {
			tf := l.tfPrime(&c)
			if !(tf > 0) {
				continue // a posting of zero-weight fields only: it scores nothing
			}
			qs.b = appendQuant(qs.b, c.doc()-prev, tf/(l.opts.K1+tf))
			prev = c.doc()
		}
	}
	qs.off = append(qs.off, uint32(len(qs.b)))
	qs.b = slices.Clip(qs.b)
	l.quant = qs
}
