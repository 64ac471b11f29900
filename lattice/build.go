package lattice

import (
	"errors"
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/ikawaha/kagome-dict/dict"
)

// MaxText is the longest text, in bytes, that a Lattice segments.
const MaxText = 1 << 30

// ErrTooLong is Build's error for a text longer than MaxText.
var ErrTooLong = errors.New("lattice: text too long")

// dummyID is the id of the beginning and end of a text (kagome's BosEosID).
const dummyID = -1

// Lattice is the scratch of one text's segmentation: its nodes, and for
// each rune position the chain of nodes that end there, in the order
// kagome's lattice lists them (Viterbi's ties go to the first). One
// goroutine uses a Lattice at a time; get one from [Dict.Get].
type Lattice struct {
	d    *Dict
	text string
	// valid reports whether text is valid UTF-8: rune counts then come
	// from the walk, not from counting again.
	valid bool
	nodes []node
	// head and tail are the first and last node ending at each rune
	// position (-1: none); node.next chains the rest.
	head, tail []int32
	penalty    []int32
	// Build's scratch: the rune positions of a block, their walks of
	// the double array and the words these found.
	starts []start
	walks  []walk
	hits   []hit
	preds  []pred  // forward's scratch
	best   []Token // Best's tokens
}

// node is one candidate morpheme: text[pos:pos+size], runes start to end.
type node struct {
	id                  int32
	pos, size           int32
	start, end          int32
	next                int32 // next node ending at end, or -1
	prev                int32 // best predecessor of the last pass, or -1
	cost                int32
	left, right, weight int16
	class               Class
}

// Build makes the lattice of text: at every rune, the dictionary's words
// that start there and kagome's unknown words of the rune's character
// class, exactly as kagome's lattice.Build does without a user
// dictionary.
func (la *Lattice) Build(text string) error {
	la.text, la.nodes, la.best = "", la.nodes[:0], la.best[:0]
	if len(text) > MaxText {
		return ErrTooLong
	}
	la.text, la.valid = text, utf8.ValidString(text)
	rc := utf8.RuneCountInString(text)
	la.head, la.tail = resetChains(la.head, rc+2), resetChains(la.tail, rc+2)
	la.add(dummyID, Dummy, dict.Morph{}, 0, 0, 0, 0) // the beginning
	starts, runePos := la.starts[:0], 0
	for pos, ch := range text {
		starts = append(starts, start{pos: int32(pos), ch: ch})
		if len(starts) == walkBlock {
			la.addBlock(starts, runePos)
			runePos += len(starts)
			starts = starts[:0]
		}
	}
	la.addBlock(starts, runePos)
	la.starts = starts[:0]
	la.add(dummyID, Dummy, dict.Morph{}, len(text), 0, rc, rc+1) // the end
	return nil
}

// resetChains returns s with n entries, all -1.
func resetChains(s []int32, n int) []int32 {
	if cap(s) < n {
		s = make([]int32, n)
	}
	s = s[:n]
	for i := range s {
		s[i] = -1
	}
	return s
}

// addWords adds morpheme id and its duplicates (the morphemes of one
// surface), whose morphemes are ms, as the words of text[pos:end], runes
// long from rune runePos.
func (la *Lattice) addWords(id int, ms []dict.Morph, pos, end, runePos, runes int) {
	endRune := runePos + runes
	if !la.valid {
		endRune = runePos + utf8.RuneCountInString(la.text[pos:end])
	}
	for j, m := range ms {
		la.add(id+j, Known, m, pos, end-pos, runePos, endRune)
	}
}

