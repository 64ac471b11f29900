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
// read each half on its own, as U+FFFD. mmCharRefs joins them first.

// mmCharRefs returns data with each pair of references to the halves of a
// surrogate pair replaced by one reference to the character they encode.
// Other references are left as they are; data is returned unchanged when
// nothing is replaced.
func mmCharRefs(data []byte) []byte {
	var out []byte
	last := 0
	for i := 0; ; {
		k := bytes.Index(data[i:], []byte("&#"))
		if k < 0 {
			break
		}
		start := i + k
		hi, end, ok := charRef(data, start)
		i = start + 2
		if !ok || !utf16.IsSurrogate(hi) || hi >= 0xdc00 {
			continue
		}
		lo, end2, ok := charRef(data, end)
		if !ok || lo < 0xdc00 || lo > 0xdfff {
			continue
		}
		out = append(out, data[last:start]...)
		out = append(out, "&#x"...)
		out = strconv.AppendInt(out, int64(utf16.DecodeRune(hi, lo)), 16)
		out = append(out, ';')
		last, i = end2, end2
	}
	if out == nil {
		return data
	}
	return append(out, data[last:]...)
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
