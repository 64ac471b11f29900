//go:build !amd64 || purego

package index

// gatherBits is false: BitHits tests one bit at a time.
const gatherBits = false

// bitHitsAVX2 is never called.
func bitHitsAVX2(bits []uint64, ids []int32) uint64 { panic("index: no gather") }
