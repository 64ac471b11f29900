package dupes

import "math/bits"

// shingleMap is a bitmap of a shingle set: bit h>>51 of each shingle h
// (8,192 bits; shingles are hashes, spread over their range). It bounds
// the common shingles of two sets without merging them: every common
// shingle sets a bit in both maps, and the common shingles that share a
// bit with another one are at most the shingles of either set that do.
type shingleMap struct {
	bits  [128]uint64
	extra int32 // shingles that found their bit already set
}

// minMapped is the smallest set given a map: below it a set has too few
// shingles for the bound to matter much.
const minMapped = 64

// newShingleMap maps a sorted shingle set; nil for a small set.
func newShingleMap(shingles []uint64) *shingleMap {
	if len(shingles) < minMapped {
		return nil
	}
	m := &shingleMap{}
	for _, h := range shingles {
		w, b := h>>57, h>>51&63
		if m.bits[w]&(1<<b) != 0 {
			m.extra++
		}
		m.bits[w] |= 1 << b
	}
	return m
}

// commonBound is at least the number of shingles the sets of a and b
// share.
func (a *shingleMap) commonBound(b *shingleMap) int {
	n := 0
	for w := range a.bits {
		n += bits.OnesCount64(a.bits[w] & b.bits[w])
	}
	return n + int(min(a.extra, b.extra))
}
