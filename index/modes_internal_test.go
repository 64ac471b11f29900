package index

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/soudan-desk/soudan/bench"
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
		normal, search := segmented(a, norm, bothModes)
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
		if only, none := segmented(a, norm, normalMode); !slices.Equal(only, wantNormal) || none != nil {
			t.Errorf("%q: Normal mode alone differs", text)
		}
		if none, only := segmented(a, norm, searchMode); !slices.Equal(only, wantSearch) || none != nil {
			t.Errorf("%q: Search mode alone differs", text)
		}
	}
	if penalised == 0 || penalised == len(texts) {
		t.Fatalf("%d of %d texts take the second pass: one path only", penalised, len(texts))
	}
	t.Logf("%d of %d texts take the second pass", penalised, len(texts))
}

// segmented returns copies of the tokens that a.segment gives.
func segmented(a *Analyzer, norm string, modes modeSet) (normal, searched []tokenizer.Token) {
	a.segment(norm, modes, func(n, s []tokenizer.Token) { normal, searched = slices.Clone(n), slices.Clone(s) })
	return normal, searched
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

// BenchmarkAnalyseQueries analyses the suites' queries and their typing
// prefixes (distinct texts, as searches send them) with an empty cache,
// one pass with package lattice and one with kagome's tokenizer in turn
// every iteration, and reports each one's time per text and kagome's over
// the lattice's.
func BenchmarkAnalyseQueries(b *testing.B) {
	var texts []string
	for _, path := range []string{"../eval/testdata/dev.jsonl", "../eval/testdata/callers.jsonl"} {
		qs, err := bench.LoadQueries(path)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, bench.Prefixes(qs, 2, 2)...)
	}
	a := Default()
	var took [2]time.Duration
	for b.Loop() {
		for i, modes := range []*modeAnalyser{a.modes, nil} {
			an := &Analyzer{tok: a.tok, lex: a.lex, modes: modes}
			start := time.Now()
			for _, s := range texts {
				an.Analyse(s)
			}
			took[i] += time.Since(start)
		}
	}
	n := float64(b.N * len(texts))
	b.ReportMetric(float64(took[0].Nanoseconds())/n, "lattice-ns/text")
	b.ReportMetric(float64(took[1].Nanoseconds())/n, "kagome-ns/text")
	b.ReportMetric(float64(took[1])/float64(took[0]), "speedup")
	b.ReportMetric(0, "ns/op")
}
