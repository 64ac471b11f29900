//go:build !amd64 || purego

package index

// hasRankKernel is false: candidates are sorted by comparisons.
const hasRankKernel = false

// countBelow is never called without the kernel.
func countBelow(keys []int64, n int, ranks []int64) {
	panic("index: no rank kernel on this platform")
}
