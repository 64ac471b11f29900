package index

import "encoding/binary"

// Postings are stored compactly, one byte string per term, all terms in one
// slice (offsets in postOff):
//
//	posting := uvarint(doc gap) field+
//	field   := byte(more<<7 | f<<4 | min(tf, 15)) [uvarint(tf − 15) when tf ≥ 15]
//
// Documents come in increasing order; the gap is the difference from the
// previous document of the term (the first document's gap is its index
// plus one). A document's fields come in increasing field order, the last
// one with the "more" bit clear. A posting costs two to four bytes instead
// of the eight of a pair of int32s, and a term costs four bytes of offset
// instead of NumFields slice headers.
const (
	postMore    = 0x80
	postTFMax   = 15 // tf values from here on continue in a uvarint
	postFShift  = 4
	postTFMask  = 0x0f
	postFMask   = 0x07
	maxPosField = NumFields - 1
)

// fieldTF is one field's term frequency in a document.
type fieldTF struct {
	field uint8
	tf    int32
}

// appendPosting appends the posting of doc (gap after the term's previous
// document) with the term's frequency in each field, fields in increasing
// order and tf > 0.
func appendPosting(b []byte, gap int32, fields []fieldTF) []byte {
	b = binary.AppendUvarint(b, uint64(gap))
	for i, f := range fields {
		c := f.field << postFShift
		if i < len(fields)-1 {
			c |= postMore
		}
		if f.tf < postTFMax {
			b = append(b, c|byte(f.tf))
			continue
		}
		b = append(b, c|postTFMax)
		b = binary.AppendUvarint(b, uint64(f.tf-postTFMax))
	}
	return b
}

// postingReader walks one term's postings.
type postingReader struct {
	b   []byte
	doc int32
}

// next moves to the next document and reports whether there is one.
func (r *postingReader) next() bool {
	if len(r.b) == 0 {
		return false
	}
	gap, n := binary.Uvarint(r.b)
	r.b = r.b[n:]
	r.doc += int32(gap)
	return true
}

// field reads the current document's next field and term frequency, and
// whether more fields follow.
func (r *postingReader) field() (f int, tf int32, more bool) {
	c := r.b[0]
	r.b = r.b[1:]
	f, tf, more = int(c>>postFShift&postFMask), int32(c&postTFMask), c&postMore != 0
	if tf == postTFMax {
		x, n := binary.Uvarint(r.b)
		r.b = r.b[n:]
		tf += int32(x)
	}
	return f, tf, more
}
