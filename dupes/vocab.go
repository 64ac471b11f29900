package dupes

import (
	"sync"
	"sync/atomic"

	"github.com/soudan-desk/soudan/index"
)

// vocabulary numbers the paraphrase channel's term keys and counts how
// many entries hold each term. The keys are spread over vocabParts parts
// by hash. A batch of entries is numbered part by part, so that the table
// of the part being worked on stays in the processor's cache (one table
// for 100,000 entries' bigrams does not, and every lookup would miss), and
// the parts are numbered in parallel. A key's id is its number within its
// part times vocabParts plus the part. Once every entry is counted,
// finish ranks the terms by ascending document frequency.
type vocabulary struct {
	parts [vocabParts]vocabPart
	// rank maps an id to the term's final id (−1 for an id no part gave);
	// df is the document frequency by final id, ascending.
	rank []int32
	df   []int32
}

const (
	vocabBits  = 10
	vocabParts = 1 << vocabBits
)

type vocabPart struct {
	id   keyTable // key → number within the part
	df   []int32
	last []int32 // the last entry counted in df
}

// keyTable maps term keys' hashes ([mixed], never 0) to numbers: open
// addressing on the hash's low bits with linear probing, at most half
// full. It is a Go map without the generality this hot loop does not
// need.
type keyTable struct {
	keys []uint64 // 0 for a free slot
	vals []int32
	n    int
}

func (t *keyTable) slot(k uint64) int {
	mask := len(t.keys) - 1
	i := int(k) & mask
	for t.keys[i] != 0 && t.keys[i] != k {
		i = (i + 1) & mask
	}
	return i
}

// get returns k's number.
func (t *keyTable) get(k uint64) (int32, bool) {
	if t.n == 0 {
		return 0, false
	}
	i := t.slot(k)
	return t.vals[i], t.keys[i] == k
}

// put gives k the number v; k must not be in the table.
func (t *keyTable) put(k uint64, v int32) {
	if 2*(t.n+1) > len(t.keys) {
		old, oldVals := t.keys, t.vals
		size := max(64, 2*len(old))
		t.keys, t.vals = make([]uint64, size), make([]int32, size)
		for i, ok := range old {
			if ok != 0 {
				j := t.slot(ok)
				t.keys[j], t.vals[j] = ok, oldVals[i]
			}
		}
	}
	i := t.slot(k)
	t.keys[i], t.vals[i] = k, v
	t.n++
}

// mixed is a term key's hash, by which the vocabulary files it: Mix64 is
// a bijection, so two keys have the same hash only when they are equal,
// and it maps no key but 0 to 0. Its top bits pick the part, its low bits
// the slot in the part's table.
func mixed(k uint64) uint64 { return index.Mix64(k) }

func partOf(h uint64) int { return int(h >> (64 - vocabBits)) }

// occurrence is one term key's hash of a batch: the slot its id goes to,
// and the entry that holds it.
type occurrence struct {
	key         uint64
	slot, entry int32
}

// number numbers the keys of a batch of entries (entry first+x holds
// keys[x]) and counts each term once per entry. It returns the ids of all
// the keys, entry after entry, and leaves each key replaced by its hash.
func (v *vocabulary) number(keys [][]uint64, first int32, workers int) []int32 {
	occ, count := layOut(keys, first, workers)
	ids := make([]int32, len(occ))
	var next atomic.Int32
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for p := int(next.Add(1) - 1); p < vocabParts; p = int(next.Add(1) - 1) {
				v.numberPart(p, occ[count[p]:count[p+1]], ids)
			}
		})
	}
	wg.Wait()
	return ids
}

