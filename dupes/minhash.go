package dupes

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/soudan-desk/soudan/index"
)

// MinHasher computes MinHash signatures by one-permutation hashing: each
// shingle is hashed once (splitmix64 of the shingle and a seeded key) and
// falls into one of n bins by its hash; a bin keeps the least hash that
// fell into it. Each bin is the minimum of a random part of the set, so
// the fraction of bins where two signatures agree estimates the Jaccard
// similarity of the sets, as with n hash functions, at the cost of one
// hash per shingle instead of n. Empty bins (short texts) are filled by
// rotation densification (Shrivastava and Li, "Densifying one permutation
// hashing via rotation for fast near neighbor search", ICML 2014): an
// empty bin takes a hash of the next non-empty bin to its right and of
// the distance to it, so two sets agree on a filled bin exactly when they
// agree on the bin it was filled from and on the distance.
// A MinHasher is immutable and safe for concurrent use.
type MinHasher struct {
	bins int
	key  uint64
}

// NewMinHasher returns a MinHasher of n bins drawn from seed. The same n
// and seed always give the same signatures.
func NewMinHasher(n int, seed uint64) *MinHasher {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return &MinHasher{bins: n, key: r.Uint64()}
}

// Size is the signature's length, the number of bins.
func (m *MinHasher) Size() int { return m.bins }

// empty marks a bin that no shingle fell into.
const empty = math.MaxUint64

// Signature returns the MinHash signature of a shingle set. The signature
// of an empty set is all MaxUint64.
func (m *MinHasher) Signature(shingles []uint64) []uint64 {
	k := m.bins
	sig := make([]uint64, k)
	for i := range sig {
		sig[i] = empty
	}
	if k == 0 || len(shingles) == 0 {
		return sig
	}
	for _, x := range shingles {
		h := index.Mix64(x ^ m.key)
		bin := int((h >> 32) * uint64(k) >> 32)
		sig[bin] = min(sig[bin], h&^(1<<63)) // below empty
	}
	// Densify: walk leftwards from a non-empty bin, so that each empty
	// bin knows the next non-empty bin to its right and the distance.
	start := 0
	for sig[start] == empty {
		start++
	}
	src, d := sig[start], 0
	for n := 1; n < k; n++ {
		i := (start - n + k) % k
		if sig[i] != empty {
			src, d = sig[i], 0
			continue
		}
		d++
		sig[i] = index.Mix64(src^uint64(d)*0x9e3779b97f4a7c15) | 1<<63
	}
	return sig
}

// EstimateJaccard is the fraction of positions where two signatures agree.
func EstimateJaccard(s, t []uint64) float64 {
	if len(s) == 0 || len(s) != len(t) {
		return 0
	}
	n := 0
	for i := range s {
		if s[i] == t[i] {
			n++
		}
	}
	return float64(n) / float64(len(s))
}

// bandKeys returns one bucket key per band of sig: a hash of the band's rows
// and its index.
func bandKeys(sig []uint64, bands int) []uint64 {
	rows := len(sig) / bands
	keys := make([]uint64, bands)
	for b := range bands {
		h := index.Mix64(uint64(b) + 0x51ed27)
		for _, v := range sig[b*rows : (b+1)*rows] {
			h = index.Mix64(h ^ v)
		}
		keys[b] = h
	}
	return keys
}

// keyed is a bucket key and a document.
type keyed struct {
	key uint64
	doc int32
}

func compareKeyed(x, y keyed) int {
	if c := cmp.Compare(x.key, y.key); c != 0 {
		return c
	}
	return cmp.Compare(x.doc, y.doc)
}

// LSH is a banded locality-sensitive index over MinHash signatures.
type LSH struct {
	bands int
	// buckets holds (key, doc) sorted by key, per band.
	buckets [][]keyed
}

// NewLSH indexes signatures (index = document number) in bands bands.
// Documents with skip[i] set are left out (empty texts).
func NewLSH(sigs [][]uint64, bands int, skip func(i int) bool) *LSH {
	l := &LSH{bands: bands, buckets: make([][]keyed, bands)}
	keys := make([][]uint64, len(sigs))
	parallelFor(len(sigs), func(i int) {
		if skip == nil || !skip(i) {
			keys[i] = bandKeys(sigs[i], bands)
		}
	})
	n := 0
	for _, k := range keys {
		if k != nil {
			n++
		}
	}
	parallelFor(bands, func(b int) {
		l.buckets[b] = sortedKeyed(n, func(yield func(keyed) bool) {
			for i, k := range keys {
				if k != nil && !yield(keyed{k[b], int32(i)}) {
					return
				}
			}
		})
	})
	return l
}

// Pairs calls emit for every pair of documents that share a bucket in some
// band (possibly more than once). Buckets holding more than maxBucket
// documents only link neighbours, which keeps the work linear and still
// puts them in one cluster.
func (l *LSH) Pairs(maxBucket int, emit func(band int, i, j int32)) {
	for b, col := range l.buckets {
		for s := 0; s < len(col); {
			e := s + 1
			for e < len(col) && col[e].key == col[s].key {
				e++
			}
			if e-s > maxBucket {
				for x := s; x+1 < e; x++ {
					emit(b, col[x].doc, col[x+1].doc)
				}
			} else {
				for x := s; x < e; x++ {
					for y := x + 1; y < e; y++ {
						emit(b, col[x].doc, col[y].doc)
					}
				}
			}
			s = e
		}
	}
}

// Query returns the documents sharing at least one bucket with sig.
func (l *LSH) Query(sig []uint64) []int32 {
	var out []int32
	for b, key := range bandKeys(sig, l.bands) {
		col := l.buckets[b]
		i, _ := slices.BinarySearchFunc(col, key, func(x keyed, k uint64) int {
			switch {
			case x.key < k:
				return -1
			case x.key > k:
				return 1
			}
			return 0
		})
		for ; i < len(col) && col[i].key == key; i++ {
			out = append(out, col[i].doc)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
