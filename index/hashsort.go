package index

import (
	"math/bits"
	"slices"
	"sync"
)

// sortHashesInto writes src into dst (of the same length) in ascending
// order: exactly what slices.Sort gives, faster for hashes. Well-mixed
// hashes spread evenly over their range, so one counting pass on their
// top bits puts each in a bucket of a few, and the buckets are then
// sorted on their own; a bucket that is not small (hashes that are not
// spread) is sorted with slices.Sort, so any input stays O(n log n).
func sortHashesInto(dst, src []uint64) {
	n := len(src)
	if n < 64 {
		copy(dst, src)
		slices.Sort(dst)
		return
	}
	b := bits.Len(uint(n)) - 1 // 2^b ≤ n: about one to two hashes a bucket
	shift := 64 - b
	cp := bucketPool.Get().(*[]int32)
	count := slices.Grow((*cp)[:0], 1<<b+1)[:1<<b+1]
	clear(count)
	for _, h := range src {
		count[h>>shift+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	for _, h := range src {
		at := &count[h>>shift]
		dst[*at] = h
		*at++
	}
	// count[k] now ends bucket k, and so starts bucket k+1.
	lo := int32(0)
	for _, hi := range count[:1<<b] {
		if s := dst[lo:hi]; len(s) > 16 {
			slices.Sort(s)
		} else {
			insertionSort(s)
		}
		lo = hi
	}
	*cp = count
	bucketPool.Put(cp)
}

// bucketPool holds the bucket counts of sortHashesInto.
var bucketPool = sync.Pool{New: func() any { return new([]int32) }}

// insertionSort sorts a few values.
func insertionSort(s []uint64) {
	for i := 1; i < len(s); i++ {
		x, j := s[i], i
		for ; j > 0 && s[j-1] > x; j-- {
			s[j] = s[j-1]
		}
		s[j] = x
	}
}
