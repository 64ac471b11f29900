package dictsnap

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"slices"

	"github.com/ikawaha/kagome-dict/dict"
)

// Format is the version of the file layout and of what it holds. Bump it
// whenever the layout changes or whatever fills a [Snapshot] changes
// meaning (index.newLexicon's packing included): files of another format
// are then ignored and rebuilt. Format 2: the connection ids are those of
// lattice.Renumber. Format 3: the payload and every array in it start at
// a multiple of 8 bytes in the file, so that [Cache.Load] can use the
// arrays of a mapped file in place (and snapshots of format 2 are written
// again with lattice.Renumber's order of right ids by rightOrder).
const Format = 3

// magic opens every snapshot file.
const magic = "soudanDS"

// headerFixed is the size of the header without its key and padding:
// magic, format, key length, payload length, payload checksum. Zero bytes
// then pad the header to a multiple of [align].
const headerFixed = len(magic) + 4 + 4 + 8 + 4

// align is the alignment, in the file, of the payload and of every array
// in it: enough for the widest item an array holds.
const align = 8

// maxKey bounds the key a header may announce.
const maxKey = 4 << 10

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Errors of [Decode]. ErrStale is a well-formed file of another format or
// key; ErrCorrupt is anything else that is wrong with the bytes.
var (
	ErrStale   = errors.New("dictionary snapshot is stale")
	ErrCorrupt = errors.New("dictionary snapshot is corrupt")
)

// Snapshot is what soudan's tokenizer needs of the IPA dictionary.
type Snapshot struct {
	// Dict is kagome's dictionary without its feature strings (Contents
	// is nil); each morpheme's part-of-speech ids share one array.
	Dict *dict.Dict
	// Lexicon holds the features soudan reads beyond the part of speech.
	Lexicon Lexicon
}

// Lexicon is soudan's packing of each known morpheme's base form and
// reading: Off[2i], Off[2i+1] and Off[2i+2] delimit morpheme i's base form
// and reading in Text.
type Lexicon struct {
	Text string
	Off  []uint32
}

// Encode writes s as a snapshot file for key.
func Encode(w io.Writer, s *Snapshot, key string) error {
	if len(key) > maxKey {
		return fmt.Errorf("dictionary snapshot key of %d bytes", len(key))
	}
	payload, err := encodePayload(s)
	if err != nil {
		return err
	}
	h := make([]byte, 0, headerFixed+len(key))
	h = append(h, magic...)
	h = binary.LittleEndian.AppendUint32(h, Format)
	h = binary.LittleEndian.AppendUint32(h, uint32(len(key)))
	h = append(h, key...)
	h = binary.LittleEndian.AppendUint64(h, uint64(len(payload)))
	h = binary.LittleEndian.AppendUint32(h, crc32.Checksum(payload, castagnoli))
	h = append(h, make([]byte, padding(len(h)))...)
	if _, err := w.Write(h); err != nil {
		return err
	}
	_, err = w.Write(payload)
	return err
}

// Decode reads a snapshot file for key. It checks the header and the
// payload's checksum before decoding, then [Validate]s what it decoded.
// It returns an error wrapping [ErrStale] or [ErrCorrupt], never panics,
// and allocates no more than a small multiple of len(b). The snapshot
// shares nothing with b.
func Decode(b []byte, key string) (*Snapshot, error) {
	return decode(b, key, false)
}

// decode is [Decode]; with inPlace, the snapshot's large arrays may be
// b's own bytes (see [reader]), so that b must never change afterwards.
func decode(b []byte, key string, inPlace bool) (*Snapshot, error) {
	r := reader{b: b}
	if string(r.bytes(len(magic))) != magic {
		return nil, fmt.Errorf("%w: not a snapshot file", ErrCorrupt)
	}
	if f := r.u32(); f != Format {
		return nil, fmt.Errorf("%w: format %d, want %d", ErrStale, f, Format)
	}
	n := r.u32()
	if n > maxKey {
		return nil, fmt.Errorf("%w: key of %d bytes", ErrCorrupt, n)
	}
	if k := string(r.bytes(int(n))); r.err == nil && k != key {
		return nil, fmt.Errorf("%w: made for %q, want %q", ErrStale, k, key)
	}
	size, sum := r.u64(), r.u32()
	r.skipPadding(len(b) - len(r.b))
	if r.err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, r.err)
	}
	if size != uint64(len(r.b)) {
		return nil, fmt.Errorf("%w: payload of %d bytes, header says %d", ErrCorrupt, len(r.b), size)
	}
	if got := crc32.Checksum(r.b, castagnoli); got != sum {
		return nil, fmt.Errorf("%w: checksum %08x, header says %08x", ErrCorrupt, got, sum)
	}
	s, err := decodePayload(r.b, inPlace)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return s, nil
}

// padding is the number of zero bytes that follow n bytes to the next
// multiple of [align].
func padding(n int) int {
	return -n & (align - 1)
}

// decodePayload decodes and validates a payload: the sections in the
// order encodePayload writes them. inPlace is [decode]'s.
func decodePayload(b []byte, inPlace bool) (*Snapshot, error) {
	r := &reader{b: b, size: len(b), inPlace: inPlace}
	d := &dict.Dict{}
	d.Morphs = r.morphs()
	d.POSTable = r.posTable()
	d.ContentsMeta = r.meta()
	d.Connection = r.connection()
	d.Index = dict.IndexTable{Da: r.doubleArray(), Dup: r.int32Map()}
	d.CharClass = r.strings()
	d.CharCategory = r.byteArray()
	d.InvokeList = r.bools()
	d.GroupList = r.bools()
	d.UnkDict = r.unkDict()
	lex := Lexicon{Text: r.text(), Off: r.uint32s()}
	if r.err != nil {
		return nil, r.err
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%d bytes after the last section", len(r.b))
	}
	s := &Snapshot{Dict: d, Lexicon: lex}
	if err := Validate(s); err != nil {
		return nil, err
	}
	return s, nil
}

