package dictsnap

import (
	"testing"
	"unsafe"

	"github.com/ikawaha/kagome/v2/tokenizer"
)

// FuzzDecode feeds arbitrary bytes to the decoder, as a whole file and as
// a payload past the checksum, decoded into new memory and in place (from
// an aligned copy, as from a mapped file): it must return an error or a
// snapshot that kagome's tokenizer and the lexicon can use without
// panicking.
//
//	go test ./dictsnap -run '^$' -fuzz FuzzDecode -fuzztime 30s
func FuzzDecode(f *testing.F) {
	good := encode(f, tinyDict(f), testKey)
	f.Add(good)
	f.Add(good[headerFixed+len(testKey):])
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		aligned := alignedCopy(b)
		if s, err := Decode(b, testKey); err == nil {
			use(t, s)
		}
		if s, err := decode(aligned, testKey, true); err == nil {
			use(t, s)
		}
		for _, inPlace := range []bool{false, true} {
			if s, err := decodePayload(aligned, inPlace); err == nil {
				use(t, s)
			}
		}
	})
}

// alignedCopy copies b to memory aligned as a mapped file is.
func alignedCopy(b []byte) []byte {
	words := make([]uint64, (len(b)+7)/8)
	out := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(words))), 8*len(words))[:len(b)]
	copy(out, b)
	return out
}

// use runs the tokenizer in every mode over a few texts and reads every
// token's features and lexicon entry.
func use(t *testing.T, s *Snapshot) {
	tok, err := tokenizer.New(s.Dict, tokenizer.OmitBosEos())
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"あいいう", "い", "", "abc 123 漢字カナ", "\x00\xff"} {
		for _, mode := range []tokenizer.TokenizeMode{tokenizer.Normal, tokenizer.Search, tokenizer.Extended} {
			for _, tk := range tok.Analyze(text, mode) {
				tk.POS()
				tk.Features()
				tk.BaseForm()
				if tk.Class == tokenizer.KNOWN {
					off := s.Lexicon.Off
					_ = s.Lexicon.Text[off[2*tk.ID]:off[2*tk.ID+2]]
				}
			}
		}
	}
}
