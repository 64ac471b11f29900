//go:build amd64 && !purego

package index

// hasRankKernel reports whether countBelow runs here: it needs AVX2,
// which the processors with hasAVX2FMA have.
var hasRankKernel = hasAVX2FMA

// countBelowAVX2 sets ranks[i] to the number of keys[:n] below keys[i]
// (as signed integers), for every i < len(keys): sixteen keys at a time
// against each of the n, with no branch on the keys. len(keys) is a
// multiple of 16 and len(ranks) ≥ len(keys).
//
//go:noescape
func countBelowAVX2(keys []int64, n int, ranks []int64)

// countBelow is countBelowAVX2.
func countBelow(keys []int64, n int, ranks []int64) {
	countBelowAVX2(keys, n, ranks)
}
