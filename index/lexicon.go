package index

import (
	"math"
	"sync/atomic"
	"unsafe"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/soudan-desk/soudan/internal/prefetch"
)

// lexicon holds what soudan reads of each known morpheme's features
// beyond its part of speech: the base form and the reading. kagome keeps
// the features of the IPA dictionary as [][]string, about two million
// strings that every garbage collection of a serving process scans again
// (most of a collection's cost under search load). The lexicon packs the
// two features soudan uses into one string and a table of offsets, which
// the collector does not scan, and [Default] drops kagome's copy.
type lexicon struct {
	text string
	// off[2i], off[2i+1], off[2i+2] delimit morpheme i's base form and
	// reading in text.
	off []uint32
	// tags are the dictionary's part-of-speech ids and names, shared.
	tags dict.POSTable
	// kinds keeps, by morpheme ID, what contentTerm made of the morpheme
	// (kindUnknown until first asked); set by withKinds.
	kinds []atomic.Uint32
	// unk holds, by unknown-word morpheme ID, what pos, baseForm and
	// reading give for it (set by withUnknown): kagome works them out
	// from the morpheme's features at every call, allocating.
	unk []unknownFeatures
}

// unknownFeatures is the part of speech, base form and reading of an
// unknown-word morpheme, as kagome's Token gives them.
type unknownFeatures struct {
	pos           posTags
	base, reading string
}

// withUnknown gives lx the features of the n unknown-word morphemes of
// template's dictionary, read through kagome's Token methods from tokens
// made from template, and returns lx.
func (lx *lexicon) withUnknown(template tokenizer.Token, n int) *lexicon {
	if lx == nil {
		return lx
	}
	lx.unk = make([]unknownFeatures, n)
	for id := range n {
		t := template
		t.Class, t.ID = tokenizer.UNKNOWN, id
		u := &lx.unk[id]
		names := t.POS()
		u.pos.n = len(names)
		copy(u.pos.s[:], names)
		u.base, _ = t.BaseForm()
		u.reading, _ = t.Reading()
	}
	return lx
}

// unknown returns the features of t, if it is an unknown word whose
// features lx holds.
func (lx *lexicon) unknown(t tokenizer.Token) (*unknownFeatures, bool) {
	if t.Class != tokenizer.UNKNOWN || lx == nil || t.ID < 0 || t.ID >= len(lx.unk) {
		return nil, false
	}
	return &lx.unk[t.ID], true
}

// withKinds gives lx its table of content-word kinds, one a known
// morpheme, and returns lx.
func (lx *lexicon) withKinds() *lexicon {
	if lx != nil {
		lx.kinds = make([]atomic.Uint32, len(lx.tags.POSs))
	}
	return lx
}

// newLexicon packs the base forms and readings of d's known morphemes.
// Dictionary snapshots hold its result: a change to what it packs must
// bump [dictsnap.Format], so that older snapshots are rebuilt.
func newLexicon(d *dict.Dict) *lexicon {
	baseAt, hasBase := d.ContentsMeta[dict.BaseFormIndex]
	readAt, hasRead := d.ContentsMeta[dict.ReadingIndex]
	n := len(d.POSTable.POSs)
	buf := make([]byte, 0, 24*n)
	off := make([]uint32, 1, 2*n+1)
	for id := range n {
		if hasBase {
			buf = append(buf, featureAt(d, id, int(baseAt))...)
		}
		off = append(off, uint32(len(buf)))
		if hasRead {
			buf = append(buf, featureAt(d, id, int(readAt))...)
		}
		off = append(off, uint32(len(buf)))
	}
	return &lexicon{text: string(buf), off: off, tags: d.POSTable}
}

// packPOS moves the part-of-speech ids of d's morphemes, one small slice
// each, into one array: the collector then marks one object instead of
// 400,000.
func packPOS(d *dict.Dict) {
	n := 0
	for _, p := range d.POSTable.POSs {
		n += len(p)
	}
	all := make([]dict.POSID, 0, n)
	for i, p := range d.POSTable.POSs {
		start := len(all)
		all = append(all, p...)
		d.POSTable.POSs[i] = all[start:len(all):len(all)]
	}
}

