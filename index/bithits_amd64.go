//go:build amd64 && !purego

package index

// gatherBits tells whether BitHits gathers eight bits at a time (AVX2).
var gatherBits = hasAVX2FMA

// bitHitsAVX2 is BitHits for len(ids) a multiple of 8, at most 64, and
// len(bits) below 2²⁵.
//
//go:noescape
func bitHitsAVX2(bits []uint64, ids []int32) uint64
