package dupes

import (
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
type vocabulary struct {
	id map[uint64]int32
	df []int32
}

// number gives each key of b its id, adding the keys it does not know
// when add is set (unknown keys get −1 otherwise).
func (v *vocabulary) number(b bag, add bool) counted {
	c := counted{ids: make([]int32, len(b.keys)), tf: b.tf}
	for x, k := range b.keys {
		id, ok := v.id[k]
		if !ok {
			id = -1
			if add {
				id = int32(len(v.df))
				v.id[k] = id
				v.df = append(v.df, 0)
			}
		}
		c.ids[x] = id
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
