package index

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ikawaha/kagome/v2/tokenizer"
	"github.com/soudan-desk/soudan/bench"
	"github.com/soudan-desk/soudan/corpus"
)

// analyseTexts are the default corpus's lines and the typing prefixes of
// the evaluation suites' queries: the texts Analyse sees at build and at
// query time.
func analyseTexts(t *testing.T) []string {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, en := range c.Entries {
		for _, f := range [][]string{{en.Title, en.Answer}, en.Question, en.Examples, en.Keywords, en.Path} {
			for _, s := range f {
				texts = append(texts, strings.Split(s, "\n")...)
			}
		}
	}
	for _, path := range []string{"../eval/testdata/dev.jsonl", "../eval/testdata/callers.jsonl"} {
		qs, err := bench.LoadQueries(path)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, bench.Prefixes(qs, 2, 3)...)
	}
	return texts
}

func tokenKeys(toks []tokenizer.Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Surface + "\x00" + strings.Join(t.POS(), ",") + "\x00" + strconv.Itoa(t.ID)
	}
	return out
}

// TestAnalyseMatchesModes checks Analyse's shortcut on real texts: where
// searchPenalised finds no penalised token, kagome's Search mode gives
// exactly the Normal-mode tokens, and Analyse gives what separate
// Search-mode and Normal-mode analyses give.
func TestAnalyseMatchesModes(t *testing.T) {
	a := Default()
	shortcut, both := 0, 0
	for _, text := range analyseTexts(t) {
		norm := corpus.Normalize(text)
		normal := a.tok.Analyze(norm, tokenizer.Normal)
		search := a.tok.Analyze(norm, tokenizer.Search)
		if searchPenalised(normal) {
			both++
		} else {
			shortcut++
			if !slices.Equal(tokenKeys(normal), tokenKeys(search)) {
				t.Errorf("%q: no penalised token, but Search mode segments differently", text)
			}
		}
		got := a.Analyse(text)
		if want := a.lex.termsOf(search); norm != "" && !slices.Equal(got.Terms, want) {
			t.Errorf("Analyse(%q).Terms = %q, want %q", text, got.Terms, want)
		}
		if want := a.lex.wordsOf(search); norm != "" && !slices.Equal(got.Words, want) {
			t.Errorf("Analyse(%q).Words = %q, want %q", text, got.Words, want)
		}
		if r, acted := a.lex.readingOf(normal), a.lex.actedIn(normal); norm != "" && (got.Reading != r || got.Acted != acted) {
			t.Errorf("Analyse(%q) reading %q acted %v, want %q %v", text, got.Reading, got.Acted, r, acted)
		}
	}
	if shortcut == 0 || both == 0 {
		t.Fatalf("texts exercise one path only: %d shortcut, %d with Search mode", shortcut, both)
	}
	t.Logf("%d texts analysed once, %d twice", shortcut, both)
}

// TestTermsAndWords checks the one-pass termsAndWords against termsOf and
// wordsOf on whole entries, many of which hold more distinct words than
// it scans before it switches to a map.
func TestTermsAndWords(t *testing.T) {
	a := Default()
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	long := 0
	for _, en := range c.Entries {
		text := corpus.Normalize(strings.Join(append([]string{en.Title, en.Answer}, en.Examples...), "\n"))
		toks := a.tok.Analyze(text, tokenizer.Search)
		terms, words := a.lex.termsAndWords(toks)
		if want := a.lex.termsOf(toks); !slices.Equal(terms, want) {
			t.Errorf("%s: terms %q, want %q", en.ID, terms, want)
		}
		if want := a.lex.wordsOf(toks); !slices.Equal(words, want) {
			t.Errorf("%s: words %q, want %q", en.ID, words, want)
		}
		if len(words) > 32 {
			long++
		}
	}
	if long == 0 {
		t.Error("no entry holds more than 32 distinct words: the map path is not tested")
	}
}

// referenceReading is readingOf worked out from each token's part of
// speech and reading, without the table of kinds.
func referenceReading(lx *lexicon, toks []tokenizer.Token) string {
	var b strings.Builder
	for _, t := range toks {
		if t.Class == tokenizer.DUMMY {
			continue
		}
		switch pos := lx.pos(t); {
		case pos.s[0] == "助詞" || pos.s[0] == "助動詞":
			continue
		case pos.s[0] == "記号":
			b.WriteByte(' ')
			continue
		}
		r := lx.reading(t)
		if r == "" || r == "*" {
			r = t.Surface
		}
		b.WriteString(r)
	}
	return FoldKana(b.String())
}

// TestContentTermKinds checks the table of morpheme kinds: contentTerm
// against contentTermOf, which works each token out again, readingOf
// against referenceReading and isAction against actionWords, over the
// tokens of the corpus's lines and the suites' typing prefixes in both
// modes: first as the table fills, then from it.
func TestContentTermKinds(t *testing.T) {
	a := Default()
	if a.lex == nil || len(a.lex.kinds) == 0 {
		t.Fatal("no table of morpheme kinds")
	}
	texts := analyseTexts(t)
	texts = append(texts, "ｳｲﾙｽ 110番 #9110 偽サイト", "する こと もの", "a b c")
	for pass := range 2 {
		known, content, actions := 0, 0, 0
		for _, s := range texts {
			norm := corpus.Normalize(s)
			for _, mode := range []tokenizer.TokenizeMode{tokenizer.Normal, tokenizer.Search} {
				toks := a.tok.Analyze(norm, mode)
				if got, want := a.lex.readingOf(toks), referenceReading(a.lex, toks); got != want {
					t.Fatalf("pass %d, %q: readingOf = %q, want %q", pass, norm, got, want)
				}
				for _, tok := range toks {
					term, ok := a.lex.contentTerm(tok)
					wantTerm, wantOK := a.lex.contentTermOf(tok)
					if term != wantTerm || ok != wantOK {
						t.Fatalf("pass %d, %q: contentTerm = %q, %v; want %q, %v", pass, tok.Surface, term, ok, wantTerm, wantOK)
					}
					if got, want := a.lex.isAction(tok), actionWords[a.lex.base(tok)]; got != want {
						t.Fatalf("pass %d, %q: isAction = %v, want %v", pass, tok.Surface, got, want)
					}
					if a.lex.isAction(tok) {
						actions++
					}
					if tok.Class == tokenizer.KNOWN {
						known++
						if ok {
							content++
						}
					}
				}
			}
		}
		if known == 0 || content == 0 || content == known || actions == 0 {
			t.Fatalf("pass %d: %d known tokens, %d content words, %d deeds: the kinds are not all tested", pass, known, content, actions)
		}
	}
}
