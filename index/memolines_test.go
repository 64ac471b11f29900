package index

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/soudan-desk/soudan/corpus"
)

// memoLineTexts returns multi-line texts for the line-by-line analysis:
// the default corpus's fields, their lines in random groups (as entries
// share stock sentences), and lines with blank lines, spaces and
// punctuation at their ends, where a newline does not cut.
func memoLineTexts(t testing.TB) []string {
	c, err := corpus.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var texts, lines []string
	for _, e := range c.Entries {
		for _, f := range []string{e.Title, e.Answer, strings.Join(e.Question, "\n"), strings.Join(e.Examples, "\n"), strings.Join(e.Path, "\n")} {
			texts = append(texts, f)
			lines = append(lines, strings.Split(f, "\n")...)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ends := []string{"\n", "\n", "\n", "\n\n", " \n", "\n ", "。\n", "\n・", "\nＡ", "\r\n", "\t\n"}
	for range 3000 {
		var b strings.Builder
		for k := rng.IntN(6); k >= 0; k-- {
			b.WriteString(lines[rng.IntN(len(lines))])
			if k > 0 {
				b.WriteString(ends[rng.IntN(len(ends))])
			}
		}
		texts = append(texts, b.String())
	}
	return append(texts, "", "\n", "\n\n", "a\nb", "あ\n", "\nあ", "１\n２", "東京\n特許\n許可局長今日急遽休暇許可拒否")
}

// TestMemoLinesMatchWhole checks that the Memo's line-by-line analysis
// gives each text the terms, reading and sounds that analysing the whole
// text gives, for every mix of wants.
func TestMemoLinesMatchWhole(t *testing.T) {
	a := Default()
	if !a.modes.cutsNewline {
		t.Fatal("the IPA dictionary's newline does not cut segmentations")
	}
	texts := memoLineTexts(t)
	wants := make([]uint8, len(texts))
	for i := range wants {
		wants[i] = uint8(1 + i%3)
	}
	got, res, err := a.analyseTexts(t.Context(), texts, wants)
	if err != nil {
		t.Fatal(err)
	}
	cut, withGrams, read := 0, 0, 0
	for i, text := range texts {
		if wants[i]&wantReading != 0 {
			read++
		}
		want := a.analyseForMemo(text, wants[i]&wantTerms != 0, wants[i]&wantReading != 0)
		if wants[i]&wantReading != 0 && got[i].reading.gramsByLine {
			withGrams++
		}
		got[i] = joined(t, text, got[i], res)
		if wants[i]&wantTerms == 0 {
			got[i].terms, want.terms = nil, nil
		}
		if wants[i]&wantReading == 0 {
			got[i].reading, want.reading = memoReading{}, memoReading{}
		}
		if !reflect.DeepEqual(got[i], want) {
			t.Fatalf("%q (want %d): got %+v, want %+v", text, wants[i], got[i], want)
		}
		if len(a.modes.cutLines(nil, corpus.Normalize(text))) > 1 {
			cut++
		}
	}
	if withGrams < read*9/10 {
		t.Errorf("only %d of %d texts read have their lines' reading bigrams", withGrams, read)
	}
	if cut < len(texts)/3 {
		t.Errorf("only %d of %d texts cut into lines", cut, len(texts))
	}
}

// FuzzMemoLines checks the line-by-line analysis against the whole
// text's on any text.
func FuzzMemoLines(f *testing.F) {
	for _, s := range []string{"請求書\nメール", "a\nb\n\nc", "ウイルス \n感染。\n・警察", "\n", "東京特許\n許可局"} {
		f.Add(s)
	}
	a := Default()
	f.Fuzz(func(t *testing.T, text string) {
		all, res, err := a.analyseTexts(t.Context(), []string{text}, []uint8{wantTerms | wantReading})
		if err != nil {
			t.Fatal(err)
		}
		want := a.analyseForMemo(text, true, true)
		got := joined(t, text, all[0], res)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: got %+v, want %+v", text, got, want)
		}
	})
}

// joined returns me, an entry of analyseTexts over the lines' analyses
// res, with its lines' terms, reading and sounds joined into it as
// analyseForMemo gives them, after checking that its lines' reading
// bigrams, when they stand for the text's, are the bigrams of its reading.
func joined(t *testing.T, text string, me memoEntry, res []lineAnalysis) memoEntry {
	t.Helper()
	ids := me.reading.lines
	if ids == nil {
		return me
	}
	if len(ids) > 1 {
		me.terms = joinTerms(ids, res)
	}
	byLine := me.reading.gramsByLine
	me.reading = (&Memo{lines: res}).reading(me.reading)
	if !byLine {
		return me
	}
	var got []string
	for _, id := range ids {
		got = append(got, res[id].grams...)
	}
	if want := NGrams(me.reading.reading, 2); !slices.Equal(got, want) {
		t.Fatalf("%q: the lines' reading bigrams are %q, the reading's %q", text, got, want)
	}
	return me
}

// TestNormalizeByLine checks normalizeByLine against corpus.Normalize of
// each whole text: texts of one and several lines, lines shared among
// texts, blank lines, and invalid UTF-8.
func TestNormalizeByLine(t *testing.T) {
	texts := append(memoLineTexts(t), "ｻｰﾊﾞｰ\nｳｨﾙｽ", "\xff\nｱ", "a\n\n\nｶﾞ", "ー\nアイウエー\n")
	got := normalizeByLine(texts)
	for i, text := range texts {
		if want := corpus.Normalize(text); got[i] != want {
			t.Fatalf("normalizeByLine(%q) = %q, want %q", text, got[i], want)
		}
	}
}
