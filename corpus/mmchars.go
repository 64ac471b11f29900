package corpus

import (
	"bytes"
	"strconv"
	"unicode/utf16"
)

// Character references as FreeMind and Freeplane write them. Both escape
// text one Java char (a UTF-16 code unit) at a time: the map's XML writer
// as &#x…; and the notes' HTML writer as &#…;. A character outside the
// Basic Multilingual Plane, such as an emoji, is thus saved as the two
// halves of its surrogate pair (&#xd83d;&#xde00;), which the programs
// join again when they read the map. Go's XML decoder and HTML tokenizer
// read each half on its own, as U+FFFD. The writers also escape control
// characters (&#xb;, the line break that text copied from Word carries),
// which XML 1.0 forbids: the programs read them back, but Go's XML
// decoder rejects the whole map. mmCharRefs fixes both first.

// mmCharRefs returns data with each pair of references to the halves of a
// surrogate pair replaced by one reference to the character they encode,
// and the references to characters that XML cannot hold (controls other
// than tab and line breaks, U+FFFE, U+FFFF) dropped, as notes drop them
// (richClean). Other references, lone halves included, are left as they
// are; data is returned unchanged when nothing is replaced.
func mmCharRefs(data []byte) []byte {
	var out []byte // nil until something is replaced
	last := 0
	for i := 0; ; {
		k := bytes.Index(data[i:], []byte("&#"))
		if k < 0 {
			break
		}
		start := i + k
		i = start + 2
		c, end, ok := charRef(data, start)
		if !ok {
			continue
		}
		var repl []byte
		switch {
		case !xmlChar(c) && !utf16.IsSurrogate(c):
		case c >= 0xd800 && c < 0xdc00:
			lo, end2, ok := charRef(data, end)
			if !ok || lo < 0xdc00 || lo > 0xdfff {
				continue
			}
			repl = strconv.AppendInt([]byte("&#x"), int64(utf16.DecodeRune(c, lo)), 16)
			repl, end = append(repl, ';'), end2
		default:
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(data))
		}
		out = append(append(out, data[last:start]...), repl...)
		last, i = end, end
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
}

// xmlChar reports whether XML 1.0 can hold c.
func xmlChar(c rune) bool {
	return c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xd7ff || c >= 0xe000 && c <= 0xfffd || c >= 0x10000 && c <= 0x10ffff
}

// charRef reads the numeric character reference at data[i:] (&#123; or
// &#x7b;). It returns the character, the offset after the reference, and
// whether there was one.
func charRef(data []byte, i int) (rune, int, bool) {
	if !bytes.HasPrefix(data[i:], []byte("&#")) {
		return 0, i, false
	}
	j, base := i+2, 10
	if j < len(data) && (data[j] == 'x' || data[j] == 'X') {
		j, base = j+1, 16
	}
	end := bytes.IndexByte(data[j:min(len(data), j+9)], ';')
	if end <= 0 {
		return 0, i, false
	}
	v, err := strconv.ParseUint(string(data[j:j+end]), base, 32)
	if err != nil {
		return 0, i, false
	}
	return rune(v), j + end + 1, true
}
