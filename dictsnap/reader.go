package dictsnap

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unsafe"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/dict/trie"
)

var errShort = errors.New("unexpected end of data")

// reader decodes little-endian values from b. The first error sticks:
// later reads return zero values, so a decoder checks err once at the end.
// Every count is checked against the bytes left before anything is
// allocated for it.
//
// With inPlace, the large arrays (morphemes, part-of-speech ids,
// connection costs, double array, character categories, the lexicon) are
// b's own bytes wherever the machine is little-endian and the bytes are
// aligned for the array's items (see [view]); elsewhere, and without
// inPlace, they are decoded into new memory.
type reader struct {
	b   []byte
	err error
	// size is the length of the whole input, which array alignments are
	// counted from.
	size    int
	inPlace bool
}

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
	r.b = nil
}

// bytes returns the next n bytes (shared with the input).
func (r *reader) bytes(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		r.fail(errShort)
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u32() uint32 {
	b := r.bytes(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

func (r *reader) u64() uint64 {
	b := r.bytes(8)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

// count reads a count of items of size bytes each (at least 1) and checks
// that they fit in what is left.
func (r *reader) count(size int) int {
	n := r.u64()
	if r.err != nil {
		return 0
	}
	if n > uint64(len(r.b)/size) {
		r.fail(fmt.Errorf("%d items of %d bytes in %d bytes", n, size, len(r.b)))
		return 0
	}
	return int(n)
}

// skipPadding reads the zero bytes that follow offset to the next multiple
// of [align].
func (r *reader) skipPadding(offset int) {
	for _, c := range r.bytes(padding(offset)) {
		if c != 0 {
			r.fail(errors.New("padding that is not zero"))
		}
	}
}

// array reads the padding before an array, its count of size-byte items
// and their bytes.
func (r *reader) array(size int) (int, []byte) {
	r.skipPadding(r.size - len(r.b))
	n := r.count(size)
	return n, r.bytes(n * size)
}

// littleEndian is whether the machine stores numbers as the file does.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// view returns the n items of type T that b holds, as b's own memory:
// when r decodes in place, the machine is little-endian, b is aligned for
// T and holds exactly n of them. Else it returns nil, and the caller
// decodes b into new memory. T must be a fixed-size type without pointers
// whose fields are laid out as the file lays out its items.
func view[T any](r *reader, b []byte, n int) []T {
	var item T
	if !r.inPlace || !littleEndian || n == 0 || len(b) != n*int(unsafe.Sizeof(item)) ||
		uintptr(unsafe.Pointer(unsafe.SliceData(b)))%unsafe.Alignof(item) != 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), n)
}

func (r *reader) morphs() dict.Morphs {
	n, b := r.array(6)
	if v := view[dict.Morph](r, b, n); v != nil {
		return v
	}
	out := make(dict.Morphs, n)
	for i := range out {
		m := b[6*i : 6*i+6]
		out[i] = dict.Morph{
			LeftID:  int16(binary.LittleEndian.Uint16(m)),
			RightID: int16(binary.LittleEndian.Uint16(m[2:])),
			Weight:  int16(binary.LittleEndian.Uint16(m[4:])),
		}
	}
	return out
}

// posTable reads the part-of-speech ids of every morpheme into one array
// and slices each morpheme's ids from it.
func (r *reader) posTable() dict.POSTable {
	n, lens := r.array(2)
	total, ids := r.array(2)
	names := r.strings()
	if r.err != nil {
		return dict.POSTable{}
	}
	all := view[dict.POSID](r, ids, total)
	if all == nil {
		all = make([]dict.POSID, total)
		for i := range all {
			all[i] = dict.POSID(binary.LittleEndian.Uint16(ids[2*i:]))
		}
	}
	poss := make([]dict.POS, n)
	at := 0
	for i := range poss {
		l := int(binary.LittleEndian.Uint16(lens[2*i:]))
		if l > total-at {
			r.fail(errors.New("part-of-speech lengths exceed the ids"))
			return dict.POSTable{}
		}
		poss[i] = all[at : at+l : at+l]
		at += l
	}
	if at != total {
		r.fail(errors.New("part-of-speech ids left over"))
		return dict.POSTable{}
	}
	return dict.POSTable{POSs: poss, NameList: names}
}

func (r *reader) meta() dict.ContentsMeta {
	n := r.count(9) // a length and a value at least
	m := make(dict.ContentsMeta, n)
	for range n {
		k := string(r.byteSlice())
		v := r.bytes(1)
		if r.err != nil {
			return nil
		}
		m[k] = int8(v[0])
	}
	return m
}

func (r *reader) connection() dict.ConnectionTable {
	row, col := int64(r.u64()), int64(r.u64())
	n, b := r.array(2)
	vec := view[int16](r, b, n)
	if vec == nil {
		vec = make([]int16, n)
		for i := range vec {
			vec[i] = int16(binary.LittleEndian.Uint16(b[2*i:]))
		}
	}
	return dict.ConnectionTable{Row: row, Col: col, Vec: vec}
}

func (r *reader) doubleArray() trie.DoubleArray {
	n, b := r.array(8)
	if v := view[struct{ Base, Check int32 }](r, b, n); v != nil {
		return v
	}
	out := make(trie.DoubleArray, n)
	for i := range out {
		out[i].Base = int32(binary.LittleEndian.Uint32(b[8*i:]))
		out[i].Check = int32(binary.LittleEndian.Uint32(b[8*i+4:]))
	}
	return out
}

func (r *reader) int32Map() map[int32]int32 {
	n, b := r.array(8)
	m := make(map[int32]int32, n)
	for i := range n {
		m[int32(binary.LittleEndian.Uint32(b[8*i:]))] = int32(binary.LittleEndian.Uint32(b[8*i+4:]))
	}
	return m
}

func (r *reader) strings() []string {
	n := r.count(8)
	out := make([]string, n)
	for i := range out {
		out[i] = string(r.byteSlice())
	}
	if r.err != nil {
		return nil
	}
	return out
}

// byteSlice reads a length-prefixed byte string (shared with the input).
func (r *reader) byteSlice() []byte {
	n := r.count(1)
	return r.bytes(n)
}

// byteArray reads an array of bytes (see writer.byteArray): its own
// memory, or the input's in place.
func (r *reader) byteArray() []byte {
	n, b := r.array(1)
	if v := view[byte](r, b, n); v != nil {
		return v
	}
	return append(make([]byte, 0, n), b...)
}

// text reads an array of bytes as a string: a copy, or the input's bytes
// in place.
func (r *reader) text() string {
	n, b := r.array(1)
	if v := view[byte](r, b, n); v != nil {
		return unsafe.String(unsafe.SliceData(v), n)
	}
	return string(b)
}

func (r *reader) bools() []bool {
	b := r.byteSlice()
	out := make([]bool, len(b))
	for i, v := range b {
		switch v {
		case 0:
		case 1:
			out[i] = true
		default:
			r.fail(fmt.Errorf("boolean byte %d", v))
			return nil
		}
	}
	return out
}

func (r *reader) unkDict() dict.UnkDict {
	u := dict.UnkDict{Morphs: r.morphs(), Index: r.int32Map(), IndexDup: r.int32Map(), ContentsMeta: r.meta()}
	n := r.count(8)
	u.Contents = make(dict.Contents, n)
	for i := range u.Contents {
		u.Contents[i] = r.strings()
	}
	return u
}

func (r *reader) uint32s() []uint32 {
	n, b := r.array(4)
	if v := view[uint32](r, b, n); v != nil {
		return v
	}
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return out
}