// layOut lays the occurrences of a batch's keys out part after part, in
// entry order within a part; the occurrences of part p are
// occ[count[p]:count[p+1]]. The entries are cut into one range a worker:
// each worker counts its range's keys by part, and then places them after
// those of the ranges before it, so that the layout is the one a single
// pass gives.
func layOut(keys [][]uint64, first int32, workers int) (occ []occurrence, count *[vocabParts + 1]int32) {
	workers = max(1, min(workers, len(keys)/64))
	per := (len(keys) + workers - 1) / max(workers, 1)
	start := make([]int32, workers+1) // the first slot of each range
	for w := range workers {
		n := 0
		for _, ks := range keys[w*per : min((w+1)*per, len(keys))] {
			n += len(ks)
		}
		start[w+1] = start[w] + int32(n)
	}
	part := make([]uint16, start[workers])
	counts := make([][vocabParts]int32, workers)
	onEach(workers, func(w int) {
		slot, c := start[w], &counts[w]
		for _, ks := range keys[w*per : min((w+1)*per, len(keys))] {
			for y, k := range ks {
				h := mixed(k)
				ks[y] = h
				p := partOf(h)
				part[slot] = uint16(p)
				c[p]++
				slot++
			}
		}
	})
	// fills[w][p] is where range w's first occurrence of part p goes.
	count = new([vocabParts + 1]int32)
	fills := make([][vocabParts]int32, workers)
	at := int32(0)
	for p := range vocabParts {
		count[p] = at
		for w := range workers {
			fills[w][p] = at
			at += counts[w][p]
		}
	}
	count[vocabParts] = at
	occ = make([]occurrence, at)
	onEach(workers, func(w int) {
		slot, fill := start[w], &fills[w]
		for x := w * per; x < min((w+1)*per, len(keys)); x++ {
			for _, k := range keys[x] {
				p := part[slot]
				occ[fill[p]] = occurrence{k, slot, first + int32(x)}
				fill[p]++
				slot++
			}
		}
	})
	return occ, count
}

// numberPart numbers the occurrences of part p.
func (v *vocabulary) numberPart(p int, occ []occurrence, ids []int32) {
	vp := &v.parts[p]
	for _, o := range occ {
		local, ok := vp.id.get(o.key)
		if !ok {
			local = int32(len(vp.df))
			vp.id.put(o.key, local)
			vp.df = append(vp.df, 0)
			vp.last = append(vp.last, -1)
		}
		if vp.last[local] != o.entry {
			vp.last[local] = o.entry
			vp.df[local]++
		}
		ids[o.slot] = local<<vocabBits | int32(p)
	}
}

// finish ranks the terms by ascending document frequency, ties by id (a
// counting sort), so that an entry's term ids sorted ascending come
// rarest first.
func (v *vocabulary) finish() {
	size, top := 0, int32(0)
	for p := range v.parts {
		v.parts[p].last = nil
		size = max(size, len(v.parts[p].df))
		for _, d := range v.parts[p].df {
			top = max(top, d)
		}
	}
	size <<= vocabBits
	dfOf := func(id int) int32 {
		vp := &v.parts[id&(vocabParts-1)]
		if local := id >> vocabBits; local < len(vp.df) {
			return vp.df[local]
		}
		return 0
	}
	at := make([]int32, top+2) // first final id of each document frequency
	for id := range size {
		at[dfOf(id)+1]++
	}
	at[1] = 0 // ids no part gave are not ranked
	for d := 1; d < len(at); d++ {
		at[d] += at[d-1]
	}
	v.rank = make([]int32, size)
	v.df = make([]int32, at[len(at)-1])
	for id := range size {
		d := dfOf(id)
		if d == 0 {
			v.rank[id] = -1
			continue
		}
		r := at[d]
		at[d]++
		v.rank[id], v.df[r] = r, d
	}
}

// lookup returns the final ids of a draft's keys that the corpus holds.
func (v *vocabulary) lookup(keys []uint64) []int32 {
	var ids []int32
	for _, k := range keys {
		h := mixed(k)
		p := partOf(h)
		if local, ok := v.parts[p].id.get(h); ok {
			ids = append(ids, v.rank[local<<vocabBits|int32(p)])
		}
	}
	return ids
}
