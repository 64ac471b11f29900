package dictsnap

import (
	"errors"
	"fmt"
	"math"

	"github.com/ikawaha/kagome-dict/dict"
)

// Validate checks every invariant that kagome's tokenizer (lattice,
// Viterbi, token features) and soudan's lexicon index by without a bounds
// check, so that a snapshot that passes can make neither panic: connection
// ids within the cost matrix, part-of-speech ids within the name list,
// character classes within the invoke and group lists, the unknown-word
// index within its morphemes, the double array's transitions and its
// morpheme ids within range, and the lexicon's offsets within its text.
// It takes a few milliseconds on the IPA dictionary.
func Validate(s *Snapshot) error {
	if s == nil || s.Dict == nil {
		return errors.New("no dictionary")
	}
	d := s.Dict
	for _, check := range []func(*dict.Dict) error{
		validConnection, validPOS, validChars, validUnknown, validIndex,
	} {
		if err := check(d); err != nil {
			return err
		}
	}
	return validLexicon(s.Lexicon, len(d.Morphs))
}

func validConnection(d *dict.Dict) error {
	c := d.Connection
	if c.Row < 1 || c.Col < 1 || c.Row > int64(len(c.Vec)) || c.Row*c.Col != int64(len(c.Vec)) {
		return fmt.Errorf("connection matrix %d×%d of %d costs", c.Row, c.Col, len(c.Vec))
	}
	for _, ms := range []dict.Morphs{d.Morphs, d.UnkDict.Morphs} {
		for i, m := range ms {
			// Costs are read at Vec[Row*left + right].
			if m.LeftID < 0 || int64(m.LeftID) >= c.Col || m.RightID < 0 || int64(m.RightID) >= c.Row {
				return fmt.Errorf("morpheme %d: connection ids %d, %d outside %d×%d", i, m.LeftID, m.RightID, c.Row, c.Col)
			}
		}
	}
	return nil
}

func validPOS(d *dict.Dict) error {
	p := d.POSTable
	if len(p.POSs) != len(d.Morphs) {
		return fmt.Errorf("%d part-of-speech entries for %d morphemes", len(p.POSs), len(d.Morphs))
	}
	for i, pos := range p.POSs {
		for _, id := range pos {
			if int(id) >= len(p.NameList) {
				return fmt.Errorf("morpheme %d: part-of-speech id %d of %d names", i, id, len(p.NameList))
			}
		}
	}
	return validMeta(d.ContentsMeta)
}

// validMeta refuses negative feature positions (kagome slices features
// from them).
func validMeta(m dict.ContentsMeta) error {
	for k, v := range m {
		if v < 0 {
			return fmt.Errorf("feature %q at %d", k, v)
		}
	}
	return nil
}

func validChars(d *dict.Dict) error {
	if len(d.CharCategory) == 0 {
		return errors.New("no character categories")
	}
	for r, c := range d.CharCategory {
		if int(c) >= len(d.InvokeList) || int(c) >= len(d.GroupList) {
			return fmt.Errorf("rune %U: class %d of %d invoke and %d group flags", r, c, len(d.InvokeList), len(d.GroupList))
		}
	}
	return nil
}

// validUnknown checks the unknown-word morphemes of every character class
// a rune can fall in.
func validUnknown(d *dict.Dict) error {
	u := d.UnkDict
	if len(u.Contents) < len(u.Morphs) {
		return fmt.Errorf("%d unknown-word features for %d morphemes", len(u.Contents), len(u.Morphs))
	}
	for c := range len(d.InvokeList) {
		id, dup := int64(u.Index[int32(c)]), int64(u.IndexDup[int32(c)])
		if id < 0 || dup < 0 || id+dup >= int64(len(u.Morphs)) {
			return fmt.Errorf("class %d: unknown-word morphemes %d+%d of %d", c, id, dup, len(u.Morphs))
		}
	}
	return validMeta(u.ContentsMeta)
}

// validIndex checks the double array as kagome walks it: from the root,
// a byte c leads from node p to q = Base[p]+c when Check[q] = p; a node
// reached by a byte must have a non-negative Base (it is walked on), and
// a node reached by the terminator (c = 0) with Base ≤ 0 holds morpheme
// id -Base, whose duplicates (Dup) follow it.
func validIndex(d *dict.Dict) error {
	da := d.Index.Da
	if len(da) == 0 || da[0].Base < 0 {
		return errors.New("double array without a root")
	}
	morphs := int64(len(d.Morphs))
	for i, n := range da {
		p := int64(n.Check)
		if p < 0 || p >= int64(len(da)) {
			continue
		}
		c := int64(i) - int64(da[p].Base)
		switch {
		case c >= 1 && c <= math.MaxUint8:
			if n.Base < 0 {
				return fmt.Errorf("double array node %d: base %d", i, n.Base)
			}
		case c == 0 && n.Base <= 0:
			// kagome negates Base as an int32.
			if n.Base == math.MinInt32 || -int64(n.Base) >= morphs {
				return fmt.Errorf("double array node %d: morpheme %d of %d", i, -int64(n.Base), morphs)
			}
		}
	}
	for id, dup := range d.Index.Dup {
		if id < 0 || dup < 0 || int64(id)+int64(dup) >= morphs {
			return fmt.Errorf("morphemes %d+%d of %d", id, dup, morphs)
		}
	}
	return nil
}

func validLexicon(lx Lexicon, morphs int) error {
	if len(lx.Off) != 2*morphs+1 {
		return fmt.Errorf("lexicon of %d offsets for %d morphemes", len(lx.Off), morphs)
	}
	prev := uint32(0)
	for i, o := range lx.Off {
		if o < prev || int64(o) > int64(len(lx.Text)) {
			return fmt.Errorf("lexicon offset %d: %d after %d in %d bytes", i, o, prev, len(lx.Text))
		}
		prev = o
	}
	return nil
}
