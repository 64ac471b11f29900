package retrieval

import (
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/soudan-desk/soudan/bench"
)

// TestGramTableMatchesIndexes checks that the terms looked up through the
// word table and the gram table get the IDs that each index gives them,
// for every part (text, expansions, sound words) of the suites' queries
// and their typing prefixes, and for odd texts.
func TestGramTableMatchesIndexes(t *testing.T) {
	e := mustDefaultEngine(t)
	qs := append(benchQueries(t), bench.Prefixes(benchQueries(t), 2, 2)...)
	qs = append(qs, "a", "ー", "\xff\xfe", "x\xffy", "ｳｲﾙｽ", "🔑パスワード", "ヴァイラス", "#パスワード #ab", "メール#メール")
	for _, q := range qs {
		qa := e.analyse(Query{Text: q, K: 10})
		for _, p := range qa.parts {
			want := referenceIDs(e, p)
			if !slices.Equal(p.ids.words, want.words) || !slices.Equal(p.ids.bigrams, want.bigrams) ||
				!slices.Equal(p.ids.readings, want.readings) || !slices.Equal(p.ids.exWords, want.exWords) ||
				!slices.Equal(p.ids.exGrams, want.exGrams) || !slices.Equal(p.ids.features, want.features) {
				t.Fatalf("%q, part %q: ids %+v, want %+v", q, p.text, p.ids, want)
			}
		}
		if want := e.bigrams.TermIDs(nil, qa.soundGrams); !slices.Equal(qa.soundGramIDs, want) || (qa.soundGramIDs == nil) != (want == nil) {
			t.Fatalf("%q: sound gram ids %v, want %v", q, qa.soundGramIDs, want)
		}
	}
	n := 0
	for _, sl := range e.grams.slots {
		if sl.key == 0 {
			continue
		}
		n++
		if k := sl.key; k>>32 == 0 || k&0xffffffff == 0 {
			t.Errorf("packed key %x lacks a character", k)
		}
		if got := e.grams.lookup(sl.key); got != sl.ids {
			t.Errorf("lookup(%x) = %v, want %v", sl.key, got, sl.ids)
		}
	}
	if n != e.grams.n || n == 0 {
		t.Errorf("%d bigrams in the table, want %d (and some)", n, e.grams.n)
	}
}

// referenceIDs looks p's terms up in each index by string.
func referenceIDs(e *Engine, p analysedPart) partIDs {
	var ids partIDs
	if e.tokens != nil {
		ids.words = e.tokens.TermIDs(nil, p.words)
	}
	if e.bigrams != nil {
		ids.bigrams = e.bigrams.TermIDs(nil, p.bigrams)
	}
	if e.readings != nil {
		ids.readings = e.readings.TermIDs(nil, p.readings)
	}
	if e.examples != nil {
		ids.exWords = e.examples.TermIDs(nil, p.words)
		ids.exGrams = e.examples.TermIDs(nil, marked(p.bigrams))
	}
	if e.local != nil && p.an != nil {
		ids.features = e.local.FeatureIDs(nil, p.an.Terms, p.an.Norm)
	}
	return ids
}

func TestPackGram(t *testing.T) {
	for _, tt := range []struct {
		g  string
		ok bool
	}{{"ab", true}, {"請求", true}, {"a", false}, {"abc", false}, {"", false}, {"a\xff", false}, {"\xffa", false}, {"a\uFFFD", true}, {"🔑a", true}} {
		if _, ok := packGram(tt.g); ok != tt.ok {
			t.Errorf("packGram(%q) ok = %v, want %v", tt.g, ok, tt.ok)
		}
	}
	a, _ := packGram("ab")
	b, _ := packGram("ba")
	if a == b {
		t.Error("ab and ba pack alike")
	}
}

// TestDecode3 compares decode3 with utf8.DecodeRuneInString over every
// three bytes that start with a lead byte of a three-byte sequence.
func TestDecode3(t *testing.T) {
	for b0 := 0xE0; b0 <= 0xEF; b0++ {
		for b1 := range 256 {
			for b2 := range 256 {
				s := string([]byte{byte(b0), byte(b1), byte(b2)})
				r, size := utf8.DecodeRuneInString(s)
				got, ok := decode3(s)
				if want := size == 3; ok != want || ok && got != r {
					t.Fatalf("decode3(% x) = %U, %v; DecodeRuneInString gives %U, size %d", s, got, ok, r, size)
				}
			}
		}
	}
}