// featureAt is kagome's Token.FeatureAt for known morpheme id, "" where
// kagome reports no feature.
func featureAt(d *dict.Dict, id, i int) string {
	if i < 0 {
		return ""
	}
	pos := d.POSTable.POSs[id]
	if i < len(pos) {
		if int(pos[i]) >= len(d.POSTable.NameList) {
			return ""
		}
		return d.POSTable.NameList[pos[i]]
	}
	i -= len(pos)
	if id >= len(d.Contents) || i >= len(d.Contents[id]) {
		return ""
	}
	return d.Contents[id][i]
}

// posTags are the first two levels of a token's part of speech ("" where
// it has none) and how many levels it has.
type posTags struct {
	s [2]string
	n int
}

// pos returns t's part of speech as kagome's Token.POS gives it, without
// allocating for known tokens.
func (lx *lexicon) pos(t tokenizer.Token) posTags {
	var p posTags
	if t.Class == tokenizer.KNOWN && lx != nil && t.ID < len(lx.tags.POSs) {
		ids := lx.tags.POSs[t.ID]
		p.n = len(ids)
		for i := 0; i < len(p.s) && i < len(ids); i++ {
			if int(ids[i]) < len(lx.tags.NameList) {
				p.s[i] = lx.tags.NameList[ids[i]]
			}
		}
		return p
	}
	if u, ok := lx.unknown(t); ok {
		return u.pos
	}
	names := t.POS()
	p.n = len(names)
	copy(p.s[:], names)
	return p
}

// baseForm is t's base form as kagome's Token.BaseForm gives it, "" when
// it has none.
func (lx *lexicon) baseForm(t tokenizer.Token) string {
	if t.Class == tokenizer.KNOWN && lx != nil && 2*t.ID+1 < len(lx.off) {
		return lx.text[lx.off[2*t.ID]:lx.off[2*t.ID+1]]
	}
	if u, ok := lx.unknown(t); ok {
		return u.base
	}
	b, _ := t.BaseForm()
	return b
}

// prefetchIDs is the most known tokens whose entries prefetch asks
// for, as many as a query's text holds.
const prefetchIDs = 128

// prefetch asks the processor for what kindOf, baseForm and reading
// read of the known tokens of toks (their kinds and offsets, in tables
// of megabytes), so that those reads, one a token, do not each wait for
// the one before to miss the caches. It changes nothing.
func (lx *lexicon) prefetch(toks []tokenizer.Token) {
	if lx == nil {
		return
	}
	var idsBuf [prefetchIDs]int32
	ids := idsBuf[:0]
	for _, t := range toks {
		if t.Class == tokenizer.KNOWN && t.ID >= 0 && t.ID < len(lx.kinds) && 2*t.ID+2 <= len(lx.off) && len(ids) < len(idsBuf) {
			ids = append(ids, int32(t.ID))
		}
	}
	prefetch.Rows(lx.kinds, 1, ids)
	prefetch.Rows(lx.off, 2, ids)
}

// prefetchReadings asks the processor for the text of the readings of
// the known tokens of toks (see prefetch): the cache line where each
// starts, as a reading is a few bytes.
func (lx *lexicon) prefetchReadings(toks []tokenizer.Token) {
	if lx == nil || len(lx.text) > math.MaxInt32 {
		return
	}
	var startsBuf [prefetchIDs]int32
	starts := startsBuf[:0]
	for _, t := range toks {
		if t.Class == tokenizer.KNOWN && t.ID >= 0 && 2*t.ID+2 < len(lx.off) && len(starts) < len(startsBuf) {
			if from := lx.off[2*t.ID+1]; int(from) < len(lx.text) {
				starts = append(starts, int32(from))
			}
		}
	}
	prefetch.Rows(unsafe.Slice(unsafe.StringData(lx.text), len(lx.text)), 1, starts)
}

// reading is t's reading as kagome's Token.Reading gives it, "" when it
// has none.
func (lx *lexicon) reading(t tokenizer.Token) string {
	if t.Class == tokenizer.KNOWN && lx != nil && 2*t.ID+2 < len(lx.off) {
		return lx.text[lx.off[2*t.ID+1]:lx.off[2*t.ID+2]]
	}
	if u, ok := lx.unknown(t); ok {
		return u.reading
	}
	r, _ := t.Reading()
	return r
}
