package index

import (
	"math/rand/v2"
	"testing"
)

// bitHitsScalar is BitHits one id at a time.
func bitHitsScalar(bits []uint64, ids []int32) uint64 {
	var x uint64
	for j, id := range ids {
		if k := int(id >> 6); id >= 0 && k < len(bits) {
			x |= (bits[k] >> (id & 63) & 1) << (j & 63)
		}
	}
	return x
}

// TestBitHitsMatchesScalar compares BitHits (gathered where the
// processor can) with the plain test of each bit, ids within, before
// and past the end of the bits, at every length up to 64.
func TestBitHitsMatchesScalar(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		words := r.IntN(40)
		bits := make([]uint64, words)
		for i := range bits {
			bits[i] = r.Uint64() & r.Uint64()
		}
		ids := make([]int32, trial%65)
		for j := range ids {
			ids[j] = int32(r.IntN(words*64+200)) - 20
		}
		if got, want := BitHits(bits, ids), bitHitsScalar(bits, ids); got != want {
			t.Fatalf("trial %d (%d words, %d ids, gather %v): %064b, want %064b", trial, words, len(ids), gatherBits, got, want)
		}
	}
}