// unknown adds kagome's unknown words of character class cat that start
// at byte pos (rune runePos, rune ch): the run of the class (one rune when
// the class does not group) and, if longer, the run less its last rune.
func (la *Lattice) unknown(pos, runePos int, ch rune, cat byte) {
	d, text := la.d, la.text
	end := pos + 1
	if ch != utf8.RuneError {
		end = pos + utf8.RuneLen(ch)
	}
	runes := 1
	if d.group[cat] {
		for i, w := end, 0; i < len(text); i += w {
			var c rune
			c, w = utf8.DecodeRuneInString(text[i:])
			if d.categoryOf(c) != cat {
				break
			}
			end += w
			runes++
			if runes >= maximumUnknownWordLength {
				break
			}
		}
	}
	if !la.valid || ch == utf8.RuneError {
		runes = utf8.RuneCountInString(text[pos:end])
	}
	cut := pos
	if c, size := utf8.DecodeLastRuneInString(text[pos:end]); c != utf8.RuneError {
		cut = end - size
	}
	// The cut drops one whole rune: one rune fewer, however the text
	// is encoded before it.
	cutRunes := runes - 1
	id, dup := int(d.unkID[cat]), int(d.unkDup[cat])
	for k := id; k <= id+dup; k++ {
		if pos < cut {
			la.add(k, Unknown, d.unk[k], pos, cut-pos, runePos, runePos+cutRunes)
		}
		la.add(k, Unknown, d.unk[k], pos, end-pos, runePos, runePos+runes)
	}
}

// add appends a node ending at rune end to that position's chain.
func (la *Lattice) add(id int, class Class, m dict.Morph, pos, size, start, end int) {
	k := int32(len(la.nodes))
	// The node's fields are stored in place: a node built on the stack
	// and copied would be read back in wide loads across its narrow
	// stores, which the processor cannot forward.
	if len(la.nodes) == cap(la.nodes) {
		la.nodes = slices.Grow(la.nodes, 1)
	}
	la.nodes = la.nodes[:k+1]
	n := &la.nodes[k]
	n.id, n.pos, n.size, n.start, n.end = int32(id), int32(pos), int32(size), int32(start), int32(end)
	n.next, n.prev, n.cost = -1, -1, 0
	n.left, n.right, n.weight, n.class = m.LeftID, m.RightID, m.Weight, class
	for end >= len(la.head) {
		la.head, la.tail = append(la.head, -1), append(la.tail, -1)
	}
	if t := la.tail[end]; t < 0 {
		la.head[end] = k
	} else {
		la.nodes[t].next = k
	}
	la.tail[end] = k
}

// Viterbi finds the best path through the built lattice in mode and
// appends its tokens, without the text's beginning and end, to dst[:0].
// It may run again in another mode over the same lattice.
func (la *Lattice) Viterbi(mode Mode, dst []Token) []Token {
	if len(la.nodes) < 2 {
		return dst[:0]
	}
	la.forward(mode != Normal)
	return la.backward(dst[:0])
}

// Best is Viterbi into a buffer of the lattice's own: its tokens are
// valid until the next Best, Build or [Dict.Put].
func (la *Lattice) Best(mode Mode) []Token {
	la.best = la.Viterbi(mode, la.best)
	return la.best
}

// forward sets every node's cost and best predecessor, as kagome's
// Lattice.Forward: nodes come in the order they were added, so every
// node's predecessors (the nodes that end where it starts) come first.
// Nodes are added by their start, so the nodes that start at one rune
// follow each other and share their predecessors: forward copies these
// once into a flat list (gather) that each node's search then scans.
func (la *Lattice) forward(search bool) {
	nodes, conn, rows := la.nodes, la.d.conn, la.d.rows
	var penalty []int32
	if search {
		penalty = la.penalties()
	}
	nodes[0].cost, nodes[0].prev = 0, -1
	preds := la.preds[:0]
	at, left := int32(-1), int16(-1)
	var best int64
	var bp int32
	for k := 1; k < len(nodes); k++ {
		t := &nodes[k]
		if t.start != at {
			at, left = t.start, -1
			preds = la.gather(preds[:0], at, penalty)
		}
		if len(preds) == 0 {
			t.cost, t.prev = maximumCost, -1
			continue
		}
		if t.left != left {
			// A node of the left id of the one before, at the same
			// rune (an unknown word's two lengths, a surface's
			// duplicates), has the same cheapest predecessor.
			left = t.left
			best, bp = cheapest(preds, conn[rows*int(left):][:rows])
		}
		t.cost, t.prev = weigh(best, bp, int64(t.weight), la.head[at])
	}
	la.preds = preds
}

// pred is a predecessor of the nodes that start at one rune: its index,
// right connection id, and cost as a predecessor (its cost and, in
// Search mode, its penalty).
type pred struct {
	cost  int64
	right int32
	k     int32
}

