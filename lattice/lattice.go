// Package lattice segments Japanese text into morphemes over kagome's IPA
// dictionary, token for token as kagome's tokenizer does in its Normal and
// Search modes, at a fraction of its cost.
//
// kagome builds a lattice of heap nodes (one pooled object a node, a slice
// of pointers an end position), looks each prefix's duplicates up in a
// map, and walks its double array through closures. A [Lattice] holds its
// nodes in one flat array that an analysis reuses, chains the nodes that
// end at one position through indexes, reads duplicates from a flat table,
// walks the double array inline, and runs Viterbi over it in either mode
// without building it again. Everything it reads of the dictionary is
// kagome's own dict.Dict (as loaded from kagome's files or from a
// dictsnap snapshot), so both segment alike by construction;
// TestMatchesKagome and FuzzMatchesKagome check it.
package lattice

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/dict/trie"
)

// Mode is a segmentation mode, as kagome's.
type Mode int

// The modes. Search mode adds kagome's penalty to long tokens, so that
// long compounds split further.
const (
	Normal Mode = iota + 1
	Search
)

// Class is a token's class, with kagome's values (tokenizer.TokenClass).
type Class uint8

// The classes of tokens: Dummy is the beginning or end of a text, never
// returned.
const (
	Dummy Class = iota
	Known
	Unknown
)

// Token is one morpheme of a segmented text.
type Token struct {
	// ID is the morpheme's id in the dictionary (Known) or in its
	// unknown-word dictionary (Unknown).
	ID    int
	Class Class
	// Position is the byte offset of Surface in the text; Start and End
	// delimit it in runes, as kagome counts them.
	Position   int
	Start, End int
	Surface    string
}

// kagome's constants (its lattice package does not export them).
const (
	maximumCost              = math.MaxInt32
	maximumUnknownWordLength = 1024
	searchModeKanjiLength    = 2
	searchModeKanjiPenalty   = 3000
	searchModeOtherLength    = 7
	searchModeOtherPenalty   = 1700
)

// Dict is what a Lattice reads of a kagome dictionary, in flat arrays.
// It shares the dictionary's large arrays and adds a table of a few
// hundred kilobytes. A Dict is safe for concurrent use.
type Dict struct {
	da trie.DoubleArray
	// ends has bit q set when double-array node q ends a word: a walk
	// reads a word's leaf only where there is one.
	ends   []uint64
	dup    []uint16 // extra morphemes of the same surface, by first id
	morphs dict.Morphs
	unk    dict.Morphs
	conn   []int16
	rows   int // connection[right, left] is conn[rows*left+right]
	cols   int
	// category, invoke and group are kagome's character classes; unkID
	// and unkDup the unknown-word morphemes of each class.
	category []byte
	invoke   []bool
	group    []bool
	unkID    []int32
	unkDup   []int32
	// first is the double array's state after each rune of U+3000 to
	// U+9FFF, and the rune's own word (fillFirst).
	first []firstEntry
	// oneRune holds the morphemes of the table's words, by entry.
	oneRune dict.Morphs
	pool    sync.Pool
}

// New returns the Dict of kagome dictionary d, or an error when d lacks
// what a lattice reads or does not hold together.
func New(d *dict.Dict) (*Dict, error) {
	if d == nil {
		return nil, errors.New("lattice: no dictionary")
	}
	if len(d.CharCategory) == 0 || len(d.Index.Da) == 0 {
		return nil, errors.New("lattice: dictionary without index or character categories")
	}
	if c := d.Connection; c.Row < 0 || c.Col < 0 || c.Row > math.MaxInt16+1 || c.Col > math.MaxInt16+1 || int64(len(c.Vec)) < c.Row*c.Col {
		return nil, errors.New("lattice: connection table shorter than its shape")
	}
	ld := &Dict{
		da: d.Index.Da, morphs: d.Morphs, unk: d.UnkDict.Morphs,
		conn: d.Connection.Vec, rows: int(d.Connection.Row), cols: int(d.Connection.Col),
		category: d.CharCategory, invoke: d.InvokeList, group: d.GroupList,
	}
	ld.fillEnds()
	if err := ld.fillDup(d.Index.Dup); err != nil {
		return nil, err
	}
	ld.fillFirst() // after the ends and duplicates, which it reads
	if err := ld.fillUnknown(d); err != nil {
		return nil, err
	}
	return ld, ld.checkMorphs()
}