// encodePayload lays s out in the order decodePayload reads it.
func encodePayload(s *Snapshot) ([]byte, error) {
	if s == nil || s.Dict == nil {
		return nil, errors.New("dictsnap: no dictionary to encode")
	}
	d := s.Dict
	w := &writer{b: make([]byte, 0, 32<<20)}
	w.morphs(d.Morphs)
	if err := w.posTable(d.POSTable); err != nil {
		return nil, err
	}
	w.meta(d.ContentsMeta)
	w.connection(d.Connection)
	w.doubleArray(d.Index.Da)
	w.int32Map(d.Index.Dup)
	w.strings(d.CharClass)
	w.byteArray(d.CharCategory)
	w.bools(d.InvokeList)
	w.bools(d.GroupList)
	w.unkDict(d.UnkDict)
	w.byteArray([]byte(s.Lexicon.Text))
	w.uint32s(s.Lexicon.Off)
	return w.b, nil
}

// writer appends little-endian values to b.
type writer struct{ b []byte }

func (w *writer) u64(v uint64) { w.b = binary.LittleEndian.AppendUint64(w.b, v) }

func (w *writer) count(n int) { w.u64(uint64(n)) }

// arrayCount pads to [align] and writes the count of an array, whose
// items then start aligned (see reader.array).
func (w *writer) arrayCount(n int) {
	w.b = append(w.b, make([]byte, padding(len(w.b)))...)
	w.count(n)
}

func (w *writer) morphs(ms dict.Morphs) {
	w.arrayCount(len(ms))
	for _, m := range ms {
		w.b = binary.LittleEndian.AppendUint16(w.b, uint16(m.LeftID))
		w.b = binary.LittleEndian.AppendUint16(w.b, uint16(m.RightID))
		w.b = binary.LittleEndian.AppendUint16(w.b, uint16(m.Weight))
	}
}

func (w *writer) posTable(p dict.POSTable) error {
	w.arrayCount(len(p.POSs))
	total := 0
	for _, pos := range p.POSs {
		if len(pos) > 0xffff {
			return fmt.Errorf("dictsnap: a morpheme with %d part-of-speech ids", len(pos))
		}
		w.b = binary.LittleEndian.AppendUint16(w.b, uint16(len(pos)))
		total += len(pos)
	}
	w.arrayCount(total)
	for _, pos := range p.POSs {
		for _, id := range pos {
			w.b = binary.LittleEndian.AppendUint16(w.b, uint16(id))
		}
	}
	w.strings(p.NameList)
	return nil
}

func (w *writer) meta(m dict.ContentsMeta) {
	w.count(len(m))
	for _, k := range sortedKeys(m) {
		w.byteSlice([]byte(k))
		w.b = append(w.b, byte(m[k]))
	}
}

func (w *writer) connection(c dict.ConnectionTable) {
	w.u64(uint64(c.Row))
	w.u64(uint64(c.Col))
	w.arrayCount(len(c.Vec))
	for _, v := range c.Vec {
		w.b = binary.LittleEndian.AppendUint16(w.b, uint16(v))
	}
}

func (w *writer) doubleArray(da []struct{ Base, Check int32 }) {
	w.arrayCount(len(da))
	for _, n := range da {
		w.b = binary.LittleEndian.AppendUint32(w.b, uint32(n.Base))
		w.b = binary.LittleEndian.AppendUint32(w.b, uint32(n.Check))
	}
}

func (w *writer) int32Map(m map[int32]int32) {
	w.arrayCount(len(m))
	for _, k := range sortedKeys(m) {
		w.b = binary.LittleEndian.AppendUint32(w.b, uint32(k))
		w.b = binary.LittleEndian.AppendUint32(w.b, uint32(m[k]))
	}
}

// sortedKeys are m's keys in order, so that a snapshot's bytes depend on
// its content only.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}

func (w *writer) strings(ss []string) {
	w.count(len(ss))
	for _, s := range ss {
		w.byteSlice([]byte(s))
	}
}

func (w *writer) byteSlice(b []byte) {
	w.count(len(b))
	w.b = append(w.b, b...)
}

// byteArray writes b as an array (aligned), for reader.byteArray.
func (w *writer) byteArray(b []byte) {
	w.arrayCount(len(b))
	w.b = append(w.b, b...)
}

func (w *writer) bools(bs []bool) {
	w.count(len(bs))
	for _, v := range bs {
		b := byte(0)
		if v {
			b = 1
		}
		w.b = append(w.b, b)
	}
}

func (w *writer) unkDict(u dict.UnkDict) {
	w.morphs(u.Morphs)
	w.int32Map(u.Index)
	w.int32Map(u.IndexDup)
	w.meta(u.ContentsMeta)
	w.count(len(u.Contents))
	for _, row := range u.Contents {
		w.strings(row)
	}
}

func (w *writer) uint32s(vs []uint32) {
	w.arrayCount(len(vs))
	for _, v := range vs {
		w.b = binary.LittleEndian.AppendUint32(w.b, v)
	}
}