// gather appends the predecessors of the nodes that start at rune start
// to preds, in their chain's order, less those that could never be the
// first of the cheapest (addPred).
func (la *Lattice) gather(preds []pred, start int32, penalty []int32) []pred {
	if int(start) >= len(la.head) {
		return preds
	}
	nodes := la.nodes
	for j := la.head[start]; j >= 0; j = nodes[j].next {
		c := int64(nodes[j].cost)
		if penalty != nil {
			c += int64(penalty[j])
		}
		preds = addPred(preds, pred{cost: c, right: int32(nodes[j].right), k: j})
	}
	return preds
}

// addPred appends p to preds, which hold at most one predecessor of each
// right id, in chain order, unless the one of p's right id costs no more
// (it comes first, so that p could never be the first of the cheapest),
// and drops that one when p costs less (it could never be the cheapest):
// the first of the cheapest over preds stays the same for every row of
// the connection table, and fewer costs are read.
func addPred(preds []pred, p pred) []pred {
	for i := range preds {
		if preds[i].right == p.right {
			if preds[i].cost <= p.cost {
				return preds
			}
			preds = slices.Delete(preds, i, i+1)
			break
		}
	}
	return append(preds, p)
}

// cheapest returns the first cheapest connection + predecessor cost
// over preds (not empty) of a node whose row of the connection table is
// row, and that predecessor's index. It is not inlined: inlined into
// forward, whose many live values take the registers, its loop kept the
// running minimum on the stack, a store and a load on its dependency
// chain every predecessor; on its own it keeps it in a register.
//
//go:noinline
func cheapest(preds []pred, row []int16) (int64, int32) {
	best, bp := int64(math.MaxInt64), int32(-1)
	for _, p := range preds {
		if c := int64(row[p.right]) + p.cost; c < best {
			best, bp = c, p.k
		}
	}
	return best, bp
}

// weigh returns the cost and best predecessor of a node of weight w whose
// cheapest connection + predecessor cost is best, at predecessor bp:
// kagome's first of the cheapest connection + weight + predecessor cost,
// capped at maximumCost. The first cheapest connection + predecessor
// cost is that predecessor, the weight being common, unless the cap ties
// them all and the first predecessor in chain order, first, wins.
func weigh(best int64, bp int32, w int64, first int32) (int32, int32) {
	if best+w >= maximumCost {
		return maximumCost, first
	}
	return int32(best + w), bp
}

// penalties returns Search mode's extra cost of each node as a
// predecessor (kagome's additionalCost).
func (la *Lattice) penalties() []int32 {
	if cap(la.penalty) < len(la.nodes) {
		la.penalty = make([]int32, len(la.nodes))
	}
	pen := la.penalty[:len(la.nodes)]
	for k, n := range la.nodes {
		pen[k] = int32(Penalty(la.text[n.pos:n.pos+n.size], int(n.end-n.start)))
	}
	return pen
}

// Penalty is the cost that Search mode adds to a token of surface s,
// runes long, as it leaves the token (kagome's additionalCost): a
// token of more than two ideographs, or of more than seven runes of any
// kind, costs more for each rune beyond.
func Penalty(s string, runes int) int {
	switch {
	case runes <= searchModeKanjiLength:
		return 0
	case ideographic(s):
		return (runes - searchModeKanjiLength) * searchModeKanjiPenalty
	case runes > searchModeOtherLength:
		return (runes - searchModeOtherLength) * searchModeOtherPenalty
	}
	return 0
}

// ideographic reports whether s is made of ideographs only (kagome's
// kanjiOnly).
func ideographic(s string) bool {
	for _, r := range s {
		if !unicode.In(r, unicode.Ideographic) {
			return false
		}
	}
	return s != ""
}

// backward appends the best path's tokens, from the beginning, to dst.
func (la *Lattice) backward(dst []Token) []Token {
	nodes := la.nodes
	for k := nodes[len(nodes)-1].prev; k >= 0; k = nodes[k].prev {
		n := &nodes[k]
		if n.id == dummyID {
			continue
		}
		dst = append(dst, Token{
			ID: int(n.id), Class: n.class, Position: int(n.pos),
			Start: int(n.start), End: int(n.end), Surface: la.text[n.pos : n.pos+n.size],
		})
	}
	for i, j := 0, len(dst)-1; i < j; i, j = i+1, j-1 {
		dst[i], dst[j] = dst[j], dst[i]
	}
	return dst
}
