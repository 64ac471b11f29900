package index

import (
	"os"
	"testing"

	"github.com/ikawaha/kagome-dict/dict"
	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/soudan-desk/soudan/corpus"
)

// ipaContents are the IPA dictionary's features as kagome loads them,
// kept before [Default] drops them, for TestLexiconMatchesKagome.
var ipaContents dict.Contents

func TestMain(m *testing.M) {
	ipaContents = ipa.Dict().Contents
	os.Exit(m.Run())
}

// TestLexiconMatchesKagome checks that the lexicon gives every token of
// the corpus's lines and the suites' prefixes the base form and reading
// kagome's own Token methods give (unknown words' from the lexicon's
// table of them), and that Default dropped kagome's copy.
func TestLexiconMatchesKagome(t *testing.T) {
	a := Default()
	d := ipa.Dict()
	if !DictLoaded().FromSnapshot && d.Contents != nil {
		t.Fatal("Default kept kagome's feature strings")
	}
	full := *d
	full.Contents = ipaContents
	tok, err := tokenizer.New(&full, tokenizer.OmitBosEos())
	if err != nil {
		t.Fatal(err)
	}
	known, unknown := 0, 0
	for _, text := range analyseTexts(t) {
		for _, mode := range []tokenizer.TokenizeMode{tokenizer.Normal, tokenizer.Search} {
			for _, tk := range tok.Analyze(corpus.Normalize(text), mode) {
				switch tk.Class {
				case tokenizer.KNOWN:
					known++
				case tokenizer.UNKNOWN:
					unknown++
				}
				base, _ := tk.BaseForm()
				reading, _ := tk.Reading()
				if got := a.lex.baseForm(tk); got != base {
					t.Fatalf("%q: base form %q, kagome %q", tk.Surface, got, base)
				}
				if p, want := a.lex.pos(tk), tk.POS(); p.n != len(want) || len(want) > 0 && p.s[0] != want[0] || len(want) > 1 && p.s[1] != want[1] {
					t.Fatalf("%q: part of speech %v, kagome %q", tk.Surface, p, want)
				}
				if got := a.lex.reading(tk); got != reading {
					t.Fatalf("%q: reading %q, kagome %q", tk.Surface, got, reading)
				}
			}
		}
	}
	if known == 0 || unknown == 0 || len(a.lex.unk) == 0 {
		t.Fatalf("%d known and %d unknown tokens checked, %d unknown-word morphemes in the lexicon", known, unknown, len(a.lex.unk))
	}
	if len(a.lex.off) != 2*len(ipaContents)+1 {
		t.Errorf("lexicon holds %d morphemes, the dictionary %d", len(a.lex.off)/2, len(ipaContents))
	}
}
