// Package prefetch asks the processor to bring memory into its caches
// before it is read: a search reads a few hundred bytes here and there
// in megabytes of tables (the rows of the local embedder's U, an entry's
// gram sets), and without a hint each of those cache misses waits for
// the one before it. The hints read nothing and change no result; where
// the processor has no such instruction they do nothing.
package prefetch

import "unsafe"

// Slice asks for the cache lines of s.
func Slice[T any](s []T) {
	if len(s) > 0 {
		Bytes(unsafe.Pointer(unsafe.SliceData(s)), len(s)*int(unsafe.Sizeof(s[0])))
	}
}

// Bytes asks for the cache lines of the n bytes at p.
func Bytes(p unsafe.Pointer, n int) {
	if n > 0 {
		bytes(p, n)
	}
}

// Rows asks for the cache lines of rows idx of the matrix m, of row
// values a row: each of idx must be a row of m.
func Rows[T any](m []T, row int, idx []int32) {
	if len(m) > 0 && row > 0 && len(idx) > 0 {
		rows(unsafe.Pointer(unsafe.SliceData(m)), row*int(unsafe.Sizeof(m[0])), idx)
	}
}
