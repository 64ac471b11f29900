package retrieval

import (
	"slices"

	"github.com/soudan-desk/soudan/index"
)

// docTermSets hold, for every document of one index, the IDs of the
// terms it holds, sorted: the lexical support of a candidate (share) then
// searches them, where the index would decode its forward entry (a
// varint a term) for every candidate of every search. An engine keeps
// them for its bigram and readings indexes up to keepAnalysesMax entries
// (4 bytes a term of a document); a larger one asks the index.
type docTermSets struct {
	off []int32 // document d's terms are ids[off[d]:off[d+1]]
	ids []int32
}

// newDocTermSets reads every document's terms from l; nil for a nil l.
func newDocTermSets(l *index.Lexical) *docTermSets {
	if l == nil {
		return nil
	}
	s := &docTermSets{off: make([]int32, l.Len()+1)}
	for d := range l.Len() {
		s.ids = l.AppendDocTerms(s.ids, d)
		s.off[d+1] = int32(len(s.ids))
	}
	s.ids = slices.Clip(s.ids)
	return s
}

// held counts the ids, sorted, that document doc holds.
func (s *docTermSets) held(doc int, ids []int32) int {
	terms := s.ids[s.off[doc]:s.off[doc+1]]
	n := 0
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
