// Package ranksort sorts short slices (at most [Max] values) by counting:
// a value's place in the sorted slice is the number of values below it,
// which a SIMD kernel counts for every value without a branch on the
// data. Sorting by comparisons mispredicts about half its branches on
// data it has not seen; at a few hundred values, counting (n² compares,
// sixteen or thirty-two a step) costs less. Where the processor lacks the
// kernel (or for longer slices) the functions sort with package slices;
// either way the result is the sorted slice.
package ranksort

import (
	"cmp"
	"slices"
	"sync"
)

// Max is the longest slice that the kernel sorts; Min the shortest worth
// it (insertion sort costs less below).
const (
	Max = 256
	Min = 12
)

// block is the kernel's number of keys a step: slices are padded to it.
const block = 32

// Slots is the length of keys and ranks that CountBelow may read and
// write for up to Max keys.
const Slots = Max + block

// Available reports whether the kernel runs here.
var Available = kernel != nil

// CountBelow sets ranks[i] to the number of keys[:n] below keys[i], for
// every i < Padded(n): keys holds Padded(n) keys (those past n are
// padding), ranks at least as many; n ≤ Max. Only where Available.
func CountBelow(keys []int64, n int, ranks []int64) {
	p := Padded(n)
	kernel(keys[:p:p], n, ranks[:p:p])
}

// Padded is n rounded up to whole blocks of the kernel.
func Padded(n int) int { return (n + block - 1) &^ (block - 1) }

// scratch holds the keys, ranks and sorted keys of one sort.
type scratch struct {
	keys, ranks, sorted [Slots]int64
}

var pool = sync.Pool{New: func() any { return new(scratch) }}

// get returns a scratch for sorting n values with the kernel, or nil
// when the kernel does not sort n values here.
func get(n int) *scratch {
	if !Available || n < Min || n > Max {
		return nil
	}
	return pool.Get().(*scratch)
}

// sort returns the n keys of sc in increasing order, when they are
// distinct. (Equal keys share a place, and a place that none takes
// keeps the key that was at it: the result holds keys only.)
func (sc *scratch) sort(n int) []int64 {
	CountBelow(sc.keys[:], n, sc.ranks[:])
	copy(sc.sorted[:n], sc.keys[:n])
	for i, k := range sc.keys[:n] {
		sc.sorted[sc.ranks[i]] = k
	}
	return sc.sorted[:n]
}

// Int32s sorts s in increasing order.
func Int32s(s []int32) { sortWith(s, (*scratch).int32s) }

// Uint64s sorts s in increasing order.
func Uint64s(s []uint64) { sortWith(s, (*scratch).uint64s) }

// sortWith sorts s with kernelSort where the kernel sorts len(s) values,
// else with package slices.
func sortWith[T cmp.Ordered](s []T, kernelSort func(*scratch, []T)) {
	sc := get(len(s))
	if sc == nil {
		slices.Sort(s)
		return
	}
	kernelSort(sc, s)
	pool.Put(sc)
}

// int32s is Int32s with the kernel.
func (sc *scratch) int32s(s []int32) {
	// Each value with its index below: keys differ, so their ranks are
	// the places 0 to n-1 (equal values in index order).
	for i, v := range s {
		sc.keys[i] = int64(v)<<32 | int64(i)
	}
	for i, k := range sc.sort(len(s)) {
		s[i] = int32(k >> 32)
	}
}

// uint64s is Uint64s with the kernel. It counts for slices of distinct
// values (equal values would share a place); when the counted order is
// not strictly increasing, s held equal values, and it sorts them with
// package slices instead.
func (sc *scratch) uint64s(s []uint64) {
	for i, v := range s {
		sc.keys[i] = int64(v ^ 1<<63) // signed order is the unsigned one
	}
	for i, k := range sc.sort(len(s)) {
		s[i] = uint64(k) ^ 1<<63
	}
	// n values, strictly increasing, each one of the input's: the input
	// held n distinct values, and this is their order. Else some place
	// was written twice and another kept a stale value.
	for i := 1; i < len(s); i++ {
		if s[i-1] >= s[i] {
			for j, k := range sc.keys[:len(s)] {
				s[j] = uint64(k) ^ 1<<63
			}
			slices.Sort(s)
			return
		}
	}
}
