package retrieval

import (
	"slices"

	"github.com/soudan-desk/soudan/index"
)

// docTermSets hold, for every document of one index, the terms it
// holds, so that the lexical support of a candidate (share) reads them at
// once, where the index would decode its forward entry (a varint a term)
// for every candidate of every search: as a bit a term of the index when
// that takes at most docTermBitsMax bytes (a small manual), else as the
// document's term IDs, sorted (4 bytes a term of a document). An engine
// keeps them for its bigram and readings indexes up to keepAnalysesMax
// entries (10.5 MB for both over the synthetic corpus of 10,000 entries);
// a larger one asks the index.
type docTermSets struct {
	// bits holds words uint64 a document: bit t of document d's row is
	// set when d holds term t (nil when the rows would be too large).
	bits  []uint64
	words int
	off   []int32 // else document d's terms are ids[off[d]:off[d+1]]
	ids   []int32
}

// docTermBitsMax bounds the bit rows of one index: 4 MiB, 32 Mi
// document-term pairs (the default manual: 139 entries × 7,037 bigrams,
// 122 KB).
var docTermBitsMax = 4 << 20

// newDocTermSets reads every document's terms from l; nil for a nil l.
func newDocTermSets(l *index.Lexical) *docTermSets {
	if l == nil {
		return nil
	}
	n, words := l.Len(), (l.NumTerms()+63)/64
	if n*words*8 <= docTermBitsMax {
		s := &docTermSets{bits: make([]uint64, n*words), words: words}
		var terms []int32
		for d := range n {
			row := s.bits[d*words : (d+1)*words]
			terms = l.AppendDocTerms(terms[:0], d)
			for _, t := range terms {
				row[t>>6] |= 1 << (t & 63)
			}
		}
		return s
	}
	s := &docTermSets{off: make([]int32, n+1)}
	for d := range n {
		s.ids = l.AppendDocTerms(s.ids, d)
		s.off[d+1] = int32(len(s.ids))
	}
	s.ids = slices.Clip(s.ids)
	return s
}

// held counts the ids, sorted, that document doc holds.
func (s *docTermSets) held(doc int, ids []int32) int {
	n := 0
	if s.bits != nil {
		row := s.bits[doc*s.words : (doc+1)*s.words]
		for _, id := range ids {
			if id >= 0 && int(id>>6) < len(row) {
				n += int(row[id>>6] >> (id & 63) & 1)
			}
		}
		return n
	}
	terms := s.ids[s.off[doc]:s.off[doc+1]]
	for _, id := range ids {
		if id < 0 {
			continue
		}
		i, found := slices.BinarySearch(terms, id)
		if found {
			n++
		}
		terms = terms[i:]
	}
	return n
}

// share returns the share of the distinct terms, given by their IDs in
// l (sorted), that document doc holds: from terms when the engine keeps
// them (docTermSets), else from l.
func share(l *index.Lexical, terms *docTermSets, doc int, ids []int32) float64 {
	if len(ids) == 0 {
		return 0
	}
	held := 0
	if terms != nil {
		held = terms.held(doc, ids)
	} else {
		for _, h := range l.HoldingIDs(doc, ids, nil) {
			if h {
				held++
			}
		}
	}
	return float64(held) / float64(len(ids))
}
