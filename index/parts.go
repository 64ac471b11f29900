package index

import (
	"math/bits"
	"unsafe"
)

// Parts gives the terms of a text as parts, one after the other: the
// text's terms are the parts' concatenation. A part that recurs among
// texts, such as the terms of a line that many entries share, should be
// the same slice each time, so that a build resolves its terms once; a
// part must not be modified once yielded. Parts must be safe for
// concurrent use.
type Parts func(text string, yield func(part []string))

// Whole is the Parts of tokenize: each text is one part.
func Whole(tokenize func(string) []string) Parts {
	return func(text string, yield func([]string)) { yield(tokenize(text)) }
}

// Joined is the tokenizer of parts: a text's parts, concatenated.
func Joined(parts Parts) func(string) []string {
	return func(text string) []string {
		var out []string
		parts(text, func(p []string) { out = append(out, p...) })
		return out
	}
}

// partCache holds the local term IDs of the parts a shard has seen
// lately, by the address and length of the part: a part that recurs as
// the same slice (see Parts) is interned once. It is direct-mapped, and
// each entry holds its part, so that the part's memory is not reused
// while its IDs are kept.
type partCache struct {
	parts [][]string
	idsOf [][]int32
	shift uint
}

// Bounds of a partCache's entries: one for every four documents of the
// shard, a power of two.
const (
	minPartCache = 1 << 8
	maxPartCache = 1 << 14
)

// init sizes the cache for a shard of docs documents.
func (c *partCache) init(docs int) {
	n := minPartCache
	for n < maxPartCache && n < docs/4 {
		n *= 2
	}
	c.parts, c.idsOf = make([][]string, n), make([][]int32, n)
	c.shift = uint(64 - bits.TrailingZeros(uint(n)))
}

// ids returns the local IDs of the terms of part in shard b, interning
// the terms it has not seen. The slice is the cache's: read it before
// the next call.
func (c *partCache) ids(b *shard, part []string) []int32 {
	if len(part) == 0 {
		return nil
	}
	addr := uint64(uintptr(unsafe.Pointer(unsafe.SliceData(part))))
	h := ((addr >> 3) ^ uint64(len(part))) * 0x9E3779B97F4A7C15 >> c.shift
	if p := c.parts[h]; len(p) == len(part) && unsafe.SliceData(p) == unsafe.SliceData(part) {
		return c.idsOf[h]
	}
	ids := c.idsOf[h][:0]
	for _, t := range part {
		ids = append(ids, b.intern(t))
	}
	c.parts[h], c.idsOf[h] = part, ids
	return ids
}
