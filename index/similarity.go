package index

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/soudan-desk/soudan/corpus"
)

// The text similarity maths of soudan, in one place: the duplicate finder
// (package dupes), the engine's collapsing of near-identical results
// (package retrieval) and the insights' grouping of queries use these.

// Compact returns s [corpus.Normalize]d with every space removed: the text
// that shingles are taken from.
func Compact(s string) string { return CompactNorm(corpus.Normalize(s)) }

// CompactNorm is Compact(s) for norm = corpus.Normalize(s): norm with
// every space removed.
func CompactNorm(norm string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, norm)
}

// Mix64 is the splitmix64 finaliser: a fast bijective mixer.
func Mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// HashRunes hashes a window of runes to 64 bits (FNV-1a, then Mix64).
func HashRunes(rs []rune) uint64 {
	h := uint64(14695981039346656037)
	for _, r := range rs {
		h ^= uint64(r)
		h *= 1099511628211
	}
	return Mix64(h)
}

// Shingles returns the distinct hashed character k-grams of text, sorted.
// A non-empty text shorter than k yields one shingle, the whole text.
func Shingles(text string, k int) []uint64 { return ShinglesOf([]rune(text), k) }

// ShinglesOf is Shingles of a text already split into runes.
func ShinglesOf(rs []rune, k int) []uint64 {
	if len(rs) == 0 {
		return nil
	}
	if len(rs) < k {
		return []uint64{HashRunes(rs)}
	}
	hp := hashPool.Get().(*[]uint64)
	hs := (*hp)[:0]
	for i := 0; i+k <= len(rs); i++ {
		hs = append(hs, HashRunes(rs[i:i+k]))
	}
	out := make([]uint64, len(hs))
	sortHashesInto(out, hs)
	*hp = hs
	hashPool.Put(hp)
	return slices.Compact(out)
}

// hashPool holds ShinglesOf's hashes before they are sorted.
var hashPool = sync.Pool{New: func() any { return new([]uint64) }}

// Intersect counts the common elements of two sorted sets. The merge
// steps without branches on the comparisons (which a random pair of sets
// makes unpredictable): about 1.5× faster on shingle sets. Large sets are
// cut in two at a value, and the two halves are merged side by side in
// one loop, so that the processor overlaps the two chains of dependent
// steps.
func Intersect[T cmp.Ordered](a, b []T) int { return IntersectAtLeast(a, b, 0) }

// IntersectAtLeast is Intersect when the count is at least need, and −1
// otherwise; it stops as soon as the elements left cannot make up need.
func IntersectAtLeast[T cmp.Ordered](a, b []T, need int) int {
	if len(a) < 32 || len(b) < 32 {
		if n, _, _ := mergeSteps(a, b, 0, 0, 0); n >= need {
			return n
		}
		return -1
	}
	m := len(a) / 2
	k := lowerBoundNear(b, a[m], m*len(b)/len(a))
	a1, b1, a2, b2 := a[:m], b[:k], a[m:], b[k:]
	n1, i1, j1, n2, i2, j2 := 0, 0, 0, 0, 0, 0
	for steps := 0; steps == 0; {
		// The most common elements the rest can hold.
		if n1+n2+min(len(a1)-i1, len(b1)-j1)+min(len(a2)-i2, len(b2)-j2) < need {
			return -1
		}
		for steps = 64; steps > 0 && i1 < len(a1) && j1 < len(b1) && i2 < len(a2) && j2 < len(b2); steps-- {
			x1, y1, x2, y2 := a1[i1], b1[j1], a2[i2], b2[j2]
			d1, e1, d2, e2 := 0, 0, 0, 0
			if x1 <= y1 {
				d1 = 1
			}
			if y1 <= x1 {
				e1 = 1
			}
			if x2 <= y2 {
				d2 = 1
			}
			if y2 <= x2 {
				e2 = 1
			}
			n1 += d1 & e1
			n2 += d2 & e2
			i1, j1, i2, j2 = i1+d1, j1+e1, i2+d2, j2+e2
		}
	}
	n1, _, _ = mergeSteps(a1, b1, n1, i1, j1)
	n2, _, _ = mergeSteps(a2, b2, n2, i2, j2)
	if n1+n2 < need {
		return -1
	}
	return n1 + n2
}

// lowerBoundNear is the index of the first element of the sorted s not
// below v, searched from guess outwards in growing steps: when guess is
// close, as it is for the middle of two sets of hashes, the search reads
// a few neighbouring elements instead of a binary search's scattered ones.
func lowerBoundNear[T cmp.Ordered](s []T, v T, guess int) int {
	lo, hi := guess, guess // the answer lies in [lo, hi]
	for step := 1; lo > 0 && s[lo-1] >= v; step *= 2 {
		hi, lo = lo-1, max(0, lo-step)
	}
	for step := 1; hi < len(s) && s[hi] < v; step *= 2 {
		lo, hi = hi+1, min(len(s), hi+step)
	}
	at, _ := slices.BinarySearch(s[lo:hi], v)
	return lo + at
}

// mergeSteps continues the merge of a and b from a[i] and b[j] with n
// common elements counted, to the end of either.
func mergeSteps[T cmp.Ordered](a, b []T, n, i, j int) (int, int, int) {
	for i < len(a) && j < len(b) {
		x, y := a[i], b[j]
		di, dj := 0, 0
		if x <= y {
			di = 1
		}
		if y <= x {
			dj = 1
		}
		n += di & dj
		i += di
		j += dj
	}
	return n, i, j
}

// Jaccard returns |a∩b| / |a∪b| of two sorted sets (0 when both are empty).
func Jaccard(a, b []uint64) float64 {
	inter := Intersect(a, b)
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// Containment returns |a∩b| / min(|a|,|b|) of two sorted sets: how much of
// the smaller set lies in the larger (0 when either is empty).
func Containment(a, b []uint64) float64 {
	m := min(len(a), len(b))
	if m == 0 {
		return 0
	}
	return float64(Intersect(a, b)) / float64(m)
}

// Unit returns a copy of v scaled to unit length (a zero vector stays zero).
func Unit(v []float32) []float32 { return normalize(append([]float32(nil), v...)) }