// fillEnds marks the double array's nodes that end a word, as kagome's
// prefix search tests them: node q ends a word when its base is a leaf,
// a node whose check is q and whose base is not positive. fillEnds finds
// them from the leaves, in one pass over the array that reads a node
// elsewhere only for each leaf, rather than the base of every node.
func (ld *Dict) fillEnds() {
	da := ld.da
	ld.ends = make([]uint64, (len(da)+63)/64)
	for leaf := range da {
		if da[leaf].Base > 0 {
			continue
		}
		if q := int(da[leaf].Check); q >= 0 && q < len(da) && int(da[q].Base) == leaf {
			ld.ends[q>>6] |= 1 << (q & 63)
		}
	}
}

// fillDup flattens kagome's map of duplicate counts.
func (ld *Dict) fillDup(dup map[int32]int32) error {
	ld.dup = make([]uint16, len(ld.morphs))
	for id, n := range dup {
		if id < 0 || n < 0 || n > math.MaxUint16 || int(id)+int(n) >= len(ld.morphs) {
			return fmt.Errorf("lattice: %d duplicates of morpheme %d out of range", n, id)
		}
		ld.dup[id] = uint16(n)
	}
	return nil
}

// fillUnknown flattens the unknown-word morphemes of each character class
// and checks the class tables.
func (ld *Dict) fillUnknown(d *dict.Dict) error {
	n := len(d.CharClass)
	if len(ld.invoke) < n || len(ld.group) < n {
		return errors.New("lattice: character class tables shorter than the classes")
	}
	for _, c := range ld.category {
		if int(c) >= n {
			return fmt.Errorf("lattice: character category %d of %d classes", c, n)
		}
	}
	ld.unkID, ld.unkDup = make([]int32, n), make([]int32, n)
	for c := range n {
		id, dup := d.UnkDict.Index[int32(c)], d.UnkDict.IndexDup[int32(c)]
		if id < 0 || dup < 0 || int(id)+int(dup) >= len(ld.unk) {
			return fmt.Errorf("lattice: unknown-word morphemes %d+%d of class %d out of range", id, dup, c)
		}
		ld.unkID[c], ld.unkDup[c] = id, dup
	}
	return nil
}

// checkMorphs checks that every morpheme's connection ids fall in the
// connection table.
func (ld *Dict) checkMorphs() error {
	for _, ms := range []dict.Morphs{ld.morphs, ld.unk} {
		for i, m := range ms {
			if m.LeftID < 0 || int(m.LeftID) >= ld.cols || m.RightID < 0 || int(m.RightID) >= ld.rows {
				return fmt.Errorf("lattice: morpheme %d's connection ids %d, %d out of the table", i, m.LeftID, m.RightID)
			}
		}
	}
	return nil
}

// categoryOf is kagome's Dict.CharacterCategory.
func (ld *Dict) categoryOf(r rune) byte {
	if r >= 0 && int(r) < len(ld.category) {
		return ld.category[r]
	}
	return ld.category[0]
}

// Get returns a lattice for one goroutine's analyses, from a pool; Put it
// back when done with the tokens it returned.
func (ld *Dict) Get() *Lattice {
	if la, ok := ld.pool.Get().(*Lattice); ok {
		return la
	}
	return &Lattice{d: ld}
}

// Put returns la to the pool. Its tokens' surfaces stay valid (they are
// substrings of the text); the token slices it returned do not.
func (ld *Dict) Put(la *Lattice) {
	if la == nil || la.d != ld {
		return
	}
	la.text = ""
	clear(la.best) // its surfaces would keep the text
	la.best = la.best[:0]
	if cap(la.nodes) > maxPooledNodes {
		return
	}
	ld.pool.Put(la)
}

// maxPooledNodes bounds the lattices the pool keeps, so that one long
// document does not pin its scratch for good.
const maxPooledNodes = 1 << 16

// Analyze returns the tokens of text in mode, as kagome's
// Tokenizer.Analyze with tokenizer.OmitBosEos does. Analyses of many texts
// reuse their scratch with Get, Build, Viterbi and Put instead.
func (ld *Dict) Analyze(text string, mode Mode) ([]Token, error) {
	la := ld.Get()
	defer ld.Put(la)
	if err := la.Build(text); err != nil {
		return nil, err
	}
	return la.Viterbi(mode, nil), nil
}
