package dupes

import (
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
