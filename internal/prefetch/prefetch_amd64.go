//go:build amd64 && !purego

package prefetch

import "unsafe"

// bytes issues PREFETCHT0 for each cache line of the n bytes at p (n > 0).
//
//go:noescape
func bytes(p unsafe.Pointer, n int)

// rows issues PREFETCHT0 for each cache line of rows idx, of size bytes
// each, of the matrix at base (size > 0, idx not empty).
//
//go:noescape
func rows(base unsafe.Pointer, size int, idx []int32)
