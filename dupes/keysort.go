package dupes

import (
	"iter"
	"math/bits"
	"slices"
)

// sortedKeyed returns the n pairs that all yields, sorted by key, then by
// document: exactly what slices.SortFunc with compareKeyed gives, faster.
// all is walked twice and must yield the same n pairs both times. The
// keys are hashes, spread evenly over their range, so one counting pass
// on their top bits puts each pair in a bucket of a few, and the buckets
// are then sorted on their own; a bucket that is not small (keys that
// are not spread) is sorted with slices.SortFunc, so any input stays
// O(n log n).
func sortedKeyed(n int, all iter.Seq[keyed]) []keyed {
	b := max(0, bits.Len(uint(n))-1) // 2^b ≤ n: about one to two pairs a bucket
	shift := 64 - b
	bucket := func(key uint64) uint64 {
		if b == 0 {
			return 0
		}
		return key >> shift
	}
	count := make([]int32, 1<<b+1)
	for x := range all {
		count[bucket(x.key)+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	out := make([]keyed, n)
	for x := range all {
		at := &count[bucket(x.key)]
		out[*at] = x
		*at++
	}
	// count[k] now ends bucket k, and so starts bucket k+1.
	lo := int32(0)
	for _, hi := range count[:1<<b] {
		if s := out[lo:hi]; len(s) > 16 {
			slices.SortFunc(s, compareKeyed)
		} else {
			for i := 1; i < len(s); i++ {
				x, j := s[i], i
				for ; j > 0 && keyedLess(x, s[j-1]); j-- {
					s[j] = s[j-1]
				}
				s[j] = x
			}
		}
		lo = hi
	}
	return out
}

// keyedLess orders as compareKeyed.
func keyedLess(x, y keyed) bool { return x.key < y.key || x.key == y.key && x.doc < y.doc }
