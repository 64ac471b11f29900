package dictsnap

import (
	"testing"

	"github.com/ikawaha/kagome/v2/tokenizer"
)

// FuzzDecode feeds arbitrary bytes to the decoder, as a whole file and as
// a payload past the checksum: it must return an error or a snapshot that
// kagome's tokenizer and the lexicon can use without panicking.
//
//	go test ./dictsnap -run '^$' -fuzz FuzzDecode -fuzztime 30s
func FuzzDecode(f *testing.F) {
	good := encode(f, tinyDict(f), testKey)
	f.Add(good)
	f.Add(good[headerFixed+len(testKey):])
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		if s, err := Decode(b, testKey); err == nil {
			use(t, s)
		}
		if s, err := decodePayload(b); err == nil {
			use(t, s)
		}
	})
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
