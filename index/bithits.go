package index

// BitHits returns, for each j below len(ids) (at most 64), bit j set
// when bits holds ids[j] (bit id%64 of bits[id/64]; an id past the end
// of bits, or negative, is not held). The confidence's and
// the re-ranking's example similarity tests an entry's grams against a
// query's this way, eight at a time where the processor gathers them.
func BitHits(bits []uint64, ids []int32) uint64 {
	n := 0
	var x uint64
	if gatherBits && len(ids) >= 8 && len(bits) < 1<<25 {
		n = len(ids) &^ 7
		x = bitHitsAVX2(bits, ids[:n])
	}
	for j := n; j < len(ids); j++ {
		id := ids[j]
		if k := int(id >> 6); id >= 0 && k < len(bits) {
			x |= (bits[k] >> (id & 63) & 1) << (j & 63)
		}
	}
	return x
}
