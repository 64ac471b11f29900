package dupes

import (
	"iter"
	"math/bits"
	"slices"
	"sync"
)

// sortedKeyed returns the n pairs that all yields, sorted by key, then by
// document: exactly what slices.SortFunc with compareKeyed gives, faster.
// all is walked twice and must yield the same n pairs both times. The
// keys are hashes, spread evenly over their range, so counting passes on
// their top bits put each pair in a bucket of a few, and the buckets are
// then sorted on their own; a bucket that is not small (keys that are
// not spread) is sorted with slices.SortFunc, so any input stays
// O(n log n). A large input is first cut into 1,024 parts by the top 10
// bits, so that each part's buckets are filled within the cache.
func sortedKeyed(n int, all iter.Seq[keyed]) []keyed {
	out := make([]keyed, n)
	const coarse, small = 10, 1 << 15
	if n < small {
		sortBuckets(out, all, 0)
		return out
	}
	ends := scatter(out, all, 0, coarse)
	var scratch []keyed
	lo := int32(0)
	for _, hi := range ends {
		scratch = append(scratch[:0], out[lo:hi]...)
		sortBuckets(out[lo:hi], slices.Values(scratch), coarse)
		lo = hi
	}
	return out
}

// scatter places the pairs of src into dst (of their number) by b bits of
// their keys, those below the top skip bits, and returns where each
// bucket ends.
func scatter(dst []keyed, src iter.Seq[keyed], skip, b int) []int32 {
	count := make([]int32, 1<<b+1)
	for x := range src {
		count[x.key<<skip>>(64-b)+1]++
	}
	for i := 1; i < len(count); i++ {
		count[i] += count[i-1]
	}
	for x := range src {
		at := &count[x.key<<skip>>(64-b)]
		dst[*at] = x
		*at++
	}
	// count[k] now ends bucket k, and so starts bucket k+1.
	return count[:1<<b]
}

// sortBuckets places the pairs of src into dst sorted, given that their
// keys agree on the top skip bits.
func sortBuckets(dst []keyed, src iter.Seq[keyed], skip int) {
	b := max(0, bits.Len(uint(len(dst)))-1) // 2^b ≤ n: about one to two pairs a bucket
	lo := int32(0)
	for _, hi := range scatter(dst, src, skip, min(b, 64-skip)) {
		if s := dst[lo:hi]; len(s) > 16 {
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
}

// keyedLess orders as compareKeyed.
func keyedLess(x, y keyed) bool { return x.key < y.key || x.key == y.key && x.doc < y.doc }

// sortIDs sorts term ids (not negative) in place: exactly what
// slices.Sort gives, faster for the hundreds of ids of an answer. A long
// list is sorted by its ids' bytes, lowest first (a least significant
// digit radix sort), through a pooled buffer.
func sortIDs(ids []int32) {
	if len(ids) < 128 {
		slices.Sort(ids)
		return
	}
	top := slices.Max(ids)
	bp := idPool.Get().(*[]int32)
	buf := slices.Grow((*bp)[:0], len(ids))[:len(ids)]
	src, dst := ids, buf
	for shift := 0; shift < 32 && top>>shift > 0; shift += 8 {
		var count [257]int32
		for _, id := range src {
			count[(id>>shift)&0xff+1]++
		}
		for d := 1; d < len(count); d++ {
			count[d] += count[d-1]
		}
		for _, id := range src {
			at := &count[(id>>shift)&0xff]
			dst[*at] = id
			*at++
		}
		src, dst = dst, src
	}
	if &src[0] != &ids[0] {
		copy(ids, src)
	}
	*bp = buf
	idPool.Put(bp)
}

// idPool holds sortIDs' buffers.
var idPool = sync.Pool{New: func() any { return new([]int32) }}
