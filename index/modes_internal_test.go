package index

import (
	"slices"
	"strings"
	"testing"

	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/soudan-desk/soudan/corpus"
)

// TestModesMatchAnalyze checks that the analyser's lattice gives exactly
// the tokens of kagome's Tokenizer.Analyze (features included), in each
// mode alone and in both modes over one lattice, on the default corpus's lines and whole fields, the
// suites' typing prefixes, and texts of unknown words and symbols.
func TestModesMatchAnalyze(t *testing.T) {
	a := Default()
	if a.modes == nil {
		t.Fatal("the default analyser has no mode analyser")
	}
	texts := append(analyseTexts(t), "", "x", "ｱｲｳｴｵ", "１２３４５６７８９０", "🙂🙂 abc-def_ghi", "東京特許許可局長今日急遽休暇許可拒否")
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	for _, en := range c.Entries {
		texts = append(texts, en.Answer, strings.Join(en.Examples, "\n"))
	}
	penalised := 0
	for _, text := range texts {
		norm := corpus.Normalize(text)
		normal, search := a.normalAndSearch(norm, true)
		wantNormal, wantSearch := a.tok.Analyze(norm, tokenizer.Normal), a.tok.Analyze(norm, tokenizer.Search)
		if !slices.Equal(normal, wantNormal) || !slices.Equal(tokenKeys(normal), tokenKeys(wantNormal)) {
			t.Errorf("%q: Normal mode gives %q, want %q", text, tokenKeys(normal), tokenKeys(wantNormal))
		}
		if !slices.Equal(search, wantSearch) || !slices.Equal(tokenKeys(search), tokenKeys(wantSearch)) {
			t.Errorf("%q: Search mode gives %q, want %q", text, tokenKeys(search), tokenKeys(wantSearch))
		}
		if searchPenalised(normal) {
			penalised++
		}
		if only, _ := a.normalAndSearch(norm, false); !slices.Equal(only, wantNormal) {
			t.Errorf("%q: Normal mode alone differs", text)
		}
		if got := a.analyze(norm, tokenizer.Normal); !slices.Equal(got, wantNormal) {
			t.Errorf("%q: analyze in Normal mode differs", text)
		}
		if got := a.analyze(norm, tokenizer.Search); !slices.Equal(got, wantSearch) {
			t.Errorf("%q: analyze in Search mode differs", text)
		}
	}
	if penalised == 0 || penalised == len(texts) {
		t.Fatalf("%d of %d texts take the second pass: one path only", penalised, len(texts))
	}
	t.Logf("%d of %d texts take the second pass", penalised, len(texts))
}

// BenchmarkMemo analyses the default corpus's fields for their terms and
// readings, as an engine build does, with package lattice (both modes over
// one lattice) and with kagome's tokenizer run once or twice.
func BenchmarkMemo(b *testing.B) {
	c, err := corpus.LoadDefault()
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	for _, en := range c.Entries {
		texts = append(texts, en.Title, en.Answer, strings.Join(en.Examples, "\n"), strings.Join(en.Keywords, "\n"))
	}
	a := Default()
	for _, bc := range []struct {
		name  string
		modes *modeAnalyser
	}{{"lattice", a.modes}, {"kagome", nil}} {
		b.Run(bc.name, func(b *testing.B) {
			an := &Analyzer{tok: a.tok, lex: a.lex, modes: bc.modes}
			for b.Loop() {
				an.Memo(texts, texts, nil)
			}
		})
	}
}
