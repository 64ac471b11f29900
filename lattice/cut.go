package lattice

import "unicode/utf8"

// MaxCutText is the longest text, in bytes, that [Dict.Cuts] speaks for:
// a path's cost through a shorter text stays far from the int32 bounds at
// which Viterbi clamps costs (under 2¹⁶ a node for the connection and
// the weight, 3,000 a rune for Search mode's penalty), so that costs
// that differ by a constant compare alike.
const MaxCutText = 30000

// Cuts reports whether the ASCII character c cuts the segmentation of a
// text wherever it stands between two runes of character classes other
// than its own (see [Dict.SameClass]), in a valid UTF-8 text of at most
// MaxCutText bytes: no dictionary word holds c, and c's class has one
// unknown-word morpheme, so that the one node over c is c alone and
// every path passes through it. The tokens of such a text are then those
// of its parts, each segmented with the c that bounds it kept as its
// neighbour ("A\n", "\nB\n", "\nC" for "A\nB\nC"): Viterbi's costs
// after c differ from the part's by a constant, and those before c do not
// depend on what follows it.
func (d *Dict) Cuts(c byte) bool {
	if c == 0 || c >= utf8.RuneSelf {
		return false
	}
	cat := d.categoryOf(rune(c))
	if d.unkDup[cat] != 0 {
		return false
	}
	da := d.da
	for p := range da {
		q := int(da[p].Base) + int(c)
		if q >= 0 && q < len(da) && int(da[q].Check) == p {
			return false // some word goes on with c at state p
		}
	}
	return true
}

// SameClass reports whether runes r and s are of one character class.
func (d *Dict) SameClass(r, s rune) bool { return d.categoryOf(r) == d.categoryOf(s) }
