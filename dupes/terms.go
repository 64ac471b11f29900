package dupes

import (
	"cmp"
	"slices"

	"github.com/soudan-desk/soudan/corpus"
	"github.com/soudan-desk/soudan/index"
)

// A term of the paraphrase channel is a 64-bit key: its top two bits say
// what it is, the rest identify it. Keys instead of strings keep the
// analysis of 100,000 entries from allocating a string per bigram.
const (
	gramTag = 1 << 62 // a character bigram: its two runes (the second 0 for a one-letter run)
	wordTag = 2 << 62 // a word of the engine's analysis: its hash
	keyBits = 1<<62 - 1
)

// gramKey is the key of the bigram ab.
func gramKey(a, b rune) uint64 { return gramTag | uint64(a)<<21 | uint64(b) }

// wordKey is the key of a word: FNV-1a of its bytes, mixed.
func wordKey(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); i++ {
		h ^= uint64(w[i])
		h *= 1099511628211
	}
	return wordTag | index.Mix64(h)&keyBits
}

// appendGrams appends the keys of the character bigrams of a normalised
// text, as the engine's bigram signal cuts them ([index.Bigrams]).
func appendGrams(out []uint64, normalized string) []uint64 {
	index.EachBigram(normalized, func(a, b rune) { out = append(out, gramKey(a, b)) })
	return out
}

// lineKeys analyses a question line as the engine's examples signal does:
// its words, and its bigrams.
func (s *signals) lineKeys(line string) []uint64 {
	ws := s.words(line)
	out := make([]uint64, 0, len(ws)+len(line)/3+1)
	for _, w := range ws {
		out = append(out, wordKey(w))
	}
	return appendGrams(out, corpus.Normalize(line))
}

// bag is a multiset of terms: distinct keys, ascending, with their counts.
type bag struct {
	keys []uint64
	tf   []int32
}

// bagOf counts keys (sorted in place).
func bagOf(keys []uint64) bag {
	slices.Sort(keys)
	var b bag
	for x := 0; x < len(keys); {
		y := x + 1
		for y < len(keys) && keys[y] == keys[x] {
			y++
		}
		b.keys = append(b.keys, keys[x])
		b.tf = append(b.tf, int32(y-x))
		x = y
	}
	return b
}

// counted is a bag once its terms are numbered: term ids (in the order of
// the bag's keys, so not ascending) and their counts.
type counted struct {
	ids []int32
	tf  []int32
}

// vocabulary numbers term keys and counts how many entries hold each.
// It is sharded by key so that several workers number one batch of
// entries at once; a key's id is its number within its shard times the
// number of shards plus the shard. Once every entry is counted, finish
// renumbers the terms by ascending document frequency.
type vocabulary struct {
	shards []vocabShard
	// rank maps a shard id to the final term id (−1 for ids no shard
	// gave); df is the final terms' document frequency, ascending.
	rank []int32
	df   []int32
}

type vocabShard struct {
	id   map[uint64]int32 // key → number within the shard
	df   []int32
	last []int32 // the last entry counted in df
}

func newVocabulary(shards int) vocabulary {
	v := vocabulary{shards: make([]vocabShard, max(shards, 1))}
	for w := range v.shards {
		v.shards[w].id = map[uint64]int32{}
	}
	return v
}

func (v *vocabulary) shardOf(k uint64) int { return int(index.Mix64(k) % uint64(len(v.shards))) }

// numberShard numbers, in shard w, the keys of w in bags (entries
// first, first+1, …), writing their ids into out[x] at the keys'
// positions and counting each term once per entry.
func (v *vocabulary) numberShard(w int, first int32, bags []bag, out []counted) {
	sh := &v.shards[w]
	ns := int32(len(v.shards))
	for x, b := range bags {
		entry := first + int32(x)/2 // two bags per entry: questions, answer
		for pos, k := range b.keys {
			if v.shardOf(k) != w {
				continue
			}
			id, ok := sh.id[k]
			if !ok {
				id = int32(len(sh.df))
				sh.id[k] = id
				sh.df = append(sh.df, 0)
				sh.last = append(sh.last, -1)
			}
			if sh.last[id] != entry {
				sh.last[id] = entry
				sh.df[id]++
			}
			out[x].ids[pos] = id*ns + int32(w)
		}
	}
}

// finish ranks the terms by ascending document frequency (ties by id),
// so that an entry's terms sorted by id come rarest first.
func (v *vocabulary) finish() {
	ns := len(v.shards)
	var ids []int32
	dfOf := func(id int32) int32 { return v.shards[int(id)%ns].df[int(id)/ns] }
	for w := range v.shards {
		v.shards[w].last = nil
		for local := range v.shards[w].df {
			ids = append(ids, int32(local*ns+w))
		}
	}
	slices.SortFunc(ids, func(a, b int32) int {
		if c := cmp.Compare(dfOf(a), dfOf(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	size := 0
	for w := range v.shards {
		size = max(size, len(v.shards[w].df)*ns)
	}
	v.rank = make([]int32, size)
	for i := range v.rank {
		v.rank[i] = -1
	}
	v.df = make([]int32, len(ids))
	for r, id := range ids {
		v.rank[id] = int32(r)
		v.df[r] = dfOf(id)
	}
}

// lookup numbers a draft's bag with the final ids; keys the corpus does
// not hold are left out.
func (v *vocabulary) lookup(b bag) counted {
	var c counted
	ns := int32(len(v.shards))
	for x, k := range b.keys {
		w := v.shardOf(k)
		if local, ok := v.shards[w].id[k]; ok {
			c.ids = append(c.ids, v.rank[local*ns+int32(w)])
			c.tf = append(c.tf, b.tf[x])
		}
	}
	return c
}

// subset numbers a bag whose keys all occur in the numbered bag of
// (keys, ids): a question line within all of an entry's question lines.
func subset(b bag, keys []uint64, ids []int32) counted {
	c := counted{ids: make([]int32, len(b.keys)), tf: b.tf}
	for x, k := range b.keys {
		i, _ := slices.BinarySearch(keys, k)
		c.ids[x] = ids[i]
	}
	return c
}
